import type { ClusterStore } from '../store/cluster-store';
import { ownsResource, withoutResources, withResources, type ClusterOwnership } from '../store/ownership';

/**
 * A deployment's view of what it owns, written through to the cluster record. Every `record*`
 * resolves only once the record is on disk, so a step awaits it BEFORE its PUT ("record ownership
 * before acting"). Writes go through ClusterStore.modify, so parallel steps never lose one.
 */
export class OwnershipLedger {
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
