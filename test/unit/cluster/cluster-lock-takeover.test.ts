// Several contenders in one process finding the same stale lock: the one that takes it over must
// hold the lock and say whose it was. The takeover once removed the dead holder's file and then
// created its own, and a contender that tried in between created the lock plainly: one holder
// still, but the takeover went unreported (cluster-lock.test.ts failed so, once in a loaded run).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { acquireClusterLock, type LockEnvironment, type LockHolder } from '../../../electron/services/cluster/lock/cluster-lock';

const DEAD = 4_000_001;

function env(pid: number, alive: Set<number>): LockEnvironment {
  return { host: 'here', pid, isAlive: (p) => alive.has(p), now: () => new Date() };
}

test('of several contenders for a stale lock, exactly one holds it, and that one says whose it was (200 rounds)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fk-lock-takeover-'));
  try {
    for (let round = 0; round < 200; round++) {
      const file = join(dir, `operation-${round}.lock`);
      const stale: LockHolder = { pid: DEAD, host: 'here', operation: 'apply', operationId: `dead-${round}`, startedAt: new Date(0).toISOString() };
      writeFileSync(file, JSON.stringify(stale) + '\n', { mode: 0o600 });
      const alive = new Set<number>();
      const pids = [101, 102, 103, 104];
      for (const p of pids) alive.add(p);
      const results = await Promise.allSettled(pids.map((pid) => acquireClusterLock(file, { cluster: 'dev', operation: 'apply', operationId: `op-${pid}`, env: env(pid, alive) })));
      const winners = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      assert.equal(winners.length, 1, `round ${round}: ${winners.length} holders`);
      assert.equal(winners[0]!.tookOver?.operationId, `dead-${round}`, `round ${round}: the holder did not say it took over a stale lock`);
      for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as { code?: string }).code, 'CLUSTER_LOCKED');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
