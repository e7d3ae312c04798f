import { CLUSTER_TAG } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ArmClients } from '../../azure/arm-clients';
import { isNotFound } from '../../azure/azure-errors';

/**
 * What exists in Azure for a cluster, as an operation's planner needs it: does its group exist,
 * and which of its nodes have a VM. A node's VM is `<cluster>-<node>-vm` carrying the cluster's
 * tag (cluster-layout.ts names every resource that way); a VM with the name but not the tag is not
 * the cluster's and is not counted.
 */
export interface Inventory {
  groupExists: boolean;
  /** Node names whose VM exists. */
  vms: ReadonlySet<string>;
}

export async function readInventory(arm: ArmClients, spec: ClusterSpec, signal?: AbortSignal): Promise<Inventory> {
  const prefix = `${spec.name}-`.toLowerCase();
  const vms = new Set<string>();
  try {
    for await (const vm of arm.compute.virtualMachines.list(spec.resourceGroup.name, signal ? { abortSignal: signal } : {})) {
      const name = vm.name ?? '';
      const lower = name.toLowerCase();
      if (!lower.startsWith(prefix) || !lower.endsWith('-vm') || vm.tags?.[CLUSTER_TAG] !== spec.name) continue;
      vms.add(name.slice(prefix.length, -'-vm'.length));
    }
  } catch (err) {
    if (isNotFound(err)) return { groupExists: false, vms };
    throw err;
  }
  return { groupExists: true, vms };
}

/** For a cluster that has nothing in Azure yet (a new record): no call needed. */
export const EMPTY_INVENTORY: Inventory = { groupExists: false, vms: new Set() };
