// Runs the test suites with node's built-in runner under whichever Node runs this script
// (npm scripts put Node 24 first on PATH; `npm test` runs the Node 20 set with the machine's Node 20).
// Usage: node test/run.mjs [--list] [--concurrency N] [--dir D] suite...
//   unit, integration, e2e: test/<suite> and the sandbox package's sandbox/test/<suite>
//   smoke: the integration tests npm test also runs on Node 20 (NODE20_SMOKE below)
//   --dir D runs D/<suite> only (the sandbox's own `npm test`); --list prints the files, runs none.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Flatkube is tested on Node 24 (Electron 45's Node, and npm's scripts'), and kept working on
 * Node 20, the oldest Node the `flatkube` command supports (package.json engines). Running every
 * integration test twice doubled the time of `npm test` for little: the unit suite, run on both,
 * catches an API Node 20 lacks, and the integration tests differ between the two only where they
 * reach what Node itself provides. Node 20 runs these, chosen for that:
 *  - cli-cluster: the built `flatkube` end to end on Node 20: render (the bakery download and its
 *    checksum pin), preflight, create in the sandbox (the sandbox's own child process, ARM over
 *    HTTPS with its CA, MSAL, SSH bootstrap with ssh2), killed with SIGKILL and resumed, destroy;
 *  - key-interop: keys made by Node 20's crypto (its older OpenSSL) read by the real OpenSSH;
 *  - ws-transport: browser mode's WebSocket transport (`flatkube web`).
 * The pull-request workflow's Node 20 job (.github/workflows/pr.yml) still runs every unit and
 * integration test on Node 20, on a machine of its own.
 */
const NODE20_SMOKE = ['test/integration/cli/cli-cluster.test.ts', 'test/integration/ssh/key-interop.test.ts', 'test/integration/ipc/ws-transport.test.ts'].map(path.normalize);

/**
 * Files start in this order, whatever order the suites were named in: the long ones (e2e, then
 * integration) first, so the short unit files fill the last slots instead of one 30 s e2e test
 * running alone at the end.
 */
const ORDER = ['e2e', 'integration', 'smoke', 'unit'];

/**
 * Files run side by side: 3, on the 2-core machines CI gives. Most integration and e2e tests
 * spend part of their time waiting (on a sandbox poll, a child process, Chromium), which a third
 * file fills; more than 3 makes the CPU-bound ones slower without finishing sooner.
 */
const DEFAULT_CONCURRENCY = 3;

const args = process.argv.slice(2);
const take = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args.splice(i, 1) : [];
};
const list = take('--list').length > 0;
const concurrencyFlag = args.indexOf('--concurrency');
const CONCURRENCY = concurrencyFlag >= 0 ? Number(args.splice(concurrencyFlag, 2)[1]) : DEFAULT_CONCURRENCY;
if (!Number.isInteger(CONCURRENCY) || CONCURRENCY < 1) {
  console.error('--concurrency needs a whole number of files, 1 or more');
  process.exit(2);
}
const dirFlag = args.indexOf('--dir');
const roots = dirFlag >= 0 ? [args.splice(dirFlag, 2)[1]] : ['test', 'sandbox/test'];
const suites = args.length > 0 ? args : ['unit'];
for (const suite of suites) {
  if (!ORDER.includes(suite)) {
    console.error(`unknown suite "${suite}" (known: ${ORDER.join(', ')})`);
    process.exit(2);
  }
}

/** The test files of one suite, sorted. */
function filesOf(suite) {
  if (suite === 'smoke') {
    const missing = NODE20_SMOKE.filter((f) => !existsSync(f));
    if (missing.length > 0) throw new Error(`test/run.mjs names smoke tests that do not exist: ${missing.join(', ')}`);
    return NODE20_SMOKE;
  }
  return roots.flatMap((root) => {
    const dir = path.join(root, suite);
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => path.join(dir, f))
      .sort();
  });
}

const files = [...new Set(ORDER.filter((s) => suites.includes(s)).flatMap(filesOf))];
if (files.length === 0) {
  console.error(`no test files found in ${suites.join(', ')}`);
  process.exit(1);
}
if (list) {
  for (const f of files) console.log(f);
  process.exit(0);
}
/**
 * The unit files run together in one process, imported one after another by a generated entry
 * module, which starts first and runs beside the others. A test process costs about 0.8 s of CPU
 * before its first test (Node, tsx, the modules every file imports): the 103 unit files took
 * 125 s of CPU one process each and 54 s in one (bench/test-cost.mjs; `--test-isolation=none`,
 * which Node 20 lacks, gave the same). Unit tests leave no state behind that another file
 * depends on, which this way of running them keeps tested. Integration and e2e files keep a
 * process each: they start servers, sandboxes, CLIs and browsers, and one may kill its own.
 */
const unitFiles = new Set(suites.includes('unit') ? filesOf('unit') : []);
const together = files.filter((f) => unitFiles.has(f));
const apart = files.filter((f) => !unitFiles.has(f));
let entryDir;
const runFiles = [...apart];
if (together.length > 1) {
  entryDir = mkdtempSync(path.join(os.tmpdir(), 'flatkube-unit-'));
  const entry = path.join(entryDir, 'unit-files.test.mjs');
  writeFileSync(entry, together.map((f) => `import ${JSON.stringify(pathToFileURL(path.resolve(f)).href)};\n`).join(''));
  runFiles.unshift(entry);
} else runFiles.push(...together);
console.log(
  `Running ${files.length} test files (${suites.join(', ')}) on Node ${process.versions.node}, ${CONCURRENCY} at a time` +
    (entryDir ? `; the ${together.length} unit files in one of them` : ''),
);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--import', pathToFileURL(path.join(import.meta.dirname, 'source-maps.mjs')).href, '--test', '--test-reporter=spec', `--test-concurrency=${CONCURRENCY}`, ...runFiles],
  { stdio: 'inherit', env: { ...process.env, FLATKUBE_TEST: '1' } },
);
if (entryDir) rmSync(entryDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
