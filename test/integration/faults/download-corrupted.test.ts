/**
 * Fault suite: downloads that arrive altered (`download-corrupted`). The Kubernetes sysext fails
 * Ignition's verification.hash, so the VM never provisions and the error says why; the cilium
 * CLI fails `sha256sum --check`, so nothing unverified is installed. Both tear down to nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EventLog, startEngineFixture, type EngineFixture } from '../engine/engine-fixture';
import { deploy, destroyAndCheck, failureText, smallSpec } from './fault-fixture';

describe('faults: corrupted downloads are caught by their checksums', () => {
  let f: EngineFixture;
  before(async () => {
    f = await startEngineFixture();
  });
  after(async () => f?.close());

  it('a corrupted sysext image: Ignition refuses it, the VM create fails, and the error names the cause from the serial log', async () => {
    const spec = smallSpec('badsysext', 0);
    await f.sb.api.addFaults({ rules: [{ kind: 'download-corrupted', path: '/_bakery/releases/download/kubernetes-v[^/]+/kubernetes-v[^/]+-x86-64\\.raw$' }] });
    const events = new EventLog();
    const r = await deploy(f, spec, events);
    await f.sb.api.clearFaults();
    assert.equal(r.status, 'failed', failureText(r, events));
    // Azure's code (the guest never reported ready), with the cause the serial log gives.
    assert.equal(r.failedStep, 'vm:cp-0');
    assert.equal(r.error?.azureCode, 'OSProvisioningTimedOut', JSON.stringify(r.error));
    assert.equal(r.error?.message, 'cp-0 failed its first boot: Kubernetes extension failed its checksum (serial console)');
    assert.match(r.error?.hint ?? '', /SHA256SUMS/, JSON.stringify(r.error));
    // The serial console's telling lines are in the node's log.
    const cp = events.text('cp-0');
    assert.match(cp, /serial console: .*hash verification failed \(calculated [0-9a-f]{64} but expected [0-9a-f]{64}\)/);
    assert.match(cp, /serial console: You are in emergency mode/);
    await destroyAndCheck(f, spec);
  });

  it('a corrupted cilium CLI: sha256sum --check stops the CNI step before anything is installed', async () => {
    const spec = smallSpec('badcli', 0, (s) => ({ ...s, cni: 'cilium' }));
    await f.sb.api.addFaults({ rules: [{ kind: 'download-corrupted', path: '/cilium-linux-amd64\\.tar\\.gz$' }] });
    const events = new EventLog();
    const r = await deploy(f, spec, events);
    await f.sb.api.clearFaults();
    assert.equal(r.status, 'failed', failureText(r, events));
    assert.equal(r.failedStep, 'cni');
    const cp = events.text('cp-0');
    assert.match(cp, /cilium-linux-amd64\.tar\.gz: FAILED/);
    assert.doesNotMatch(cp, /Using Cilium version/);
    // The cause gone, a resume downloads again, checks, installs and finishes.
    const again = new EventLog();
    const r2 = await deploy(f, spec, again);
    assert.equal(r2.status, 'succeeded', failureText(r2, again));
    assert.match(again.text('cp-0'), /cilium-linux-amd64\.tar\.gz: OK/);
    await destroyAndCheck(f, spec);
  });
});
