/**
 * Preflight against the sandbox through the real clients: a good spec has no findings; each
 * finding code is produced by a spec that should produce it; nothing is ever written.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ClusterSpecInput } from '../../../shared/domain/cluster-spec';
import { runPreflight, type PreflightDeps } from '../../../electron/services/preflight/preflight';
import type { ProbeResult } from '../../../electron/services/preflight/kubernetes-release-check';
import { sysextSource, type FetchText } from '../../../electron/services/cluster/sysext/bakery';
import { call } from '../../helpers/sandbox-platform';
import { minimalSpecInput } from '../../unit/domain/spec-fixture';
import { startAzureTestEnv, type AzureTestEnv } from './azure-test-env';

describe('preflight against the sandbox', () => {
  let t: AzureTestEnv;
  let deps: PreflightDeps;
  let otherSubscription: string;
  before(async () => {
    t = await startAzureTestEnv();
    otherSubscription = (await t.directory.subscriptions()).subscriptions.find((s) => s.subscriptionId !== t.subscriptionId)!.subscriptionId;
    deps = { environment: 'sandbox', clients: (s, sig) => t.reads.clients(s, sig), probe: async () => 'exists', sysext: sysextSource(t.env) };
  });
  after(async () => {
    await t.close();
  });

  const spec = (o: Partial<ClusterSpecInput> = {}): ClusterSpecInput => minimalSpecInput({ subscriptionId: t.subscriptionId, ...o });
  const codes = async (s: unknown, d: Partial<PreflightDeps> = {}) => (await runPreflight(s, { ...deps, ...d })).findings.map((f) => f.code);

  it('finds nothing wrong with a good spec, and writes nothing', async () => {
    const since = (await t.sb.api.journal()).at(-1)?.seq ?? 0;
    const r = await runPreflight(spec(), deps);
    assert.deepEqual(r.findings, []);
    assert.equal(r.ok, true);
    const methods = new Set((await t.sb.api.journal(since)).map((e) => e.method));
    assert.deepEqual([...methods].filter((m) => m !== 'GET' && m !== 'HEAD'), [], 'preflight only reads');
  });

  it('reports spec problems: names, CIDRs, public IP, image/size architecture, SSH key', async () => {
    assert.ok((await codes(spec({ name: 'Demo_1' }))).includes('NAME_INVALID'));
    assert.ok((await codes(spec({ network: { podCidr: '10.0.0.0/16' } }))).includes('CIDR_OVERLAP'));
    assert.ok((await codes(spec({ network: { subnetCidr: '10.0.1.5/24' } }))).includes('CIDR_INVALID'));
    assert.ok((await codes(spec({ allowedSourceIp: '' }))).includes('PUBLIC_IP_UNKNOWN'));
    assert.ok((await codes(spec({ architecture: 'Arm64' }))).includes('IMAGE_SIZE_MISMATCH'));
    assert.ok((await codes(spec({ ssh: { publicKey: 'not a key' } }))).includes('SSH_KEY_INVALID'));
    const f = (await runPreflight(spec({ name: 'Demo_1' }), deps)).findings[0]!;
    assert.equal(f.severity, 'error');
    assert.equal(f.path, 'name');
    assert.ok(f.fix.length > 10);
  });

  it('reports an unknown subscription and an unavailable region', async () => {
    assert.deepEqual(await codes(spec({ subscriptionId: '99999999-9999-4999-8999-999999999999' })), ['SUBSCRIPTION_UNAVAILABLE']);
    assert.deepEqual(await codes(spec({ location: 'atlantis' })), ['REGION_UNAVAILABLE']);
  });

  it('reports names already taken in the resource group, an existing group to be created and a missing group', async () => {
    const { resources, network } = await t.reads.clients(t.subscriptionId);
    await resources.resourceGroups.createOrUpdate('taken-rg', { location: 'westeurope' });
    await network.virtualNetworks.createOrUpdate('taken-rg', 'demo-vnet', { location: 'westeurope', addressSpace: { addressPrefixes: ['10.9.0.0/16'] } });
    await network.networkSecurityGroups.createOrUpdate('taken-rg', 'someone-elses-nsg', { location: 'westeurope' });
    const c = await codes(spec({ resourceGroup: { name: 'taken-rg' } }));
    assert.ok(c.includes('NAME_TAKEN'), c.join());
    assert.ok(c.includes('RESOURCE_GROUP_EXISTS'), c.join());
    assert.deepEqual(await codes(spec({ resourceGroup: { name: 'no-such-rg', create: false } })), ['RESOURCE_GROUP_MISSING']);
  });

  it('blocks create: true on a group that already exists (even an empty one), naming both ways out', async () => {
    const { resources } = await t.reads.clients(t.subscriptionId);
    await resources.resourceGroups.createOrUpdate('existing-empty-rg', { location: 'westeurope', tags: { owner: 'alice' } });
    const r = await runPreflight(spec({ resourceGroup: { name: 'existing-empty-rg', create: true } }), deps);
    assert.equal(r.ok, false);
    const f = r.findings.find((x) => x.code === 'RESOURCE_GROUP_EXISTS');
    assert.ok(f, JSON.stringify(r.findings));
    assert.equal(f.severity, 'error');
    assert.equal(f.path, 'resourceGroup.name');
    assert.match(f.message, /existing-empty-rg already exists/);
    assert.match(f.fix, /new resource group name/i);
    assert.match(f.fix, /use the existing group/i);
    // The explicit choice: no blocking finding, a note on what Flatkube will and will not touch.
    const shared = await runPreflight(spec({ resourceGroup: { name: 'existing-empty-rg', create: false } }), deps);
    assert.equal(shared.ok, true, JSON.stringify(shared.findings));
    assert.deepEqual(shared.findings.map((x) => [x.code, x.severity]), [['RESOURCE_GROUP_SHARED', 'info']]);
  });

  it('reports a missing image version and terms not accepted for the free offer', async () => {
    assert.deepEqual(await codes(spec({ image: { version: '1.2.3' } })), ['IMAGE_NOT_FOUND']);
    assert.deepEqual(await codes(spec({ subscriptionId: otherSubscription, image: { offer: 'flatcar-container-linux-free' } })), ['TERMS_NOT_ACCEPTED']);
  });

  it('reports sizes: not available, incompatible, below the kubeadm minimum', async () => {
    assert.deepEqual(await codes(spec({ location: 'westus2', image: { generation: 1 }, workers: { count: 1, size: 'Standard_DS13_v2_Promo' } })), ['SIZE_NOT_AVAILABLE']);
    assert.deepEqual(await codes(spec({ workers: { count: 1, size: 'Standard_A1_v2' } })), ['SIZE_INCOMPATIBLE']);
    assert.deepEqual(await codes(spec({ controlPlane: { size: 'Standard_B1s' } })), ['SIZE_BELOW_KUBEADM_MINIMUM']);
  });

  it('reports family and regional vCPU quota too small for the whole cluster', async () => {
    await call(t.sb, 'PUT', `/_sandbox/quotas/${t.subscriptionId}/uksouth`, { body: { standardBSFamily: 4 } });
    // 1 + 2 nodes of Standard_B2s = 6 vCPUs of the BS family.
    assert.deepEqual(await codes(spec({ location: 'uksouth' })), ['QUOTA_FAMILY_EXCEEDED']);
    await call(t.sb, 'PUT', `/_sandbox/quotas/${t.subscriptionId}/centralus`, { body: { cores: 4 } });
    assert.deepEqual(await codes(spec({ location: 'centralus' })), ['QUOTA_REGIONAL_EXCEEDED']);
  });

  it('checks the Kubernetes version: dl.k8s.io, the sandbox bakery, and offline "could not verify"', async () => {
    assert.deepEqual(await codes(spec({ kubernetesVersion: '1.34.1' })), ['K8S_SYSEXT_NOT_FOUND']);
    const probed: string[] = [];
    const missing = async (url: string): Promise<ProbeResult> => (probed.push(url), url.includes('dl.k8s.io') ? 'missing' : 'exists');
    assert.deepEqual(await codes(spec(), { probe: missing }), ['K8S_RELEASE_NOT_FOUND']);
    assert.deepEqual(probed, ['https://dl.k8s.io/release/v1.35.3/bin/linux/amd64/kubeadm.sha256']);
    assert.deepEqual(await codes(spec(), { probe: async () => 'missing' }), ['K8S_RELEASE_NOT_FOUND']);
    const offline = await runPreflight(spec(), { ...deps, probe: async () => 'unreachable' });
    assert.deepEqual(offline.findings.map((f) => [f.code, f.severity]), [['K8S_VERSION_UNVERIFIED', 'warning']]);
    assert.match(offline.findings[0]!.message, /Could not verify/);
    assert.equal(offline.ok, true, 'a warning does not block');
  });

  it('on real Azure also flags a non-public NSG address', async () => {
    const c = await codes(spec({ allowedSourceIp: '10.1.2.3' }), { environment: 'azure' });
    assert.deepEqual(c.sort(), ['PUBLIC_IP_NOT_PUBLIC']);
  });

  it('checks the sysext checksum in the environment\'s bakery: the sandbox\'s over HTTPS, or a list that says otherwise', async () => {
    // The sandbox's own bakery does not publish 1.35.1.
    const unpublished = await runPreflight(spec({ kubernetesVersion: '1.35.1' }), deps);
    assert.deepEqual(unpublished.findings.map((f) => f.code), ['K8S_SYSEXT_NOT_FOUND']);
    assert.ok(unpublished.findings[0]!.message.includes(`${t.env.sysextBakery}/kubernetes-v1.35.1/SHA256SUMS`), unpublished.findings[0]!.message);
    const bakery = 'https://example.test/download';
    const sums = (text: string, status = 200): FetchText => async () => ({ status, text });
    // Real Azure also compares the spec's IP with the detected one: answer it without the internet.
    const publicIp = async () => ({ ip: '203.0.113.7', source: 'service' as const, detail: 'test' });
    const withList = (fetchText: FetchText) => ({ environment: 'azure' as const, sysext: sysextSource({ sysextBakery: bakery }, { fetchText }), publicIp });
    assert.deepEqual(await codes(spec(), withList(sums(`${'e'.repeat(64)}  kubernetes-v1.35.3-x86-64.raw\n`))), []);
    assert.deepEqual(await codes(spec(), withList(sums(`${'e'.repeat(64)}  kubernetes-v1.35.3-arm64.raw\n`))), ['K8S_SYSEXT_NOT_FOUND']);
    assert.deepEqual(await codes(spec(), withList(sums('Not Found', 404))), ['K8S_SYSEXT_NOT_FOUND']);
    const offline = await runPreflight(spec(), { ...deps, ...withList(async () => { throw new Error('getaddrinfo ENOTFOUND'); }) });
    assert.deepEqual(offline.findings.map((f) => [f.code, f.severity]), [['K8S_SYSEXT_CHECKSUM_UNAVAILABLE', 'warning']]);
    assert.match(offline.findings[0]!.message, /Could not verify/);
    assert.ok(offline.findings[0]!.fix.includes(`${bakery}/kubernetes-v1.35.3/SHA256SUMS`));
  });
});
