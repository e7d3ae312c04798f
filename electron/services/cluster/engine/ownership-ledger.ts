import type { ClusterStore } from '../store/cluster-store';
import { ownsResource, withoutResources, withResources, type ClusterOwnership } from '../store/ownership';

/**
 * A deployment's view of what it owns, written through to the cluster record. Every `record*`
 * resolves only once the record is on disk, so a step awaits it BEFORE its PUT ("record ownership
 * before acting"). Writes go through ClusterStore.modify, so parallel steps never lose one.
 */
export class OwnershipLedger {
  /**
   * In memory only, for this run: the resource group this run itself created (its PUT answered
   * 201), and what this run has written into it since. A group Azure has just created is empty,
   * so a GET of anything else in it would answer 404: `knownAbsent` says so without asking. A
   * resumed or retried operation runs with a new ledger, where the record says the group was
   * created by an earlier run: it GETs again, and adopts what that run made.
   */
  private newGroup: { id: string; written: Set<string> } | undefined;

  constructor(
    private readonly store: ClusterStore,
    private readonly cluster: string,
    private current: ClusterOwnership,
  ) {}

  get groupCreated(): boolean {
    return this.current.resourceGroupCreated;
  }

  owns(id: string): boolean {
    return ownsResource(this.current, id);
  }

  /**
   * May an existing resource be treated as the cluster's own? When recorded (e.g. a resume after a
   * crash between the record and the PUT), or when it sits in a group Flatkube created: deleting
   * that group takes it anyway. Anything else belongs to someone else.
   */
  mayUse(id: string): boolean {
    return this.groupCreated || this.owns(id);
  }

  /** The group's PUT answered 201 in this run: it was empty when this run started filling it. */
  noteGroupCreatedByThisRun(groupId: string): void {
    this.newGroup = { id: groupId.toLowerCase(), written: new Set() };
  }

  /** A resource this run is about to PUT: from now on its GET is no longer known to answer 404. */
  noteWriting(id: string): void {
    this.newGroup?.written.add(id.toLowerCase());
  }

  /**
   * The resource is in the group this run created, and nothing in this run wrote it (or a
   * resource above it): it does not exist, so there is nothing to GET.
   */
  knownAbsent(id: string): boolean {
    const g = this.newGroup;
    const lower = id.toLowerCase();
    if (!g || !lower.startsWith(`${g.id}/providers/`)) return false;
    for (const w of g.written) if (lower === w || lower.startsWith(`${w}/`)) return false;
    return true;
  }

  recordGroupCreated(): Promise<void> {
    return this.change((o) => (o.resourceGroupCreated ? o : { ...o, resourceGroupCreated: true }));
  }

  async recordResources(ids: string[]): Promise<void> {
    if (ids.every((id) => this.owns(id))) return; // a resumed step: already on disk
    await this.change((o) => withResources(o, ids));
  }

  /** After a delete: the id leaves the record (what is not in Azure any more is not Flatkube's). */
  async forgetResources(ids: string[]): Promise<void> {
    if (!ids.some((id) => this.owns(id))) return;
    await this.change((o) => withoutResources(o, ids));
  }

  recordGroupTags(tags: Record<string, string>): Promise<void> {
    return this.change((o) => ({ ...o, groupTagsAdded: { ...o.groupTagsAdded, ...tags } }));
  }

  private async change(fn: (o: ClusterOwnership) => ClusterOwnership): Promise<void> {
    const rec = await this.store.modify(this.cluster, (r) => ({ ownership: fn(r.ownership ?? this.current) }));
    this.current = rec.ownership!;
  }
}
