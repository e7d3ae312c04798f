// test/run.mjs must never let a run wait for ever: CI gives the whole run a fixed time and shows
// only the end of the output, so a hung test has to fail by name instead (a leaked server once
// kept a Node 24 test process open until CI gave up).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';

/** Runs `cmd args` in `cwd`; answers code and output. */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** This process's environment and `env` for a test/run.mjs of its own. */
function runnerEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  // NODE_TEST_CONTEXT (set by the runner running this file) would make the child skip its files.
  const { NODE_TEST_CONTEXT: _, ...outer } = process.env;
  return { ...outer, ...env };
}

/** test/run.mjs over the fixture folder, with its limits shortened; answers code and output. */
function runFixtures(suite: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return run(process.execPath, ['test/run.mjs', '--dir', 'test/fixtures/runner', suite], process.cwd(), runnerEnv(env));
}

describe('test/run.mjs: nothing waits for ever', { concurrency: true }, () => {
  it('a test that left a server open passes, and its process ends', async () => {
    const { code, out } = await runFixtures('unit', { FLATKUBE_TEST_DEADLINE_S: '120' });
    assert.equal(code, 0, out);
    assert.match(out, /✔ passes although a server stays open/);
  });

  it('a test that never ends fails by name', async () => {
    // Node 24 times each test (--test-timeout); Node 20 would time the whole file, so there the
    // run's deadline stops the hung file (test/run.mjs).
    const perTest = Number(process.versions.node.split('.')[0]) >= 24;
    const { code, out } = await runFixtures('integration', { FLATKUBE_TEST_TIMEOUT_S: '2', FLATKUBE_TEST_DEADLINE_S: perTest ? '120' : '10' });
    assert.equal(code, 1, out);
    if (perTest) {
      assert.match(out, /✖ waits for something that never comes[^\n]*\n[^]*test timed out after 2000ms/);
      assert.doesNotMatch(out, /ran past/);
    } else {
      assert.match(out, /the tests ran past 10 s; still running:\n {2}pid \d+: test\/fixtures\/runner\/integration\/hangs\.test\.ts/);
    }
  });

  it('a file stuck before its first test is stopped at the deadline and named', async () => {
    const { code, out } = await runFixtures('e2e', { FLATKUBE_TEST_TIMEOUT_S: '60', FLATKUBE_TEST_DEADLINE_S: '3' });
    assert.equal(code, 1, out);
    assert.match(out, /the tests ran past 3 s; still running:\n {2}pid \d+: test\/fixtures\/runner\/e2e\/stuck-import\.test\.ts/);
  });

  it('scripts/parallel.mjs ends when its scripts do, even if one left a process holding its output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flatkube-parallel-'));
    let leftPid = 0;
    try {
      // `left` starts a process that inherits its output and never ends, and prints its pid.
      const leave = "const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit', detached: true }); c.unref(); console.log('left ' + c.pid)";
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'p', private: true, scripts: { left: `node -e "${leave}"`, fails: 'node -e "process.exit(3)"' } }));
      const { npm_execpath: _, ...env } = process.env;
      const { code, out } = await run(process.execPath, [join(process.cwd(), 'scripts/parallel.mjs'), 'left', 'fails'], dir, env);
      leftPid = Number(/\[left *\] left (\d+)/.exec(out)?.[1]);
      assert.equal(code, 1, out);
      assert.match(out, /npm run left: ok/);
      assert.match(out, /npm run fails: FAILED \(exit 3\)/);
      // parallel.mjs ended while the process holding its output still runs (it never ends itself).
      assert.doesNotThrow(() => process.kill(leftPid, 0), 'the process left behind should still be running');
    } finally {
      if (leftPid > 0) process.kill(leftPid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Apart from the describe above: its cases run side by side and start the same fixtures.
describe('test/run.mjs and Ctrl-C', () => {
  it('Ctrl-C (SIGINT) to test/run.mjs stops the test processes it started in their own group', { skip: process.platform === 'win32' ? 'process groups and /proc: Linux' : false }, async () => {
    const runner = spawn(process.execPath, ['test/run.mjs', '--dir', 'test/fixtures/runner', 'integration'], { env: runnerEnv({ FLATKUBE_TEST_DEADLINE_S: '300' }), stdio: 'ignore' });
    // test/run.mjs runs each process through an entry module named after its first file.
    const fixture = '-test_fixtures_runner_integration_hangs.test.mjs';
    /** The pids whose command line names the hung fixture's entry. */
    const hung = () =>
      readdirSync('/proc')
        .filter((p) => /^\d+$/.test(p))
        .filter((p) => {
          try {
            return readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').some((a) => a.endsWith(fixture));
          } catch {
            return false;
          }
        });
    const exited = new Promise<number | null>((resolve) => runner.on('exit', (code) => resolve(code)));
    // Both there: node:test's runner (it names the file) and the file's own process.
    while (hung().length < 2) await sleep(100);
    runner.kill('SIGINT');
    await exited;
    // The group's processes end on the signal; give the kernel a moment to reap them.
    for (let i = 0; i < 50 && hung().length > 0; i++) await sleep(100);
    assert.deepEqual(hung(), [], 'the hung test process outlived Ctrl-C');
  });
});
