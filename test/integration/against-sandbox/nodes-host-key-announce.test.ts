// Simulated nodes and their SSH host key, the way a Flatcar VM on Azure handles it: no key in
// the Ignition config; the node makes its own at first boot (sshd-keygen), the config's
// flatkube-hostkeys.service prints the public half on the serial console, and sshd presents
// exactly that key. The key lives in the node state, so a restarted sandbox keeps it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterNodes } from '../../../shared/domain/cluster-layout';
import { announcedHostKey, HOST_KEY_MARKER, HOST_KEY_UNIT } from '../../../electron/services/cluster/render/host-key-announce';
import { renderIgnitionJson } from '../../../electron/services/cluster/render/ignition';
import { createNodeHost, type SandboxNodeHost } from '@flatkube/sandbox/testing';
import { sandboxBakeryBaseUrl, sandboxSysextImage } from '@flatkube/sandbox/testing';
import { connectSsh, HostKeyMismatchError } from '../../../electron/services/ssh';
import { generateEd25519KeyPair } from '../../../electron/services/ssh/keys';
import { makeSpec } from '../../unit/cluster/fixtures';
import { b64, FIXTURE_ORIGIN, fixtureInternet, instantPace } from '@flatkube/sandbox/testing';

const client = generateEd25519KeyPair('flatkube@test');
const spec = makeSpec({ kubernetesVersion: '1.35.3', ssh: { publicKey: client.publicKey } });
const cp = clusterNodes(spec).find((n) => n.role === 'control-plane')!;
const file = 'kubernetes-v1.35.3-x86-64.raw';
const pin = {
  url: `${sandboxBakeryBaseUrl(FIXTURE_ORIGIN)}/kubernetes-v1.35.3/${file}`,
  hash: `sha256-${createHash('sha256').update(sandboxSysextImage('1.35.3', 'x86-64')).digest('hex')}`,
};
/** Flatkube's own renderer: what a real node on Azure gets as custom data. */
const customData = b64(renderIgnitionJson({ spec, node: cp, pin, controlPlanePublicIp: '203.0.113.9' }));
const boot = { vmId: 'vm-hk', name: cp.name, privateIp: cp.privateIp, networkId: 'vnet-hk', architecture: 'x64' as const, customDataBase64: customData };

function ssh(port: number, expectedHostKey: string) {
  return connectSsh({ host: '127.0.0.1', port, username: 'core', privateKey: client.privateKey, expectedHostKey, readyTimeout: 10_000 });
}

describe('simulated nodes: the host key is made on the node and announced on the serial console', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'fk-hostkey-nodes-'));
  let host: SandboxNodeHost;
  let port = 0;

  before(async () => {
    host = createNodeHost({ stateDir, internet: fixtureInternet(), pace: instantPace });
    const r = await host.boot(boot);
    assert.ok(r.ok, JSON.stringify(r));
    port = r.endpoint.sshPort;
  });
  after(async () => {
    await host?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('the serial log has the FLATKUBE-HOSTKEY line after sshd-keygen and before multi-user.target', () => {
    const serial = host.serialLog('vm-hk');
    const lines = serial.split('\n');
    const keyAt = lines.findIndex((l) => l.includes(`${HOST_KEY_MARKER} ssh-ed25519 AAAA`));
    assert.ok(keyAt > 0, serial);
    assert.match(lines[keyAt]!, /^flatkube-hostkeys\[\d+\]: FLATKUBE-HOSTKEY ssh-ed25519 AAAA\S+ root@cp-0$/);
    assert.match(lines[keyAt + 1]!, /^flatkube-hostkeys\[\d+\]: FLATKUBE-HOSTKEY-FINGERPRINT 256 SHA256:\S{43} root@cp-0 \(ED25519\)$/);
    assert.ok(lines.findIndex((l) => l.includes('Finished sshd-keygen.service')) < keyAt);
    assert.ok(lines.findIndex((l) => l === `[  OK  ] Finished ${HOST_KEY_UNIT} - Print the SSH host public key on the serial console (Flatkube pins it from boot diagnostics).`) > keyAt);
    assert.ok(lines.findIndex((l) => l.includes('Reached target multi-user.target')) > keyAt);
    assert.doesNotMatch(serial, /PRIVATE KEY/);
  });

  it('SSH presents exactly the announced key; any other expected key is refused', async () => {
    const announced = announcedHostKey(host.serialLog('vm-hk'))!;
    const c = await ssh(port, announced.publicKey);
    try {
      const pub = (await c.exec('cat /etc/ssh/ssh_host_ed25519_key.pub')).stdout;
      assert.equal(pub.split(' ').slice(0, 2).join(' '), announced.publicKey);
      assert.match((await c.exec(`systemctl is-active ${HOST_KEY_UNIT}`)).stdout, /^active/);
      assert.match((await c.exec(`journalctl -u ${HOST_KEY_UNIT} --no-pager`)).stdout, /FLATKUBE-HOSTKEY ssh-ed25519/);
    } finally {
      c.close();
    }
    await assert.rejects(ssh(port, generateEd25519KeyPair('other').publicKey), HostKeyMismatchError);
  });

  it('the key is the node\'s own: another VM from the same custom data has another key', async () => {
    const r = await host.boot({ ...boot, vmId: 'vm-hk-2', privateIp: '10.0.1.9' });
    assert.ok(r.ok);
    const a = announcedHostKey(host.serialLog('vm-hk'))!;
    const b = announcedHostKey(host.serialLog('vm-hk-2'))!;
    assert.notEqual(a.fingerprint, b.fingerprint);
    await host.remove('vm-hk-2');
  });

  it('a restarted sandbox keeps the key and the serial log (the node state holds them)', async () => {
    const before = announcedHostKey(host.serialLog('vm-hk'))!;
    await host.close();
    host = createNodeHost({ stateDir, internet: fixtureInternet(), pace: instantPace });
    await host.restored;
    assert.deepEqual(announcedHostKey(host.serialLog('vm-hk')), before);
    const c = await ssh(host.endpoint('vm-hk')!.sshPort, before.publicKey);
    c.close();
  });
});
