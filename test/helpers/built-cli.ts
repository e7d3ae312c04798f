/**
 * The built `flatkube` command (dist/cli/cli.mjs, with the sandbox's process next to it in
 * dist/sandbox/sandbox.mjs), for the tests that run the CLI as its own process, as a user does.
 *
 * Why the build and not the sources under tsx: each call from source transpiled electron/ and the
 * sandbox afresh (and once more in the sandbox's child process), 3-5 s a call against about 1 s
 * for the bundle; the CLI tests make dozens of calls. `npm test` builds before it tests; a
 * targeted run needs `npm run build` first. A missing or stale build fails the test saying so,
 * rather than falling back to the sources (which would hide that the build was not tested) or
 * testing yesterday's code.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
const bundles = ['dist/cli/cli.mjs', 'dist/sandbox/sandbox.mjs'];
/** What the two bundles are built from (build/esbuild-targets.mjs). */
const sources = ['electron', 'shared', 'sandbox/src'];

/** The newest code file of the sources under `dir` (path and modification time; notes and docs do not count). */
function newestSource(dir: string): { file: string; mtimeMs: number } {
  let best = { file: dir, mtimeMs: 0 };
  for (const sourceDir of sources.map((d) => join(dir, d)).filter((d) => existsSync(d))) {
    for (const f of readdirSync(sourceDir, { recursive: true, encoding: 'utf8' })) {
      if (!/\.(?:[cm]?[jt]sx?|json)$/.test(f)) continue;
      const st = statSync(join(sourceDir, f));
      if (st.isFile() && st.mtimeMs > best.mtimeMs) best = { file: join(sourceDir, f), mtimeMs: st.mtimeMs };
    }
  }
  return best;
}

/**
 * The path of `dir`'s dist/cli/cli.mjs; throws, saying to build, when it or the sandbox's bundle
 * is missing or older than a source file.
 */
export function checkBuilt(dir: string): string {
  const src = newestSource(dir);
  for (const bundle of bundles) {
    const file = join(dir, bundle);
    if (!existsSync(file)) throw new Error(`${bundle} is missing: run \`npm run build\` before this test (\`npm test\` builds first)`);
    if (src.mtimeMs > statSync(file).mtimeMs) {
      throw new Error(`${bundle} is older than ${relative(dir, src.file)}: run \`npm run build\` again before this test`);
    }
  }
  return join(dir, bundles[0]!);
}

let checked: string | undefined;

/** This checkout's built CLI (checked once per test process). */
export function builtCli(): string {
  return (checked ??= checkBuilt(root));
}
