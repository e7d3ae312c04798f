/**
 * Flatcar updates end to end in the sandbox (instant pace): two clusters of one control plane and
 * one worker, one with Kured (the default), one with automatic reboots off. The sandbox announces
 * a new Flatcar release; every node's update-engine stages it. With Kured the nodes reboot into it
 * one at a time, each cordoned and drained first, and come back Ready on the new version (the
 * Kubernetes API's events and `status` show it); with reboots off the update waits and nothing
 * reboots.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { ClusterSpec } from '../../../shared/domain/cluster-spec';
import type { ClusterStatus } from '../../../shared/ipc/channels/cluster';
import { ClusterService } from '../../../electron/services/cluster/service/cluster-service';
import { loadClusterKeys } from '../../../electron/services/cluster/engine/cluster-keys';
import { DEFAULT_TIMINGS } from '../../../electron/services/cluster/engine/context';
import { NodeSessions } from '../../../electron/services/cluster/engine/node-sessions';
import { kubeOk, kubeRequest } from '../../../electron/services/kube/kube-http';
import { EventLog, exampleSpec, FAST_TIMINGS, startEngineFixture, type EngineFixture } from './engine-fixture';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

async function waitFor<T>(get: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await sleep(100);
  }
}

const small = (name: string, reboots: 'kured' | 'off') => (s: ClusterSpec): ClusterSpec => ({
  ...s,
  name,
  resourceGroup: { name: `${name}-rg`, create: true },
  nodePools: [{ name: 'workers', count: 1, size: 'Standard_B2s' }],
  updates: { reboots },
});

/** The time an event was recorded, from its name (client-go's: `<object>.<hex nanoseconds>`). */
const eventOrder = (e: Any) => BigInt(`0x${String(e.metadata.name).split('.').at(-1)}`);

describe('Flatcar updates: Kured reboots one node at a time; with reboots off nothing reboots', () => {
  let f: EngineFixture;
  let service: ClusterService;
  const on = exampleSpec(small('upd', 'kured'));
  const off = exampleSpec(small('upd-off', 'off'));
  before(async () => {
    f = await startEngineFixture();
    service = new ClusterService({ store: f.store, secrets: f.secrets, connect: async () => ({ env: f.env, arm: f.arm }), emit: new EventLog(), timings: FAST_TIMINGS });
    for (const spec of [on, off]) {
      const r = await service.run({ kind: 'apply', spec });
      assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    }
  });
  after(async () => f?.close());

  const kubeconfig = (name: string) => readFileSync(f.store.paths(name).kubeconfig, 'utf8');
  const bootIds = async (name: string) => {
    await service.status(name); // points the saved kubeconfig at the API server's current address
    const list = await kubeOk<{ items: Any[] }>(kubeconfig(name), '/api/v1/nodes');
    return Object.fromEntries(list.items.map((n) => [n.metadata.name, n.status.nodeInfo.bootID as string]));
  };

  it('an announced release rolls through the Kured cluster, drained node by node; the other only stages it', async () => {
    const before = await service.status('upd');
    assert.deepEqual(before.updates, { strategy: 'kured', pendingReboots: [] });
    const was = before.nodes[0]!.flatcarVersion!;
    assert.ok(was && before.nodes.every((n) => n.flatcarVersion === was && n.ready), JSON.stringify(before.nodes));
    const next = `${Number(was.split('.')[0]) + 1}.0.0`;
    const offBoots = await bootIds('upd-off');
    // Something to drain off the worker (the control plane's taint keeps it there).
    await kubeOk(kubeconfig('upd'), '/apis/apps/v1/namespaces/default/deployments', {
      method: 'POST',
      body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } } },
    });
    const webPod = async () => (await kubeOk<{ items: Any[] }>(kubeconfig('upd'), '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb')).items.filter((p) => p.status.phase === 'Running');
    const [first] = await waitFor(webPod, (p) => p.length === 1, 'the web pod Running');
    assert.equal(first.spec.nodeName, 'worker-0');

    const announced = await f.sb.api.announceFlatcarRelease(next);
    assert.equal(announced.version, next);
    assert.equal(announced.staged.length, 4, 'every node of both clusters staged it');

    const done = await waitFor(
      () => service.status('upd'),
      (s: ClusterStatus) => s.nodes.every((n) => n.ready && n.flatcarVersion === next) && s.updates.pendingReboots?.length === 0,
      `every node of upd Ready on ${next}`,
    );
    assert.deepEqual(done.updates, { strategy: 'kured', pendingReboots: [] });

    // The order of things, from the cluster's events: each node cordoned, then rebooted, then
    // uncordoned, never two at once; the worker's pod evicted before the worker rebooted.
    const events = (await kubeOk<{ items: Any[] }>(kubeconfig('upd'), '/api/v1/namespaces/default/events')).items.sort((a, b) => (eventOrder(a) < eventOrder(b) ? -1 : 1));
    const steps = events
      .filter((e) => e.involvedObject.kind === 'Node' && ['NodeNotSchedulable', 'Rebooted', 'NodeSchedulable'].includes(e.reason))
      .map((e) => `${e.involvedObject.name}:${e.reason}`);
    const cordoned = new Set<string>();
    for (const s of steps) {
      const [node, reason] = s.split(':') as [string, string];
      if (reason === 'NodeNotSchedulable') cordoned.add(node);
      if (reason === 'NodeSchedulable') cordoned.delete(node);
      if (reason === 'Rebooted') assert.ok(cordoned.has(node), `${node} rebooted while schedulable: ${steps.join(' ')}`);
      assert.ok(cordoned.size <= 1, `two nodes cordoned at once: ${steps.join(' ')}`);
    }
    for (const node of ['cp-0', 'worker-0']) {
      assert.deepEqual(steps.filter((s) => s.startsWith(`${node}:`)), [`${node}:NodeNotSchedulable`, `${node}:Rebooted`, `${node}:NodeSchedulable`]);
    }
    const killed = events.find((e) => e.reason === 'Killing' && e.involvedObject.name === first.metadata.name);
    const workerRebooted = events.find((e) => e.reason === 'Rebooted' && e.involvedObject.name === 'worker-0');
    assert.ok(killed && eventOrder(killed) < eventOrder(workerRebooted), 'the web pod was stopped (evicted) before worker-0 rebooted');
    // Kured released its lock; the pod runs again on the uncordoned worker.
    const ds = await kubeOk<Any>(kubeconfig('upd'), '/apis/apps/v1/namespaces/kube-system/daemonsets/kured');
    assert.equal(ds.metadata.annotations?.['weave.works/kured-node-lock'], undefined);
    await waitFor(webPod, (p) => p.length === 1 && p[0].spec.nodeName === 'worker-0', 'the web pod Running again on worker-0');

    // Reboots off: no Kured, the update waits on every node, nothing rebooted.
    const offStatus = await service.status('upd-off');
    assert.deepEqual(offStatus.updates, { strategy: 'off', pendingReboots: null });
    assert.ok(offStatus.nodes.every((n) => n.ready && n.flatcarVersion === was), JSON.stringify(offStatus.nodes));
    assert.deepEqual(await bootIds('upd-off'), offBoots);
    assert.equal((await kubeRequest(kubeconfig('upd-off'), '/apis/apps/v1/namespaces/kube-system/daemonsets/kured')).status, 404);
    const keys = await loadClusterKeys(f.secrets, f.store.paths('upd-off').keysDir, off);
    const facts = (await f.store.journal('upd-off'))?.facts ?? {};
    const sessions = new NodeSessions({ env: f.env, keys: keys!, user: off.ssh.user, timings: { ...DEFAULT_TIMINGS, ...FAST_TIMINGS }, publicIp: async (n) => facts[`publicIp:${n}`]! });
    try {
      for (const node of ['cp-0', 'worker-0']) {
        const session = await sessions.get(node, new AbortController().signal);
        const st = await session.exec('update_engine_client -status', {});
        assert.match(st.stdout, /^CURRENT_OP=UPDATE_STATUS_UPDATED_NEED_REBOOT$/m, node);
        assert.match(st.stdout, new RegExp(`^NEW_VERSION=${next.replace(/\./g, '\\.')}$`, 'm'), node);
        assert.equal((await session.exec('test -e /run/reboot-required', {})).code, 0, `${node} asks for a reboot`);
      }
    } finally {
      sessions.closeAll();
    }
  });
});
