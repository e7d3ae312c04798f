// The renderer's JavaScript budget (issue 18), read from the build (`npm run build` first): all of
// it 250 KB gzipped at most, the map data aside; what every start fetches carries none of the
// libraries only later screens need.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { rendererChunks, type RendererChunks } from '../../../build/renderer-chunks';

const DIR = path.resolve('dist/renderer');
const BUDGET_GZ = 250_000;
let chunks: RendererChunks;

/** The packages a chunk's source map names (node_modules/<package>/...). */
function packagesOf(file: string): Set<string> {
  const map = JSON.parse(readFileSync(path.join(chunks.assets, `${file}.map`), 'utf8')) as { sources: string[] };
  return new Set(map.sources.flatMap((s) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(s)?.[1] ?? []));
}

before(() => {
  assert.ok(existsSync(path.join(DIR, 'index.html')), 'dist/renderer is missing: run `npm run build` before this test');
  chunks = rendererChunks(DIR);
});

test('all renderer JavaScript is 250 KB gzipped at most, the map data aside', () => {
  const sizes = [...chunks.entry, ...chunks.lazy].map((f) => [f, chunks.gz(f)] as const);
  const total = sizes.reduce((n, [, size]) => n + size, 0);
  const largest = [...sizes].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([f, size]) => `${f} ${size}`).join(', ');
  assert.ok(total <= BUDGET_GZ, `${total} bytes gzipped (budget ${BUDGET_GZ}); largest: ${largest}`);
  assert.equal(chunks.map.length, 1, 'the map data is one chunk of its own');
});

test('what every start fetches carries no xterm, zod, d3 or map data', () => {
  assert.deepEqual(chunks.entry.filter((f) => chunks.map.includes(f)), []);
  const packages = new Set(chunks.entry.flatMap((f) => [...packagesOf(f)]));
  for (const p of ['@xterm/xterm', '@xterm/addon-search', 'zod', 'd3-geo', 'd3-array', 'topojson-client']) assert.ok(!packages.has(p), `the entry bundles ${p}`);
});

test('no chunk bundles d3-geo: the page projects the region markers itself', () => {
  for (const f of chunks.js.filter((f) => !chunks.map.includes(f))) assert.ok(!packagesOf(f).has('d3-geo'), `${f} bundles d3-geo`);
});
