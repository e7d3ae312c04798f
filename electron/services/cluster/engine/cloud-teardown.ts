import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ArmClients } from '../../azure/arm-clients';
import { isNotFound } from '../../azure/azure-errors';
import type { ClusterOwnership } from '../store/ownership';
import { findCloudProviderResources } from './cloud-leftovers';
import { authorizationScope } from './identity-ids';

/**
 * Teardown's part for the Azure integration (teardown.ts): what the cloud provider made for the
 * cluster is found and recorded before anything is deleted; the identity's role assignment (not a
 * resource in the group, so a group delete is not relied on for it) is deleted by its recorded id;
 * one still there afterwards is a leftover.
 */

type Log = (level: 'info' | 'warn', text: string) => void;

const ROLE_ASSIGNMENT = /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments\/([^/]+)$/i;

function roleAssignments(o: ClusterOwnership): { id: string; scope: string; name: string }[] {
  return o.resources.flatMap((id) => {
    const m = ROLE_ASSIGNMENT.exec(id);
    return m ? [{ id, scope: authorizationScope(m[1]!), name: m[2]! }] : [];
  });
}

/** Does the cluster's group still exist (teardown asks before it lists or untags it)? */
export async function groupExists(arm: ArmClients, rg: string, signal?: AbortSignal): Promise<boolean> {
  try {
    await arm.resources.resourceGroups.get(rg, signal ? { abortSignal: signal } : {});
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

export async function recordCloudProviderResources(o: { arm: ArmClients; spec: ClusterSpec; ownership: ClusterOwnership; log: Log; signal?: AbortSignal }): Promise<ClusterOwnership> {
  if (!o.spec.azureIntegration.cloudProvider || !(await groupExists(o.arm, o.spec.resourceGroup.name, o.signal))) return o.ownership;
  const found = await findCloudProviderResources(o.arm, o.spec, o.signal);
  const known = new Set((o.ownership.cloudResources ?? []).map((id) => id.toLowerCase()));
  for (const id of found) o.log('info', `created by the cloud provider for this cluster (its tags say so), will be deleted: ${id}`);
  const all = [...(o.ownership.cloudResources ?? []), ...found.filter((id) => !known.has(id.toLowerCase()))];
  return all.length ? { ...o.ownership, cloudResources: all } : o.ownership;
}

export async function deleteRoleAssignments(arm: ArmClients, _spec: ClusterSpec, o: ClusterOwnership, log: Log, signal?: AbortSignal): Promise<void> {
  for (const a of roleAssignments(o)) {
    try {
      await arm.authorization.roleAssignments.delete(a.scope, a.name, signal ? { abortSignal: signal } : {});
      log('info', `deleted the cluster identity's role assignment ${a.id}`);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

/** Recorded role assignments Azure still has (the leftover report's part for them). */
export async function remainingRoleAssignments(arm: ArmClients, o: ClusterOwnership, signal?: AbortSignal): Promise<string[]> {
  const left: string[] = [];
  for (const a of roleAssignments(o)) {
    try {
      await arm.authorization.roleAssignments.get(a.scope, a.name, signal ? { abortSignal: signal } : {});
      left.push(a.id);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return left;
}
