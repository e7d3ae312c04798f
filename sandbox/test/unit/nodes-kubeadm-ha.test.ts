/**
 * kubeadm HA on simulated nodes (in process, no SSH): init with a DNS controlPlaneEndpoint and
 * --upload-certs, control planes joining with the certificate key (wrong, malformed, expired,
 * missing), one shared cluster store, stacked etcd members, workers joining through the load
 * balancer's DNS name, and name resolution from /etc/hosts (CAPZ's hairpin line) and Azure DNS.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeDirectory } from '../../src/nodes/command-types';
import type { SimNode } from '../../src/nodes/sim-node';
import { cniInternet, directory, run, simNode } from '../../src/testing/sim-node-fixture';
import { initYaml } from '../../src/testing/nodes-fixtures';

const FQDN = 'demo-1a2b3c4d.westeurope.cloudapp.azure.com';
const LB_IP = '203.0.113.10';
const KEY_LINE = /--control-plane --certificate-key ([0-9a-f]{64})\n/;
const ADMIN = 'sudo kubectl --kubeconfig /etc/kubernetes/admin.conf';

/** Three control planes and a worker in one VNet; an LB with FQDN -> LB_IP:6443 -> the control planes. */
function setup(opts: { dns?: boolean } = {}) {
  const cps = [0, 1, 2].map((i) => simNode({ name: `demo-cp-${i}`, ip: `10.0.1.${4 + i}` }));
  const worker = simNode({ name: 'demo-w-0', ip: '10.0.1.10' });
  const base = directory([...cps, worker], cniInternet());
  const dir: NodeDirectory = {
    ...base,
    network: {
      lookup: (name) => (opts.dns !== false && name.toLowerCase() === FQDN ? LB_IP : undefined),
      loadBalancer: (ip, port) => (ip === LB_IP && port === 6443 ? { backendPort: 6443, vmIds: cps.map((c) => c.vmId) } : undefined),
    },
  };
  for (const cp of cps) {
    cp.fs.writeFile('/etc/kubeadm/init.yaml', initYaml({ ip: cp.state.privateIp }).replace(`controlPlaneEndpoint: ${cp.state.privateIp}:6443`, `controlPlaneEndpoint: ${FQDN}:6443`), { mode: 0o600 });
  }
  return { cps: cps as [SimNode, SimNode, SimNode], worker, dir };
}

async function initWithKey(cp: SimNode, dir: NodeDirectory): Promise<{ key: string; token: string; hash: string; out: string }> {
  const r = await run(cp, dir, 'sudo kubeadm init --config /etc/kubeadm/init.yaml --upload-certs');
  assert.equal(r.code, 0, r.stderr);
  const key = KEY_LINE.exec(r.stdout)?.[1];
  const m = /kubeadm join \S+ --token (\S+) \\\n\t--discovery-token-ca-cert-hash (sha256:[0-9a-f]{64}) \n$/.exec(r.stdout);
  assert.ok(key && m, r.stdout);
  return { key, token: m[1]!, hash: m[2]!, out: r.stdout };
}

const joinCp = (t: { token: string; hash: string }, key: string) => `sudo kubeadm join ${FQDN}:6443 --token ${t.token} --discovery-token-ca-cert-hash ${t.hash} --control-plane --certificate-key ${key}`;

describe('kubeadm HA: upload-certs and control planes joining with the certificate key', () => {
  it('init prints the control-plane join command with a fresh 64-hex key, signs the endpoint name, and uploads kubeadm-certs', async () => {
    const { cps, dir } = setup();
    const t = await initWithKey(cps[0], dir);
    assert.match(t.out, /\[upload-certs\] Storing the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace\n\[upload-certs\] Using certificate key:\n[0-9a-f]{64}\n/);
    assert.match(t.out, new RegExp(`You can now join any number of control-plane nodes running the following command on each as root:\\n\\n  kubeadm join ${FQDN.replace(/\./g, '\\.')}:6443 --token `));
    assert.match(t.out, /As a safeguard, uploaded-certs will be deleted in two hours; If necessary, you can use\n"kubeadm init phase upload-certs --upload-certs" to reload certs afterward\./);
    assert.match(t.out, new RegExp(`apiserver serving cert is signed for DNS names \\[demo-cp-0 kubernetes kubernetes.default kubernetes.default.svc kubernetes.default.svc.cluster.local ${FQDN.replace(/\./g, '\\.')}\\]`));
    const secret = await run(cps[0], dir, `${ADMIN} get secret -n kube-system kubeadm-certs -o json`);
    assert.deepEqual(Object.keys((JSON.parse(secret.stdout) as { data: object }).data).sort(), ['ca.crt', 'ca.key', 'etcd-ca.crt', 'etcd-ca.key', 'front-proxy-ca.crt', 'front-proxy-ca.key', 'sa.key', 'sa.pub']);
    const data = (JSON.parse(secret.stdout) as { data: Record<string, string> }).data;
    assert.ok(Object.values(data).every((v) => !Buffer.from(v, 'base64').toString('latin1').includes('BEGIN')), 'the Secret holds ciphertext only');
  });

  it('refuses a wrong, a malformed, a missing and an expired key with kubeadm\'s messages; the right key makes a control plane', async () => {
    const { cps, dir } = setup();
    const t = await initWithKey(cps[0], dir);
    const wrong = await run(cps[1], dir, joinCp(t, 'ab'.repeat(32)));
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /^error execution phase control-plane-prepare\/download-certs: error downloading certs: error decoding secret data with provided key: cipher: message authentication failed\n/m);
    const malformed = await run(cps[1], dir, joinCp(t, 'xyz'));
    assert.match(malformed.stderr, /certificate key must be a hex encoded string of 32 bytes/);
    const noKey = await run(cps[1], dir, `sudo kubeadm join ${FQDN}:6443 --token ${t.token} --discovery-token-ca-cert-hash ${t.hash} --control-plane`);
    assert.match(noKey.stderr, /One or more conditions for hosting a new control plane instance is not satisfied\.\n\n\[failure loading certificate for CA: couldn't load the certificate file \/etc\/kubernetes\/pki\/ca\.crt/);
    const rec = cps[0].state.cluster!;
    rec.uploadedCerts!.expires = new Date(Date.now() - 1000).toISOString(); // two hours later
    const expired = await run(cps[1], dir, joinCp(t, t.key));
    assert.match(expired.stderr, /error downloading the secret: Secret "kubeadm-certs" was not found in the "kube-system" Namespace\. This Secret might have expired\. Please, run `kubeadm init phase upload-certs --upload-certs` on a control plane to generate a new one/);
    assert.equal(rec.uploadedCerts, undefined, 'the expired Secret is gone');

    // A re-upload on the control plane gives a new key; the old one no longer decrypts.
    const again = await run(cps[0], dir, 'sudo kubeadm init phase upload-certs --upload-certs');
    assert.equal(again.code, 0, again.stderr);
    const newKey = /Using certificate key:\n([0-9a-f]{64})\n/.exec(again.stdout)?.[1];
    assert.ok(newKey && newKey !== t.key);
    assert.match((await run(cps[1], dir, joinCp(t, t.key))).stderr, /message authentication failed/);

    const ok = await run(cps[1], dir, joinCp(t, newKey));
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /\[download-certs\] Downloading the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace\n/);
    assert.match(ok.stdout, /This node has joined the cluster and a new control plane instance was created:\n\n\* Certificate signing request was sent to apiserver and approval was received\.\n/);
    assert.match(ok.stdout, /\* A new etcd member was added to the local\/stacked etcd cluster\.\n/);
    assert.equal(cps[1].state.cluster, rec, 'one cluster record, shared');
    assert.equal(cps[1].fs.readText('/etc/kubernetes/pki/ca.key'), cps[0].fs.readText('/etc/kubernetes/pki/ca.key'), 'the shared CA key was downloaded');
    assert.ok(cps[1].fs.stat('/etc/kubernetes/manifests/etcd.yaml'));
    assert.match(cps[1].fs.readText('/etc/kubernetes/admin.conf') ?? '', new RegExp(`server: https://${FQDN.replace(/\./g, '\\.')}:6443`));
  });

  it('three control planes share one API: the same nodes from each, control-plane role and taint, etcd members as kube-system pods', async () => {
    const { cps, worker, dir } = setup();
    const t = await initWithKey(cps[0], dir);
    // The second joins with flags, the third with a JoinConfiguration (controlPlane.certificateKey), as Flatkube writes it.
    const joinYaml = `apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\ndiscovery:\n  bootstrapToken:\n    apiServerEndpoint: ${FQDN}:6443\n    token: ${t.token}\n    caCertHashes:\n    - ${t.hash}\ncontrolPlane:\n  certificateKey: ${t.key}\n  localAPIEndpoint:\n    advertiseAddress: 10.0.1.6\n    bindPort: 6443\n`;
    cps[2].fs.writeFile('/etc/kubeadm/join.yaml', joinYaml, { mode: 0o600 });
    for (const [cp, line] of [[cps[1], joinCp(t, t.key)], [cps[2], 'sudo kubeadm join --config /etc/kubeadm/join.yaml']] as const) {
      const r = await run(cp, dir, line);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /a new control plane instance was created/);
      // CAPZ's hairpin line, added after the join on joining control planes.
      cp.fs.writeFile('/etc/hosts', `${cp.fs.readText('/etc/hosts') ?? ''}127.0.0.1   ${FQDN}\n`);
    }
    const w = await run(worker, dir, `sudo kubeadm join ${FQDN}:6443 --token ${t.token} --discovery-token-ca-cert-hash ${t.hash}`);
    assert.equal(w.code, 0, w.stderr);
    const views = await Promise.all(cps.map((cp) => run(cp, dir, `${ADMIN} get nodes -o name`)));
    for (const v of views) assert.equal(v.stdout, 'node/demo-cp-0\nnode/demo-cp-1\nnode/demo-cp-2\nnode/demo-w-0\n', v.stderr);
    const node = JSON.parse((await run(cps[2], dir, `${ADMIN} get node demo-cp-2 -o json`)).stdout) as { metadata: { labels: Record<string, string> }; spec: { taints?: { key: string; effect: string }[] } };
    assert.equal(node.metadata.labels['node-role.kubernetes.io/control-plane'], '');
    assert.ok(node.spec.taints?.some((x) => x.key === 'node-role.kubernetes.io/control-plane' && x.effect === 'NoSchedule'));
    const etcd = JSON.parse((await run(cps[1], dir, `${ADMIN} get pods -n kube-system -l component=etcd -o json`)).stdout) as { items: { metadata: { name: string }; spec: { containers: { command: string[] }[] } }[] };
    assert.deepEqual(etcd.items.map((p) => p.metadata.name).sort(), ['etcd-demo-cp-0', 'etcd-demo-cp-1', 'etcd-demo-cp-2']);
    const third = etcd.items.find((p) => p.metadata.name === 'etcd-demo-cp-2')!.spec.containers[0]!.command;
    assert.ok(third.includes('--initial-cluster=demo-cp-0=https://10.0.1.4:2380,demo-cp-1=https://10.0.1.5:2380,demo-cp-2=https://10.0.1.6:2380'), third.join(' '));
    assert.ok(third.includes('--initial-cluster-state=existing'));
    // A write through one control plane is seen through another.
    const created = await run(cps[1], dir, `${ADMIN} create -f -`, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shared-store\n');
    assert.equal(created.code, 0, created.stderr);
    assert.match((await run(cps[2], dir, `${ADMIN} get namespace shared-store`)).stdout, /shared-store\s+Active/);
  });

  it('names resolve from /etc/hosts before Azure DNS; without either, init and join fail with Go\'s lookup error', async () => {
    const { cps, dir } = setup({ dns: false });
    const noName = await run(cps[0], dir, 'sudo kubeadm init --config /etc/kubeadm/init.yaml --upload-certs');
    assert.equal(noName.code, 1);
    assert.match(noName.stderr, new RegExp(`error execution phase upload-config/kubeadm: .*dial tcp: lookup ${FQDN.replace(/\./g, '\\.')} on 168\\.63\\.129\\.16:53: no such host`));

    // The hairpin workaround on the first control plane: its own API server through the name.
    const fresh = setup({ dns: false });
    fresh.cps[0].fs.writeFile('/etc/hosts', `127.0.0.1 localhost\n127.0.0.1   ${FQDN} apiserver\n`);
    const t = await initWithKey(fresh.cps[0], fresh.dir);
    assert.equal((await run(fresh.cps[0], fresh.dir, `${ADMIN} get nodes -o name`)).stdout, 'node/demo-cp-0\n');
    const lost = await run(fresh.worker, fresh.dir, `sudo kubeadm join ${FQDN}:6443 --token ${t.token} --discovery-token-ca-cert-hash ${t.hash}`);
    assert.match(lost.stderr, /failed to request the cluster-info ConfigMap: Get "https:\/\/demo-1a2b3c4d\.westeurope\.cloudapp\.azure\.com:6443\/api\/v1\/namespaces\/kube-public\/configmaps\/cluster-info\?timeout=10s": dial tcp: lookup demo-1a2b3c4d\.westeurope\.cloudapp\.azure\.com on 168\.63\.129\.16:53: no such host/);
  });

  it('a cluster without a controlPlaneEndpoint takes no control planes', async () => {
    const { cps, dir } = setup();
    cps[0].fs.writeFile('/etc/kubeadm/init.yaml', initYaml({ ip: '10.0.1.4' }).replace('controlPlaneEndpoint: 10.0.1.4:6443\n', ''), { mode: 0o600 });
    const init = await run(cps[0], dir, 'sudo kubeadm init --config /etc/kubeadm/init.yaml --upload-certs');
    assert.equal(init.code, 0, init.stderr);
    assert.doesNotMatch(init.stdout, /control-plane nodes/, 'no control-plane join command without an endpoint');
    const key = /Using certificate key:\n([0-9a-f]{64})\n/.exec(init.stdout)![1]!;
    const jc = /kubeadm join (\S+) --token (\S+) \\\n\t--discovery-token-ca-cert-hash (\S+)/.exec(init.stdout)!;
    const r = await run(cps[1], dir, `sudo kubeadm join ${jc[1]} --token ${jc[2]} --discovery-token-ca-cert-hash ${jc[3]} --control-plane --certificate-key ${key}`);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unable to add a new control plane instance to a cluster that doesn't have a stable controlPlaneEndpoint address/);
  });

  it('kubeadm reset on a joined control plane removes it from the cluster the others keep serving', async () => {
    const { cps, dir } = setup();
    const t = await initWithKey(cps[0], dir);
    assert.equal((await run(cps[1], dir, joinCp(t, t.key))).code, 0);
    const reset = await run(cps[1], dir, 'sudo kubeadm reset -f');
    assert.equal(reset.code, 0, reset.stderr);
    assert.equal(cps[1].state.cluster, undefined);
    assert.deepEqual(cps[0].state.cluster!.members.map((m) => m.name), ['demo-cp-0']);
    assert.equal((await run(cps[0], dir, 'sudo kubeadm certs certificate-key')).stdout.length, 65);
  });

  it('--skip-certificate-key-print keeps the key out of the output (the join command says <value withheld>); the phase takes the key from --config; an unknown flag is refused', async () => {
    const { cps, dir } = setup();
    const key = 'c0ffee'.padEnd(64, '0');
    cps[0].fs.writeFile('/etc/kubeadm/init.yaml', `${cps[0].fs.readText('/etc/kubeadm/init.yaml')}`.replace('kind: InitConfiguration\n', `kind: InitConfiguration\ncertificateKey: ${key}\n`), { mode: 0o600 });
    const unknown = await run(cps[0], dir, 'sudo kubeadm init --config /etc/kubeadm/init.yaml --upload-cert');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^unknown flag: --upload-cert\n/);
    const r = await run(cps[0], dir, 'sudo kubeadm init --config /etc/kubeadm/init.yaml --upload-certs --skip-certificate-key-print');
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, new RegExp(key), 'the key is never printed');
    assert.doesNotMatch(r.stdout, /Using certificate key/);
    assert.match(r.stdout, /\[upload-certs\] Storing the certificates in Secret "kubeadm-certs"/);
    assert.match(r.stdout, /--control-plane --certificate-key <value withheld>\n/);
    assert.equal(cps[0].state.cluster?.uploadedCerts !== undefined, true);
    // A re-upload with the config's key: quiet too, and the key still joins a control plane.
    const again = await run(cps[0], dir, 'sudo kubeadm init phase upload-certs --upload-certs --config /etc/kubeadm/init.yaml --skip-certificate-key-print');
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stdout, new RegExp(key));
    const m = /kubeadm join \S+ --token (\S+) \\\n\t--discovery-token-ca-cert-hash (sha256:[0-9a-f]{64}) \n$/.exec(r.stdout);
    assert.ok(m, r.stdout);
    const joined = await run(cps[1], dir, joinCp({ token: m[1]!, hash: m[2]! }, key));
    assert.equal(joined.code, 0, joined.stderr);
  });
});
