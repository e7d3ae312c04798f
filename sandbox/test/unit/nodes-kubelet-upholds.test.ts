// How kubelet starts on a simulated node: as Flatcar's Kubernetes sysext makes it start
// (flatcar/sysext-bakery kubernetes.sysext; test/fixtures/upstream/sysext-bakery-kubernetes.json):
// its multi-user.target drop-in has Upholds=kubelet.service, so kubelet runs without an
// enablement link, and `systemctl is-enabled` (what kubeadm's preflight asks) says "disabled"
// unless something enabled it. The sysext also links the kubelet volume plugin dir into /var.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from 'ssh2';
import { createNodeHost, type SandboxNodeHost } from '../../src/nodes/index';
import { b64, connect, exec, fixtureInternet, ignition, initYaml, keyPair } from '../../src/testing/nodes-fixtures';

const NET = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/upholds';
const WARNING = "\t[WARNING Service-Kubelet]: kubelet service is not enabled, please run 'systemctl enable kubelet.service'\n";

describe('kubelet on a simulated node follows the sysext', () => {
  const host: SandboxNodeHost = createNodeHost({ internet: fixtureInternet(), pace: { delayMs: () => 0 } });
  const user = keyPair();
  const clients: Record<string, Client> = {};

  before(async () => {
    for (const [vmId, ip, enableLink] of [
      ['vm-upheld', '10.0.1.4', false],
      ['vm-enabled', '10.0.1.5', true],
    ] as const) {
      const key = keyPair();
      const cfg = ignition({ hostname: vmId, hostKey: key, authorizedKeys: [user.public], initYaml: initYaml({ ip }) }) as { storage: { links: unknown[] } };
      if (enableLink) cfg.storage.links.push({ path: '/etc/systemd/system/multi-user.target.wants/kubelet.service', target: '/usr/lib/systemd/system/kubelet.service', hard: false });
      const r = await host.boot({ vmId, name: vmId, privateIp: ip, networkId: `${NET}-${vmId}`, architecture: 'x64', customDataBase64: b64(cfg) });
      assert.equal(r.ok, true, r.ok ? '' : r.serialLog);
      clients[vmId] = await connect(host.endpoint(vmId)?.sshPort ?? 0, user, key.public);
    }
  });

  after(async () => {
    for (const c of Object.values(clients)) c.end();
    await host.close();
  });

  it('without an enablement link kubelet is started by the Upholds= drop-in, and is "disabled"', async () => {
    const c = clients['vm-upheld']!;
    assert.equal((await exec(c, 'cat /usr/lib/systemd/system/multi-user.target.d/10-kubelet-service.conf')).stdout, '[Unit]\nUpholds=kubelet.service\n');
    const active = await exec(c, 'systemctl is-active kubelet');
    assert.deepEqual([active.code, active.stdout], [3, 'activating\n'], 'restarting until kubeadm writes its config');
    const enabled = await exec(c, 'systemctl is-enabled kubelet');
    assert.deepEqual([enabled.code, enabled.stdout], [1, 'disabled\n']);
    assert.match((await exec(c, 'journalctl -u kubelet --no-pager')).stdout, /systemd\[1\]: Started kubelet\.service/);
    // kubelet's ExecStartPre made the symlink's target: the default plugin dir resolves.
    assert.equal((await exec(c, 'test -L /usr/libexec/kubernetes/kubelet-plugins/volume/exec')).code, 0);
    assert.equal((await exec(c, 'test -d /usr/libexec/kubernetes/kubelet-plugins/volume/exec')).code, 0);
    assert.equal((await exec(c, 'test -d /var/kubernetes/kubelet-plugins/volume/exec')).code, 0);
  });

  it("kubeadm's preflight warns that kubelet is not enabled, as on a real node, and goes on", async () => {
    const init = await exec(clients['vm-upheld']!, 'sudo kubeadm init --config /etc/kubeadm/init.yaml');
    assert.equal(init.code, 0, init.stderr);
    assert.ok(init.stderr.includes(WARNING), init.stderr);
    assert.equal((await exec(clients['vm-upheld']!, 'systemctl is-active kubelet')).stdout, 'active\n');
  });

  it('an enablement link makes it "enabled" and the warning goes away', async () => {
    const c = clients['vm-enabled']!;
    const enabled = await exec(c, 'systemctl is-enabled kubelet');
    assert.deepEqual([enabled.code, enabled.stdout], [0, 'enabled\n']);
    const init = await exec(c, 'sudo kubeadm init --config /etc/kubeadm/init.yaml');
    assert.equal(init.code, 0, init.stderr);
    assert.ok(!init.stderr.includes('Service-Kubelet'), init.stderr);
  });
});
