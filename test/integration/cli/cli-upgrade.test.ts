/**
 * `flatkube upgrade` in the sandbox, as a user runs it (issue 15's upgrades), kept to a few runs
 * of the CLI (each starts the sandbox): a cluster created with the example's defaults (Kubernetes
 * 1.35.3); an upgrade to the next minor killed with SIGKILL in the middle of a worker leaves its
 * lock and an unfinished operation, and the same command again takes the lock over and continues
 * that operation's journal. Every node then reports the new version, Ready, and `status --json`
 * offers the next patch. (Refusals, a failed node and the plan: test/integration/engine/upgrade.test.ts.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { example, flatkube, startFlatkube } from './life-cli';

interface Status {
  state: string;
  nodes: { name: string; ready: boolean; kubernetesVersion: string | null }[];
  operations: { kind: string; state: string }[];
  upgrades: string[];
}

describe('flatkube upgrade (sandbox)', () => {
  let dataDir: string;
  const status = (): Status => {
    const r = flatkube(['status', 'dev', '--json'], dataDir);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as Status;
  };
  const record = () => JSON.parse(readFileSync(join(dataDir, 'clusters/dev/cluster.json'), 'utf8')) as { operations: { id: string; kind: string; state: string; journal: string }[] };

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'fk-upgrade-cli-'));
    const r = flatkube(['create', '--spec', example, '--sandbox'], dataDir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('an upgrade killed with SIGKILL mid-way resumes to completion: every node at the new version, Ready', async () => {
    const killed = startFlatkube(['upgrade', 'dev', '--kubernetes', '1.36.0'], dataDir);
    await killed.waitFor(/done\s+kubeadm-upgrade:worker-0:/);
    killed.child.kill('SIGKILL');
    await killed.exit;
    assert.match(killed.output(), /^plan: upgrade of dev in the sandbox: 0 node\(s\) to add, 0 to remove, 0 unchanged; 19 step\(s\)$/m);
    assert.match(killed.output(), /^ {2}~ cp-0, then worker-0, then worker-1 \(one at a time: /m);
    assert.doesNotMatch(killed.output(), /runs Kubernetes/);
    const op = record().operations.at(-1)!;
    assert.deepEqual([op.kind, op.state], ['upgrade', 'running']);
    const mid = status();
    assert.equal(mid.state, 'unfinished');
    assert.deepEqual(mid.nodes.map((n) => n.kubernetesVersion), ['v1.36.0', 'v1.35.3', 'v1.35.3'], 'worker-0 was killed before its kubelet restarted');
    assert.deepEqual(mid.upgrades, ['1.36.0', '1.36.1'], 'the cluster\'s version changes when the upgrade is done');

    const resumed = flatkube(['upgrade', 'dev', '--kubernetes', '1.36.0'], dataDir);
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    assert.match(resumed.stdout, new RegExp(`took over the lock of upgrade ${op.id} \\(pid ${killed.child.pid} on this host`));
    assert.match(resumed.stdout, new RegExp(`^plan: upgrade of dev in the sandbox, continuing ${op.id}: 0 node\\(s\\) to add, 0 to remove, 1 unchanged; 13 step\\(s\\)$`, 'm'));
    assert.match(resumed.stdout, /^ {2}= cp-0 \(unchanged\)\n {2}~ worker-0, then worker-1 \(one at a time: /m);
    assert.match(resumed.stdout, /^cluster dev runs Kubernetes 1\.36\.0$/m);
    const journal = JSON.parse(readFileSync(join(dataDir, 'clusters/dev', op.journal), 'utf8')) as { attempts: number; steps: Record<string, { runs: number; status: string }> };
    assert.equal(journal.attempts, 2);
    for (const id of ['sysext:cp-0', 'kubeadm-upgrade:cp-0', 'addon:cloud-provider', 'sysext:worker-0', 'kubeadm-upgrade:worker-0']) assert.equal(journal.steps[id]?.runs, 1, `${id} ran once`);
    assert.ok(Object.values(journal.steps).every((s) => s.status === 'done'));

    const s = status();
    assert.equal(s.state, 'created');
    assert.deepEqual(s.nodes.map((n) => [n.name, n.kubernetesVersion, n.ready]), [['cp-0', 'v1.36.0', true], ['worker-0', 'v1.36.0', true], ['worker-1', 'v1.36.0', true]]);
    assert.deepEqual(s.operations.map((o) => `${o.kind}:${o.state}`), ['create:succeeded', 'upgrade:succeeded']);
    assert.deepEqual(s.upgrades, ['1.36.1']);
  });
});
