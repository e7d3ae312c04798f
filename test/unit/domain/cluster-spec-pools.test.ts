/**
 * Spec v2: one or three control planes and named node pools; the older `workers: {count, size}`
 * form still reads as the pool `workers`, whose nodes keep their names (worker-0, ...).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterNodes } from '../../../shared/domain/cluster-layout';
import { clusterSpecSchema, validateClusterSpec, withPoolCount, type ClusterSpecInput } from '../../../shared/domain/cluster-spec';
import { minimalSpecInput } from './spec-fixture';

const parse = (over: Partial<ClusterSpecInput>) => clusterSpecSchema.parse(minimalSpecInput(over));
function paths(over: Partial<ClusterSpecInput>): string[] {
  const r = validateClusterSpec(minimalSpecInput(over));
  assert.equal(r.ok, false, 'expected the spec to be rejected');
  return r.ok ? [] : [...new Set(r.issues.map((i) => i.path))].sort();
}

test('the older workers form is one pool named workers, and its nodes keep the names they had', () => {
  const spec = parse({ workers: { count: 3, size: 'Standard_D2s_v5' } });
  assert.deepEqual(spec.nodePools, [{ name: 'workers', count: 3, size: 'Standard_D2s_v5' }]);
  assert.equal('workers' in spec, false, 'one shape downstream');
  assert.deepEqual(
    clusterNodes(spec).map((n) => [n.name, n.role, n.pool, n.size, n.privateIp]),
    [
      ['cp-0', 'control-plane', undefined, 'Standard_B2s', '10.0.1.4'],
      ['worker-0', 'worker', 'workers', 'Standard_D2s_v5', '10.0.1.10'],
      ['worker-1', 'worker', 'workers', 'Standard_D2s_v5', '10.0.1.11'],
      ['worker-2', 'worker', 'workers', 'Standard_D2s_v5', '10.0.1.12'],
    ],
  );
  // A parsed spec parses to itself (records store the output and read it back through the schema).
  assert.deepEqual(clusterSpecSchema.parse(spec), spec);
});

test('node pools: each its own size, node names <pool>-<n>, addresses in spec order', () => {
  const spec = parse({ nodePools: [{ name: 'general', count: 2 }, { name: 'big', count: 1, size: 'Standard_D4s_v5' }] });
  assert.deepEqual(
    clusterNodes(spec).map((n) => `${n.name}/${n.pool ?? '-'}/${n.size}/${n.privateIp}`),
    ['cp-0/-/Standard_B2s/10.0.1.4', 'general-0/general/Standard_B2s/10.0.1.10', 'general-1/general/Standard_B2s/10.0.1.11', 'big-0/big/Standard_D4s_v5/10.0.1.12'],
  );
});

test('pool names: DNS labels of at most 16, unique, not cp or worker; at most 8 pools; not both forms', () => {
  for (const bad of ['', 'Gpu', '1gpu', 'gpu-', 'g--pu', 'g_pu', 'a'.repeat(17), 'cp', 'worker']) {
    assert.deepEqual(paths({ nodePools: [{ name: bad, count: 1 }] }), ['nodePools.0.name'], bad);
  }
  assert.deepEqual(paths({ nodePools: [{ name: 'a', count: 1 }, { name: 'a', count: 2 }] }), ['nodePools.1.name']);
  assert.deepEqual(paths({ nodePools: Array.from({ length: 9 }, (_, i) => ({ name: `p${i}`, count: 0 })) }), ['nodePools']);
  assert.deepEqual(paths({ nodePools: [{ name: 'a', count: 1 }], workers: { count: 1 } }), ['workers']);
  assert.deepEqual(paths({ nodePools: [{ name: 'a', count: 21 }] }), ['nodePools.0.count']);
  assert.ok(validateClusterSpec(minimalSpecInput({ nodePools: [] })).ok, 'a control plane alone');
  assert.ok(validateClusterSpec(minimalSpecInput({ nodePools: [{ name: 'a'.repeat(16), count: 1 }, { name: 'workers', count: 0 }] })).ok);
});

test('control planes: one or three', () => {
  assert.equal(parse({ controlPlane: { count: 3 } }).controlPlane.count, 3);
  assert.deepEqual(clusterNodes(parse({ controlPlane: { count: 3 }, nodePools: [] })).map((n) => `${n.name}@${n.privateIp}`), ['cp-0@10.0.1.4', 'cp-1@10.0.1.5', 'cp-2@10.0.1.6']);
  for (const count of [0, 2, 4]) assert.deepEqual(paths({ controlPlane: { count: count as 1 } }), ['controlPlane.count'], String(count));
});

test('every pool size must fit the architecture; the subnet must hold every pool', () => {
  const arm = { image: { offer: 'flatcar-container-linux-corevm' as const }, architecture: 'Arm64' as const, controlPlane: { size: 'Standard_D2ps_v5' } };
  assert.deepEqual(paths({ ...arm, nodePools: [{ name: 'a', count: 1, size: 'Standard_D2ps_v5' }, { name: 'b', count: 1, size: 'Standard_B2s' }] }), ['nodePools.1.size']);
  // 2 x 20 workers: offsets up to .49 -> a /27 (32 addresses) is too small, a /26 holds them.
  const forty = [{ name: 'a', count: 20 }, { name: 'b', count: 20 }];
  const r = validateClusterSpec(minimalSpecInput({ nodePools: forty, network: { subnetCidr: '10.0.1.0/27' } }));
  assert.ok(!r.ok && r.issues.some((i) => i.path === 'network.subnetCidr' && /too small for 40 workers: use \/26 or larger/.test(i.message)), JSON.stringify(r));
  assert.ok(validateClusterSpec(minimalSpecInput({ nodePools: forty, network: { subnetCidr: '10.0.1.0/26' } })).ok);
});

test('a node the cluster already has keeps its address when pools change around it', () => {
  const before = parse({ nodePools: [{ name: 'a', count: 2 }, { name: 'b', count: 2 }] });
  const prior = clusterNodes(before);
  assert.deepEqual(prior.filter((n) => n.pool === 'b').map((n) => n.privateIp), ['10.0.1.12', '10.0.1.13']);
  // Pool a goes away and a new pool c arrives: b keeps .12/.13, c takes the lowest offsets no prior node holds.
  const after = clusterNodes({ ...before, nodePools: [{ name: 'b', count: 3, size: 'Standard_B2s' }, { name: 'c', count: 2, size: 'Standard_B2s' }] }, prior);
  assert.deepEqual(after.map((n) => `${n.name}@${n.privateIp}`), ['cp-0@10.0.1.4', 'b-0@10.0.1.12', 'b-1@10.0.1.13', 'b-2@10.0.1.14', 'c-0@10.0.1.15', 'c-1@10.0.1.16']);
  assert.equal(new Set(after.map((n) => n.privateIp)).size, after.length, 'no address twice');
});

test('withPoolCount changes one pool, or adds it', () => {
  const spec = parse({});
  assert.deepEqual(withPoolCount(spec, 'workers', 5).nodePools, [{ name: 'workers', count: 5, size: 'Standard_B2s' }]);
  assert.deepEqual(withPoolCount(spec, 'gpu', 1, 'Standard_D4s_v5').nodePools.map((p) => `${p.name}:${p.count}:${p.size}`), ['workers:2:Standard_B2s', 'gpu:1:Standard_D4s_v5']);
});
