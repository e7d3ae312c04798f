import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments, parse } from 'yaml';
import {
  CRI_SOCKET,
  parseJoinCommand,
  renderInitConfig,
  renderJoinConfig,
} from '../../../electron/services/cluster/render/kubeadm';
import { cidrOverlaps, mustParseCidr } from '../../../shared/domain/cidr';
import { makeSpec } from './fixtures';

// Parsed YAML is untyped; tests index into it freely and let assertions do the checking.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;
const TOKEN = 'abcdef.0123456789abcdef';
const HASH = `sha256:${'ab'.repeat(32)}`;

function initDocs(): Doc[] {
  const spec = makeSpec({ name: 'lab', kubernetesVersion: '1.36.1' });
  const text = renderInitConfig({ spec, nodeName: 'cp-0', privateIp: '10.0.1.4', publicIp: '20.1.2.3' });
  const docs = parseAllDocuments(text);
  for (const d of docs) assert.deepEqual(d.errors, []);
  return docs.map((d) => d.toJS() as Doc);
}

test('init.yaml: v1beta4 Init + Cluster configuration and a systemd KubeletConfiguration', () => {
  const [init, cluster, kubelet] = initDocs();
  assert.equal(init!.apiVersion, 'kubeadm.k8s.io/v1beta4');
  assert.equal(init!.kind, 'InitConfiguration');
  assert.equal(cluster!.apiVersion, 'kubeadm.k8s.io/v1beta4');
  assert.equal(cluster!.kind, 'ClusterConfiguration');
  assert.equal(kubelet!.apiVersion, 'kubelet.config.k8s.io/v1beta1');
  assert.equal(kubelet!.kind, 'KubeletConfiguration');
  assert.equal(kubelet!.cgroupDriver, 'systemd');
});

test('init.yaml: node registration, endpoint, SANs and networks', () => {
  const [init, cluster] = initDocs();
  assert.equal(init!.nodeRegistration.criSocket, CRI_SOCKET);
  assert.equal(init!.nodeRegistration.name, 'cp-0');
  // v1beta4: extra args are lists of {name, value}, not maps.
  assert.deepEqual(init!.nodeRegistration.kubeletExtraArgs, [{ name: 'node-ip', value: '10.0.1.4' }]);
  assert.equal(init!.localAPIEndpoint.advertiseAddress, '10.0.1.4');
  assert.equal(cluster!.kubernetesVersion, 'v1.36.1');
  assert.equal(cluster!.clusterName, 'lab');
  assert.equal(cluster!.controlPlaneEndpoint, '10.0.1.4:6443');
  assert.deepEqual(cluster!.apiServer.certSANs, ['20.1.2.3', '10.0.1.4']);
  const pods = mustParseCidr(cluster!.networking.podSubnet);
  const services = mustParseCidr(cluster!.networking.serviceSubnet);
  assert.equal(pods.text, '10.244.0.0/16');
  assert.equal(services.text, '10.96.0.0/12');
  assert.equal(cidrOverlaps(pods, services), false);
  assert.equal(cidrOverlaps(pods, mustParseCidr('10.0.0.0/16')), false);
  // No bootstrap token baked into the file (it would sit in custom data): join tokens come later.
  assert.equal(init!.bootstrapTokens, undefined);
});

test('JoinConfiguration: v1beta4 discovery.bootstrapToken', () => {
  const doc = parse(
    renderJoinConfig({ apiServerEndpoint: '10.0.1.4:6443', token: TOKEN, caCertHash: HASH, nodeName: 'worker-1', nodeIp: '10.0.1.11' }),
  ) as Doc;
  assert.equal(doc.apiVersion, 'kubeadm.k8s.io/v1beta4');
  assert.equal(doc.kind, 'JoinConfiguration');
  assert.deepEqual(doc.discovery.bootstrapToken, { apiServerEndpoint: '10.0.1.4:6443', token: TOKEN, caCertHashes: [HASH] });
  assert.equal(doc.nodeRegistration.name, 'worker-1');
  assert.equal(doc.nodeRegistration.criSocket, CRI_SOCKET);
  assert.deepEqual(doc.nodeRegistration.kubeletExtraArgs, [{ name: 'node-ip', value: '10.0.1.11' }]);
});

test('JoinConfiguration refuses malformed tokens, hashes and endpoints', () => {
  const ok = { apiServerEndpoint: '10.0.1.4:6443', token: TOKEN, caCertHash: HASH, nodeName: 'worker-0' };
  assert.throws(() => renderJoinConfig({ ...ok, token: 'ABCDEF.0123456789abcdef' }), /token/);
  assert.throws(() => renderJoinConfig({ ...ok, caCertHash: 'sha256:abc' }), /hash/);
  assert.throws(() => renderJoinConfig({ ...ok, apiServerEndpoint: '10.0.1.4' }), /host:port/);
});

test('parseJoinCommand reads kubeadm token create --print-join-command output', () => {
  const line = `kubeadm join 10.0.1.4:6443 --token ${TOKEN} --discovery-token-ca-cert-hash ${HASH} \n`;
  assert.deepEqual(parseJoinCommand(line), { apiServerEndpoint: '10.0.1.4:6443', token: TOKEN, caCertHash: HASH });
  assert.equal(parseJoinCommand('error: connection refused'), undefined);
});

test('init.yaml keeps the kubelet volume plugin dir where the Flatcar sysext puts it: no /opt/libexec overrides', () => {
  // flatcar/sysext-bakery kubernetes.sysext/create.sh links /usr/libexec/kubernetes/kubelet-plugins/volume/exec
  // (kubelet's, kube-controller-manager's and Calico's default) to /var/kubernetes/... (recorded in
  // test/fixtures/upstream/sysext-bakery-kubernetes.json): an override would send kubelet and the
  // controller manager somewhere Calico's operator does not look.
  const [, cluster, kubelet] = initDocs();
  assert.equal(kubelet!.volumePluginDir, undefined);
  const args: { name: string }[] = cluster!.controllerManager?.extraArgs ?? [];
  assert.ok(!args.some((a) => a.name === 'flex-volume-plugin-dir'), JSON.stringify(args));
  const text = renderInitConfig({ spec: makeSpec(), nodeName: 'cp-0', privateIp: '10.0.1.4', publicIp: '20.1.2.3' });
  assert.ok(!text.includes('/opt/libexec'), text);
  assert.ok(!/volume-?plugin|flex-?volume/i.test(text), text);
});
