/**
 * One sandbox per state dir: a second sandbox on a dir in use is refused (in this process, and
 * when another live process holds it), a dead holder's lock is taken over and the log says so,
 * and close releases it for the next sandbox.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { lockStateDir } from '../../src/store/state-dir-lock';
import { startSandboxServer } from '../../src/server';

describe('the sandbox state dir lock', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'fk-sb-lock-'));
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('a second sandbox on a state dir in use is refused; after close the next one starts', async () => {
    const d = dir();
    const first = await startSandboxServer({ stateDir: d, log: () => {} });
    assert.equal(statSync(join(d, 'sandbox.lock')).mode & 0o777, 0o600);
    await assert.rejects(startSandboxServer({ stateDir: d, log: () => {}, stateDirLockWaitMs: 0 }), /the sandbox state dir .* is in use by another sandbox \(pid \d+/);
    await first.close();
    assert.equal(existsSync(join(d, 'sandbox.lock')), false, 'close releases it');
    const second = await startSandboxServer({ stateDir: d, log: () => {} });
    await second.close();
  });

  it('a live holder in another process is refused; a dead one is taken over, and the log says so', async () => {
    const d = dir();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(d, 'sandbox.lock'), JSON.stringify({ pid: child.pid, host: hostname(), startedAt: '2026-12-06T00:00:00Z' }));
      assert.throws(() => lockStateDir(d, () => {}), new RegExp(`in use by another sandbox \\(pid ${child.pid} on `));
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    const lines: string[] = [];
    const lock = lockStateDir(d, (l) => lines.push(l));
    assert.match(lines.join('\n'), new RegExp(`took over the state dir's lock from pid ${child.pid}`));
    assert.equal((JSON.parse(readFileSync(join(d, 'sandbox.lock'), 'utf8')) as { pid: number }).pid, process.pid);
    lock.release();
  });

  it('a holder on another host is refused (its processes cannot be seen from here)', () => {
    const d = dir();
    writeFileSync(join(d, 'sandbox.lock'), JSON.stringify({ pid: 1, host: 'elsewhere', startedAt: 'x' }));
    assert.throws(() => lockStateDir(d, () => {}), /pid 1 on elsewhere/);
  });
});
