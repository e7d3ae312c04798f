import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sysextSource } from '../../../electron/services/cluster/sysext/bakery';
import { after, before, describe, it } from 'node:test';
import { createBackend, type Backend } from '../../../electron/backend/backend';
import type { CallContext } from '../../../electron/ipc/registry';
import { exampleSpec, startEngineFixture, type EngineFixture } from './engine-fixture';

const call: CallContext = { transport: 'test', signal: new AbortController().signal };

describe('cluster IPC handlers (backend over the sandbox)', () => {
  let f: EngineFixture;
  let backend: Backend;
  const events: { channel: string; event: unknown }[] = [];
  before(async () => {
    f = await startEngineFixture();
    backend = createBackend({
      shell: 'browser',
      dataDir: f.dataDir,
      cluster: { store: f.store, secrets: f.secrets, connect: async () => ({ env: f.env, arm: f.arm }), sysext: async () => sysextSource(f.env) },
    });
    backend.hub.connect((channel, event) => events.push({ channel, event }));
  });
  after(async () => {
    await backend?.close();
    await f?.close();
  });

  it('create -> progress/log/finished events -> list -> kubeconfig -> destroy', async () => {
    const spec = { ...exampleSpec(), name: 'ipc', resourceGroup: { name: 'ipc-rg', create: true }, nodePools: [{ name: 'workers', count: 1, size: 'Standard_B2s' }] };
    const bad = await backend.registry.invoke('cluster.create', { spec: { ...spec, name: 'Bad Name' } }, call);
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.error.code, 'CLUSTER_SPEC_INVALID');

    const finished = new Promise<unknown>((resolve) => {
      const stop = backend.hub.connect((channel, event) => {
        if (channel === 'cluster.finished') {
          stop();
          resolve(event);
        }
      });
    });
    const started = await backend.registry.invoke('cluster.create', { spec }, call);
    assert.deepEqual(started, { ok: true, value: { name: 'ipc' } });
    const listed = await backend.registry.invoke('cluster.list', undefined, call);
    assert.equal(listed.ok && (listed.value as { state: string }[])[0]?.state, 'running');
    const done = (await finished) as { outcome: string; kubeconfigPath?: string; finishedAt?: number };
    assert.equal(done.outcome, 'succeeded', JSON.stringify(done));
    // The event says when the operation ended, as its record does (what a page shows after a reload).
    const op = await backend.registry.invoke('cluster.operation', { name: 'ipc' }, call);
    assert.ok(op.ok, JSON.stringify(op));
    assert.equal(done.finishedAt, (op.value as { operation: { finishedAt: number | null } }).operation.finishedAt);
    assert.ok(events.some((e) => e.channel === 'cluster.progress'));
    assert.ok(events.some((e) => e.channel === 'cluster.log' && (e.event as { stream: string }).stream === 'worker-0'));

    // Exports of a live cluster carry the pin its nodes were created with (recorded with the cluster).
    const recorded = (await f.store.get('ipc'))?.sysextPin;
    assert.match(recorded?.hash ?? '', /^sha256-[0-9a-f]{64}$/);
    const sysextOf = (ex: unknown) => {
      const cp = JSON.parse((ex as { ignition: Record<string, string> }).ignition['cp-0']!) as { storage: { files: { path: string; contents: { source: string; verification?: { hash: string } } }[] } };
      return cp.storage.files.find((x) => x.path.endsWith('.raw'))!.contents;
    };
    const live = await backend.registry.invoke('cluster.exports', { spec }, call);
    assert.ok(live.ok);
    assert.deepEqual(sysextOf(live.value), { source: recorded!.url, verification: { hash: recorded!.hash } });

    // The renderer gets where the kubeconfig is (what the Done step shows), never the admin
    // credential inside it: no client key, no client certificate, no token.
    const kc = await backend.registry.invoke('cluster.kubeconfig', { name: 'ipc' }, call);
    assert.ok(kc.ok, JSON.stringify(kc));
    assert.deepEqual(kc.value, { path: f.store.paths('ipc').kubeconfig });
    assert.match(readFileSync(f.store.paths('ipc').kubeconfig, 'utf8'), /current-context: flatkube-ipc/);
    const destroyFinished = new Promise<{ operation: string; finishedAt?: number }>((resolve) => {
      const stop = backend.hub.connect((channel, event) => {
        if (channel === 'cluster.finished') {
          stop();
          resolve(event as { operation: string; finishedAt?: number });
        }
      });
    });
    const destroyed = await backend.registry.invoke('cluster.destroy', { name: 'ipc' }, call);
    assert.deepEqual(destroyed, { ok: true, value: { leftovers: [] } });
    // The destroy's finished event says when it ended, as its record does.
    const destroyDone = await destroyFinished;
    const destroyOp = await backend.registry.invoke('cluster.operation', { name: 'ipc' }, call);
    assert.equal(destroyDone.operation, 'destroy');
    assert.ok(destroyOp.ok, JSON.stringify(destroyOp));
    assert.equal(destroyDone.finishedAt, (destroyOp.value as { operation: { kind: string; finishedAt: number | null } }).operation.finishedAt);
    const after = await backend.registry.invoke('cluster.list', undefined, call);
    assert.equal(after.ok && (after.value as { state: string }[])[0]?.state, 'deleted');
    const exportsR = await backend.registry.invoke('cluster.exports', { spec }, call);
    assert.ok(exportsR.ok && Object.keys((exportsR.value as { ignition: object }).ignition).length === 2);
    // A version the cluster did not use is resolved from the bakery afresh.
    const other = await backend.registry.invoke('cluster.exports', { spec: { ...spec, kubernetesVersion: '1.36.1' } }, call);
    assert.ok(other.ok);
    assert.match(sysextOf(other.value).source, /\/_bakery\/releases\/download\/kubernetes-v1\.36\.1\/kubernetes-v1\.36\.1-x86-64\.raw$/);
  });
});
