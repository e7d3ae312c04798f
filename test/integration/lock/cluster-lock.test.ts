/**
 * The cluster lock across real processes (lock/cluster-lock.ts): one holder at a time, a second
 * operation refused at once naming the first, a dead holder's lock taken over (by exactly one of
 * several contenders), a lock from another host refused with the file to remove.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { once } from 'node:events';

const contender = new URL('./lock-contender.ts', import.meta.url).pathname;

interface Answer {
  got: boolean;
  pid: number;
  code?: string;
  message?: string;
  hint?: string;
  tookOver?: { pid: number; operationId: string };
}

/** Starts a contender; resolves with its first line (and the child, still running when holding). */
function start(file: string, id: string, mode: 'hold' | 'try') {
  const child = spawn(process.execPath, ['--import', 'tsx', contender, file, id, mode], { stdio: ['pipe', 'pipe', 'inherit'] });
  const answer = new Promise<Answer>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(JSON.parse(line!) as Answer);
    });
    child.on('exit', (code) => {
      if (!out.includes('\n')) reject(new Error(`contender ${id} exited ${code} without an answer`));
    });
  });
  return { child, answer };
}

describe('cluster lock across processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fk-lock-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a second operation is refused at once, naming the first; released, the lock is free again', async () => {
    const file = join(dir, 'a.lock');
    const first = start(file, 'apply-1', 'hold');
    const a = await first.answer;
    assert.equal(a.got, true);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const held = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(held).sort(), ['host', 'operation', 'operationId', 'pid', 'startedAt']);
    assert.equal(held.pid, a.pid);
    assert.equal(held.host, hostname());

    const t0 = Date.now();
    const b = await start(file, 'apply-2', 'try').answer;
    assert.equal(b.got, false);
    assert.equal(b.code, 'CLUSTER_LOCKED');
    assert.match(b.message!, new RegExp(`cluster dev is busy: apply \\(operation apply-1, pid ${a.pid}, started .+\\) is running`));
    assert.ok(Date.now() - t0 < 15_000, 'refused at once, not after a wait');

    first.child.stdin.end();
    await once(first.child, 'exit');
    assert.equal(existsSync(file), false, 'released on the way out');
    assert.equal((await start(file, 'apply-3', 'try').answer).got, true);
  });

  it('of several processes starting at once, exactly one gets the lock', async () => {
    const file = join(dir, 'race.lock');
    const runs = Array.from({ length: 5 }, (_, i) => start(file, `race-${i}`, 'hold'));
    const answers = await Promise.all(runs.map((r) => r.answer));
    assert.equal(answers.filter((x) => x.got).length, 1, JSON.stringify(answers));
    for (const x of answers.filter((y) => !y.got)) assert.equal(x.code, 'CLUSTER_LOCKED');
    for (const r of runs) r.child.stdin.end();
    await Promise.all(runs.map((r) => (r.child.exitCode === null ? once(r.child, 'exit') : undefined)));
  });

  it('a holder killed with SIGKILL leaves a stale lock: exactly one of several contenders takes it over and says whose it was', async () => {
    const file = join(dir, 'stale.lock');
    const victim = start(file, 'apply-killed', 'hold');
    const v = await victim.answer;
    victim.child.kill('SIGKILL');
    await once(victim.child, 'exit');
    assert.ok(existsSync(file), 'SIGKILL leaves the lock file behind');

    const runs = Array.from({ length: 4 }, (_, i) => start(file, `after-${i}`, 'hold'));
    const answers = await Promise.all(runs.map((r) => r.answer));
    const winners = answers.filter((x) => x.got);
    assert.equal(winners.length, 1, JSON.stringify(answers));
    assert.equal(winners[0]!.tookOver?.pid, v.pid);
    assert.equal(winners[0]!.tookOver?.operationId, 'apply-killed');
    for (const x of answers.filter((y) => !y.got)) assert.match(x.message!, /is busy: apply \(operation after-\d/);
    for (const r of runs) r.child.stdin.end();
    await Promise.all(runs.map((r) => (r.child.exitCode === null ? once(r.child, 'exit') : undefined)));
  });

  it('a lock held on another host is refused with the file to remove', async () => {
    const file = join(dir, 'remote.lock');
    writeFileSync(file, JSON.stringify({ pid: 1, host: 'build-agent-7', operation: 'destroy', operationId: 'destroy-x', startedAt: '2026-11-01T10:00:00.000Z' }), { mode: 0o600 });
    const r = await start(file, 'apply-local', 'try').answer;
    assert.equal(r.got, false);
    assert.match(r.message!, /destroy \(operation destroy-x, pid 1, started 2026-11-01T10:00:00.000Z\) holds its lock on another host \(build-agent-7\)/);
    assert.ok(r.hint!.includes(file), r.hint);
    assert.ok(existsSync(file), 'left alone');
  });
});
