/**
 * Reads a built renderer (dist/renderer): which chunks every start fetches, and their gzipped
 * sizes. Shared by the renderer-start benchmark and the unit test that holds the size budget.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The map data chunk: named after its module, renderer/src/map/map-data.ts. */
export const MAP_DATA = /^map-data-[\w-]+\.js$/;

/** The relative chunks a module imports statically (`import ... from "./x.js"`, not `import("./x.js")`). */
export function staticImports(code: string): string[] {
  const out = new Set<string>();
  for (const m of code.matchAll(/\bimport\s*(?:[\w$*{},\s]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) out.add(m[1]!);
  return [...out];
}

export interface RendererChunks {
  assets: string;
  /** Every .js file in assets. */
  js: string[];
  /** index.html's module script and, transitively, what it imports statically: what every start fetches. */
  entry: string[];
  /** The map data chunk(s). */
  map: string[];
  /** The rest: fetched when needed or when their step is near. */
  lazy: string[];
  gz(file: string): number;
}

export function rendererChunks(dir: string): RendererChunks {
  const assets = path.join(dir, 'assets');
  const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const entry = new Set<string>();
  const queue = [...html.matchAll(/<script[^>]+src="\.\/assets\/([^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\.\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
  while (queue.length > 0) {
    const f = queue.pop()!;
    if (entry.has(f)) continue;
    entry.add(f);
    queue.push(...staticImports(readFileSync(path.join(assets, f), 'utf8')));
  }
  const map = js.filter((f) => MAP_DATA.test(f));
  const lazy = js.filter((f) => !entry.has(f) && !map.includes(f));
  return { assets, js, entry: [...entry], map, lazy, gz: (file) => gzipSync(readFileSync(path.join(assets, file))).length };
}
