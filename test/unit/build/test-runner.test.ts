// test/run.mjs must never let a run wait for ever: CI gives the whole run a fixed time and shows
// only the end of the output, so a hung test has to fail by name instead (a leaked server once
// kept a Node 24 test process open until CI gave up).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';

/** test/run.mjs over the fixture folder, with its limits shortened; answers code and output. */
function runFixtures(suite: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  // NODE_TEST_CONTEXT (set by the runner running this file) would make the child skip its files.
  const { NODE_TEST_CONTEXT: _, ...outer } = process.env;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['test/run.mjs', '--dir', 'test/fixtures/runner', suite], {
      env: { ...outer, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('test/run.mjs: nothing waits for ever', { concurrency: true }, () => {
  it('a test left open handles passes and its process ends; a test that never ends fails by name', async () => {
    const { code, out } = await runFixtures('integration', { FLATKUBE_TEST_TIMEOUT_S: '2', FLATKUBE_TEST_DEADLINE_S: '120' });
    assert.equal(code, 1, out);
    assert.match(out, /✔ passes although a server stays open/);
    assert.match(out, /✖ waits for something that never comes[^\n]*\n[^]*test timed out after 2000ms/);
    assert.doesNotMatch(out, /ran past/);
  });

  it('a file stuck before its first test is stopped at the deadline and named', async () => {
    const { code, out } = await runFixtures('e2e', { FLATKUBE_TEST_TIMEOUT_S: '60', FLATKUBE_TEST_DEADLINE_S: '3' });
    assert.equal(code, 1, out);
    assert.match(out, /the tests ran past 3 s; still running:\n {2}pid \d+: test\/fixtures\/runner\/e2e\/stuck-import\.test\.ts/);
  });
});
