// SSH authentication and host keys of simulated nodes, fault injection, and
// the failures that real Ignition and kubeadm would report.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ssh2 from 'ssh2';
import { createNodeHost, type SandboxNodeHost } from '../../src/nodes/index';
import { b64, connect, exec, ignition, initYaml, instantPace, fixtureInternet, keyPair } from '../../src/testing/nodes-fixtures';

const NET = 'vnet-a';

describe('simulated nodes: SSH and failure modes', () => {
  let host: SandboxNodeHost;
  const user = keyPair();
  const hostKey = keyPair();
  let port = 0;

  before(async () => {
    host = createNodeHost({ internet: fixtureInternet(), pace: instantPace });
    const r = await host.boot({
      vmId: 'vm-1',
      name: 'n1',
      privateIp: '10.1.0.4',
      networkId: NET,
      architecture: 'x64',
      customDataBase64: b64(ignition({ hostname: 'n1', hostKey, authorizedKeys: [user.public], initYaml: initYaml({ ip: '10.1.0.4', cgroupDriver: 'cgroupfs' }) })),
    });
    assert.ok(r.ok);
    port = r.endpoint.sshPort;
  });

  after(() => host.close());

  it('refuses a key that is not in sshAuthorizedKeys, and any user but core', async () => {
    await assert.rejects(connect(port, keyPair(), hostKey.public), /authentication methods failed/);
    await assert.rejects(connect(port, user, hostKey.public, 'root'), /authentication methods failed/);
  });

  it('lets the client detect a host key other than the one from Ignition', async () => {
    await assert.rejects(connect(port, user, keyPair().public), /verification failed/i);
  });

  it('answers unknown commands like bash and labels the node as simulated', async () => {
    const c = await connect(port, user, hostKey.public);
    try {
      const r = await exec(c, 'frobnicate --now');
      assert.equal(r.code, 127);
      assert.equal(r.stderr, 'bash: line 1: frobnicate: command not found\n');
      assert.match((await exec(c, 'cat /etc/motd')).stdout, /Flatkube sandbox: simulated Flatcar node/);
      assert.equal((await exec(c, 'uname -m')).stdout, 'x86_64\n');
      assert.equal((await exec(c, 'test -f /etc/kubeadm/init.yaml && echo yes')).stdout, 'yes\n');
      assert.equal((await exec(c, 'test -e /nope || echo missing')).stdout, 'missing\n');
    } finally {
      c.end();
    }
  });

  it('kubeadm init with cgroupDriver cgroupfs times out in wait-control-plane', async () => {
    const c = await connect(port, user, hostKey.public);
    try {
      const r = await exec(c, 'sudo kubeadm init --config /etc/kubeadm/init.yaml');
      assert.equal(r.code, 1);
      assert.match(r.stdout, /\[kubelet-check\] The kubelet is not healthy after 4m0/);
      assert.match(r.stderr, /error execution phase wait-control-plane/);
      const j = await exec(c, 'journalctl -u kubelet --no-pager -n 5');
      assert.match(j.stdout, /kubelet cgroup driver: \\"cgroupfs\\" is different from container runtime cgroup driver: \\"systemd\\"/);
      assert.equal(host.endpoint('vm-1')?.apiServerPort, undefined);
    } finally {
      c.end();
    }
  });

  it('rejects a kubeadm.k8s.io/v1beta3 config on Kubernetes 1.36', async () => {
    const c = await connect(port, user, hostKey.public);
    try {
      const yaml = initYaml({ ip: '10.1.0.4', apiVersion: 'kubeadm.k8s.io/v1beta3' });
      assert.equal((await exec(c, 'sudo tee /etc/kubeadm/old.yaml >/dev/null', yaml)).code, 0);
      const r = await exec(c, 'sudo kubeadm init --config /etc/kubeadm/old.yaml');
      assert.equal(r.code, 1);
      assert.match(r.stderr, /no kind "InitConfiguration" is registered for version "kubeadm.k8s.io\/v1beta3"/);
    } finally {
      c.end();
    }
  });

  it('dropSessions() ends a live session (journalctl -f) abruptly', async () => {
    const c = await connect(port, user, hostKey.public);
    const closed = new Promise<string>((resolve) => {
      c.on('close', () => resolve('closed'));
      c.on('error', () => {});
    });
    const firstData = new Promise<void>((resolve, reject) => {
      c.exec('journalctl -f -u kubelet', (err, ch) => {
        if (err) return reject(err);
        ch.once('data', () => resolve());
      });
    });
    await firstData;
    host.dropSessions('vm-1');
    assert.equal(await closed, 'closed');
    // The node keeps serving new connections after the drop.
    const again = await connect(port, user, hostKey.public);
    assert.equal((await exec(again, 'hostname')).stdout, 'n1\n');
    again.end();
  });

  it('a node without a host key in Ignition generates its own', async () => {
    const r = await host.boot({
      vmId: 'vm-2',
      name: 'n2',
      privateIp: '10.1.0.5',
      networkId: NET,
      architecture: 'Arm64',
      customDataBase64: b64(ignition({ hostname: 'n2', authorizedKeys: [user.public] })),
    });
    assert.ok(r.ok);
    assert.match(host.serialLog('vm-2'), /generated host key/);
    await assert.rejects(connect(r.endpoint.sshPort, user, hostKey.public), /verification failed/i);
    // Capture the presented key (test only), then check it is the one the node wrote to disk.
    const seen: Buffer[] = [];
    const c = await new Promise<import('ssh2').Client>((resolve, reject) => {
      const cl = new ssh2.Client();
      cl.on('ready', () => resolve(cl)).on('error', reject);
      cl.connect({ host: '127.0.0.1', port: r.endpoint.sshPort, username: 'core', privateKey: user.private, hostVerifier: (k: Buffer) => (seen.push(k), true) });
    });
    try {
      const pub = (await exec(c, 'cat /etc/ssh/ssh_host_ed25519_key.pub')).stdout;
      const parsed = ssh2.utils.parseKey(pub);
      assert.ok(!(parsed instanceof Error));
      assert.equal(Buffer.compare(parsed.getPublicSSH(), seen[0] as Buffer), 0);
      assert.equal((await exec(c, 'uname -m')).stdout, 'aarch64\n');
      // An x86-64 sysext on an Arm64 machine is refused by systemd-sysext: no kubeadm.
      assert.equal((await exec(c, 'kubeadm version')).code, 127);
    } finally {
      c.end();
    }
  });

  it('invalid Ignition fails the boot with an Ignition-shaped serial log', async () => {
    const bad = ignition({ hostname: 'n3', authorizedKeys: [user.public] }) as { storage: { files: { path: unknown }[] } };
    (bad.storage.files[0] as { path: unknown }).path = 42;
    const r = await host.boot({ vmId: 'vm-3', name: 'n3', privateIp: '10.1.0.6', networkId: NET, architecture: 'x64', customDataBase64: b64(bad) });
    assert.equal(r.ok, false);
    assert.ok(!r.ok);
    assert.match(r.serialLog, /ignition\[\d+\]: error at \$\.storage\.files\.0\.path: /);
    assert.match(r.serialLog, /ignition\[\d+\]: failed to fetch config: config is not valid/);
    assert.match(r.serialLog, /Ignition failed: config is not valid/);
    assert.equal(host.endpoint('vm-3'), undefined);
    assert.equal(host.serialLog('vm-3'), r.serialLog);

    const v = await host.boot({ vmId: 'vm-4', name: 'n4', privateIp: '10.1.0.7', networkId: NET, architecture: 'x64', customDataBase64: b64({ ignition: { version: '2.3.0' } }) });
    assert.ok(!v.ok);
    assert.match(v.serialLog, /unsupported config version/);
  });
});
