import { randomBytes } from 'node:crypto';
import type { ClusterStore } from '../store/cluster-store';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { HISTORY_LIMIT, type ClusterRecord, type OperationKind, type OperationRecord } from '../store/cluster-record';
import { compactStamp } from '../store/record-migration';

/** The cluster's history in its record: one entry per operation, written when it starts and when it ends. */

export function newOperationId(kind: OperationKind, now: Date): string {
  return `${kind}-${compactStamp(now.toISOString())}-${randomBytes(2).toString('hex')}`;
}

/**
 * Where an operation keeps its journal, relative to the cluster's folder: a create's is
 * journal.json (where the one journal was before operations had their own, so tools and records
 * of that time still find it); every other operation's is operations/<id>.json.
 */
export function journalFor(kind: OperationKind, id: string): string {
  return kind === 'create' ? 'journal.json' : `operations/${id}.json`;
}

/** Adds or replaces (by id) an operation in a history, keeping the newest HISTORY_LIMIT. */
export function withOperation(ops: readonly OperationRecord[], op: OperationRecord): OperationRecord[] {
  const i = ops.findIndex((o) => o.id === op.id);
  const next = i >= 0 ? ops.map((o, j) => (j === i ? op : o)) : [...ops, op];
  return next.slice(-HISTORY_LIMIT);
}

export async function recordOperation(store: ClusterStore, name: string, op: OperationRecord): Promise<ClusterRecord> {
  return store.modify(name, (rec) => ({ operations: withOperation(rec.operations, op) }));
}

/** The operation a new request continues: the last one, when it did not finish and is of the same sort. */
export function unfinished(rec: ClusterRecord | undefined, kinds: readonly OperationKind[]): OperationRecord | undefined {
  const last = rec?.operations.at(-1);
  return last && last.state !== 'succeeded' && kinds.includes(last.kind) ? last : undefined;
}

/** A new operation of that kind, running from now, with its own journal. */
export function operationRecord(kind: OperationKind, spec: ClusterSpec | undefined): OperationRecord {
  const now = new Date();
  const id = newOperationId(kind, now);
  return { id, kind, state: 'running', startedAt: now.toISOString(), journal: journalFor(kind, id), ...(spec ? { spec } : {}) };
}

/** The same operation, running again (after a crash, a failure or a cancel). */
export function again(op: OperationRecord): OperationRecord {
  const { finishedAt: _f, error: _e, ...rest } = op;
  return { ...rest, state: 'running' };
}

