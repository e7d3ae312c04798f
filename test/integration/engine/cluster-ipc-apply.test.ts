/**
 * The cluster's life over IPC, through the same backend the app builds: cluster.plan shows what an
 * apply would do, cluster.apply runs it (a second one while it runs is refused naming it),
 * cluster.cancel stops it with the operation recorded as cancelled, cluster.resume continues that
 * same operation, cluster.status reports nodes and history.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBackend, type Backend } from '../../../electron/backend/backend';
import type { CallContext } from '../../../electron/ipc/registry';
import { sysextSource } from '../../../electron/services/cluster/sysext/bakery';
import { withPoolCount } from '../../../shared/domain/cluster-spec';
import type { ClusterFinished, ClusterProgress, ClusterStatus, OperationPreview } from '../../../shared/ipc/channels/cluster';
import { exampleSpec, startEngineFixture, type EngineFixture } from './engine-fixture';

const call: CallContext = { transport: 'test', signal: new AbortController().signal };

describe('cluster IPC: plan, apply, cancel, resume, status', () => {
  let f: EngineFixture;
  let backend: Backend;
  const spec = exampleSpec((s) => withPoolCount({ ...s, name: 'ipcapply', resourceGroup: { name: 'ipcapply-rg', create: true } }, 'workers', 1));
  const finished = () =>
    new Promise<ClusterFinished>((resolve) => {
      const stop = backend.hub.connect((channel, event) => {
        if (channel === 'cluster.finished') {
          stop();
          resolve(event as ClusterFinished);
        }
      });
    });
  before(async () => {
    f = await startEngineFixture();
    backend = createBackend({
      shell: 'browser',
      dataDir: f.dataDir,
      cluster: { store: f.store, secrets: f.secrets, connect: async () => ({ env: f.env, arm: f.arm }), sysext: async () => sysextSource(f.env) },
    });
  });
  after(async () => {
    await backend?.close();
    await f?.close();
  });

  it('apply of a new cluster creates it; plan of the same spec then has nothing to do', async () => {
    const done = finished();
    const r = await backend.registry.invoke('cluster.apply', { spec }, call);
    assert.deepEqual(r, { ok: true, value: { name: 'ipcapply', operation: 'create' } });
    assert.equal((await done).outcome, 'succeeded');
    // The Change page's starting point: the spec as the record holds it.
    const recorded = await backend.registry.invoke('cluster.spec', { name: 'ipcapply' }, call);
    assert.ok(recorded.ok, JSON.stringify(recorded));
    assert.deepEqual((recorded.value as { spec: unknown }).spec, (await f.store.require('ipcapply')).spec);
    const plan = await backend.registry.invoke('cluster.plan', { spec }, call);
    assert.ok(plan.ok);
    assert.deepEqual((plan.value as OperationPreview).steps, []);
    // The upgrade over IPC: its plan, node by node, and a refusal as an envelope with its code.
    const upgrade = await backend.registry.invoke('cluster.planUpgrade', { name: 'ipcapply', kubernetesVersion: '1.36.0' }, call);
    assert.ok(upgrade.ok);
    assert.equal((upgrade.value as OperationPreview).kind, 'upgrade');
    assert.deepEqual((upgrade.value as OperationPreview).steps.map((s) => s.id).slice(0, 3), ['cordon:cp-0', 'drain:cp-0', 'sysext:cp-0']);
    const refused = await backend.registry.invoke('cluster.upgrade', { name: 'ipcapply', kubernetesVersion: '1.34.5' }, call);
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, 'CLUSTER_UPGRADE_REFUSED');
  });

  it('an apply cancelled mid-way is recorded cancelled; a second one meanwhile is refused naming it; resume finishes the same operation', async () => {
    const bigger = withPoolCount(spec, 'workers', 2);
    const plan = await backend.registry.invoke('cluster.plan', { spec: bigger }, call);
    assert.ok(plan.ok);
    assert.deepEqual((plan.value as OperationPreview).add.map((a) => a.node), ['worker-1']);

    // Cancel once the new VM is being created.
    const stop = backend.hub.connect((channel, event) => {
      const e = event as ClusterProgress;
      if (channel === 'cluster.progress' && e.stepId === 'vm:worker-1' && e.status === 'running') {
        stop();
        void backend.registry.invoke('cluster.cancel', { name: 'ipcapply' }, call);
      }
    });
    const cancelled = finished();
    const started = await backend.registry.invoke('cluster.apply', { spec: bigger }, call);
    assert.ok(started.ok, JSON.stringify(started));
    const busy = await backend.registry.invoke('cluster.apply', { spec: bigger }, call);
    assert.equal(!busy.ok && busy.error.code, 'CLUSTER_LOCKED');
    assert.match(!busy.ok ? busy.error.message : '', new RegExp(`cluster ipcapply is busy: apply \\(operation apply-\\S+, pid ${process.pid}, `));
    assert.deepEqual([(await cancelled).operation, (await cancelled).outcome], ['apply', 'cancelled']);
    const rec = await f.store.require('ipcapply');
    const op = rec.operations.at(-1)!;
    assert.deepEqual([op.kind, op.state], ['apply', 'cancelled']);

    const resumedDone = finished();
    const resumed = await backend.registry.invoke('cluster.resume', { name: 'ipcapply' }, call);
    assert.deepEqual(resumed, { ok: true, value: { name: 'ipcapply' } });
    assert.equal((await resumedDone).outcome, 'succeeded');
    const after = await f.store.require('ipcapply');
    assert.deepEqual(after.operations.map((o) => `${o.kind}:${o.state}`), ['create:succeeded', 'apply:succeeded'], 'the cancelled apply, finished');
    assert.equal(after.operations[1]!.id, op.id);

    const status = await backend.registry.invoke('cluster.status', { name: 'ipcapply' }, call);
    assert.ok(status.ok, JSON.stringify(status));
    const s = status.value as ClusterStatus;
    assert.equal(s.state, 'created');
    assert.deepEqual(s.nodes.map((n) => [n.name, n.ready]), [['cp-0', true], ['worker-0', true], ['worker-1', true]]);
    const listed = await backend.registry.invoke('cluster.list', undefined, call);
    assert.ok(listed.ok);
    assert.deepEqual((listed.value as { nodeNames: string[] }[])[0]!.nodeNames, ['cp-0', 'worker-0', 'worker-1']);
  });

  it('destroy', async () => {
    const r = await backend.registry.invoke('cluster.destroy', { name: 'ipcapply' }, call);
    assert.deepEqual(r, { ok: true, value: { leftovers: [] } });
  });
});
