// Simulated kubectl on a sandbox control plane: global flags anywhere, create vs apply,
// rollout status, wait, get pods, and the exact CNI commands the engine sends.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from 'ssh2';
import { createNodeHost, type SandboxNodeHost } from '@flatkube/sandbox/testing';
import { parseCommandLine } from '@flatkube/sandbox/testing';
import { calicoManifestUrl, cniPlan, CNI_VERSIONS } from '../../../electron/services/cluster/render/cni';
import { sandboxCniPins } from '@flatkube/sandbox/testing';
import type { ClusterSpec } from '../../../shared/domain/cluster-spec';
import { b64, connect, exec, ignition, initYaml, fixtureInternet, keyPair } from '@flatkube/sandbox/testing';

const NET_A = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/a';
const NET_B = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/b';
const KC = 'sudo kubectl --kubeconfig=/etc/kubernetes/admin.conf';
const FLANNEL_URL = `https://github.com/flannel-io/flannel/releases/download/${CNI_VERSIONS.flannel}/kube-flannel.yml`;
const CRDS_URL = calicoManifestUrl(CNI_VERSIONS.calico, 'operator-crds.yaml');
const TIGERA_URL = calicoManifestUrl(CNI_VERSIONS.calico, 'tigera-operator.yaml');

function spec(cni: ClusterSpec['cni']): Pick<ClusterSpec, 'cni' | 'network' | 'architecture'> {
  return { cni, architecture: 'x64', network: { vnetCidr: '10.0.0.0/16', subnetCidr: '10.0.1.0/24', podCidr: '10.244.0.0/16', serviceCidr: '10.96.0.0/12' } };
}

describe('simulated kubectl', () => {
  // Mutable pace: tests move the CNI start-up delay to make waits pass or time out.
  const delays: Record<string, number> = { 'cni-ready': 0, 'kubeadm-timeout': 50 };
  const host: SandboxNodeHost = createNodeHost({ internet: fixtureInternet(), pace: { delayMs: (k) => delays[k] ?? 0 } });
  const user = keyPair();
  const keyA = keyPair();
  const keyB = keyPair();
  let a: Client;
  let b: Client;

  before(async () => {
    for (const [vmId, name, ip, net, key] of [
      ['vm-a', 'cp-a', '10.0.1.4', NET_A, keyA],
      ['vm-b', 'cp-b', '10.0.1.4', NET_B, keyB],
    ] as const) {
      const r = await host.boot({
        vmId,
        name,
        privateIp: ip,
        networkId: net,
        architecture: 'x64',
        customDataBase64: b64(ignition({ hostname: name, hostKey: key, authorizedKeys: [user.public], initYaml: initYaml({ ip }) })),
      });
      assert.equal(r.ok, true, r.ok ? '' : r.serialLog);
    }
    const portOf = (id: string) => host.endpoint(id)?.sshPort ?? 0;
    a = await connect(portOf('vm-a'), user, keyA.public);
    b = await connect(portOf('vm-b'), user, keyB.public);
    for (const c of [a, b]) {
      const init = await exec(c, 'sudo kubeadm init --config /etc/kubeadm/init.yaml');
      assert.equal(init.code, 0, init.stderr);
    }
  });

  after(async () => {
    a?.end();
    b?.end();
    await host.close();
  });

  it('unknown subcommands and bad flags fail as kubectl does', async () => {
    const r = await exec(a, `${KC} frobnicate`);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: unknown command "frobnicate" for "kubectl"\n');
    const t = await exec(a, `${KC} -n kube-flannel rollout status daemonset/x --timeout=180`);
    assert.equal(t.code, 1);
    assert.match(t.stderr, /invalid argument "180" for "--timeout" flag: time: missing unit in duration "180"/);
    const rs = await exec(a, `${KC} rollout undo daemonset/x`);
    assert.match(rs.stderr, /unknown command "undo" for "kubectl rollout"/);
  });

  it('global flags may come anywhere: --kubeconfig after the verb, -n / --namespace= before it', async () => {
    const r = await exec(a, 'sudo kubectl get nodes --kubeconfig /etc/kubernetes/admin.conf -o name');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'node/cp-a\n');
    const n = await exec(a, `${KC} --namespace=kube-flannel rollout status daemonset/kube-flannel-ds`);
    assert.equal(n.code, 1);
    assert.equal(n.stderr, 'Error from server (NotFound): daemonsets.apps "kube-flannel-ds" not found\n');
  });

  it('rollout status of the flannel daemonset times out while its pods are not up, then rolls out', async () => {
    delays['cni-ready'] = 3_600_000; // pods would come up in an hour
    const apply = await exec(a, `${KC} apply -f ${FLANNEL_URL}`);
    assert.equal(apply.code, 0, apply.stderr);
    assert.match(apply.stdout, /^daemonset\.apps\/kube-flannel-ds created$/m);
    const again = await exec(a, `${KC} apply -f ${FLANNEL_URL}`);
    assert.match(again.stdout, /^daemonset\.apps\/kube-flannel-ds unchanged$/m);

    const slow = await exec(a, `${KC} -n kube-flannel rollout status daemonset/kube-flannel-ds --timeout=2s`);
    assert.equal(slow.code, 1);
    assert.equal(slow.stdout, 'Waiting for daemon set "kube-flannel-ds" rollout to finish: 0 of 1 updated pods are available...\n');
    assert.equal(slow.stderr, 'error: timed out waiting for the condition\n');
    const wrongNs = await exec(a, `${KC} rollout status ds/kube-flannel-ds`);
    assert.match(wrongNs.stderr, /NotFound/);

    const pods = await exec(a, `${KC} get pods -A`);
    assert.equal(pods.code, 0, pods.stderr);
    assert.match(pods.stdout.split('\n')[0] ?? '', /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    assert.match(pods.stdout, /^kube-flannel\s+kube-flannel-ds-[a-z0-9]{5}\s+0\/1\s+Init:0\/2\s/m);
    assert.match(pods.stdout, /^kube-system\s+coredns-[a-z0-9]{10}-[a-z0-9]{5}\s+0\/1\s+Pending\s/m);
    assert.match(pods.stdout, /^kube-system\s+kube-apiserver-cp-a\s+1\/1\s+Running\s/m);

    const notReady = await exec(a, `${KC} wait --for=condition=Ready nodes --all --timeout=1s`);
    assert.equal(notReady.code, 1);
    assert.equal(notReady.stderr, 'error: timed out waiting for the condition on nodes/cp-a\n');

    delays['cni-ready'] = 0;
    const ok = await exec(a, `${KC} -n kube-flannel rollout status daemonset/kube-flannel-ds --timeout=180s`);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, 'daemon set "kube-flannel-ds" successfully rolled out\n');
    const ready = await exec(a, `${KC} wait --for condition=Ready --timeout=10s nodes --all`);
    assert.equal(ready.code, 0, ready.stderr);
    assert.equal(ready.stdout, 'node/cp-a condition met\n');
    const running = await exec(a, `${KC} get pods -n kube-flannel`);
    assert.match(running.stdout, /^kube-flannel-ds-[a-z0-9]{5}\s+1\/1\s+Running\s/m);
    const none = await exec(a, `${KC} get pods`);
    assert.equal(none.stderr, 'No resources found in default namespace.\n');
  });

  it('a custom resource is refused until its CRD exists', async () => {
    const inst = 'apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\n';
    const r = await exec(a, `${KC} apply -f -`, inst);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no matches for kind "Installation" in version "operator.tigera.io\/v1"\nensure CRDs are installed first/);
    const w = await exec(a, `${KC} wait --for condition=established crd/installations.operator.tigera.io`);
    assert.equal(w.code, 1);
    assert.equal(w.stderr, 'Error from server (NotFound): customresourcedefinitions.apiextensions.k8s.io "installations.operator.tigera.io" not found\n');
  });

  it('create -f: a second create fails with AlreadyExists, as real kubectl', async () => {
    const crds = await exec(b, `${KC} create -f ${CRDS_URL}`);
    assert.equal(crds.code, 0, crds.stderr);
    assert.match(crds.stdout, /^customresourcedefinition\.apiextensions\.k8s\.io\/installations\.operator\.tigera\.io created$/m);
    const first = await exec(b, `${KC} create -f ${TIGERA_URL}`);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^deployment\.apps\/tigera-operator created$/m);
    const second = await exec(b, `${KC} create -f ${TIGERA_URL}`);
    assert.equal(second.code, 1);
    assert.equal(second.stdout, '');
    assert.match(second.stderr, new RegExp(`^Error from server \\(AlreadyExists\\): error when creating "${TIGERA_URL.replace(/[.]/g, '\\.')}": namespaces "tigera-operator" already exists$`, 'm'));
    const crdsAgain = await exec(b, `${KC} create -f ${CRDS_URL}`);
    assert.equal(crdsAgain.code, 1);
    assert.match(crdsAgain.stderr, /customresourcedefinitions\.apiextensions\.k8s\.io "installations\.operator\.tigera\.io" already exists/);
    const deploy = await exec(b, `${KC} rollout status deployment/tigera-operator -n tigera-operator`);
    assert.equal(deploy.stdout, 'deployment "tigera-operator" successfully rolled out\n');
  });

  it('runs the engine\'s pinned Calico and Flannel commands as sent, nodes end Ready', async () => {
    const fresh = createNodeHost({ internet: fixtureInternet(), pace: { delayMs: () => 0 } });
    try {
      for (const cni of ['calico', 'flannel'] as const) {
        const key = keyPair();
        const vmId = `vm-${cni}`;
        const r = await fresh.boot({
          vmId,
          name: cni,
          privateIp: '10.0.1.4',
          networkId: `${NET_A}-${cni}`,
          architecture: 'x64',
          customDataBase64: b64(ignition({ hostname: `${cni}-cp`, hostKey: key, authorizedKeys: [user.public], initYaml: initYaml({ ip: '10.0.1.4' }) })),
        });
        assert.equal(r.ok, true);
        const c = await connect(fresh.endpoint(vmId)?.sshPort ?? 0, user, key.public);
        try {
          assert.equal((await exec(c, 'sudo kubeadm init --config /etc/kubeadm/init.yaml')).code, 0);
          // The sandbox serves stand-ins at the real URLs: the plan checks them against their own sha256.
          const plan = cniPlan(spec(cni), { pins: sandboxCniPins() });
          for (const cmd of plan.commands) {
            const res = await exec(c, cmd);
            assert.equal(res.code, 0, `${cmd}\n${res.stderr}`);
          }
          const nodes = await exec(c, `${KC} get nodes`);
          assert.match(nodes.stdout, new RegExp(`^${cni}-cp\\s+Ready\\s`, 'm'));
          if (cni === 'calico') {
            const pods = await exec(c, `${KC} get pods -A`);
            assert.match(pods.stdout, /^calico-system\s+calico-node-[a-z0-9]{5}\s+1\/1\s+Running\s/m);
            assert.match(pods.stdout, /^tigera-operator\s+tigera-operator-/m);
          }
        } finally {
          c.end();
        }
      }
    } finally {
      await fresh.close();
    }
  });

  it('here-documents feed the command\'s stdin', () => {
    const items = parseCommandLine("sudo kubectl apply -f - <<'EOF'\na: 1\nb: $HOME\nEOF\nhostname");
    assert.equal(items.length, 2);
    assert.deepEqual(items[0]?.pipeline.map((c) => c.argv), [['echo', '-n', 'a: 1\nb: $HOME\n'], ['sudo', 'kubectl', 'apply', '-f', '-']]);
    assert.deepEqual(items[1]?.pipeline[0]?.argv, ['hostname']);
    const tabs = parseCommandLine('cat <<-END\n\tx\n\tEND');
    assert.equal(tabs[0]?.pipeline[0]?.argv[2], 'x\n');
  });
});
