import { clusterNodes, type NodeInfo } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { buildPlan } from '../plan/build-plan';
import type { Plan } from '../plan/types';
import type { RecordedNode } from '../store/cluster-record';
import type { Inventory } from './inventory';

/**
 * The plan of a `create` or `apply` (docs/operations.md#planning): from the nodes the cluster's
 * record has (their addresses are kept), the desired spec, and which VMs exist in Azure.
 * - A node is in place (no step for it) when the record has it Ready and its VM exists: a VM
 *   deleted behind Flatkube's back is created again and joins again.
 * - A recorded node the spec no longer has is removed; so is a VM of the cluster (tagged, named
 *   as a node) that neither the record nor the spec has (left by an operation that died before
 *   recording its end).
 * - Everything else the spec has is created; the steps look before they act, so what an earlier,
 *   interrupted operation made is found and kept, never made twice.
 */
export interface ConvergeInput {
  desired: ClusterSpec;
  /** The record's nodes (empty for a new cluster or one that was destroyed). */
  recorded: readonly RecordedNode[];
  inventory: Inventory;
}

export interface NodeChange {
  node: string;
  pool?: string;
  size: string;
  privateIp: string;
}

export interface ConvergePlan {
  /** The spec's nodes with their addresses: what the cluster has when the operation is done. */
  nodes: NodeInfo[];
  /** Nodes to take out and delete. */
  removing: NodeInfo[];
  add: NodeChange[];
  remove: NodeChange[];
  /** Nodes in place, untouched. */
  keep: string[];
  plan: Plan;
  /** The record's nodes while the operation runs (written before it starts). */
  layout: RecordedNode[];
}

const change = (n: NodeInfo): NodeChange => ({ node: n.name, ...(n.pool ? { pool: n.pool } : {}), size: n.size, privateIp: n.privateIp });

export function planConverge(input: ConvergeInput): ConvergePlan {
  const { desired, recorded, inventory } = input;
  const nodes = clusterNodes(desired, recorded);
  const wanted = new Set(nodes.map((n) => n.name));
  const settled = new Set(recorded.filter((r) => r.state === 'ready' && wanted.has(r.name) && inventory.vms.has(r.name)).map((r) => r.name));
  const removing: NodeInfo[] = recorded
    .filter((r) => !wanted.has(r.name))
    .map((r) => ({ name: r.name, role: r.role, ...(r.pool ? { pool: r.pool } : {}), size: r.size, privateIp: r.privateIp }));
  // Unrecorded VMs of the cluster: workers only (a control plane leaves only with its cluster).
  for (const vm of [...inventory.vms].sort()) {
    if (wanted.has(vm) || removing.some((n) => n.name === vm) || /^cp-\d+$/.test(vm)) continue;
    removing.push({ name: vm, role: 'worker', size: 'unknown', privateIp: 'unknown' });
  }
  const plan = buildPlan(desired, { nodes, settled, remove: removing });
  const layout: RecordedNode[] = [
    ...nodes.map((n): RecordedNode => ({
      name: n.name,
      role: n.role,
      ...(n.pool ? { pool: n.pool } : {}),
      size: n.size,
      privateIp: n.privateIp,
      // Not in place: being created (again), whatever the record said before.
      state: settled.has(n.name) ? 'ready' : 'creating',
    })),
    ...removing.map((n): RecordedNode => ({ ...n, state: 'removing' })),
  ];
  return {
    nodes,
    removing,
    add: nodes.filter((n) => !settled.has(n.name)).map(change),
    remove: removing.map(change),
    keep: [...settled],
    plan,
    layout,
  };
}
