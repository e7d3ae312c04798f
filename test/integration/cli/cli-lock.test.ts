/**
 * One operation at a time per cluster, across processes, and a change killed with SIGKILL that
 * resumes to completion with nothing created twice (issue 14's done-when), with the CLI as its
 * own processes: two applies started at once, one runs and the other exits 1 at once naming it;
 * an apply killed mid-way leaves its lock and an unfinished operation, and the next apply takes
 * the lock over, says so, and continues that operation's journal.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { example, flatkube, inSandbox, nodeResources, startFlatkube } from './life-cli';

describe('flatkube: the cluster lock across processes, and resuming a killed apply', () => {
  let dataDir: string;
  let spec: string;
  const withCount = (n: number) => writeFileSync(spec, readFileSync(example, 'utf8').replace(/^workers:\n {2}count: 2$/m, `workers:\n  count: ${n}`));
  const record = () => JSON.parse(readFileSync(join(dataDir, 'clusters/dev/cluster.json'), 'utf8')) as { operations: { id: string; kind: string; state: string; journal: string }[]; ownership: { resources: string[] } };

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'fk-lock-cli-'));
    spec = join(dataDir, 'dev.yaml');
    withCount(2);
    const r = flatkube(['apply', '--spec', spec, '--sandbox'], dataDir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('two applies started at once: one runs, the other exits 1 at once naming it', async () => {
    withCount(3);
    const a = startFlatkube(['apply', '--spec', spec, '--sandbox'], dataDir);
    const b = startFlatkube(['apply', '--spec', spec, '--sandbox'], dataDir);
    const first = await Promise.race([a.exit.then((code) => ({ run: a, other: b, code })), b.exit.then((code) => ({ run: b, other: a, code }))]);
    assert.equal(first.code, 1, `the first to end is the refused one:\n${first.run.output()}`);
    assert.equal(first.other.child.exitCode, null, 'refused while the other still runs, not after waiting for it');
    const reason = first.run.output().trim().split('\n').at(-1)!;
    assert.match(reason, new RegExp(`^flatkube apply: cluster dev is busy: apply \\(operation apply-\\d{8}T\\d{6}Z-[0-9a-f]{4}, pid ${first.other.child.pid}, started [^)]+\\) is running$`));
    assert.doesNotMatch(first.run.output(), /sandbox \(simulated Azure\) at/, 'refused before it started a sandbox');
    assert.equal(await first.other.exit, 0, first.other.output());
    assert.match(first.other.output(), /^cluster dev is ready$/m);
    assert.deepEqual(record().operations.map((o) => `${o.kind}:${o.state}`), ['create:succeeded', 'apply:succeeded'], 'one apply ran');
    assert.equal(existsSync(join(dataDir, 'clusters/dev/operation.lock')), false, 'the lock is released');
  });

  it('an apply killed with SIGKILL resumes to completion with nothing created twice', async () => {
    withCount(5);
    const killed = startFlatkube(['apply', '--spec', spec, '--sandbox'], dataDir);
    await killed.waitFor(/done\s+vm:worker-3:/);
    killed.child.kill('SIGKILL');
    await killed.exit;
    assert.doesNotMatch(killed.output(), /cluster dev is ready/);

    // Left behind: the lock of a dead process, and an apply that did not finish.
    const lock = JSON.parse(readFileSync(join(dataDir, 'clusters/dev/operation.lock'), 'utf8')) as { pid: number; operation: string; operationId: string };
    assert.equal(lock.pid, killed.child.pid);
    const op = record().operations.at(-1)!;
    assert.deepEqual([op.kind, op.state, op.id], ['apply', 'running', lock.operationId]);
    const st = flatkube(['status', 'dev', '--json'], dataDir);
    assert.equal((JSON.parse(st.stdout) as { state: string }).state, 'unfinished');
    assert.match(flatkube(['list'], dataDir).stdout, /^dev\s+unfinished\s+sandbox/m);
    const owned = record().ownership.resources.length;

    const resumed = flatkube(['apply', '--spec', spec, '--sandbox'], dataDir);
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    assert.match(resumed.stdout, new RegExp(`took over the lock of apply ${op.id} \\(pid ${lock.pid} on this host, started [^)]+, no longer running\\)`));
    assert.match(resumed.stdout, new RegExp(`^plan: apply of dev in the sandbox, continuing ${op.id}: `, 'm'));
    assert.match(resumed.stdout, /^cluster dev is ready$/m);

    const rec = record();
    assert.deepEqual(rec.operations.map((o) => `${o.kind}:${o.state}`), ['create:succeeded', 'apply:succeeded', 'apply:succeeded'], 'the same apply, finished');
    const journal = JSON.parse(readFileSync(join(dataDir, 'clusters/dev', op.journal), 'utf8')) as { attempts: number; steps: Record<string, { runs: number; status: string }> };
    assert.equal(journal.attempts, 2);
    for (const id of ['pip:worker-3', 'nic:worker-3', 'vm:worker-3']) assert.equal(journal.steps[id]?.runs, 1, `${id} ran once`);
    assert.ok(Object.values(journal.steps).every((s) => s.status === 'done'));
    assert.equal(new Set(rec.ownership.resources.map((id) => id.toLowerCase())).size, rec.ownership.resources.length, 'no id recorded twice');
    assert.ok(rec.ownership.resources.length >= owned);
    const status = JSON.parse(flatkube(['status', 'dev', '--json'], dataDir).stdout) as { state: string; nodes: { name: string; ready: boolean }[] };
    assert.equal(status.state, 'created');
    assert.deepEqual(status.nodes.filter((n) => n.ready).map((n) => n.name), ['cp-0', 'worker-0', 'worker-1', 'worker-2', 'worker-3', 'worker-4']);
    await inSandbox(dataDir, async (sb) => {
      const vms: string[] = [];
      for await (const vm of sb.arm.compute.virtualMachines.list('dev-rg')) vms.push(vm.name!);
      assert.deepEqual(vms.sort(), ['dev-cp-0-vm', 'dev-worker-0-vm', 'dev-worker-1-vm', 'dev-worker-2-vm', 'dev-worker-3-vm', 'dev-worker-4-vm']);
      for (const n of ['worker-3', 'worker-4']) assert.deepEqual((await nodeResources(sb, 'dev', 'dev-rg', n)).filter((x) => x !== 'disk'), ['vm', 'nic', 'pip'], n);
    });
    assert.equal(flatkube(['destroy', 'dev'], dataDir).code, 0);
  });
});
