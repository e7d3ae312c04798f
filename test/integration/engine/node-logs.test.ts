// Live node logs of a running cluster (issue 6 "Clusters"): cluster.followLogs / cluster.stopLogs
// over the IPC registry, against a sandbox cluster deployed in-process. Lines come from
// `journalctl -f` on the node over SSH (host key checked) as cluster.log events.
import { sysextSource } from '../../../electron/services/cluster/sysext/bakery';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBackend, type Backend } from '../../../electron/backend/backend';
import type { CallContext } from '../../../electron/ipc/registry';
import { loadClusterKeys } from '../../../electron/services/cluster/engine/cluster-keys';
import { DEFAULT_TIMINGS } from '../../../electron/services/cluster/engine/context';
import { deployCluster } from '../../../electron/services/cluster/engine/deployment';
import { journalFollowCommand, journalLineLevel } from '../../../electron/services/cluster/engine/node-logs';
import { NodeSessions } from '../../../electron/services/cluster/engine/node-sessions';
import type { ClusterLog } from '../../../electron/services/cluster/engine/types';
import { EventLog, exampleSpec, FAST_TIMINGS, startEngineFixture, type EngineFixture } from './engine-fixture';
import { withPoolCount } from '../../../shared/domain/cluster-spec';

const call: CallContext = { transport: 'test', signal: new AbortController().signal };

describe('live node logs of a running sandbox cluster', () => {
  const spec = exampleSpec((s) => withPoolCount({ ...s, name: 'logs', resourceGroup: { name: 'logs-rg', create: true } }, 'workers', 1));
  let f: EngineFixture;
  let backend: Backend;
  let sessions: NodeSessions;
  const logs: ClusterLog[] = [];

  before(async () => {
    f = await startEngineFixture();
    const events = new EventLog();
    const r = await deployCluster({ spec, env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: events, timings: FAST_TIMINGS });
    assert.equal(r.status, 'succeeded', `${JSON.stringify(r.error)}\n${events.text()}`);
    backend = createBackend({
      shell: 'browser',
      dataDir: f.dataDir,
      cluster: { store: f.store, secrets: f.secrets, connect: async () => ({ env: f.env, arm: f.arm }), sysext: async () => sysextSource(f.env) },
    });
    backend.hub.connect((channel, event) => {
      if (channel === 'cluster.log') logs.push(event as ClusterLog);
    });
    // A second, independent SSH session to make things happen on the node while we follow.
    const keys = await loadClusterKeys(f.secrets, f.store.paths(spec.name).keysDir, spec);
    assert.ok(keys);
    const facts = (await f.store.journal(spec.name))?.facts ?? {};
    sessions = new NodeSessions({ env: f.env, keys, user: spec.ssh.user, timings: { ...DEFAULT_TIMINGS, ...FAST_TIMINGS }, publicIp: async (n) => facts[`publicIp:${n}`]! });
  });

  after(async () => {
    sessions?.closeAll();
    await backend?.close();
    await f?.close();
  });

  /** Resolves once `pred` holds for the collected events (each new event re-checks). */
  function eventually(pred: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (pred()) return resolve();
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`no ${what}; got:\n${logs.map((l) => `${l.stream} ${l.level} ${l.text}`).join('\n')}`));
      }, 20_000);
      const stop = backend.hub.connect(() => {
        if (!pred()) return;
        clearTimeout(timer);
        stop();
        resolve();
      });
    });
  }

  async function onNode(cmd: string) {
    const s = await sessions.get('cp-0', new AbortController().signal);
    const r = await s.exec(cmd, { sudo: true });
    assert.equal(r.code, 0, r.stderr);
  }

  it('follows kubelet on cp-0: backlog first, then new lines as they are written; stop ends it', async () => {
    const started = await backend.registry.invoke('cluster.followLogs', { name: 'logs', node: 'cp-0', unit: 'kubelet' }, call);
    assert.ok(started.ok, JSON.stringify(started));
    const { followId } = started.value as { followId: string };
    const mine = () => logs.filter((l) => l.cluster === 'logs' && l.stream === 'cp-0');
    await eventually(() => mine().some((l) => /following kubelet\.service on cp-0/.test(l.text)), 'follow notice');
    // The backlog: kubelet's own journal lines from the bootstrap, in journalctl's short format.
    await eventually(() => mine().some((l) => /^\w{3} [ \d]\d \d\d:\d\d:\d\d \S+ (kubelet|systemd)\[\d+\]: /.test(l.text)), 'journal backlog');
    assert.ok(mine().every((l) => !/containerd\.service/.test(l.text)), 'only the kubelet unit');

    const restarts = () => mine().filter((l) => /Started kubelet\.service/.test(l.text)).length;
    const before = restarts();
    await onNode('systemctl restart kubelet');
    await eventually(() => restarts() > before, 'the live "Started kubelet.service" line');

    // A second follow (the whole journal) stays open while the first is stopped.
    const all = await backend.registry.invoke('cluster.followLogs', { name: 'logs', node: 'cp-0', unit: null }, call);
    assert.ok(all.ok);
    const allId = (all.value as { followId: string }).followId;
    assert.notEqual(allId, followId);
    const stopped = await backend.registry.invoke('cluster.stopLogs', { followId }, call);
    assert.deepEqual(stopped, { ok: true, value: { stopped: true } });
    const again = await backend.registry.invoke('cluster.stopLogs', { followId }, call);
    assert.deepEqual(again, { ok: true, value: { stopped: false } });

    // Markers only the whole-journal follow can show (update-engine never logged before): once
    // one arrives, everything written before it (the second follow's backlog) has arrived too.
    const markers = () => mine().filter((l) => /Started update-engine\.service/.test(l.text)).length;
    await onNode('systemctl restart update-engine');
    await eventually(() => markers() === 1, 'first update-engine marker');
    assert.ok(mine().some((l) => /following the whole journal on cp-0/.test(l.text)));
    const baseline = restarts();
    await onNode('systemctl restart kubelet');
    await onNode('systemctl restart update-engine');
    await eventually(() => markers() === 2, 'second update-engine marker');
    // One new kubelet line: through the open follow only; the stopped one delivered nothing.
    assert.equal(restarts(), baseline + 1);
    const stopAll = await backend.registry.invoke('cluster.stopLogs', { followId: allId }, call);
    assert.deepEqual(stopAll, { ok: true, value: { stopped: true } });
  });

  it('refuses an unknown node with a readable error', async () => {
    const r = await backend.registry.invoke('cluster.followLogs', { name: 'logs', node: 'worker-7', unit: null }, call);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'CLUSTER_NODE_UNKNOWN');
    const bad = await backend.registry.invoke('cluster.followLogs', { name: 'logs', node: 'cp-0', unit: 'etcd' }, call);
    assert.equal(bad.ok, false);
  });

  it('remote command and line levels', () => {
    assert.equal(journalFollowCommand('kubelet', 100), 'journalctl --follow --no-pager --output=short --lines=100 --unit=kubelet');
    assert.equal(journalFollowCommand(null, 0), 'journalctl --follow --no-pager --output=short --lines=0');
    assert.equal(journalLineLevel('Apr 12 10:00:00 cp-0 kubelet[2001]: E0412 10:00:00.000000 2001 kubelet.go:1] "boom"'), 'error');
    assert.equal(journalLineLevel('Apr 12 10:00:00 cp-0 kubelet[2001]: W0412 10:00:00.000000 2001 x.go:1] "hm"'), 'warn');
    assert.equal(journalLineLevel('Apr 12 10:00:00 cp-0 systemd[1]: Started kubelet.service.'), 'info');
  });
});
