import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateClusterSpec, type ClusterSpec } from '../../../shared/domain/cluster-spec';
import type { VmSizeInfo } from '../../../shared/ipc/channels/azure';
import { networkLines, NETWORK_PRICES_USD } from '../../../renderer/src/lib/network-cost';
import { changedSpec, changeLines, costChange, editablePools, poolIssues, type PoolEdit } from '../../../renderer/src/lib/pool-edit';
import { minimalSpecInput } from '../domain/spec-fixture';

const spec = (over: Parameters<typeof minimalSpecInput>[0] = {}): ClusterSpec => {
  const v = validateClusterSpec(minimalSpecInput({ nodePools: [{ name: 'workers', count: 1, size: 'Standard_B2s' }], ...over }));
  assert.ok(v.ok);
  return v.spec;
};
const price = (name: string, perHour: number | undefined): VmSizeInfo => ({
  name, family: 'f', vCPUs: 2, memoryGB: 4, architecture: 'x64', generations: [2], quotaAllowsOne: true, belowControlPlaneMinimum: false,
  ...(perHour !== undefined ? { price: { currency: 'USD', perHour, perMonth: perHour * 730 } } : {}),
});
const SIZES = [price('Standard_B2s', 0.048), price('Standard_D2s_v5', 0.115), price('Standard_X9', undefined)];

test('editing starts from the cluster pools, all fixed in name and size; the changed spec carries only name, count, size', () => {
  const s = spec();
  const pools = editablePools(s);
  assert.deepEqual(pools, [{ name: 'workers', count: 1, size: 'Standard_B2s', existing: true }]);
  const next = changedSpec(s, [{ ...pools[0]!, count: 2 }, { name: 'big', count: 1, size: 'Standard_D2s_v5', existing: false }]);
  assert.deepEqual(next.nodePools, [{ name: 'workers', count: 2, size: 'Standard_B2s' }, { name: 'big', count: 1, size: 'Standard_D2s_v5' }]);
  assert.equal(next.controlPlane, s.controlPlane);
  assert.deepEqual(s.nodePools, [{ name: 'workers', count: 1, size: 'Standard_B2s' }], 'the cluster spec is not changed');
});

test('pool edits are refused by the spec rules, by field: duplicate and reserved names, counts out of range or not a number', () => {
  const s = spec();
  const base = editablePools(s);
  const add = (p: Partial<PoolEdit>): PoolEdit[] => [...base, { name: 'extra', count: 1, size: 'Standard_B2s', existing: false, ...p }];
  assert.equal(poolIssues(s, add({})).size, 0);
  assert.match(poolIssues(s, add({ name: 'workers' })).get('nodePools.1.name')?.join() ?? '', /another pool is named workers/);
  assert.match(poolIssues(s, add({ name: 'cp' })).get('nodePools.1.name')?.join() ?? '', /reserved/);
  assert.match(poolIssues(s, add({ name: 'Bad_Name' })).get('nodePools.1.name')?.join() ?? '', /lowercase/);
  assert.ok(poolIssues(s, [{ ...base[0]!, count: 21 }]).has('nodePools.0.count'));
  assert.ok(poolIssues(s, [{ ...base[0]!, count: -1 }]).has('nodePools.0.count'));
  assert.ok(poolIssues(s, [{ ...base[0]!, count: Number.NaN }]).has('nodePools.0.count'));
  assert.ok(poolIssues(s, [{ ...base[0]!, count: 1.5 }]).has('nodePools.0.count'));
  assert.match(poolIssues(s, add({ size: 'B2s' })).get('nodePools.1.size')?.join() ?? '', /Azure VM size/);
});

test('the change reads as one line a pool: counts, pools added, pools removed; nothing when nothing changes', () => {
  const s = spec({ nodePools: [{ name: 'workers', count: 1, size: 'Standard_B2s' }, { name: 'old', count: 2, size: 'Standard_B2s' }] });
  assert.deepEqual(changeLines(s, editablePools(s)), []);
  const pools = editablePools(s);
  assert.deepEqual(changeLines(s, [{ ...pools[0]!, count: 2 }, { name: 'gpu', count: 1, size: 'Standard_D2s_v5', existing: false }]), [
    'pool workers: 1 → 2 nodes',
    'pool gpu: new, 1 node of Standard_D2s_v5',
    'pool old: removed (2 nodes)',
  ]);
});

test('network lines: a public IP per node; three control planes add the API load balancer and its IP', () => {
  assert.deepEqual(networkLines(1, 2).map((l) => [l.role, l.count]), [['Public IPs of the nodes', 3]]);
  assert.equal(networkLines(1, 2)[0]!.perHour, 3 * NETWORK_PRICES_USD.publicIpPerHour);
  const ha = networkLines(3, 0);
  assert.deepEqual(ha.map((l) => l.role), ['Public IPs of the nodes', 'API load balancer', 'Public IP of the API load balancer']);
  assert.equal(ha.reduce((n, l) => n + l.perHour, 0), 4 * NETWORK_PRICES_USD.publicIpPerHour + NETWORK_PRICES_USD.loadBalancerPerHour);
});

test('the cost change is the monthly estimate before and after: one more worker adds its VM and its public IP', () => {
  const s = spec();
  const more = changedSpec(s, [{ ...editablePools(s)[0]!, count: 2 }]);
  const c = costChange(SIZES, s, more);
  const month = (perHour: number) => perHour * 730;
  assert.ok(Math.abs(c.before - month(2 * 0.048 + 2 * NETWORK_PRICES_USD.publicIpPerHour)) < 1e-9, String(c.before));
  assert.ok(Math.abs(c.delta - month(0.048 + NETWORK_PRICES_USD.publicIpPerHour)) < 1e-9, String(c.delta));
  assert.equal(c.currency, 'USD');
  assert.deepEqual(c.unknown, []);
  // Fewer nodes: the estimate falls.
  assert.ok(costChange(SIZES, more, s).delta < 0);
  // Three control planes: the load balancer and its IP are in both totals, so the change's delta is the same.
  const ha = spec({ controlPlane: { count: 3, size: 'Standard_B2s' } });
  const haMore = changedSpec(ha, [{ ...editablePools(ha)[0]!, count: 2 }]);
  const h = costChange(SIZES, ha, haMore);
  assert.ok(Math.abs(h.before - c.before - month(2 * 0.048 + 3 * NETWORK_PRICES_USD.publicIpPerHour + NETWORK_PRICES_USD.loadBalancerPerHour)) < 1e-9);
  assert.ok(Math.abs(h.delta - c.delta) < 1e-9);
});

test('a size without a price is named and left out of both totals', () => {
  const s = spec();
  const c = costChange(SIZES, s, changedSpec(s, [...editablePools(s), { name: 'odd', count: 2, size: 'Standard_X9', existing: false }]));
  assert.deepEqual(c.unknown, ['Standard_X9']);
  assert.ok(Math.abs(c.delta - 2 * NETWORK_PRICES_USD.publicIpPerHour * 730) < 1e-9, 'only the two public IPs are priced');
});
