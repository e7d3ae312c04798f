/**
 * What a subscription holds, as ARM lists it: its resource groups and its top-level resources
 * (GET /subscriptions/{id}/resourcegroups and /resources, through @azure/arm-resources). How a
 * test sees what a deployment made or a teardown left: through Azure's API, with the SDK clients
 * any Azure client has, never the sandbox's own store.
 */
import { resourceNames } from '../../shared/domain/cluster-layout';
import type { ArmClients } from '../../electron/services/azure/arm-clients';
import { isNotFound } from '../../electron/services/azure/azure-errors';

export interface ListedResource {
  id: string;
  name: string;
  type: string;
  tags: Record<string, string>;
}

/** Every resource group and top-level resource of the clients' subscription that `keep` accepts. */
export async function armInventory(arm: Pick<ArmClients, 'resources'>, keep: (r: ListedResource) => boolean = () => true): Promise<ListedResource[]> {
  const out: ListedResource[] = [];
  const add = (r: { id?: string; name?: string; type?: string; tags?: Record<string, string> }) => {
    const listed = { id: r.id ?? '', name: r.name ?? '', type: r.type ?? '', tags: r.tags ?? {} };
    if (keep(listed)) out.push(listed);
  };
  for await (const g of arm.resources.resourceGroups.list()) add(g);
  for await (const r of arm.resources.resources.list()) add(r);
  return out;
}

/** Ids of everything in the resource group `rg` (case-insensitive), the group itself included. */
export async function idsInResourceGroup(arm: Pick<ArmClients, 'resources'>, rg: string): Promise<string[]> {
  const group = `/resourcegroups/${rg.toLowerCase()}`;
  const inGroup = (id: string) => id.toLowerCase().endsWith(group) || id.toLowerCase().includes(`${group}/`);
  return (await armInventory(arm, (r) => inGroup(r.id))).map((r) => r.id);
}

/** Ids of everything tagged for the cluster (`flatkube-cluster`), resource groups included. */
export async function idsTaggedFor(arm: Pick<ArmClients, 'resources'>, cluster: string): Promise<string[]> {
  return (await armInventory(arm, (r) => r.tags['flatkube-cluster'] === cluster)).map((r) => r.id);
}

async function exists(get: () => Promise<unknown>): Promise<boolean> {
  try {
    await get();
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** Which of a node's VM, NIC, OS disk and public IP ARM has, by their names (the sandbox keeps the disk inside its VM). */
export async function nodeResources(arm: Pick<ArmClients, 'compute' | 'network'>, cluster: string, rg: string, node: string): Promise<string[]> {
  const out: string[] = [];
  if (await exists(() => arm.compute.virtualMachines.get(rg, resourceNames.vm(cluster, node)))) out.push('vm');
  if (await exists(() => arm.network.networkInterfaces.get(rg, resourceNames.nic(cluster, node)))) out.push('nic');
  if (await exists(() => arm.compute.disks.get(rg, resourceNames.osDisk(cluster, node)))) out.push('disk');
  if (await exists(() => arm.network.publicIPAddresses.get(rg, resourceNames.publicIp(cluster, node)))) out.push('pip');
  return out;
}
