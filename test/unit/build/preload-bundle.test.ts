import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build } from 'esbuild';
import { preloadTarget } from '../../../build/esbuild-targets.mjs';

/** The preload carries channel names only: zod and the schemas stay in main and the renderer. */
const MAX_PRELOAD_BYTES = 20 * 1024;

test('the preload bundle, built as build.mjs builds it, is a few KB and bundles no package', async () => {
  const out = await build({ ...preloadTarget, write: false, logLevel: 'silent' });
  const js = out.outputFiles.find((f) => f.path.endsWith('preload.cjs'));
  assert.ok(js, 'esbuild wrote no preload.cjs');
  assert.ok(js.contents.byteLength < MAX_PRELOAD_BYTES, `the preload is ${js.contents.byteLength} bytes (limit ${MAX_PRELOAD_BYTES}): did it import the zod contract again?`);
  // esbuild marks each bundled module with a "// path" comment: nothing from node_modules belongs here.
  assert.doesNotMatch(js.text, /node_modules[\\/]/);
  assert.doesNotMatch(js.text, /\bzod\b/i);
});
