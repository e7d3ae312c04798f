import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_KUBERNETES_VERSION,
  clusterSpecSchema,
  isArm64Size,
  validateClusterSpec,
  type SpecIssue,
} from '../../../shared/domain/cluster-spec';
import { clusterNodes, imageRef } from '../../../shared/domain/cluster-layout';
import { minimalSpecInput } from './spec-fixture';

function issuesOf(input: unknown): SpecIssue[] {
  const r = validateClusterSpec(input);
  assert.equal(r.ok, false, 'expected the spec to be rejected');
  return r.ok ? [] : r.issues;
}
function paths(input: unknown): string[] {
  // One field may fail several checks (e.g. '' is too short and not matching): compare distinct paths.
  return [...new Set(issuesOf(input).map((i) => i.path))];
}

test('defaults follow docs/bootstrap.md', () => {
  const spec = clusterSpecSchema.parse(minimalSpecInput());
  assert.equal(spec.image.offer, 'flatcar-container-linux-corevm-amd64');
  assert.equal(spec.image.channel, 'stable');
  assert.equal(spec.image.generation, 2);
  assert.equal(spec.image.version, 'latest');
  assert.equal(spec.architecture, 'x64');
  assert.deepEqual(spec.controlPlane, { count: 1, size: 'Standard_B2s' });
  assert.deepEqual(spec.nodePools, [{ name: 'workers', count: 2, size: 'Standard_B2s' }]);
  assert.equal(spec.kubernetesVersion, DEFAULT_KUBERNETES_VERSION);
  assert.match(spec.kubernetesVersion, /^1\.35\.\d+$/);
  assert.equal(spec.cni, 'flannel');
  assert.deepEqual(spec.network, {
    vnetCidr: '10.0.0.0/16',
    subnetCidr: '10.0.1.0/24',
    podCidr: '10.244.0.0/16',
    serviceCidr: '10.96.0.0/12',
  });
  assert.equal(spec.ssh.user, 'core');
  assert.equal(spec.resourceGroup.create, true);
  assert.deepEqual(spec.tags, {});
});

test('names must be Azure and DNS safe', () => {
  for (const bad of ['', 'Demo', '1demo', 'demo_1', 'demo-', 'de--mo', 'a'.repeat(41), 'demo.x']) {
    assert.deepEqual(paths(minimalSpecInput({ name: bad })), ['name'], bad);
  }
  for (const good of ['a', 'demo-1', 'k8s-lab-2', 'a'.repeat(40)]) {
    assert.ok(validateClusterSpec(minimalSpecInput({ name: good })).ok, good);
  }
});

test('kubernetesVersion: supported minors only, leading v stripped', () => {
  const v = clusterSpecSchema.parse(minimalSpecInput({ kubernetesVersion: 'v1.34.1' }));
  assert.equal(v.kubernetesVersion, '1.34.1');
  assert.deepEqual(paths(minimalSpecInput({ kubernetesVersion: '1.23.0' })), ['kubernetesVersion']);
  assert.deepEqual(paths(minimalSpecInput({ kubernetesVersion: '1.35' })), ['kubernetesVersion']);
});

test('bad CIDRs are reported on their own field', () => {
  const issues = issuesOf(minimalSpecInput({ network: { vnetCidr: '10.0.0.1/16', podCidr: 'x' } }));
  assert.deepEqual(issues.map((i) => i.path).sort(), ['network.podCidr', 'network.vnetCidr']);
  assert.match(issues.find((i) => i.path === 'network.vnetCidr')!.message, /10\.0\.0\.0\/16/);
});

test('subnet must lie inside the VNet', () => {
  assert.deepEqual(paths(minimalSpecInput({ network: { subnetCidr: '10.1.1.0/24' } })), ['network.subnetCidr']);
});

test('pods and services must not overlap the VNet or each other', () => {
  assert.deepEqual(paths(minimalSpecInput({ network: { podCidr: '10.0.0.0/16' } })), ['network.podCidr']);
  assert.deepEqual(paths(minimalSpecInput({ network: { serviceCidr: '10.0.128.0/20' } })), ['network.serviceCidr']);
  const both = issuesOf(minimalSpecInput({ network: { podCidr: '10.96.0.0/16' } }));
  assert.deepEqual(both.map((i) => i.path), ['network.serviceCidr']);
  assert.match(both[0]!.message, /pod network/);
});

test('subnet must have room for every node at its fixed offset', () => {
  assert.deepEqual(
    paths(minimalSpecInput({ workers: { count: 20 }, network: { subnetCidr: '10.0.1.0/28' } })),
    ['network.subnetCidr'],
  );
  assert.ok(validateClusterSpec(minimalSpecInput({ workers: { count: 20 }, network: { subnetCidr: '10.0.1.0/27' } })).ok);
});

test('worker count is 0-20', () => {
  assert.ok(validateClusterSpec(minimalSpecInput({ workers: { count: 0 } })).ok);
  assert.deepEqual(paths(minimalSpecInput({ workers: { count: 21 } })), ['workers.count']);
  assert.deepEqual(paths(minimalSpecInput({ workers: { count: 1.5 } })), ['workers.count']);
});

test('an out-of-range worker count is reported, not used: the spec-wide rules never size anything by it', () => {
  // One WebSocket message or spec file: the node layout must not be built for a billion workers.
  for (const count of [1e9, 2 ** 31, Number.MAX_SAFE_INTEGER, -1e9]) {
    const started = Date.now();
    assert.deepEqual(paths(minimalSpecInput({ workers: { count } })), ['workers.count'], String(count));
    assert.ok(Date.now() - started < 1000, `count ${count} took ${Date.now() - started} ms`);
  }
  // A size name the Arm64 rule would backtrack on for hours (a WebSocket message may carry 4 MB).
  const started = Date.now();
  const longSize = `Standard_D2${'p'.repeat(1_000_000)}`;
  assert.deepEqual(paths(minimalSpecInput({ workers: { count: 1, size: longSize } })), ['workers.size']);
  assert.ok(Date.now() - started < 1000, `a long size name took ${Date.now() - started} ms`);
  assert.equal(isArm64Size(longSize), false);
  // With a bad count the other spec-wide rules still report (inline errors in the wizard).
  assert.deepEqual(
    paths(minimalSpecInput({ workers: { count: 1e9 }, network: { subnetCidr: '10.1.1.0/24' } })).sort(),
    ['network.subnetCidr', 'workers.count'],
  );
});

test('corevm without -amd64 is Arm64 Gen2 with Arm64 sizes only', () => {
  const arm = minimalSpecInput({
    image: { offer: 'flatcar-container-linux-corevm' },
    architecture: 'Arm64',
    controlPlane: { size: 'Standard_D2ps_v5' },
    workers: { count: 1, size: 'Standard_D2ps_v5' },
  });
  assert.ok(validateClusterSpec(arm).ok);
  assert.deepEqual(paths({ ...arm, architecture: 'x64' }).sort(), [
    'architecture',
    'controlPlane.size',
    'workers.size',
  ]);
  assert.deepEqual(paths({ ...arm, image: { offer: 'flatcar-container-linux-corevm', generation: 1 } }), [
    'image.generation',
  ]);
  assert.deepEqual(paths({ ...arm, workers: { count: 1, size: 'Standard_B2s' } }), ['workers.size']);
  assert.deepEqual(paths(minimalSpecInput({ architecture: 'Arm64' })).sort(), [
    'architecture',
    'controlPlane.size',
    'workers.size',
  ]);
});

test('ssh key must be a public key line, never a private key', () => {
  const priv = '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----';
  const issues = issuesOf(minimalSpecInput({ ssh: { publicKey: priv } }));
  assert.equal(issues[0]!.path, 'ssh.publicKey');
  assert.match(issues[0]!.message, /private key/);
  assert.deepEqual(paths(minimalSpecInput({ ssh: { publicKey: 'hello' } })), ['ssh.publicKey']);
});

test('allowedSourceIp, subscriptionId, location and tags are checked', () => {
  assert.deepEqual(paths(minimalSpecInput({ allowedSourceIp: '203.0.113.0/24' })), ['allowedSourceIp']);
  assert.deepEqual(paths(minimalSpecInput({ allowedSourceIp: '0.0.0.0' })), ['allowedSourceIp']);
  assert.deepEqual(paths(minimalSpecInput({ subscriptionId: 'nope' })), ['subscriptionId']);
  assert.deepEqual(paths(minimalSpecInput({ location: 'West Europe' })), ['location']);
  assert.deepEqual(paths(minimalSpecInput({ tags: { 'flatkube-cluster': 'x' } })), ['tags']);
});

test('CIDRs and the source IP are stored in their canonical form: no whitespace reaches a command line', () => {
  const spec = clusterSpecSchema.parse(minimalSpecInput({
    allowedSourceIp: ' 203.0.113.7\n',
    network: { vnetCidr: '10.0.0.0/16\n', subnetCidr: '\t10.0.1.0/24', podCidr: '10.244.0.0 /16\n', serviceCidr: ' 10.96.0.0/12\r' },
  }));
  assert.equal(spec.allowedSourceIp, '203.0.113.7');
  assert.deepEqual(spec.network, { vnetCidr: '10.0.0.0/16', subnetCidr: '10.0.1.0/24', podCidr: '10.244.0.0/16', serviceCidr: '10.96.0.0/12' });
  // Anything a shell or YAML would read as more than a value is still refused.
  for (const bad of ['10.244.0.0/16\n--set x=y', '10.244.0.0/16; id', '$(id)/16', '`id`']) {
    assert.deepEqual(paths(minimalSpecInput({ network: { podCidr: bad } })), ['network.podCidr'], JSON.stringify(bad));
  }
  for (const bad of ['203.0.113.7\n# x', '203.0.113.7;id', '$(id)']) {
    assert.deepEqual(paths(minimalSpecInput({ allowedSourceIp: bad })), ['allowedSourceIp'], JSON.stringify(bad));
  }
});

test('layout: fixed node addresses and image URNs', () => {
  const spec = clusterSpecSchema.parse(minimalSpecInput());
  assert.deepEqual(clusterNodes(spec), [
    { name: 'cp-0', role: 'control-plane', size: 'Standard_B2s', privateIp: '10.0.1.4' },
    { name: 'worker-0', role: 'worker', pool: 'workers', size: 'Standard_B2s', privateIp: '10.0.1.10' },
    { name: 'worker-1', role: 'worker', pool: 'workers', size: 'Standard_B2s', privateIp: '10.0.1.11' },
  ]);
  assert.equal(imageRef(spec).urn, 'kinvolk:flatcar-container-linux-corevm-amd64:stable-gen2:latest');
  assert.equal(imageRef(spec).plan, undefined);
  const free = clusterSpecSchema.parse(minimalSpecInput({ image: { offer: 'flatcar-container-linux-free', channel: 'lts' } }));
  assert.deepEqual(imageRef(free).plan, { name: 'lts2024-gen2', product: 'flatcar-container-linux-free', publisher: 'kinvolk' });
  const arm = clusterSpecSchema.parse(
    minimalSpecInput({
      image: { offer: 'flatcar-container-linux-corevm' },
      architecture: 'Arm64',
      controlPlane: { size: 'Standard_D2ps_v5' },
      workers: { count: 0, size: 'Standard_D2ps_v5' },
    }),
  );
  assert.equal(imageRef(arm).urn, 'kinvolk:flatcar-container-linux-corevm:stable:latest');
});
