/**
 * Scaling through the ClusterService in the sandbox (in process, real SDK clients and SSH): a
 * pool's count up (new VMs join in parallel), down (cordon, drain, VM, NIC, disk and public IP
 * deleted, the Node object gone), a pool added and another removed; every removed resource is
 * gone from Azure and from the record's ownership, every kept node untouched.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { withPoolCount, type ClusterSpec } from '../../../shared/domain/cluster-spec';
import { ClusterService } from '../../../electron/services/cluster/service/cluster-service';
import { listTaggedResources } from '../../../electron/services/cluster/engine/teardown';
import { kubeOk } from '../../../electron/services/kube/kube-http';
import { nodeResources as armNodeResources } from '../../helpers/arm-inventory';
import { EventLog, exampleSpec, FAST_TIMINGS, startEngineFixture, type EngineFixture } from './engine-fixture';

async function waitFor(ok: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('engine: scaling node pools with apply', () => {
  let f: EngineFixture;
  let service: ClusterService;
  let events: EventLog;
  const base = exampleSpec((s) => ({ ...s, name: 'scale', resourceGroup: { name: 'scale-rg', create: true } }));
  before(async () => {
    f = await startEngineFixture();
    events = new EventLog();
    service = new ClusterService({ store: f.store, secrets: f.secrets, connect: async () => ({ env: f.env, arm: f.arm }), emit: events, timings: FAST_TIMINGS });
  });
  after(async () => f?.close());

  /** Which of a node's four resources exist in the sandbox's ARM. */
  const nodeResources = (spec: ClusterSpec, node: string) => armNodeResources(f.arm, spec.name, spec.resourceGroup.name, node);
  async function readyNodes(): Promise<string[]> {
    const s = await service.status('scale');
    return s.nodes.filter((n) => n.ready).map((n) => n.name).sort();
  }

  it('apply creates the cluster when it does not exist (pool of 2: 3 nodes Ready)', async () => {
    const r = await service.run({ kind: 'apply', spec: base });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    assert.equal(r.kind, 'create', 'apply of a new cluster is its create');
    assert.deepEqual(await readyNodes(), ['cp-0', 'worker-0', 'worker-1']);
    assert.match(events.text('local'), /no cluster named scale yet: apply creates it/);
  });

  it('the same spec again: nothing to do, nothing recorded', async () => {
    const r = await service.run({ kind: 'apply', spec: base });
    assert.equal(r.nothingToDo, true);
    assert.equal((await f.store.require('scale')).operations.length, 1);
  });

  it('count 2 -> 3: only the new node\'s steps run; it joins; 4 nodes Ready', async () => {
    const spec = withPoolCount(base, 'workers', 3);
    const preview = await service.preview({ kind: 'apply', spec });
    assert.deepEqual(preview.add.map((a) => `${a.node}@${a.privateIp}`), ['worker-2@10.0.1.12']);
    assert.deepEqual(preview.remove, []);
    assert.deepEqual(preview.keep.sort(), ['cp-0', 'worker-0', 'worker-1']);
    assert.deepEqual(
      preview.steps.map((s) => s.id),
      // 'identity': the new VM carries the cluster's identity, read again (plan/azure-steps.ts).
      ['identity', 'pip:worker-2', 'nic:worker-2', 'ignition:worker-2', 'vm:worker-2', 'ssh:worker-2', 'join-command', 'join:worker-2', 'nodes-ready'],
    );
    const r = await service.run({ kind: 'apply', spec });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    assert.equal(r.kind, 'apply');
    assert.deepEqual(await readyNodes(), ['cp-0', 'worker-0', 'worker-1', 'worker-2']);
    const rec = await f.store.require('scale');
    assert.deepEqual(rec.operations.map((o) => `${o.kind}:${o.state}`), ['create:succeeded', 'apply:succeeded']);
    assert.match(rec.operations[1]!.journal, /^operations\/apply-\d{8}T\d{6}Z-[0-9a-f]{4}\.json$/);
    assert.equal((await f.store.journal('scale'))?.steps['vm:worker-2']?.status, 'done');
  });

  /** Pods of the test's Deployment and where they run. */
  async function webPods(): Promise<{ name: string; node?: string; phase?: string }[]> {
    const kc = readFileSync(f.store.paths('scale').kubeconfig, 'utf8');
    const list = await kubeOk<{ items: { metadata: { name: string }; spec: { nodeName?: string }; status: { phase?: string } }[] }>(kc, '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb');
    return list.items.map((p) => ({ name: p.metadata.name, ...(p.spec.nodeName ? { node: p.spec.nodeName } : {}), ...(p.status.phase ? { phase: p.status.phase } : {}) }));
  }

  it('count 3 -> 1: workers 1 and 2 are drained and deleted with their NIC, disk and public IP; 2 nodes Ready', async () => {
    // Something to drain: six replicas spread over the three workers.
    const kc = readFileSync(f.store.paths('scale').kubeconfig, 'utf8');
    await kubeOk(kc, '/apis/apps/v1/namespaces/default/deployments', {
      method: 'POST',
      body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 6, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } } },
    });
    await waitFor(async () => (await webPods()).filter((p) => p.phase === 'Running').length === 6, 'six web pods Running');
    const spread = new Set((await webPods()).map((p) => p.node));
    assert.ok(spread.has('worker-1') || spread.has('worker-2'), `pods on the workers to remove: ${[...spread].join(', ')}`);

    const spec = withPoolCount(base, 'workers', 1);
    const before = (await f.store.require('scale')).ownership!.resources.length;
    const r = await service.run({ kind: 'apply', spec });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error) + events.text());
    assert.deepEqual(await readyNodes(), ['cp-0', 'worker-0']);
    for (const n of ['worker-1', 'worker-2']) assert.deepEqual(await nodeResources(spec, n), [], n);
    // The sandbox keeps a VM's OS disk inside the VM (no Microsoft.Compute/disks resource of its
    // own, sandbox/src/providers/compute/vm-model.ts), so a kept node shows three.
    assert.deepEqual((await nodeResources(spec, 'worker-0')).filter((r) => r !== 'disk'), ['vm', 'nic', 'pip']);
    const rec = await f.store.require('scale');
    assert.deepEqual(rec.nodes.map((n) => n.name), ['cp-0', 'worker-0']);
    assert.equal(rec.ownership!.resources.length, before - 8, 'the deleted ids left the record');
    assert.ok(!rec.ownership!.resources.some((id) => /worker-[12]/.test(id)));
    // The drain went through the Kubernetes API, kubectl's way.
    assert.match(events.text('worker-1'), /node\/worker-1 cordoned/);
    assert.match(events.text('worker-1'), /node\/worker-1 drained/);
    assert.match(events.text('worker-1'), /node "worker-1" deleted/);
    assert.match(events.text(), /evicting pod default\/web-/);
    // The Deployment's pods run again, all on the node that stays (cp-0 carries its taint).
    await waitFor(async () => {
      const pods = await webPods();
      return pods.length === 6 && pods.every((p) => p.phase === 'Running' && p.node === 'worker-0');
    }, 'six web pods Running on worker-0');
  });

  it('a pool added and the old one removed in one apply: new nodes join before the old are drained', async () => {
    const spec: ClusterSpec = { ...base, nodePools: [{ name: 'general', count: 2, size: 'Standard_B2s' }] };
    const preview = await service.preview({ kind: 'apply', spec });
    assert.deepEqual(preview.add.map((a) => a.node), ['general-0', 'general-1']);
    assert.deepEqual(preview.remove.map((a) => a.node), ['worker-0']);
    const drain = preview.steps.find((s) => s.id === 'drain:worker-0')!;
    assert.deepEqual(drain.dependsOn.sort(), ['cordon:worker-0', 'join:general-0', 'join:general-1']);
    const r = await service.run({ kind: 'apply', spec });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    assert.deepEqual(await readyNodes(), ['cp-0', 'general-0', 'general-1']);
    assert.deepEqual(await nodeResources(spec, 'worker-0'), []);
    const s = await service.status('scale');
    assert.deepEqual(s.nodes.map((n) => `${n.name}/${n.role}/${n.pool}/${n.vmSize}`), ['cp-0/control-plane/null/Standard_B2s', 'general-0/worker/general/Standard_B2s', 'general-1/worker/general/Standard_B2s']);
    // worker-0's address (.10) is free again; the new pool took the lowest free ones.
    assert.deepEqual((await f.store.require('scale')).nodes.map((n) => `${n.name}@${n.privateIp}`), ['cp-0@10.0.1.4', 'general-0@10.0.1.11', 'general-1@10.0.1.12']);
  });

  it('refuses what apply cannot change, naming each field, before anything runs', async () => {
    const bad: ClusterSpec = { ...base, location: 'northeurope', controlPlane: { count: 3, size: 'Standard_B2s' }, nodePools: [{ name: 'general', count: 2, size: 'Standard_D2s_v5' }] };
    await assert.rejects(service.run({ kind: 'apply', spec: bad }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'CLUSTER_CHANGE_UNSUPPORTED');
      assert.match(err.message, /location: .*controlPlane\.count: the number of control planes is chosen at creation.*nodePools general: its nodes keep their size Standard_B2s/);
      return true;
    });
    await assert.rejects(service.run({ kind: 'create', spec: withPoolCount(base, 'general', 5) }), { code: 'CLUSTER_SPEC_CHANGED' });
  });

  it('destroy leaves nothing tagged for the cluster', async () => {
    const r = await service.run({ kind: 'destroy', name: 'scale' });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    assert.deepEqual(await listTaggedResources(f.arm, 'scale'), []);
    const rec = await f.store.require('scale');
    assert.equal(rec.state, 'deleted');
    assert.deepEqual(rec.operations.map((o) => o.kind), ['create', 'apply', 'apply', 'apply', 'destroy']);
  });
});
