/**
 * Security suite: an SSH host-key mismatch, as the wizard sees it. The engine suite proves the
 * engine refuses the node; this goes through the backend's IPC registry and event hub: the
 * resumed deployment ends failed, the cluster.finished event, the node's log pane and the
 * cluster list all carry the refusal with both fingerprints, nothing ran on the node, and the
 * cluster still tears down to nothing.
 */
import { sysextSource } from '../../../electron/services/cluster/render/sysext-checksums';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBackend, type Backend } from '../../../electron/backend/backend';
import type { CallContext } from '../../../electron/ipc/registry';
import { hostKeyName } from '../../../electron/services/cluster/engine/cluster-keys';
import { saveClusterKey } from '../../../electron/services/ssh/cluster-key-store';
import { generateHostKeyPair } from '../../../electron/services/ssh/keys';
import type { ClusterFinished, ClusterLog, ClusterSummary } from '../../../shared/ipc/channels/cluster';
import { EventLog, startEngineFixture, type EngineFixture } from '../engine/engine-fixture';
import { deploy, sandboxLeftovers, smallSpec } from '../faults/fault-fixture';

const call: CallContext = { transport: 'test', signal: new AbortController().signal };
const MISMATCH = /Host key mismatch .* expected SHA256:\S+, the server presented SHA256:\S+\. The connection was refused/;

describe('security: a host-key mismatch reaches the wizard as a refusal', () => {
  let f: EngineFixture;
  let backend: Backend;
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

  it('resume against a node with another host key: failed, with both fingerprints, in events, logs and the list', async () => {
    const spec = smallSpec('hkwiz', 0);
    // First run stops once the VM exists (the node has host key A).
    const ac = new AbortController();
    const first = new EventLog();
    first.progress = (e) => {
      if (e.stepId === 'vm:cp-0' && e.status === 'done') ac.abort();
    };
    assert.equal((await deploy(f, spec, first, ac.signal)).status, 'cancelled');
    // Flatkube now expects key B: another machine answers at that address.
    await saveClusterKey(f.secrets, f.store.paths(spec.name).keysDir, spec.name, generateHostKeyPair('cp-0'), hostKeyName('cp-0'));

    const logs: ClusterLog[] = [];
    const finished = new Promise<ClusterFinished>((resolve) => {
      const stop = backend.hub.connect((channel, event) => {
        if (channel === 'cluster.log') logs.push(event as ClusterLog);
        if (channel === 'cluster.finished') {
          stop();
          resolve(event as ClusterFinished);
        }
      });
    });
    const resumed = await backend.registry.invoke('cluster.resume', { name: spec.name }, call);
    assert.deepEqual(resumed, { ok: true, value: { name: spec.name } });
    const done = await finished;
    assert.equal(done.outcome, 'failed');
    assert.match(done.error?.message ?? '', MISMATCH);

    const cpLog = logs.filter((l) => l.stream === 'cp-0');
    assert.ok(cpLog.some((l) => l.level === 'error' && MISMATCH.test(l.text)), 'the node pane shows the refusal');
    assert.ok(!cpLog.some((l) => l.text.startsWith('$ ')), 'no command ran on the node');

    const listed = await backend.registry.invoke('cluster.list', undefined, call);
    assert.ok(listed.ok);
    const summary = (listed.value as ClusterSummary[]).find((c) => c.name === spec.name);
    assert.equal(summary?.state, 'failed');
    assert.match(summary?.lastError?.message ?? '', MISMATCH);

    const destroyed = await backend.registry.invoke('cluster.destroy', { name: spec.name }, call);
    assert.deepEqual(destroyed, { ok: true, value: { leftovers: [] } });
    assert.deepEqual(sandboxLeftovers(f, spec), []);
  });
});
