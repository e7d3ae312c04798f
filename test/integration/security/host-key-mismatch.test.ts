/**
 * Security suite: an SSH host-key mismatch, as the wizard sees it. The engine suite proves the
 * engine refuses the node; this goes through the backend's IPC registry and event hub: the
 * resumed deployment ends failed, the cluster.finished event, the node's log pane and the
 * cluster list all carry the refusal with both fingerprints, nothing ran on the node, and the
 * cluster still tears down to nothing.
 */
import { sysextSource } from '../../../electron/services/cluster/sysext/bakery';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBackend, type Backend } from '../../../electron/backend/backend';
import type { CallContext } from '../../../electron/ipc/registry';
import { savePinnedHostKey } from '../../../electron/services/cluster/engine/cluster-keys';
import { generateEd25519KeyPair } from '../../../electron/services/ssh/keys';
import type { ClusterFinished, ClusterLog, ClusterSummary } from '../../../shared/ipc/channels/cluster';
import { EventLog, startEngineFixture, type EngineFixture } from '../engine/engine-fixture';
import { announcing, rewritingNodes } from '../engine/rewriting-nodes';
import { deploy, leftovers, smallSpec } from '../faults/fault-fixture';

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
    // First run stops once the VM exists (the node made host key A and printed it on its console).
    const ac = new AbortController();
    const first = new EventLog();
    first.progress = (e) => {
      if (e.stepId === 'vm:cp-0' && e.status === 'done') ac.abort();
    };
    assert.equal((await deploy(f, spec, first, ac.signal)).status, 'cancelled');
    // Flatkube has pinned key B for cp-0: another machine answers at that address. The resumed
    // deployment keeps its pin (it does not re-read the serial console) and refuses A.
    await savePinnedHostKey(f.store.paths(spec.name).keysDir, spec.name, 'cp-0', generateEd25519KeyPair('root@cp-0').publicKey);

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
    assert.deepEqual(await leftovers(f, spec), []);
  });
});

describe('security: a serial console that shows another key than SSH presents', () => {
  const other = generateEd25519KeyPair('root@cp-0');
  let f: EngineFixture;
  let backend: Backend;
  before(async () => {
    f = await startEngineFixture({ start: rewritingNodes(announcing(other)) });
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

  it('create: the key from the serial console is pinned, the node presents its own, the connection is refused', async () => {
    const spec = smallSpec('hkserial', 0);
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
    assert.deepEqual(await backend.registry.invoke('cluster.create', { spec }, call), { ok: true, value: { name: spec.name } });
    const done = await finished;
    assert.equal(done.outcome, 'failed');
    assert.match(done.error?.message ?? '', MISMATCH);
    assert.ok(done.error?.message.includes(`expected ${other.fingerprint}`), done.error?.message);
    const cpLog = logs.filter((l) => l.stream === 'cp-0');
    assert.ok(cpLog.some((l) => l.text.includes(`host key pinned from the serial console (boot diagnostics): ED25519 ${other.fingerprint}`)));
    assert.ok(cpLog.some((l) => l.level === 'error' && MISMATCH.test(l.text)), 'the node pane shows the refusal');
    assert.ok(!cpLog.some((l) => l.text.startsWith('$ ')), 'no command ran on the node');
    const destroyed = await backend.registry.invoke('cluster.destroy', { name: spec.name }, call);
    assert.deepEqual(destroyed, { ok: true, value: { leftovers: [] } });
  });
});
