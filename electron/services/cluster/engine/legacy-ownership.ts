import { CLUSTER_TAG } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ArmClients } from '../../azure/arm-clients';
import { isNotFound } from '../../azure/azure-errors';
import { emptyOwnership, sameId, type ClusterOwnership } from '../store/ownership';

/**
 * Ownership for a cluster record written before Flatkube recorded it. The old engine PUT the
 * group with `resourceGroup.create: true` whether or not it existed (taking over someone else's
 * group), and tagged every resource it created `flatkube-cluster=<name>`. So, conservatively:
 * - the cluster's resources are those in its group carrying its tag, plus OS disks managed by
 *   one of them (Azure does not copy a VM's tags to the disk it creates);
 * - the group counts as Flatkube's only when the spec said to create it, the group carries the
 *   cluster's tag, AND everything in it is the cluster's. Anything else in it (`foreign`) means
 *   the group was someone else's: it and those resources are left alone.
 */
export interface LegacyOwnership {
  ownership: ClusterOwnership;
  /** Resources in the group that are not the cluster's. */
  foreign: string[];
}

export async function inferLegacyOwnership(arm: ArmClients, spec: ClusterSpec, signal?: AbortSignal): Promise<LegacyOwnership> {
  const rg = spec.resourceGroup.name;
  const abort = signal ? { abortSignal: signal } : {};
  let groupTags: Record<string, string> | undefined;
  try {
    groupTags = (await arm.resources.resourceGroups.get(rg, abort)).tags ?? {};
  } catch (err) {
    if (isNotFound(err)) return { ownership: emptyOwnership(), foreign: [] };
    throw err;
  }
  const all: { id: string; tagged: boolean; managedBy?: string }[] = [];
  for await (const r of arm.resources.resources.listByResourceGroup(rg, abort)) {
    if (r.id) all.push({ id: r.id, tagged: r.tags?.[CLUSTER_TAG] === spec.name, ...(r.managedBy ? { managedBy: r.managedBy } : {}) });
  }
  const tagged = all.filter((r) => r.tagged);
  const mine = all.filter((r) => r.tagged || (r.managedBy !== undefined && tagged.some((t) => sameId(t.id, r.managedBy!))));
  const foreign = all.filter((r) => !mine.includes(r)).map((r) => r.id);
  const resourceGroupCreated = spec.resourceGroup.create && groupTags[CLUSTER_TAG] === spec.name && foreign.length === 0;
  return { ownership: { resourceGroupCreated, resources: mine.map((r) => r.id) }, foreign };
}
