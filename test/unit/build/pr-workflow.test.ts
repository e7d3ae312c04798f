/**
 * The pull-request workflow (.github/workflows/pr.yml) cannot run here, so it is held to what can
 * be checked: it parses, its matrix covers Linux, Windows and macOS on Node 24 and Linux on Node 20,
 * it runs the commands package.json's `test` script runs (type checks, lint, the build, every test
 * suite, by the same names), the e2e suite on Linux only, and Linux gets the Debian packages
 * .ci/run installs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

/** `node test/run.mjs a b` (or with "$npm_node_execpath") -> ['a', 'b']. */
const suitesOf = (command: string) => /test\/run\.mjs((?: [a-z]+)+)$/.exec(command)?.[1]!.trim().split(' ') ?? [];

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
    const testScript = pkg.scripts.test!.split('&&').map((c) => c.trim());
    // npm run typecheck / lint / build: the same scripts, and they exist.
    const npmRuns = testScript.filter((c) => c.startsWith('npm run ')).map((c) => c.slice('npm run '.length));
    assert.deepEqual(npmRuns, ['typecheck', 'lint', 'build']);
    for (const name of npmRuns) assert.ok(runs.includes(`npm run ${name}`), `the workflow runs npm run ${name}`);
    for (const r of runs.filter((c) => c.startsWith('npm run '))) assert.ok(pkg.scripts[r.slice('npm run '.length)], `${r}: no such script`);
    // Every suite the test script runs, and nothing else; each has its test:<suite> script.
    const wanted = [...new Set(testScript.flatMap(suitesOf))].sort();
    const ran = [...new Set(runs.filter((c) => c.startsWith('node test/run.mjs')).flatMap(suitesOf))].sort();
    assert.deepEqual(ran, wanted);
    for (const suite of ran) assert.equal(pkg.scripts[`test:${suite}`], `node test/run.mjs ${suite}`);
    assert.ok(runs.includes('node test/run.mjs unit integration'));
    assert.ok(runs.some((c) => c.startsWith('npm ci')));
  });

  it('runs unit and integration everywhere, the build and e2e on Linux (Node 24) only', () => {
    assert.equal(stepOf('node test/run.mjs unit integration')?.if, undefined);
    for (const command of ['npm run typecheck', 'npm run lint']) assert.equal(stepOf(command)?.if, undefined, command);
    for (const command of ['npm run build', 'node test/run.mjs e2e']) assert.equal(stepOf(command)?.if, "runner.os == 'Linux' && matrix.node == 24", command);
    // The build comes before the e2e tests (they load dist/renderer).
    const order = job.steps.flatMap((s) => s.run?.split('\n').map((l) => l.trim()) ?? []);
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
