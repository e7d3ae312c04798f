// The Azure integration's rendering: azure.json, kubeadm with an external cloud provider, the
// pinned in-cluster manifests per Kubernetes minor, the plan's steps, the spec's rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, parseAllDocuments } from 'yaml';
import { azureJson, renderAzureJson } from '../../../electron/services/cluster/render/azure-json';
import { azureAddonObjects, cloudProviderVersion, renderAzureAddons } from '../../../electron/services/cluster/render/azure-addons';
import { renderInitConfig, renderJoinConfig } from '../../../electron/services/cluster/render/kubeadm';
import { renderIgnition } from '../../../electron/services/cluster/render/ignition';
import { buildPlan } from '../../../electron/services/cluster/plan/build-plan';
import { clusterNodes } from '../../../shared/domain/cluster-layout';
import { SUPPORTED_KUBERNETES_MINORS } from '../../../shared/domain/kubernetes-version';
import { validateClusterSpec } from '../../../shared/domain/cluster-spec';
import { minimalSpecInput } from '../domain/spec-fixture';
import { makePin, makeSpec } from './fixtures';

// Parsed YAML is untyped; tests index into it freely and let assertions do the checking.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;
const CLIENT = '11111111-2222-4333-8444-555555555555';
const TENANT = '99999999-8888-4777-8666-555555555555';

test('azure.json: the user-assigned identity by its client id, standalone VMs, Standard LB, the cluster tag; no secret', () => {
  const spec = makeSpec({ name: 'lab', resourceGroup: { name: 'lab-rg', create: true } });
  const j = azureJson({ spec, tenantId: TENANT, identityClientId: CLIENT });
  assert.equal(j.useManagedIdentityExtension, true);
  assert.equal(j.userAssignedIdentityID, CLIENT);
  assert.equal(j.tenantId, TENANT);
  assert.equal(j.subscriptionId, spec.subscriptionId);
  assert.equal(j.resourceGroup, 'lab-rg');
  assert.equal(j.vmType, 'standard');
  assert.equal(j.loadBalancerSku, 'standard');
  assert.equal(j.vnetName, 'lab-vnet');
  assert.equal(j.securityGroupName, 'lab-nsg');
  assert.equal(j.tags, 'flatkube-cluster=lab');
  assert.notEqual(j.loadBalancerName, 'lab-api-lb', 'never the API\'s own load balancer');
  const text = renderAzureJson({ spec, tenantId: TENANT, identityClientId: CLIENT });
  assert.doesNotMatch(text, /aadClientSecret|aadClientCertPassword/);
  assert.deepEqual(JSON.parse(text), j);
});

test('kubeadm: kubelet and controller manager with cloud-provider external only when asked', () => {
  const spec = makeSpec({ name: 'lab' });
  const docs = (t: string) => parseAllDocuments(t).map((d) => d.toJS() as Doc);
  const [init, cluster] = docs(renderInitConfig({ spec, nodeName: 'cp-0', privateIp: '10.0.1.4', publicIp: '20.1.2.3', cloudProviderExternal: true }));
  assert.deepEqual(init!.nodeRegistration.kubeletExtraArgs, [{ name: 'node-ip', value: '10.0.1.4' }, { name: 'cloud-provider', value: 'external' }]);
  assert.deepEqual(cluster!.controllerManager.extraArgs, [{ name: 'cloud-provider', value: 'external' }]);
  assert.equal(cluster!.apiServer.extraArgs, undefined, 'kube-apiserver takes no --cloud-provider');
  const [plainInit, plainCluster] = docs(renderInitConfig({ spec, nodeName: 'cp-0', privateIp: '10.0.1.4', publicIp: '20.1.2.3' }));
  assert.deepEqual(plainInit!.nodeRegistration.kubeletExtraArgs, [{ name: 'node-ip', value: '10.0.1.4' }]);
  assert.equal(plainCluster!.controllerManager, undefined);
  const join = parse(renderJoinConfig({ apiServerEndpoint: '10.0.1.4:6443', token: 'abcdef.0123456789abcdef', caCertHash: `sha256:${'ab'.repeat(32)}`, nodeName: 'worker-0', nodeIp: '10.0.1.10', cloudProviderExternal: true })) as Doc;
  assert.deepEqual(join.nodeRegistration.kubeletExtraArgs, [{ name: 'node-ip', value: '10.0.1.10' }, { name: 'cloud-provider', value: 'external' }]);
});

test('Ignition: azure.json on the node when given (readable, no secret in it), nothing otherwise', () => {
  const spec = makeSpec({ name: 'lab' });
  const node = clusterNodes(spec).find((n) => n.role === 'worker')!;
  const text = renderAzureJson({ spec, tenantId: TENANT, identityClientId: CLIENT });
  const withIt = renderIgnition({ spec, node, pin: makePin(spec), azureJson: text });
  const file = withIt.storage.files.find((f) => f.path === '/etc/kubernetes/azure.json');
  assert.ok(file);
  assert.equal(file.mode, 0o644);
  assert.equal(decodeURIComponent(String(file.contents?.source).replace(/^data:,/, '')), text);
  assert.equal(renderIgnition({ spec, node, pin: makePin(spec) }).storage.files.some((f) => f.path === '/etc/kubernetes/azure.json'), false);
});

test('cloud-provider-azure is pinned per Kubernetes minor (its minor = Kubernetes\'), every supported minor has one', () => {
  assert.equal(cloudProviderVersion('1.34.2'), 'v1.34.9');
  assert.equal(cloudProviderVersion('1.35.3'), 'v1.35.4');
  assert.equal(cloudProviderVersion('1.36.0'), 'v1.36.0');
  assert.throws(() => cloudProviderVersion('1.33.5'), /no cloud-provider-azure release pinned for Kubernetes 1\.33/);
  for (const minor of SUPPORTED_KUBERNETES_MINORS) assert.match(cloudProviderVersion(`1.${minor}.0`), new RegExp(`^v1\\.${minor}\\.\\d+$`));
});

test('manifests: CCM and CNM images of the cluster\'s minor, host azure.json, the cluster name; a default StorageClass tagging its disks', () => {
  const spec = makeSpec({ name: 'lab', kubernetesVersion: '1.34.4' });
  const docs = parseAllDocuments(renderAzureAddons(spec)).map((d) => d.toJS() as Doc);
  const images = docs.flatMap((d) => (d.spec?.template?.spec?.containers ?? []).map((c: Doc) => c.image as string));
  assert.ok(images.includes('mcr.microsoft.com/oss/v2/kubernetes/azure-cloud-controller-manager:v1.34.9'));
  assert.ok(images.includes('mcr.microsoft.com/oss/v2/kubernetes/azure-cloud-node-manager:v1.34.9'));
  assert.ok(images.every((i) => /^mcr\.microsoft\.com\/oss\/v2\/.+:v\d+\.\d+\.\d+$/.test(i)), `every image pinned: ${images.join(', ')}`);
  const ccm = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === 'cloud-controller-manager')!;
  const args = ccm.spec.template.spec.containers[0].args as string[];
  assert.ok(args.includes('--cloud-provider=azure'));
  assert.ok(args.includes('--cluster-name=lab'));
  assert.ok(args.includes('--cloud-config=/etc/kubernetes/azure.json'));
  assert.ok(args.includes('--controllers=*,-cloud-node'));
  assert.ok(ccm.spec.template.spec.tolerations.some((t: Doc) => t.key === 'node.cloudprovider.kubernetes.io/uninitialized'), 'it runs before any node is initialised');
  assert.equal(docs.find((d) => d.kind === 'DaemonSet' && d.metadata.name === 'cloud-node-manager')?.spec.template.spec.containers[0].command[1], '--node-name=$(NODE_NAME)');
  assert.ok(docs.some((d) => d.kind === 'CSIDriver' && d.metadata.name === 'disk.csi.azure.com'));
  const sc = docs.find((d) => d.kind === 'StorageClass')!;
  assert.equal(sc.provisioner, 'disk.csi.azure.com');
  assert.equal(sc.metadata.annotations['storageclass.kubernetes.io/is-default-class'], 'true');
  assert.equal(sc.parameters.tags, 'flatkube-cluster=lab');
  assert.equal(sc.reclaimPolicy, 'Delete');
  assert.doesNotMatch(renderAzureAddons(spec), /aadClientSecret|kind: Secret/);
});

test('manifests follow the spec: no disks -> no CSI objects; no cloud provider -> nothing', () => {
  const kinds = (o: Doc[]) => o.map((d) => `${d.kind}/${d.metadata.name}`);
  const noDisks = kinds(azureAddonObjects(makeSpec({ name: 'lab', azureIntegration: { cloudProvider: true, disks: false } })));
  assert.ok(noDisks.includes('Deployment/cloud-controller-manager'));
  assert.equal(noDisks.some((k) => /csi|StorageClass/i.test(k)), false);
  assert.deepEqual(azureAddonObjects(makeSpec({ name: 'lab', azureIntegration: { cloudProvider: false, disks: false } })), []);
});

test('plan: the identity before every Ignition and VM, its role, the add-ons after init and the role; none without the integration', () => {
  const plan = buildPlan(makeSpec({ name: 'lab' }));
  const step = (id: string) => plan.steps.find((s) => s.id === id);
  assert.deepEqual(step('identity')?.dependsOn, ['rg']);
  assert.deepEqual(step('role-assignment')?.dependsOn, ['identity']);
  assert.ok(step('azure-addons')?.dependsOn.includes('kubeadm-init'));
  assert.ok(step('azure-addons')?.dependsOn.includes('role-assignment'));
  for (const s of plan.steps.filter((x) => x.action === 'vm' || x.action === 'ignition')) assert.ok(s.dependsOn.includes('identity'), s.id);
  assert.ok(step('nodes-ready')?.dependsOn.includes('azure-addons'));
  assert.match(step('vm:cp-0')!.az, /--assign-identity/);
  assert.match(step('role-assignment')!.az, /--assignee-principal-type ServicePrincipal/);
  const off = buildPlan(makeSpec({ name: 'lab', azureIntegration: { cloudProvider: false, disks: false } }));
  assert.equal(off.steps.some((s) => ['identity', 'role-assignment', 'azure-addons'].includes(s.id)), false);
  assert.equal(off.steps.some((s) => s.dependsOn.includes('identity')), false);
});

test('spec: on by default; disks need the cloud provider', () => {
  const ok = validateClusterSpec(minimalSpecInput());
  assert.ok(ok.ok);
  assert.deepEqual(ok.spec.azureIntegration, { cloudProvider: true, disks: true });
  const bad = validateClusterSpec(minimalSpecInput({ azureIntegration: { cloudProvider: false, disks: true } }));
  assert.equal(bad.ok, false);
  assert.deepEqual(!bad.ok && bad.issues.map((i) => i.path), ['azureIntegration.disks']);
});

test('apply cannot turn the integration on or off on a cluster that exists', async () => {
  const { refusedChanges } = await import('../../../electron/services/cluster/operations/spec-changes');
  const on = makeSpec({ name: 'lab' });
  const off = makeSpec({ name: 'lab', azureIntegration: { cloudProvider: false, disks: false } });
  assert.deepEqual(refusedChanges(on, off).map((l) => l.split(':')[0]), ['azureIntegration']);
  assert.deepEqual(refusedChanges(off, on).map((l) => l.split(':')[0]), ['azureIntegration']);
  assert.deepEqual(refusedChanges(on, makeSpec({ name: 'lab' })), []);
});
