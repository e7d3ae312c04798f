import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build } from 'esbuild';
import { cliTarget, mainTarget, sandboxTarget } from '../../../build/esbuild-targets.mjs';

// esbuild marks each bundled module with a "// path" comment, which is how these read a bundle.
const modules = (text: string) => new Set([...text.matchAll(/^\/\/ (\S+\.ts)$/gm)].map((m) => m[1]!));
/** The CLI bundle, built once for the two tests that read it (an esbuild bundle costs seconds of CPU). */
const cliOptions = { ...cliTarget, write: false, sourcemap: false, logLevel: 'silent' } as const;
let cliBundle: ReturnType<typeof build<typeof cliOptions>> | undefined;
const buildCli = () => (cliBundle ??= build(cliOptions));

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
  const out = await buildCli();
  const js = out.outputFiles.filter((f) => f.path.endsWith('.mjs'));
  for (const f of js) assert.doesNotMatch(f.text, /from ["']@flatkube\/sandbox/, f.path);
  assert.ok(js.some((f) => /from ["']ssh2["']/.test(f.text)), 'ssh2 stays an external import');
  assert.ok(js.some((f) => !f.path.endsWith('/cli.mjs') && modules(f.text).has('sandbox/src/server.ts')), 'the sandbox command bundled in a chunk');
});

test('the CLI entry loads no package: `flatkube --help` and an unknown command answer before any command module or package loads', async () => {
  const out = await buildCli();
  const entry = out.outputFiles.find((f) => f.path.endsWith('/cli.mjs'))!;
  // Static imports only: what loads before the first line of the CLI runs.
  const imports = [...entry.text.matchAll(/^import [^;]*?from ["']([^"']+)["']/gms)].map((m) => m[1]!);
  assert.deepEqual(imports.filter((i) => !i.startsWith('node:') && !i.startsWith('./')), []);
  for (const chunk of imports.filter((i) => i.startsWith('./'))) {
    const text = out.outputFiles.find((f) => f.path.endsWith(chunk.slice(1)))!.text;
    assert.deepEqual([...text.matchAll(/^import [^;]*?from ["']([^"']+)["']/gms)].map((m) => m[1]!).filter((i) => !i.startsWith('node:')), [], `${chunk} imports packages`);
  }
});
