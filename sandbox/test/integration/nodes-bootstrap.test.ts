// End-to-end bootstrap on simulated nodes over real SSH: kubeadm init on a
// control plane, CNI, token + join of a worker, the Kubernetes API, and the
// state surviving a NodeHost restart.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import { parse as parseYaml } from 'yaml';
import { createNodeHost, type SandboxNodeHost } from '../../src/nodes/index';
import { b64, connect, exec, ignition, initYaml, instantPace, fixtureInternet, keyPair, type KeyPair } from '../../src/testing/nodes-fixtures';

const NET = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet';

describe('simulated nodes: kubeadm bootstrap', () => {
  let dir: string;
  let host: SandboxNodeHost;
  const user = keyPair();
  const cpKey = keyPair();
  const wKey = keyPair();
  let cpPort = 0;
  let wPort = 0;
  let adminConf = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flatkube-nodes-'));
    host = createNodeHost({ internet: fixtureInternet(), stateDir: dir, pace: instantPace });
    const cp = await host.boot({
      vmId: 'vm-cp',
      name: 'cp-0',
      privateIp: '10.0.0.4',
      publicIp: '20.1.2.3',
      networkId: NET,
      architecture: 'x64',
      customDataBase64: b64(ignition({ hostname: 'demo-cp-0', hostKey: cpKey, authorizedKeys: [user.public], initYaml: initYaml({ ip: '10.0.0.4' }) })),
    });
    assert.equal(cp.ok, true, cp.ok ? '' : cp.serialLog);
    const w = await host.boot({
      vmId: 'vm-w',
      name: 'w-0',
      privateIp: '10.0.0.5',
      networkId: NET,
      architecture: 'x64',
      customDataBase64: b64(ignition({ hostname: 'demo-w-0', hostKey: wKey, authorizedKeys: [user.public], version: '3.3.0' })),
    });
    assert.equal(w.ok, true);
    if (cp.ok) cpPort = cp.endpoint.sshPort;
    if (w.ok) wPort = w.endpoint.sshPort;
  });

  after(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(port: number, hostKey: KeyPair, cmd: string, stdin?: string) {
    const c = await connect(port, user, hostKey.public);
    try {
      return await exec(c, cmd, stdin);
    } finally {
      c.end();
    }
  }

  it('applied Ignition: hostname, masked locksmithd, sysext, result file', async () => {
    assert.equal((await run(cpPort, cpKey, 'hostname')).stdout, 'demo-cp-0\n');
    const lock = await run(cpPort, cpKey, 'systemctl is-enabled locksmithd');
    assert.equal(lock.stdout, 'masked\n');
    assert.equal((await run(cpPort, cpKey, 'kubeadm version -o short')).stdout, 'v1.36.1\n');
    const result = await run(cpPort, cpKey, 'cat /etc/.ignition-result.json');
    assert.equal(JSON.parse(result.stdout).userConfigProvided, true);
    assert.match(host.serialLog('vm-cp'), /GET https:\/\/127\.0\.0\.1:1\/_bakery\/releases\/download\/kubernetes-v1\.36\.1\/kubernetes-v1\.36\.1-x86-64\.raw: attempt #1\n.*GET result: OK\n.*file matches expected sum of: [0-9a-f]{64}\n/);
    assert.equal((await run(cpPort, cpKey, 'systemctl is-active containerd')).stdout, 'active\n');
    const kubelet = await run(cpPort, cpKey, 'systemctl status kubelet');
    assert.equal(kubelet.code, 3);
    assert.match(kubelet.stdout, /activating \(auto-restart\)/);
  });

  it('kubeadm init needs root', async () => {
    const r = await run(cpPort, cpKey, 'kubeadm init --config /etc/kubeadm/init.yaml');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\[ERROR IsPrivilegedUser\]: user is not running as root/);
  });

  it('sudo kubeadm init streams its phases, then kubelet is active', async () => {
    const c = await connect(cpPort, user, cpKey.public);
    const chunks: string[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      c.exec('sudo -n kubeadm init --config /etc/kubeadm/init.yaml --upload-certs', (err, ch) => {
        if (err) return reject(err);
        let rc: number | null = null;
        ch.on('data', (d: Buffer) => chunks.push(d.toString()));
        ch.stderr.on('data', (d: Buffer) => chunks.push(d.toString()));
        ch.on('exit', (x: number | null) => (rc = x));
        ch.on('close', () => resolve(rc));
      });
    });
    c.end();
    const out = chunks.join('');
    assert.equal(code, 0, out);
    assert.ok(chunks.length > 5, 'output arrives in several chunks (streamed)');
    const phases = ['[init] Using Kubernetes version: v1.36.1', '[preflight]', '[certs]', '[kubeconfig]', '[etcd]', '[control-plane]', '[kubelet-start]', '[wait-control-plane]', '[upload-config]', '[upload-certs]', '[mark-control-plane]', '[bootstrap-token] Using token: abcdef.0123456789abcdef', '[addons]', 'Your Kubernetes control-plane has initialized successfully!'];
    let pos = -1;
    for (const p of phases) {
      const i = out.indexOf(p, pos + 1);
      assert.ok(i > pos, `phase ${p} in order`);
      pos = i;
    }
    assert.equal((await run(cpPort, cpKey, 'systemctl is-active kubelet')).stdout, 'active\n');
    const again = await run(cpPort, cpKey, 'sudo kubeadm init --config /etc/kubeadm/init.yaml');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /\[ERROR FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml\]/);
    const denied = await run(cpPort, cpKey, 'cat /etc/kubernetes/admin.conf');
    assert.match(denied.stderr, /Permission denied/);
    adminConf = (await run(cpPort, cpKey, 'sudo cat /etc/kubernetes/admin.conf')).stdout;
    assert.match(adminConf, /server: https:\/\/10\.0\.0\.4:6443/);
  });

  it('a wrong token fails; the printed join command joins the worker', async () => {
    const jc = await run(cpPort, cpKey, 'sudo kubeadm token create --print-join-command');
    assert.equal(jc.code, 0, jc.stderr);
    const m = /^kubeadm join 10\.0\.0\.4:6443 --token ([a-z0-9]{6}\.[a-z0-9]{16}) --discovery-token-ca-cert-hash (sha256:[0-9a-f]{64}) \n$/.exec(jc.stdout);
    assert.ok(m, jc.stdout);
    const [, token, hash] = m;

    const wrong = await run(wPort, wKey, `sudo kubeadm join 10.0.0.4:6443 --token zzzzzz.zzzzzzzzzzzzzzzz --discovery-token-ca-cert-hash ${hash}`);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /could not find a JWS signature in the cluster-info ConfigMap for token ID "zzzzzz"/);
    const badHash = await run(wPort, wKey, `sudo kubeadm join 10.0.0.4:6443 --token ${token} --discovery-token-ca-cert-hash sha256:${'0'.repeat(64)}`);
    assert.match(badHash.stderr, /none of the public keys "sha256:[0-9a-f]{64}" are pinned/);

    // Workers get a JoinConfiguration over SSH, as Flatkube does.
    const joinYaml = `apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\ndiscovery:\n  bootstrapToken:\n    apiServerEndpoint: 10.0.0.4:6443\n    token: ${token}\n    caCertHashes:\n    - ${hash}\nnodeRegistration:\n  criSocket: unix:///run/containerd/containerd.sock\n`;
    const noDir = await run(wPort, wKey, 'sudo tee /etc/kubeadm/join.yaml', joinYaml);
    assert.match(noDir.stderr, /tee: \/etc\/kubeadm\/join.yaml: No such file or directory/);
    const noRoot = await run(wPort, wKey, 'sudo mkdir -p /etc/kubeadm && tee /etc/kubeadm/join.yaml', joinYaml);
    assert.match(noRoot.stderr, /tee: \/etc\/kubeadm\/join.yaml: Permission denied/);
    const tee = await run(wPort, wKey, 'sudo tee /etc/kubeadm/join.yaml > /dev/null', joinYaml);
    assert.equal(tee.code, 0, tee.stderr);
    assert.equal(tee.stdout, '');
    const join = await run(wPort, wKey, 'sudo kubeadm join --config /etc/kubeadm/join.yaml');
    assert.equal(join.code, 0, join.stderr);
    assert.match(join.stdout, /This node has joined the cluster/);
    assert.equal((await run(wPort, wKey, 'systemctl is-active kubelet')).stdout, 'active\n');
  });

  it('nodes become Ready only after the CNI is applied', async () => {
    const kc = 'sudo kubectl --kubeconfig /etc/kubernetes/admin.conf';
    const before = await run(cpPort, cpKey, `${kc} get nodes`);
    assert.equal(before.code, 0, before.stderr);
    assert.match(before.stdout, /demo-cp-0\s+NotReady\s+control-plane/);
    assert.match(before.stdout, /demo-w-0\s+NotReady\s+<none>/);
    const apply = await run(cpPort, cpKey, `${kc} apply -f https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml`);
    assert.match(apply.stdout, /daemonset.apps\/kube-flannel-ds created/);
    const afterApply = await run(cpPort, cpKey, `${kc} get nodes -o json`);
    const list = JSON.parse(afterApply.stdout) as { items: { metadata: { name: string }; status: { conditions: { type: string; status: string }[] } }[] };
    assert.deepEqual(
      list.items.map((n) => [n.metadata.name, n.status.conditions.find((c) => c.type === 'Ready')?.status]),
      [['demo-cp-0', 'True'], ['demo-w-0', 'True']],
    );
  });

  function getJson(port: number, path: string, withCert: boolean): Promise<{ status: number; body: unknown }> {
    const conf = parseYaml(adminConf) as { clusters: { cluster: Record<string, string> }[]; users: { user: Record<string, string> }[] };
    const dec = (s: string | undefined) => Buffer.from(s ?? '', 'base64').toString();
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          ca: dec(conf.clusters[0]?.cluster['certificate-authority-data']),
          ...(withCert ? { cert: dec(conf.users[0]?.user['client-certificate-data']), key: dec(conf.users[0]?.user['client-key-data']) } : {}),
        },
        (res) => {
          let data = '';
          res.on('data', (d: Buffer) => (data += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(data) }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it('serves the Kubernetes API over HTTPS only to the admin certificate', async () => {
    const ep = host.endpoint('vm-cp');
    assert.ok(ep?.apiServerPort);
    const v = await getJson(ep.apiServerPort, '/version', true);
    assert.equal((v.body as { gitVersion: string }).gitVersion, 'v1.36.1');
    const n = await getJson(ep.apiServerPort, '/api/v1/nodes/demo-cp-0', true);
    assert.equal((n.body as { kind: string }).kind, 'Node');
    const missing = await getJson(ep.apiServerPort, '/api/v1/nodes/nope', true);
    assert.equal(missing.status, 404);
    await assert.rejects(getJson(ep.apiServerPort, '/version', false));
  });

  // @kubernetes/client-node 2.x bundles an undici that needs node:zlib's zstd (Node >= 22.15).
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  it('works with @kubernetes/client-node (CoreV1Api.listNode)', { skip: nodeMajor < 22 ? '@kubernetes/client-node does not load on Node 20' : false }, async () => {
    const k8s = await import('@kubernetes/client-node');
    const ep = host.endpoint('vm-cp');
    assert.ok(ep?.apiServerPort);
    const kc = new k8s.KubeConfig();
    kc.loadFromString(adminConf.replace('https://10.0.0.4:6443', `https://127.0.0.1:${ep.apiServerPort}`));
    const api = kc.makeApiClient(k8s.CoreV1Api);
    const nodes = await api.listNode();
    assert.deepEqual(nodes.items.map((n) => n.metadata?.name), ['demo-cp-0', 'demo-w-0']);
    const one = await api.readNode({ name: 'demo-w-0' });
    assert.equal(one.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
    // Without the client certificate the TLS handshake is refused.
    const anon = new k8s.KubeConfig();
    anon.loadFromOptions({
      clusters: [{ name: 'c', server: `https://127.0.0.1:${ep.apiServerPort}`, caData: kc.getCurrentCluster()?.caData }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    await assert.rejects(anon.makeApiClient(k8s.CoreV1Api).listNode());
  });

  it('keeps node state across a NodeHost restart with the same stateDir', async () => {
    assert.equal(statSync(join(dir, 'nodes', 'vm-cp.json')).mode & 0o777, 0o600);
    await host.close();
    host = createNodeHost({ internet: fixtureInternet(), stateDir: dir, pace: instantPace });
    await host.restored;
    const ep = host.endpoint('vm-cp');
    assert.ok(ep && ep.apiServerPort, 'control plane and its API server are back');
    cpPort = ep.sshPort;
    const r = await run(cpPort, cpKey, 'sudo kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes');
    assert.match(r.stdout, /demo-cp-0\s+Ready/);
    assert.match(r.stdout, /demo-w-0\s+Ready/);
    assert.equal((await run(cpPort, cpKey, 'systemctl is-active kubelet')).stdout, 'active\n');
  });
});
