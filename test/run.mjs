// Runs the test suites with node's built-in runner under whichever Node runs this script
// (npm scripts put Node 24 first on PATH; `npm test` runs the Node 20 set with the machine's Node 20).
// Usage: node test/run.mjs [--list | --plan] [--concurrency N] [--dir D] suite...
//   unit, integration, e2e: test/<suite> and the sandbox package's sandbox/test/<suite>
//   smoke: the integration tests npm test also runs on Node 20 (NODE20_SMOKE below)
//   node20: what npm test runs on Node 20 (NODE20_UNIT_SKIP and NODE20_SMOKE below)
//   --dir D runs D/<suite> only (the sandbox's own `npm test`); --list prints the files, --plan the
//   processes they would share (with their measured CPU seconds); neither runs any.
import { spawn } from 'node:child_process';
import { clearTimeout, setTimeout } from 'node:timers';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Flatkube is tested on Node 24 (Electron 45's Node, and npm's scripts'), and kept working on
 * Node 20, the oldest Node the `flatkube` command supports (package.json engines). Running every
 * integration test twice doubled the time of `npm test` for little: the unit tests of code Node
 * runs, run on both, catch an API Node 20 lacks, and the integration tests differ between the two
 * only where they reach what Node itself provides. Node 20 runs the app's unit tests (test/unit
 * but NODE20_UNIT_SKIP) and the integration tests below, chosen for that. Left to Node 24 (and to
 * the workflow's Node 20 job): the renderer's unit tests (its code runs in Chromium, never on
 * Node 20), and the simulator's (sandbox/test/unit and test/unit/against-sandbox: 22 s and about
 * 25 s of CPU on Node 20), whose code Node 20 still runs end to end in cli-cluster's sandbox.
 *  - cli-cluster: the built `flatkube` end to end on Node 20: render (the bakery download and its
 *    checksum pin), preflight, create in the sandbox (the sandbox's own child process, ARM over
 *    HTTPS with its CA, MSAL, SSH bootstrap with ssh2), killed with SIGKILL and resumed, destroy;
 *  - key-interop: keys made by Node 20's crypto (its older OpenSSL) read by the real OpenSSH;
 *  - ws-transport: browser mode's WebSocket transport (`flatkube web`).
 * The pull-request workflow's Node 20 job (.github/workflows/pr.yml) still runs every unit and
 * integration test on Node 20, on a machine of its own.
 */
const NODE20_UNIT_SKIP = ['test/unit/renderer/', 'test/unit/against-sandbox/'].map(path.normalize);
const NODE20_SMOKE = ['test/integration/cli/cli-cluster.test.ts', 'test/integration/ssh/key-interop.test.ts', 'test/integration/ipc/ws-transport.test.ts'].map(path.normalize);

/** The suites, in the order --list prints their files (processes start longest first: see plan below). */
const ORDER = ['e2e', 'integration', 'smoke', 'node20', 'unit'];

/**
 * Files run side by side: 4, on the 2-core machines CI gives. Most integration and e2e tests
 * spend part of their time waiting (on a sandbox poll, a child process, Chromium), which the
 * other files fill. Measured with `npm test` on 2026-12-07 (processes longest first, below): the
 * Node 24 tests took 468 s 3 at a time with the CPU idle 6.7 % of the run, and 454 s 4 at a time
 * with it idle 2.8 %; before processes started longest first, 5 at a time had been no faster
 * than 3 (623 s against 610 s).
 */
const DEFAULT_CONCURRENCY = 4;

const args = process.argv.slice(2);
const take = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args.splice(i, 1) : [];
};
const list = take('--list').length > 0;
const showPlan = take('--plan').length > 0;
const concurrencyFlag = args.indexOf('--concurrency');
const CONCURRENCY = concurrencyFlag >= 0 ? Number(args.splice(concurrencyFlag, 2)[1]) : DEFAULT_CONCURRENCY;
if (!Number.isInteger(CONCURRENCY) || CONCURRENCY < 1) {
  console.error('--concurrency needs a whole number of files, 1 or more');
  process.exit(2);
}
const dirFlag = args.indexOf('--dir');
const roots = dirFlag >= 0 ? [args.splice(dirFlag, 2)[1]] : ['test', 'sandbox/test'];
const suites = args.length > 0 ? args : ['unit'];
if (dirFlag >= 0 && suites.some((s) => s === 'smoke' || s === 'node20')) {
  console.error('--dir takes unit, integration or e2e: smoke and node20 name their files themselves');
  process.exit(2);
}
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
  if (suite === 'node20') {
    const appUnit = path.join('test', 'unit') + path.sep;
    const unit = filesOf('unit').filter((f) => f.startsWith(appUnit) && !NODE20_UNIT_SKIP.some((skip) => f.startsWith(skip)));
    return [...unit, ...filesOf('smoke')];
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
 * A test process costs about 2.5 s of CPU before its first test under tsx (Node, tsx, the backend,
 * the sandbox and the Azure SDKs every integration file imports; bench/test-cost.mjs and
 * --cpu-prof), which for most integration and e2e files was more than their tests cost. So files
 * share processes: a generated entry module imports them one after another, and node:test runs
 * their top-level describes one at a time in that process.
 *  - The unit files all run in one process (125 s of CPU one process each, 54 s in one).
 *  - Integration, e2e and smoke files whose measured cost (test/file-costs.json, CPU seconds, written
 *    by `node bench/test-cost.mjs --write`) is under ALONE_S share processes of at most BATCH_S of
 *    CPU and BATCH_WALL_S of wall time, by suite, heaviest first (first-fit decreasing); heavier
 *    files and files not measured yet keep a process of their own.
 * Every integration and e2e file scopes what it starts (servers, sandboxes, CLIs, browsers) to its
 * own describe's before/after hooks and restores what it changes of the process (fake-az's PATH),
 * which sharing keeps tested; a file that kills a process kills a child of its own.
 *
 * Processes start longest first (measured wall time; the unit process, about two minutes, before
 * all), so no long one starts late and runs alone at the end. node:test starts the files it is
 * given in the sorted order of their paths, not in the order given (a run's timeline on
 * 2026-12-07 had the unit process start at 170 s and cli-apply at 360 s), so every process gets an
 * entry module whose name sorts in plan order.
 */
const ALONE_S = 15;
const BATCH_S = 30;
const BATCH_WALL_S = 75;
const UNMEASURED_S = 20;
const UNMEASURED_WALL_S = 60;
const costsFile = path.join(import.meta.dirname, 'file-costs.json');
const measured = existsSync(costsFile) ? JSON.parse(readFileSync(costsFile, 'utf8')) : {};
const key = (f) => f.split(path.sep).join('/');
const costOf = (f) => measured.cpuSeconds?.[key(f)];
/** Wall seconds of a file run alone beside two others; a file measured before wall times were kept: 2.5 times its CPU. */
const wallOf = (f) => measured.wallSeconds?.[key(f)] ?? (costOf(f) !== undefined ? costOf(f) * 2.5 : UNMEASURED_WALL_S);
const unitSet = new Set(suites.includes('unit') || suites.includes('node20') ? filesOf('unit') : []);
const suiteOf = (f) => (unitSet.has(f) ? 'unit' : f.split(path.sep).includes('e2e') ? 'e2e' : 'integration');

/** Groups of files, one process each, in the order they start: [{ suite, files, cost, wall }]. */
function plan(all) {
  const groups = [];
  const unit = all.filter((f) => suiteOf(f) === 'unit');
  if (unit.length > 0) groups.push({ suite: 'unit', files: unit, cost: unit.reduce((s, f) => s + (costOf(f) ?? 0.5), 0), wall: Infinity });
  const rest = all.filter((f) => suiteOf(f) !== 'unit').sort((a, b) => (costOf(b) ?? UNMEASURED_S) - (costOf(a) ?? UNMEASURED_S));
  for (const f of rest) {
    const cost = costOf(f);
    const wall = wallOf(f);
    const suite = suiteOf(f);
    const fits = (g) => g.shared && g.suite === suite && g.cost + cost <= BATCH_S && g.wall + wall <= BATCH_WALL_S;
    const shared = cost !== undefined && cost < ALONE_S ? groups.find(fits) : undefined;
    if (shared) {
      shared.files.push(f);
      shared.cost += cost;
      shared.wall += wall;
    } else groups.push({ suite, files: [f], cost: cost ?? UNMEASURED_S, wall, shared: cost !== undefined && cost < ALONE_S });
  }
  return groups.sort((a, b) => b.wall - a.wall || b.cost - a.cost);
}

const groups = plan(files);
if (showPlan) {
  for (const g of groups) console.log(`${g.cost.toFixed(1).padStart(6)} s cpu ${Number.isFinite(g.wall) ? `${g.wall.toFixed(0).padStart(4)} s` : ' (first)'}  ${g.files.join(' ')}`);
  process.exit(0);
}
const entryDir = mkdtempSync(path.join(os.tmpdir(), 'flatkube-tests-'));
/** An entry's name: its place in the plan, then its first file (so `ps` shows what a process runs). */
const entryName = (g, i) => `${String(i).padStart(3, '0')}-${g.files[0].replace(/\.test\.ts$/, '').replace(/[\\/.]+/g, '_')}${g.files.length > 1 ? `+${g.files.length - 1}` : ''}.test.mjs`;
const runFiles = groups.map((g, i) => {
  const entry = path.join(entryDir, entryName(g, i));
  writeFileSync(entry, g.files.map((f) => `import ${JSON.stringify(pathToFileURL(path.resolve(f)).href)};\n`).join(''));
  return entry;
});
/**
 * Nothing may wait forever: CI gives the whole run 90 minutes and shows only the end of its output,
 * so a hung test must fail by name well before that.
 *  - --test-timeout (Node 24): every test and every describe (its hooks included) fails after TEST_TIMEOUT_S;
 *    the longest describe takes about a minute here (`flatkube apply and status`, 58 s).
 *  - --test-force-exit: a process whose tests have all ended exits even when something it started
 *    is still open (a server, a child, a timer); without it node:test waits on it for ever.
 *  - RUN_DEADLINE_S: the whole run is stopped after that, naming the test processes still alive.
 * (FLATKUBE_TEST_TIMEOUT_S and FLATKUBE_TEST_DEADLINE_S change them: test/unit/build/test-runner.test.ts.)
 */
const TEST_TIMEOUT_S = Number(process.env.FLATKUBE_TEST_TIMEOUT_S ?? 600);
/**
 * Node 24 applies --test-timeout to each test; Node 20's runner applies it to each file's process
 * as a whole (test/fixtures/runner on 20.20: the file, start-up included, "timed out", its tests
 * unreported), which would fail the long shared processes. On Node 20 the deadline alone applies.
 */
const PER_TEST_TIMEOUT = Number(process.versions.node.split('.')[0]) >= 24;
const RUN_DEADLINE_S = Number(process.env.FLATKUBE_TEST_DEADLINE_S ?? 40 * 60);
/**
 * V8's compile cache (Node 22.1 and later; Node 20 ignores the variable), kept for this run: the
 * test processes, and the CLIs, sandboxes and backends they start, load the same modules again and
 * again; with the cache, importing the e2e harness took 2.75 s of CPU instead of 3.0 s.
 * https://nodejs.org/api/module.html#module-compile-cache
 */
const compileCache = process.env.NODE_COMPILE_CACHE ? undefined : mkdtempSync(path.join(os.tmpdir(), 'flatkube-compile-cache-'));
/**
 * The sandbox's child processes (the app's own sandbox, started from source by the backend under
 * test) run the built bundle when it is newer than every source file: under tsx each cost about
 * 7 s of CPU against 2 s (sandbox/src/process.ts, sandboxEntry). A missing or stale build leaves
 * them on the sources: slower, never yesterday's code.
 */
const sandboxBundle = freshBundle(path.join(import.meta.dirname, '..'), 'dist/sandbox/sandbox.mjs', ['electron', 'shared', 'sandbox/src']);
console.log(
  `Running ${files.length} test files (${suites.join(', ')}) on Node ${process.versions.node} in ${groups.length} processes, ${CONCURRENCY} at a time; ` +
    `sandbox children from ${sandboxBundle ? 'dist/sandbox/sandbox.mjs' : 'source (no fresh build)'}`,
);
const status = await new Promise((resolve) => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      pathToFileURL(path.join(import.meta.dirname, 'source-maps.mjs')).href,
      '--test',
      '--test-reporter=spec',
      `--test-concurrency=${CONCURRENCY}`,
      ...(PER_TEST_TIMEOUT ? [`--test-timeout=${TEST_TIMEOUT_S * 1000}`] : []),
      '--test-force-exit',
      ...runFiles,
    ],
    // Its own process group (not on Windows), so the deadline can stop the test processes too.
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        FLATKUBE_TEST: '1',
        ...(sandboxBundle ? { FLATKUBE_SANDBOX_BUNDLE: sandboxBundle } : {}),
        ...(compileCache ? { NODE_COMPILE_CACHE: compileCache } : {}),
      },
      detached: process.platform !== 'win32',
    },
  );
  /** Signals the runner and every process in its group (on Windows, the runner alone). */
  const signalAll = (signal) => {
    try {
      process.kill(process.platform === 'win32' ? child.pid : -child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  const deadline = setTimeout(() => {
    console.error(`\ntest/run.mjs: the tests ran past ${RUN_DEADLINE_S} s; still running:\n${stillRunning(child.pid, groups, runFiles)}`);
    signalAll('SIGKILL');
  }, RUN_DEADLINE_S * 1000);
  // In a group of its own, the runner no longer gets the terminal's Ctrl-C: pass it on.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => signalAll(signal));
  child.on('exit', (code) => {
    clearTimeout(deadline);
    // Whatever a test started and left running (a server, a sandbox, a browser) goes with the run:
    // it would otherwise hold the output pipe of whoever runs this (scripts/parallel.mjs) open.
    if (process.platform !== 'win32') signalAll('SIGKILL');
    resolve(code ?? 1);
  });
});
for (const dir of [entryDir, compileCache]) if (dir) rmSync(dir, { recursive: true, force: true });
process.exit(status);

/** The test files whose processes are still alive under the runner (Linux: /proc; elsewhere: a hint). */
function stillRunning(runnerPid, groups, runFiles) {
  if (!existsSync('/proc')) return '  (the process list needs /proc)';
  const lines = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmd;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const i = runFiles.findIndex((f) => cmd.some((a) => a !== '' && path.resolve(a) === path.resolve(f)));
    if (i >= 0 && Number(pid) !== runnerPid) lines.push(`  pid ${pid}: ${groups[i].files.join(' ')}`);
  }
  return lines.length > 0 ? lines.join('\n') : '  (no test process found; the runner itself is waiting)';
}

/** `root`/`bundle` when it exists and no code file under `sourceDirs` is newer (as test/helpers/built-cli.ts checks). */
function freshBundle(root, bundle, sourceDirs) {
  const file = path.join(root, bundle);
  if (!existsSync(file)) return undefined;
  const built = statSync(file).mtimeMs;
  for (const dir of sourceDirs.map((d) => path.join(root, d)).filter((d) => existsSync(d))) {
    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (/\.(?:[cm]?[jt]sx?|json)$/.test(f) && statSync(path.join(dir, f)).mtimeMs > built) return undefined;
    }
  }
  return file;
}
