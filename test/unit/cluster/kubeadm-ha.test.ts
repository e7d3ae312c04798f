// Three control planes (issue 14): the kubeadm configuration of the first control plane names the
// load balancer's DNS name as controlPlaneEndpoint (kubeadm puts it into the API server
// certificate), the certificate key goes only into what the engine writes over SSH stdin, and the
// other control planes join with a JoinConfiguration carrying controlPlane.certificateKey.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, parseAllDocuments } from 'yaml';
import { apiServerFqdn } from '../../../shared/domain/api-endpoint';
import { clusterNodes } from '../../../shared/domain/cluster-layout';
import { renderExports } from '../../../electron/services/cluster/engine/exports';
import { INIT_CONFIG_PATH, renderIgnition, renderIgnitionJson, type IgnitionConfig } from '../../../electron/services/cluster/render/ignition';
import { CERTIFICATE_KEY, renderControlPlaneJoinConfig, renderInitConfig } from '../../../electron/services/cluster/render/kubeadm';
import { makePin, makeSpec } from './fixtures';

// Parsed YAML is untyped; tests index into it freely and let assertions do the checking.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;
const KEY = 'c0ffee'.repeat(10) + 'c0ff';
const TOKEN = 'abcdef.0123456789abcdef';
const HASH = `sha256:${'ab'.repeat(32)}`;
const spec = makeSpec({ name: 'ha', controlPlane: { count: 3 }, workers: { count: 1 } });
const fqdn = apiServerFqdn(spec);

function docs(text: string): Doc[] {
  const all = parseAllDocuments(text);
  for (const d of all) assert.deepEqual(d.errors, []);
  return all.map((d) => d.toJS() as Doc);
}

function initFile(cfg: IgnitionConfig): string | undefined {
  const f = cfg.storage.files.find((x) => x.path === INIT_CONFIG_PATH);
  return f ? decodeURIComponent(f.contents.source.replace(/^data:,/, '')) : undefined;
}

test('init.yaml of three control planes: the load balancer name is the controlPlaneEndpoint, no public IP SAN', () => {
  assert.equal(KEY.length, 64);
  const [init, cluster] = docs(renderInitConfig({ spec, nodeName: 'cp-0', privateIp: '10.0.1.4', controlPlaneEndpoint: `${fqdn}:6443` }));
  assert.equal(cluster!.controlPlaneEndpoint, `${fqdn}:6443`);
  assert.match(fqdn, /^ha-[0-9a-f]{1,8}\.westeurope\.cloudapp\.azure\.com$/);
  // kubeadm adds the endpoint's host to the certificate itself; nothing else is needed.
  assert.equal(cluster!.apiServer, undefined);
  assert.equal(init!.localAPIEndpoint.advertiseAddress, '10.0.1.4');
  assert.equal(init!.certificateKey, undefined, 'no key unless one is given');
});

test('the certificate key goes into InitConfiguration.certificateKey, and only a 32-byte hex key', () => {
  const [init] = docs(renderInitConfig({ spec, nodeName: 'cp-0', privateIp: '10.0.1.4', controlPlaneEndpoint: `${fqdn}:6443`, certificateKey: KEY }));
  assert.equal(init!.certificateKey, KEY);
  assert.match(KEY, CERTIFICATE_KEY);
  for (const bad of ['', 'abc', KEY.toUpperCase(), `${KEY}00`, `${KEY.slice(0, 63)}g`]) {
    assert.throws(() => renderInitConfig({ spec, nodeName: 'cp-0', privateIp: '10.0.1.4', controlPlaneEndpoint: `${fqdn}:6443`, certificateKey: bad }), /certificate key/);
  }
  assert.throws(() => renderInitConfig({ spec, nodeName: 'cp-0', privateIp: '10.0.1.4' }), /public IP|controlPlaneEndpoint/);
});

test('a control plane\'s JoinConfiguration: discovery through the endpoint, controlPlane.localAPIEndpoint and certificateKey', () => {
  const doc = parse(renderControlPlaneJoinConfig({ apiServerEndpoint: `${fqdn}:6443`, token: TOKEN, caCertHash: HASH, nodeName: 'cp-1', nodeIp: '10.0.1.5', certificateKey: KEY })) as Doc;
  assert.equal(doc.apiVersion, 'kubeadm.k8s.io/v1beta4');
  assert.equal(doc.kind, 'JoinConfiguration');
  assert.deepEqual(doc.discovery.bootstrapToken, { apiServerEndpoint: `${fqdn}:6443`, token: TOKEN, caCertHashes: [HASH] });
  assert.deepEqual(doc.controlPlane, { localAPIEndpoint: { advertiseAddress: '10.0.1.5', bindPort: 6443 }, certificateKey: KEY });
  assert.equal(doc.nodeRegistration.name, 'cp-1');
  assert.deepEqual(doc.nodeRegistration.kubeletExtraArgs, [{ name: 'node-ip', value: '10.0.1.5' }]);
  assert.throws(() => renderControlPlaneJoinConfig({ apiServerEndpoint: `${fqdn}:6443`, token: TOKEN, caCertHash: HASH, nodeName: 'cp-1', nodeIp: '10.0.1.5', certificateKey: 'nope' }), /certificate key/);
  assert.throws(() => renderControlPlaneJoinConfig({ apiServerEndpoint: `${fqdn}:6443`, token: 'bad', caCertHash: HASH, nodeName: 'cp-1', nodeIp: '10.0.1.5', certificateKey: KEY }), /bootstrap token/);
});

test('Ignition: only cp-0 carries init.yaml (endpoint = the load balancer name, no key); cp-1 and cp-2 none', () => {
  const pin = makePin(spec);
  const nodes = clusterNodes(spec);
  assert.deepEqual(nodes.map((n) => n.name), ['cp-0', 'cp-1', 'cp-2', 'worker-0']);
  const [cp0, cp1, cp2, w0] = nodes.map((node) => renderIgnition({ spec, node, pin }));
  const init = docs(initFile(cp0!)!);
  assert.equal(init[1]!.controlPlaneEndpoint, `${fqdn}:6443`);
  assert.equal(init[0]!.certificateKey, undefined);
  for (const cfg of [cp1!, cp2!, w0!]) assert.equal(initFile(cfg), undefined);
  for (const node of nodes) assert.doesNotMatch(renderIgnitionJson({ spec, node, pin }), /certificateKey|certificate-key/);
});

test('exports of three control planes are all final: no public IP placeholder, init.yaml names the endpoint', () => {
  const ex = renderExports(spec, makePin(spec));
  assert.deepEqual(Object.keys(ex.kubeadm), ['init.yaml']);
  assert.doesNotMatch(JSON.stringify(ex), /FLATKUBE_CP0_PUBLIC_IP/);
  assert.match(ex.kubeadm['init.yaml']!, new RegExp(`controlPlaneEndpoint: ${fqdn.replaceAll('.', '\\.')}:6443`));
  assert.throws(() => renderExports(spec, makePin(spec), { controlPlanePublicIp: '198.51.100.20' }), /one control plane/);
});
