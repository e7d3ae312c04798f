import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build } from 'esbuild';
import { cliTarget, mainTarget, sandboxTarget } from '../../../build/esbuild-targets.mjs';

// esbuild marks each bundled module with a "// path" comment, which is how these read a bundle.
const modules = (text: string) => new Set([...text.matchAll(/^\/\/ (\S+\.ts)$/gm)].map((m) => m[1]!));

test("the app's main bundle carries the sandbox's launcher and API client, not the sandbox", async () => {
  const out = await build({ ...mainTarget, write: false, sourcemap: false, logLevel: 'silent' });
  const js = out.outputFiles.find((f) => f.path.endsWith('main.mjs'))!;
  const sandboxModules = [...modules(js.text)].filter((m) => m.startsWith('sandbox/'));
  assert.deepEqual(sandboxModules.sort(), ['sandbox/src/client.ts', 'sandbox/src/process.ts']);
});

test('the sandbox is bundled into its own process file, with its server', async () => {
  const out = await build({ ...sandboxTarget, write: false, sourcemap: false, logLevel: 'silent' });
  const js = out.outputFiles.find((f) => f.path.endsWith('sandbox.mjs'))!;
  const mods = modules(js.text);
  assert.ok(mods.has('sandbox/src/server.ts') && mods.has('sandbox/src/main.ts'), 'no server or main in the sandbox bundle');
  assert.ok(![...mods].some((m) => m.startsWith('electron/') || m.startsWith('shared/')), 'the sandbox bundle holds app code');
});

test("the CLI bundle keeps the workspace's sandbox bundled in (it is TypeScript) and other packages external", async () => {
  const out = await build({ ...cliTarget, write: false, sourcemap: false, logLevel: 'silent' });
  const js = out.outputFiles.find((f) => f.path.endsWith('cli.mjs'))!;
  assert.doesNotMatch(js.text, /from ["']@flatkube\/sandbox/);
  assert.match(js.text, /from ["']ssh2["']/);
});
