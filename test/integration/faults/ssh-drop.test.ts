/**
 * Fault suite: SSH sessions dropped mid-kubeadm. The engine suite covers a drop during
 * `kubeadm init`; this extends it to `kubeadm join` on a worker (reconnects, the join's result is
 * read from the node, the output before the drop is kept, the deployment completes) and tears down to nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EventLog, startEngineFixture, type EngineFixture } from '../engine/engine-fixture';
import { deploy, destroyAndCheck, failureText, smallSpec } from './fault-fixture';

describe('faults: SSH session dropped mid-kubeadm join', () => {
  let f: EngineFixture;
  before(async () => {
    f = await startEngineFixture();
  });
  after(async () => f?.close());

  it('reconnects, the join finishes, the logs are kept; teardown leaves nothing', async () => {
    const spec = smallSpec('joindrop');
    await f.sb.api.addFaults({ rules: [{ id: 'join-drop', kind: 'ssh-drop', method: 'SSH', path: '^joindrop-worker-0-vm .*kubeadm join|^worker-0 .*kubeadm join', nth: 1, count: 1, afterMs: 0 }] });
    const events = new EventLog();
    const r = await deploy(f, spec, events);
    const fired = (await f.sb.api.faults()).rules.find((x) => x.id === 'join-drop')?.fired;
    await f.sb.api.clearFaults();
    assert.equal(r.status, 'succeeded', failureText(r, events));
    assert.equal(fired, 1, 'the drop was injected');
    const worker = events.text('worker-0');
    assert.match(worker, /SSH session dropped during kubeadm join; reconnecting/);
    assert.match(worker, /kubeadm join had completed on the node/, 'after reconnecting, the node\'s own state decides');
    assert.match(worker, /\[kubelet-start\] Starting the kubelet/, 'output before the drop is kept');
    await destroyAndCheck(f, spec);
  });
});
