import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ArmClients } from '../../azure/arm-clients';
import { isNotFound } from '../../azure/azure-errors';
import { authorizationScope, MANAGED_IDENTITY_API_VERSION } from './identity-ids';

/**
 * Deletes resources by the ids Flatkube recorded, dependents first: VMs, then their NICs and OS
 * disks, then the API's load balancer (three control planes), then public IPs, the NSG and the VNet (a NIC holds its public IP, NSG and subnet; Azure
 * refuses to delete what is still in use). Only ids in the cluster's own subscription and resource
 * group, of the types Flatkube creates, are touched: a record is local data, not a licence to
 * delete anything anywhere. Missing resources are fine (a half-created cluster, a disk already
 * gone with its VM).
 */

const TIERS: string[][] = [
  // The identity's role first: nothing depends on it, and it must not outlive the cluster.
  ['microsoft.authorization/roleassignments', 'microsoft.compute/virtualmachines'],
  ['microsoft.network/networkinterfaces', 'microsoft.compute/disks'],
  // The API's load balancer (three control planes): after the NICs in its pool, which reference
  // it (the sandbox refuses the delete before, as InUseLoadBalancerCannotBeDeleted, a code not
  // confirmed for Azure), and before its frontend's public IP: a public IP still associated
  // cannot be deleted (https://learn.microsoft.com/azure/virtual-network/ip-services/remove-public-ip-address,
  // aka.ms/deletepublicip; code PublicIPAddressCannotBeDeleted).
  ['microsoft.network/loadbalancers'],
  ['microsoft.network/publicipaddresses', 'microsoft.network/networksecuritygroups', 'microsoft.network/virtualnetworks'],
  // The cluster's managed identity, once no VM carries it.
  ['microsoft.managedidentity/userassignedidentities'],
];

interface ParsedId {
  id: string;
  type: string;
  name: string;
}

export interface DeleteOwnedResult {
  deleted: string[];
  /** Recorded ids this code will not delete (another group, or a type it does not create). */
  refused: string[];
}

function parse(spec: ClusterSpec, id: string): ParsedId | undefined {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/i.exec(id);
  if (!m) return undefined;
  const [, sub, rg, ns, type, name] = m;
  if (sub!.toLowerCase() !== spec.subscriptionId.toLowerCase() || rg!.toLowerCase() !== spec.resourceGroup.name.toLowerCase()) return undefined;
  return { id, type: `${ns}/${type}`.toLowerCase(), name: name! };
}

async function deleteOne(arm: ArmClients, rg: string, r: ParsedId, signal?: AbortSignal): Promise<void> {
  const opt = signal ? { abortSignal: signal } : {};
  const run = (): Promise<unknown> => {
    switch (r.type) {
      case 'microsoft.compute/virtualmachines':
        return arm.compute.virtualMachines.delete(rg, r.name, opt);
      case 'microsoft.compute/disks':
        return arm.compute.disks.delete(rg, r.name, opt);
      case 'microsoft.network/networkinterfaces':
        return arm.network.networkInterfaces.delete(rg, r.name, opt);
      case 'microsoft.network/loadbalancers':
        return arm.network.loadBalancers.delete(rg, r.name, opt);
      case 'microsoft.network/publicipaddresses':
        return arm.network.publicIPAddresses.delete(rg, r.name, opt);
      case 'microsoft.network/networksecuritygroups':
        return arm.network.networkSecurityGroups.delete(rg, r.name, opt);
      case 'microsoft.network/virtualnetworks':
        return arm.network.virtualNetworks.delete(rg, r.name, opt);
      case 'microsoft.managedidentity/userassignedidentities':
        // No arm-msi client: the generic by-id delete (identity-steps.ts), the id without its leading slash.
        return arm.resources.resources.deleteById(r.id.replace(/^\/+/, ''), MANAGED_IDENTITY_API_VERSION, opt);
      case 'microsoft.authorization/roleassignments':
        return arm.authorization.roleAssignments.delete(authorizationScope(r.id.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i, '')), r.name, opt);
      default:
        throw new Error(`Flatkube does not delete resources of type ${r.type}`);
    }
  };
  try {
    await run();
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

export async function deleteOwnedResources(arm: ArmClients, spec: ClusterSpec, ids: string[], signal?: AbortSignal): Promise<DeleteOwnedResult> {
  const parsed = ids.map((id) => ({ id, p: parse(spec, id) }));
  const known = new Set(TIERS.flat());
  const refused = parsed.filter((x) => !x.p || !known.has(x.p.type)).map((x) => x.id);
  const deleted: string[] = [];
  for (const tier of TIERS) {
    const batch = parsed.flatMap((x) => (x.p && tier.includes(x.p.type) ? [x.p] : []));
    await Promise.all(batch.map((r) => deleteOne(arm, spec.resourceGroup.name, r, signal)));
    deleted.push(...batch.map((r) => r.id));
  }
  return { deleted, refused };
}
