import { clusterNodes } from '../../../../shared/domain/cluster-layout';
import { clusterSpecSchema } from '../../../../shared/domain/cluster-spec';
import { AppError } from '../../errors';
import { RECORD_VERSION, type ClusterRecord, type OperationRecord, type OperationState, type RecordedNode } from './cluster-record';

/**
 * Reads a cluster.json of any version Flatkube wrote into today's record. Version 1 (before node
 * pools; test/fixtures/records/ holds two written by that code) becomes version 2:
 * - the spec's `workers: {count, size}` becomes the pool `workers` (the schema does it), whose
 *   nodes keep their names worker-N and, laid out without a prior layout, their addresses;
 * - the nodes are the spec's, `ready` when the cluster was created, else `creating`;
 * - the history is the one create that record describes (and its teardown, if it ran), marked
 *   `migrated`, with journal.json, where version 1 kept its one journal, as the create's journal.
 * Nothing is written here: the next save writes version 2.
 */
export function migrateRecord(raw: unknown, name: string): ClusterRecord {
  const rec = raw as Record<string, unknown> & { version?: unknown; spec?: unknown; state?: unknown };
  const damaged = (why: string) => new AppError('CLUSTER_RECORD_DAMAGED', `cluster record ${name} is damaged (${why})`, { hint: `Look at ${name}/cluster.json in the data folder; a backup may help.` });
  if (!rec || typeof rec !== 'object') throw damaged('not an object');
  // A cluster recorded before the Azure integration existed has none: its default (on) must not
  // make Flatkube believe the cluster has an identity and a cloud provider it never got.
  const stored = rec.spec && typeof rec.spec === 'object' && !('azureIntegration' in rec.spec) ? { ...rec.spec, azureIntegration: { cloudProvider: false, disks: false } } : rec.spec;
  const spec = clusterSpecSchema.safeParse(withRecordedUpdates(stored));
  if (!spec.success) throw damaged('its spec does not validate');
  if (rec.version === RECORD_VERSION) {
    if (!Array.isArray(rec.nodes) || !Array.isArray(rec.operations)) throw damaged('no nodes or operations');
    return { ...(rec as unknown as ClusterRecord), spec: spec.data };
  }
  if (rec.version !== 1) throw damaged(`unknown version ${JSON.stringify(rec.version)}`);
  const v1 = rec as unknown as Omit<ClusterRecord, 'version' | 'nodes' | 'operations'>;
  const created = v1.state === 'created' || v1.state === 'deleting' || v1.state === 'deleted';
  const nodes: RecordedNode[] = clusterNodes(spec.data).map((n) => ({
    name: n.name,
    role: n.role,
    ...(n.pool ? { pool: n.pool } : {}),
    size: n.size,
    privateIp: n.privateIp,
    state: created ? 'ready' : 'creating',
  }));
  const createState: OperationState =
    v1.state === 'running' ? 'running' : v1.state === 'failed' ? 'failed' : v1.state === 'cancelled' ? 'cancelled' : 'succeeded';
  const operations: OperationRecord[] = [
    {
      id: `create-${compactStamp(v1.createdAt)}-v1`,
      kind: 'create',
      state: createState,
      startedAt: v1.createdAt,
      ...(createState !== 'running' ? { finishedAt: v1.updatedAt } : {}),
      ...(v1.lastError && (createState === 'failed' || createState === 'cancelled') ? { error: v1.lastError } : {}),
      journal: 'journal.json',
      spec: spec.data,
      migrated: true,
    },
  ];
  if (v1.state === 'deleting' || v1.state === 'deleted') {
    operations.push({
      id: `destroy-${compactStamp(v1.updatedAt)}-v1`,
      kind: 'destroy',
      state: v1.state === 'deleted' ? 'succeeded' : 'running',
      startedAt: v1.updatedAt,
      ...(v1.state === 'deleted' ? { finishedAt: v1.updatedAt } : {}),
      journal: `operations/destroy-${compactStamp(v1.updatedAt)}-v1.json`,
      migrated: true,
    });
  }
  return { ...v1, version: RECORD_VERSION, spec: spec.data, nodes: v1.state === 'deleted' ? [] : nodes, operations };
}

/**
 * A recorded spec without `updates` was created before Flatkube installed Kured: its nodes have
 * update-engine on and locksmithd masked, and nothing reboots them, which is `reboots: 'off'`
 * (a new spec without the field gets the schema's default, Kured).
 */
export function withRecordedUpdates(spec: unknown): unknown {
  if (!spec || typeof spec !== 'object' || 'updates' in spec) return spec;
  return { ...spec, updates: { reboots: 'off' } };
}

/** 2026-11-01T10:00:00.000Z -> 20261101T100000Z (ids and file names). */
export function compactStamp(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}
