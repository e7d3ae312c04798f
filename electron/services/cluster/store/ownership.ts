/**
 * What Flatkube owns in Azure for one cluster, as kept in its record (cluster-store.ts). The rule
 * (issue 13): Flatkube deletes only what it created, and records what it is about to create
 * BEFORE the request that creates it, so a crash between the two leaves a record that errs on
 * "ours" for something that may not exist yet (a delete of a missing resource is harmless), never
 * on "not ours" for something that does.
 */
export interface ClusterOwnership {
  /** True once Flatkube decided to create the group (written before its PUT). */
  resourceGroupCreated: boolean;
  /** Ids of the resources Flatkube created, each written before its PUT. */
  resources: string[];
  /** Tags Flatkube added to an existing group (name -> value); teardown takes them off again. */
  groupTagsAdded?: Record<string, string>;
  /**
   * What the cloud provider and the disk driver created in Azure for this cluster (a Service's
   * public IP, a volume's disk), found by their tags at teardown and recorded before it deletes
   * them (engine/cloud-leftovers.ts).
   */
  cloudResources?: string[];
}

export function emptyOwnership(): ClusterOwnership {
  return { resourceGroupCreated: false, resources: [] };
}

/** Azure ids compare case-insensitively. */
export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function ownsResource(o: ClusterOwnership, id: string): boolean {
  return o.resources.some((r) => sameId(r, id));
}

export function withResources(o: ClusterOwnership, ids: string[]): ClusterOwnership {
  const add = ids.filter((id, i) => !ownsResource(o, id) && ids.findIndex((x) => sameId(x, id)) === i);
  return add.length ? { ...o, resources: [...o.resources, ...add] } : o;
}

export function withoutResources(o: ClusterOwnership, ids: string[]): ClusterOwnership {
  const keep = o.resources.filter((r) => !ids.some((id) => sameId(r, id)));
  return keep.length === o.resources.length ? o : { ...o, resources: keep };
}
