import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ArmClients } from '../../azure/arm-clients';
import { resourceGroupId } from './context';
import type { OwnershipLedger } from './ownership-ledger';

/**
 * Flatkube's tags on a resource group it did not create (`resourceGroup.create: false`).
 *
 * A resource group PUT or PATCH with `tags` replaces the group's whole tag set ("the supplied tag
 * collection replaces the existing collection, include any tags that you want to retain":
 * https://learn.microsoft.com/powershell/module/az.resources/set-azresourcegroup), so Flatkube
 * uses the Tags API instead: PATCH `{scope}/providers/Microsoft.Resources/tags/default` with
 * operation "Merge" adds tags and leaves the others alone, "Delete" removes given name/value
 * pairs (https://learn.microsoft.com/rest/api/resources/tags/updateatscope).
 *
 * Only names the group does not have yet are added: a value the owner set (even for one of
 * Flatkube's tag names) is never changed. What was added is recorded before the PATCH, and
 * teardown removes exactly those pairs that still have Flatkube's value.
 */

/** The Tags API takes the scope without its leading slash (the SDK's URL template adds one). */
function groupScope(spec: ClusterSpec): string {
  return resourceGroupId(spec).replace(/^\//, '');
}

function hasName(tags: Record<string, string>, name: string): boolean {
  // Tag names are case-insensitive on Azure.
  return Object.keys(tags).some((k) => k.toLowerCase() === name.toLowerCase());
}

export function tagsToAdd(current: Record<string, string> | undefined, wanted: Record<string, string>): { add: Record<string, string>; theirs: string[] } {
  const have = current ?? {};
  const add: Record<string, string> = {};
  const theirs: string[] = [];
  for (const [k, v] of Object.entries(wanted)) {
    if (!hasName(have, k)) add[k] = v;
    else if (have[k] !== v) theirs.push(k);
  }
  return { add, theirs };
}

export interface MergeGroupTagsOptions {
  arm: ArmClients;
  spec: ClusterSpec;
  ledger: OwnershipLedger;
  currentTags: Record<string, string> | undefined;
  wanted: Record<string, string>;
  log: (text: string) => void;
  signal?: AbortSignal;
}

export async function mergeGroupTags(o: MergeGroupTagsOptions): Promise<void> {
  const rg = o.spec.resourceGroup.name;
  const { add, theirs } = tagsToAdd(o.currentTags, o.wanted);
  if (theirs.length) o.log(`resource group ${rg}: keeps its own value of ${theirs.join(', ')}`);
  if (Object.keys(add).length === 0) {
    o.log(`resource group ${rg}: exists (not created by Flatkube); its tags are kept as they are`);
    return;
  }
  await o.ledger.recordGroupTags(add);
  await o.arm.resources.tagsOperations.updateAtScope(groupScope(o.spec), { operation: 'Merge', properties: { tags: add } }, o.signal ? { abortSignal: o.signal } : {});
  o.log(`resource group ${rg}: exists (not created by Flatkube); added tags ${Object.keys(add).join(', ')}, kept its own`);
}

/** Removes the tags Flatkube added that still carry its value. Returns the names removed. */
export async function removeAddedGroupTags(arm: ArmClients, spec: ClusterSpec, added: Record<string, string>, signal?: AbortSignal): Promise<string[]> {
  const abort = signal ? { abortSignal: signal } : {};
  const current = (await arm.resources.resourceGroups.get(spec.resourceGroup.name, abort)).tags ?? {};
  const ours = Object.fromEntries(Object.entries(added).filter(([k, v]) => current[k] === v));
  if (Object.keys(ours).length === 0) return [];
  await arm.resources.tagsOperations.updateAtScope(groupScope(spec), { operation: 'Delete', properties: { tags: ours } }, abort);
  return Object.keys(ours);
}
