// Runs the test suites with node's built-in runner under whichever Node runs this script
// (npm scripts put Node 24 first on PATH; `test:node20` runs it with the machine's Node 20).
// Usage: node test/run.mjs unit [integration] [e2e]   (each suite: test/<suite> and the sandbox
// package's sandbox/test/<suite>; `--dir D` runs D/<suite> only, e.g. the sandbox's own `npm test`)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const dirFlag = args.indexOf('--dir');
const roots = dirFlag >= 0 ? [args.splice(dirFlag, 2)[1]] : ['test', 'sandbox/test'];
const suites = args;
if (suites.length === 0) suites.push('unit');
const files = suites.flatMap((suite) =>
  roots.flatMap((root) => {
    const dir = path.join(root, suite);
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => path.join(dir, f))
      .sort();
  }),
);
if (files.length === 0) {
  console.error(`no test files found in ${suites.join(', ')}`);
  process.exit(1);
}
console.log(`Running ${files.length} test files (${suites.join(', ')}) on Node ${process.versions.node}`);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  { stdio: 'inherit', env: { ...process.env, FLATKUBE_TEST: '1' } },
);
process.exit(result.status ?? 1);
