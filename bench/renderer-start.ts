/**
 * Renderer start: time from navigation to the first interactive step in Chromium (browser mode:
 * the sign-in step's heading shown and the backend's answer in the footer), median of several
 * loads, each in a fresh page (the server sends `Cache-Control: no-store`, so every load fetches
 * and compiles the JavaScript again), with the page's first contentful paint beside it.
 *
 * Then the gzipped size of the JavaScript in dist/renderer/assets, split: the entry (the script
 * index.html loads and the chunks it imports statically: what every start fetches), the lazy
 * chunks (steps, the Clusters view, xterm.js, zod: fetched when needed or prefetched when near),
 * and the map data (the world's paths drawn at build time from world-atlas, its own chunk: fetched
 * when the Location step is near).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { startE2e } from '../test/e2e/harness';
import { median, printFigure } from './figure';

const BENCH = 'renderer-start';
const RUNS = 9;
/** The map data chunk: named after its module, renderer/src/map/map-data.ts. */
const MAP_DATA = /^map-data-[\w-]+\.js$/;

/** The relative chunks a module imports statically (`import ... from "./x.js"`, not `import("./x.js")`). */
export function staticImports(code: string): string[] {
  const out = new Set<string>();
  for (const m of code.matchAll(/\bimport\s*(?:[\w$*{},\s]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) out.add(m[1]!);
  return [...out];
}

export async function rendererStartBench(): Promise<void> {
  const session = await startE2e();
  try {
    const times: number[] = [];
    const paints: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const page = await session.context.newPage();
      const t0 = performance.now();
      await page.goto(session.server.signInUrl()); // each link signs in one page
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.getByTestId('app-info').getByText(/Flatkube \d/).waitFor();
      times.push(performance.now() - t0);
      paints.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
      await page.close();
    }
    printFigure({ bench: BENCH, figure: 'navigation-to-interactive-median', value: Math.round(median(times)), unit: 'ms', goal: '<= 400', note: `${RUNS} loads, fresh page each, browser mode: goto until the sign-in step's heading and the backend's answer in the footer show` });
    printFigure({ bench: BENCH, figure: 'navigation-to-interactive-max', value: Math.round(Math.max(...times)), unit: 'ms' });
    printFigure({ bench: BENCH, figure: 'first-contentful-paint-median', value: Math.round(median(paints)), unit: 'ms', note: 'the same loads, from the page\'s navigation start' });
  } finally {
    await session.close();
  }

  const dir = path.resolve('dist/renderer');
  const assets = path.join(dir, 'assets');
  const gz = (file: string) => gzipSync(readFileSync(path.join(assets, file))).length;
  const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
  // The entry: index.html's module script and, transitively, what it imports statically.
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
  const sum = (files: string[]) => files.reduce((n, f) => n + gz(f), 0);
  const [entryGz, lazyGz, mapGz] = [sum([...entry]), sum(lazy), sum(map)];
  printFigure({ bench: BENCH, figure: 'javascript-gzipped-entry', value: entryGz, unit: 'bytes', note: `what every start fetches: ${[...entry].join(', ')}` });
  printFigure({ bench: BENCH, figure: 'javascript-gzipped-lazy', value: lazyGz, unit: 'bytes', note: `${lazy.length} chunks fetched when needed or when their step is near: ${lazy.map((f) => `${f.replace(/-[\w-]{8}\.js$/, '')} ${gz(f)}`).join(', ')}` });
  printFigure({ bench: BENCH, figure: 'javascript-gzipped', value: entryGz + lazyGz, unit: 'bytes', goal: '<= 250000', note: `all renderer JavaScript, map data aside (${js.length - map.length} of ${js.length} files)` });
  printFigure({ bench: BENCH, figure: 'map-data-gzipped', value: mapGz, unit: 'bytes', note: `the world's SVG paths, drawn at build time from world-atlas 1:110m (build/world-paths.ts), a chunk of its own: ${map.join(', ') || 'none found'}` });
}
