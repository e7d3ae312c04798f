import { validateClusterSpec, type ClusterSpec } from '../../../shared/domain/cluster-spec';
import type { VmSizeInfo } from '../../../shared/ipc/channels/azure';
import { clusterCost, HOURS_PER_MONTH } from './cost';
import { issuesByPath } from './draft';
import { networkLines } from './network-cost';

/**
 * The Change page's edit of a cluster's node pools: counts, pools added and removed. What apply
 * may change is the backend's rule (operations/spec-changes.ts); the page offers only that: a
 * pool that exists keeps its name and size (its nodes keep their VM size), a new pool gets both.
 */
export interface PoolEdit {
  name: string;
  count: number;
  size: string;
  /** The pool is in the cluster now: name and size are fixed. */
  existing: boolean;
}

export function editablePools(spec: Pick<ClusterSpec, 'nodePools'>): PoolEdit[] {
  return spec.nodePools.map((p) => ({ name: p.name, count: p.count, size: p.size, existing: true }));
}

/** The cluster's spec with the edited pools: what cluster.plan and cluster.apply get. */
export function changedSpec(spec: ClusterSpec, pools: readonly PoolEdit[]): ClusterSpec {
  return { ...spec, nodePools: pools.map(({ name, count, size }) => ({ name, count, size })) };
}

/**
 * The edit's problems by field path (`nodePools.1.name`, '' and `network.subnetCidr` for the
 * cluster as a whole), from the spec's own rules, so the page refuses what apply would refuse.
 */
export function poolIssues(spec: ClusterSpec, pools: readonly PoolEdit[]): Map<string, string[]> {
  const v = validateClusterSpec(changedSpec(spec, pools));
  return issuesByPath(v.ok ? [] : v.issues);
}

/** What the edit changes, one line a pool, in a newcomer's words (empty: nothing changes). */
export function changeLines(spec: Pick<ClusterSpec, 'nodePools'>, pools: readonly PoolEdit[]): string[] {
  const nodes = (n: number) => `${n} node${n === 1 ? '' : 's'}`;
  const lines: string[] = [];
  for (const p of pools) {
    const was = spec.nodePools.find((w) => w.name === p.name);
    if (!was) lines.push(`pool ${p.name}: new, ${nodes(p.count)} of ${p.size}`);
    else if (was.count !== p.count) lines.push(`pool ${p.name}: ${was.count} → ${nodes(p.count)}`);
  }
  for (const was of spec.nodePools) {
    if (!pools.some((p) => p.name === was.name)) lines.push(`pool ${was.name}: removed (${nodes(was.count)})`);
  }
  return lines;
}

export interface CostChange {
  currency: string;
  /** Per 730-hour month: VMs (sizes with a known price), and the public IPs and the API's load balancer when prices are in USD. */
  before: number;
  after: number;
  delta: number;
  /** Sizes without a known price: left out of both totals. */
  unknown: string[];
  /** The VM prices are not in USD, so the network's USD list prices are left out. */
  networkLeftOut: boolean;
}

/** The monthly estimate of the cluster before and after the change. */
export function costChange(sizes: readonly VmSizeInfo[], before: ClusterSpec, after: ClusterSpec): CostChange {
  const estimate = (s: ClusterSpec) => {
    const compute = clusterCost(sizes, s.controlPlane, s.nodePools);
    const workers = s.nodePools.reduce((n, p) => n + p.count, 0);
    const network = compute.currency === 'USD' ? networkLines(s.controlPlane.count, workers).reduce((n, l) => n + l.perHour, 0) : 0;
    return { ...compute, total: (compute.perHour + network) * HOURS_PER_MONTH };
  };
  const b = estimate(before);
  const a = estimate(after);
  return {
    currency: a.currency,
    before: b.total,
    after: a.total,
    delta: a.total - b.total,
    unknown: [...new Set([...b.unknown, ...a.unknown])],
    networkLeftOut: a.currency !== 'USD',
  };
}
