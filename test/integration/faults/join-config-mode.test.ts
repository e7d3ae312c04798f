/**
 * Issue 13 (secrets): the worker's join configuration carries the bootstrap token. The engine
 * writes it through SSH stdin into a file it made 0600 first (`install -m 0600 /dev/null`), so
 * while it exists on the node, only root can read it. A deployment cancelled as `kubeadm join`
 * starts leaves the file behind (the engine removes it after the join): the test reads it as the
 * SSH user (refused) and as root (the token is there, so the check is not vacuous).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadClusterKeys } from '../../../electron/services/cluster/engine/cluster-keys';
import { DEFAULT_TIMINGS } from '../../../electron/services/cluster/engine/context';
import { NodeSessions } from '../../../electron/services/cluster/engine/node-sessions';
import type { ClusterLog } from '../../../electron/services/cluster/engine/types';
import { EventLog, FAST_TIMINGS, startEngineFixture, type EngineFixture } from '../engine/engine-fixture';
import { deploy, smallSpec } from './fault-fixture';

describe('secrets: the join configuration on a worker', () => {
  let f: EngineFixture;
  before(async () => {
    f = await startEngineFixture();
  });
  after(async () => f?.close());

  it('is readable by root only while it exists', async () => {
    const spec = smallSpec('joinmode');
    const cancel = new AbortController();
    const events = new (class extends EventLog {
      override log(e: ClusterLog) {
        super.log(e);
        if (e.stream === 'worker-0' && /kubeadm join --config/.test(e.text)) cancel.abort();
      }
    })();
    const r = await deploy(f, spec, events, cancel.signal);
    assert.ok(cancel.signal.aborted, `the join was reached:\n${events.text('worker-0')}`);
    assert.notEqual(r.status, 'succeeded');

    const keys = await loadClusterKeys(f.secrets, f.store.paths(spec.name).keysDir, spec);
    assert.ok(keys);
    const facts = (await f.store.journal(spec.name))?.facts ?? {};
    const sessions = new NodeSessions({ env: f.env, keys, user: spec.ssh.user, timings: { ...DEFAULT_TIMINGS, ...FAST_TIMINGS }, publicIp: async (n) => facts[`publicIp:${n}`]! });
    try {
      const s = await sessions.get('worker-0', new AbortController().signal);
      const asRoot = await s.exec('cat /etc/kubeadm/join.yaml', { sudo: true });
      assert.equal(asRoot.code, 0, asRoot.stderr);
      assert.match(asRoot.stdout, /token: [a-z0-9]{6}\.[a-z0-9]{16}/, 'the file left behind holds the token');
      const asUser = await s.exec('cat /etc/kubeadm/join.yaml');
      assert.notEqual(asUser.code, 0, 'the SSH user cannot read the token');
      assert.match(asUser.stderr, /Permission denied/);
    } finally {
      sessions.closeAll();
    }
  });
});
