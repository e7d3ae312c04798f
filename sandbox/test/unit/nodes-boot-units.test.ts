// The oneshot units an Ignition config enables run once at first boot on a simulated node, as
// systemd runs them: ExecStart= as root through no shell, output to the serial console when the
// unit says StandardOutput=journal+console. A unit that fails shows [FAILED] there, as on a VM.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseUnitFile } from '../../src/nodes/boot-units';
import { createNodeHost, type SandboxNodeHost } from '../../src/nodes/index';
import ssh2 from 'ssh2';
import { b64, exec, fixtureInternet, ignition, instantPace, keyPair, type KeyPair } from '../../src/testing/nodes-fixtures';

function connectAnyHostKey(port: number, user: KeyPair): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const c = new ssh2.Client();
    c.on('ready', () => resolve(c)).on('error', reject);
    c.connect({ host: '127.0.0.1', port, username: 'core', privateKey: user.private, hostVerifier: () => true });
  });
}

function unit(execs: string[], extra: string[] = []): string {
  return ['[Unit]', 'Description=Test unit', '', '[Service]', 'Type=oneshot', 'StandardOutput=journal+console', ...extra, ...execs.map((e) => `ExecStart=${e}`), '', '[Install]', 'WantedBy=multi-user.target', ''].join('\n');
}

describe('simulated nodes: oneshot units from Ignition at first boot', () => {
  let host: SandboxNodeHost;
  const user = keyPair();
  let serial = '';
  let port = 0;

  before(async () => {
    host = createNodeHost({ internet: fixtureInternet(), pace: instantPace });
    const cfg = ignition({ hostname: 'u1', authorizedKeys: [user.public] }) as { systemd: { units: object[] } };
    cfg.systemd.units.push(
      { name: 'print-key.service', enabled: true, contents: unit(['/usr/bin/ssh-keygen -l -f /etc/ssh/ssh_host_ed25519_key.pub'], ['SyslogIdentifier=print-key']) },
      { name: 'quiet.service', enabled: true, contents: unit(['/bin/sh -c "echo to-the-journal-only"']).replace('StandardOutput=journal+console', 'StandardOutput=journal') },
      { name: 'broken.service', enabled: true, contents: unit(['/usr/bin/sed -n p /etc/ssh/no-such-file', '/bin/sh -c "echo never-reached"']) },
      { name: 'tolerant.service', enabled: true, contents: unit(['-/usr/bin/false', '/bin/sh -c "echo after-a-tolerated-failure"']) },
      { name: 'shelly.service', enabled: true, contents: unit(['/usr/bin/echo a | /usr/bin/sed s/a/b/']) },
      { name: 'not-enabled.service', contents: unit(['/bin/sh -c "echo not-enabled-ran"']) },
    );
    const r = await host.boot({ vmId: 'vm-u1', name: 'u1', privateIp: '10.3.0.4', networkId: 'vnet-u', architecture: 'x64', customDataBase64: b64(cfg) });
    assert.ok(r.ok);
    port = r.endpoint.sshPort;
    serial = host.serialLog('vm-u1');
  });
  after(() => host.close());

  it('runs an enabled oneshot unit and copies its output to the serial console with journald\'s prefix', () => {
    assert.match(serial, /^print-key\[\d+\]: 256 SHA256:[A-Za-z0-9+/]{43} root@u1 \(ED25519\)$/m);
    assert.match(serial, /^\[ {2}OK {2}\] Finished print-key\.service - Test unit\.$/m);
  });

  it('StandardOutput=journal keeps the output off the console', async () => {
    assert.doesNotMatch(serial, /to-the-journal-only/);
    // Any host key will do here (this test is about units, not about pinning).
    const c = await connectAnyHostKey(port, user);
    try {
      assert.match((await exec(c, 'journalctl -u quiet.service --no-pager')).stdout, /to-the-journal-only/);
    } finally {
      c.end();
    }
  });

  it('a failing ExecStart ends the unit: [FAILED] on the console, the rest not run; `-` tolerates a failure', () => {
    assert.match(serial, /^\[FAILED\] Failed to start broken\.service - Test unit\.$/m);
    assert.doesNotMatch(serial, /never-reached/);
    assert.match(serial, /after-a-tolerated-failure/);
  });

  it('unquoted shell syntax is not a shell in ExecStart=: the unit fails; units not enabled do not run', () => {
    assert.match(serial, /^\[FAILED\] Failed to start shelly\.service - Test unit\.$/m);
    assert.doesNotMatch(serial, /not-enabled-ran/);
  });

  it('parses unit files like systemd: repeated keys in order, an empty assignment resets', () => {
    const u = parseUnitFile('[Service]\nExecStart=/a\nExecStart=/b\n# comment\nEnvironment=X=1\nExecStart=\nExecStart=/c\n');
    assert.deepEqual(u.Service?.ExecStart, ['/c']);
    assert.deepEqual(u.Service?.Environment, ['X=1']);
  });
});
