import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { AppError } from '../../errors';

/**
 * What `apply` may change on a cluster that exists (its record is not deleted): its node pools
 * (counts, pools added or removed, and the size of a pool that has no node yet). Everything else
 * is fixed at creation for now, each for its reason below; a change is refused before anything
 * runs, naming every field at once, so the user can put the spec back or start over.
 */
interface Fixed {
  path: string;
  get: (s: ClusterSpec) => unknown;
  why: string | ((recorded: ClusterSpec) => string);
}

const FIXED: Fixed[] = [
  { path: 'subscriptionId', get: (s) => s.subscriptionId, why: 'a cluster does not move between subscriptions' },
  { path: 'resourceGroup', get: (s) => s.resourceGroup, why: 'its resources live in that group' },
  { path: 'location', get: (s) => s.location, why: 'Azure resources do not change region' },
  { path: 'image', get: (s) => s.image, why: 'its nodes run that image' },
  { path: 'architecture', get: (s) => s.architecture, why: 'its nodes run that architecture' },
  // The upgrade operation changes it (operations/upgrade-path.ts), node by node.
  {
    path: 'kubernetesVersion',
    get: (s) => s.kubernetesVersion,
    why: (r) => `the cluster runs ${r.kubernetesVersion} (put that in the spec; moving it is an upgrade: flatkube upgrade ${r.name} --kubernetes X.Y.Z)`,
  },
  { path: 'cni', get: (s) => s.cni, why: 'the pod network is installed at creation' },
  // A cluster created before the field reads as `off` (record-migration.ts): the message names it,
  // so a spec file from then can say so.
  { path: 'updates', get: (s) => s.updates, why: (r) => `the cluster has updates.reboots ${r.updates.reboots} (Kured is installed at creation, or not: docs/operations.md#flatcar-updates)` },
  { path: 'network', get: (s) => s.network, why: "the nodes' addresses and the cluster's certificates depend on it" },
  { path: 'ssh', get: (s) => s.ssh, why: 'existing nodes keep the key they were created with' },
  { path: 'allowedSourceIp', get: (s) => s.allowedSourceIp, why: 'the NSG rules are made at creation' },
  { path: 'tags', get: (s) => s.tags, why: 'existing resources keep the tags they were created with' },
  { path: 'controlPlane.count', get: (s) => s.controlPlane.count, why: 'the number of control planes is chosen at creation' },
  { path: 'controlPlane.size', get: (s) => s.controlPlane.size, why: 'the control plane keeps its VM size' },
  // Its nodes' kubelets, azure.json and VM identity are set at creation (a cluster recorded
  // before the integration existed has it off: azureIntegration: {cloudProvider: false, disks: false}).
  { path: 'azureIntegration', get: (s) => s.azureIntegration, why: 'the cloud provider, its identity and the disk driver are set up at creation' },
];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The changes `apply` refuses, one line each (empty: the change can be applied). */
export function refusedChanges(recorded: ClusterSpec, desired: ClusterSpec): string[] {
  const out = FIXED.filter((f) => !same(f.get(recorded), f.get(desired))).map((f) => `${f.path}: ${typeof f.why === 'string' ? f.why : f.why(recorded)}`);
  for (const pool of desired.nodePools) {
    const was = recorded.nodePools.find((p) => p.name === pool.name);
    if (was && was.count > 0 && pool.count > 0 && was.size !== pool.size) {
      out.push(`nodePools ${pool.name}: its nodes keep their size ${was.size} (add a pool of ${pool.size} and remove this one)`);
    }
  }
  return out;
}

export function refuseFixedChanges(name: string, recorded: ClusterSpec, desired: ClusterSpec): void {
  const refused = refusedChanges(recorded, desired);
  if (refused.length === 0) return;
  throw new AppError('CLUSTER_CHANGE_UNSUPPORTED', `cluster ${name} cannot change ${refused.length === 1 ? 'this' : 'these'}: ${refused.join('; ')}`, {
    hint: 'apply changes node pools (counts, pools added or removed). Put the other fields back as the cluster has them, or destroy it and create it anew.',
  });
}
