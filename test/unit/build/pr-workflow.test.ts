/**
 * The pull-request workflow (.github/workflows/pr.yml) cannot run here, so it is held to what can
 * be checked: it parses, its matrix covers Linux, Windows and macOS on Node 24 and Linux on Node 20,
 * it runs the commands package.json's `test` script runs (type checks, lint, the build, every test
 * suite, by the same names; npm test's Node 20 set is made of unit and integration tests it runs), the
 * build before the tests, the e2e suite on Linux only, and Linux gets the Debian packages .ci/run
 * installs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { sep } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { 'runs-on': string; container?: string; strategy?: { matrix: { include?: Array<Record<string, unknown>> } }; steps: Step[] }>;
}

const workflow = parse(readFileSync('.github/workflows/pr.yml', 'utf8')) as Workflow;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
const job = workflow.jobs.test!;
const matrix = job.strategy!.matrix.include!;
const runs = job.steps.flatMap((s) => (s.run ? s.run.split('\n').map((l) => l.trim()).filter(Boolean) : []));
/** The step whose commands include `command`. */
const stepOf = (command: string) => job.steps.find((s) => s.run?.split('\n').some((l) => l.trim() === command));

/** `node test/run.mjs [--concurrency N] a b` (or with "$npm_node_execpath") -> ['a', 'b']. */
const suitesOf = (command: string) => /test\/run\.mjs(?: --concurrency \d+)?((?: [a-z0-9]+)+)$/.exec(command)?.[1]!.trim().split(' ') ?? [];

describe('.github/workflows/pr.yml', () => {
  it('runs on pull requests and on pushes to main', () => {
    assert.ok('pull_request' in workflow.on);
    assert.deepEqual((workflow.on.push as { branches: string[] }).branches, ['main']);
  });

  it('has a matrix of Linux, Windows and macOS on Node 24, and Linux on Node 20', () => {
    const entries = matrix.map((m) => `${String(m.os)}/${String(m.node)}`).sort();
    assert.deepEqual(entries, ['macos-latest/24', 'ubuntu-latest/20', 'ubuntu-latest/24', 'windows-latest/24']);
    assert.equal(job['runs-on'], '${{ matrix.os }}');
    // Linux in Debian (as .ci/run expects), the image's Node being the matrix's.
    for (const m of matrix) {
      if (m.os === 'ubuntu-latest') assert.equal(m.container, `node:${String(m.node)}-bookworm`);
      else assert.equal(m.container, undefined);
    }
    assert.match(String(job.container), /matrix\.container/);
    const setupNode = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    assert.equal(setupNode?.with?.['node-version'], '${{ matrix.node }}');
  });

  it("runs what package.json's test script runs, by the same script names", () => {
    // `npm test`: typecheck, lint and build side by side, then the Node 24 and the Node 20 tests
    // side by side, each through scripts/parallel.mjs by script name.
    const testScript = pkg.scripts.test!.split('&&').map((c) => c.trim());
    const parallel = (c: string) => (c.startsWith('node scripts/parallel.mjs ') ? c.split(' ').slice(2) : []);
    assert.equal(testScript.length, 2, pkg.scripts.test);
    const [checks, tests] = testScript.map(parallel) as [string[], string[]];
    assert.deepEqual(checks, ['typecheck', 'lint', 'build']);
    for (const name of checks) assert.ok(runs.includes(`npm run ${name}`), `the workflow runs npm run ${name}`);
    for (const r of runs.filter((c) => c.startsWith('npm run '))) assert.ok(pkg.scripts[r.slice('npm run '.length)], `${r}: no such script`);
    assert.deepEqual(tests, ['test:node24', 'test:node20']);
    const testCommands = tests.map((name) => pkg.scripts[name]!);
    // Every suite the test script runs, and nothing else; each has its test:<suite> script. The
    // Node 20 set of npm test is made of unit and integration tests (checked below), which the
    // workflow's Node 20 job runs in full.
    const wanted = [...new Set(testCommands.flatMap(suitesOf))].filter((s) => s !== 'smoke' && s !== 'node20').sort();
    const ran = [...new Set(runs.filter((c) => c.startsWith('node test/run.mjs')).flatMap(suitesOf))].sort();
    assert.deepEqual(ran, wanted);
    for (const suite of ran) assert.equal(pkg.scripts[`test:${suite}`], `node test/run.mjs ${suite}`);
    assert.ok(runs.includes('node test/run.mjs unit integration'));
    assert.ok(runs.some((c) => c.startsWith('npm ci')));
  });

  it("npm test's Node 20 set: unit tests of code Node runs, and a smoke set of integration tests", () => {
    // Unit tests of what Node runs and the smoke set: test/run.mjs says which and why.
    assert.match(pkg.scripts['test:node20']!, /^"\$npm_node_execpath" test\/run\.mjs (--concurrency \d+ )?node20$/);
    assert.match(pkg.scripts['test:node24']!, /^node test\/run\.mjs unit integration e2e$/);
    const list = (...suites: string[]) => {
      const r = spawnSync(process.execPath, ['test/run.mjs', '--list', ...suites], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim().split('\n');
    };
    const smoke = list('smoke');
    const integration = new Set(list('integration'));
    assert.ok(smoke.length > 0);
    for (const file of smoke) assert.ok(integration.has(file), `${file} is not an integration test`);
    // The Node 20 set: the smoke set and most of the app's unit tests, nothing from elsewhere.
    const unit = new Set(list('unit'));
    const node20 = list('node20');
    for (const file of node20) assert.ok(unit.has(file) || smoke.includes(file), `${file} is neither a unit test nor in the smoke set`);
    for (const file of smoke) assert.ok(node20.includes(file), `${file} is not run on Node 20`);
    const node20Unit = node20.filter((f) => unit.has(f));
    assert.ok(node20Unit.length > unit.size / 2 && node20Unit.every((f) => f.startsWith(`test${sep}unit${sep}`)), node20Unit.join(' '));
    assert.ok(!node20Unit.some((f) => f.includes(`${sep}renderer${sep}`)), 'the renderer runs in Chromium, not on Node 20');
  });

  it('builds, then runs unit and integration everywhere, and e2e on Linux (Node 24) only', () => {
    assert.equal(stepOf('node test/run.mjs unit integration')?.if, undefined);
    for (const command of ['npm run typecheck', 'npm run lint', 'npm run build']) assert.equal(stepOf(command)?.if, undefined, command);
    assert.equal(stepOf('node test/run.mjs e2e')?.if, "runner.os == 'Linux' && matrix.node == 24");
    // The build comes before the tests (the CLI tests run dist/cli, the e2e tests load dist/renderer).
    const order = job.steps.flatMap((s) => s.run?.split('\n').map((l) => l.trim()) ?? []);
    assert.ok(order.indexOf('npm run build') < order.indexOf('node test/run.mjs unit integration'));
    assert.ok(order.indexOf('npm run build') < order.indexOf('node test/run.mjs e2e'));
  });

  it('installs on Linux the Debian packages .ci/run installs', () => {
    const ci = readFileSync('.ci/run', 'utf8');
    const needed = [...ci.matchAll(/need\+=\(([a-z0-9-]+)\)/g)].map((m) => m[1]!);
    assert.ok(needed.includes('chromium') && needed.includes('openssh-server'), needed.join());
    const install = job.steps.find((s) => s.run?.includes('apt-get install'));
    assert.equal(install?.if, "runner.os == 'Linux'");
    for (const p of needed) assert.match(install!.run!, new RegExp(`\\b${p}\\b`), `${p} is installed on Linux`);
    assert.match(install!.run!, /mkdir -p \/run\/sshd/);
  });
});
