import type { OperationView } from '../../../../shared/ipc/channels/cluster';
import type { JournalData } from '../engine/journal';
import { readJournal } from '../engine/journal';
import type { ClusterRecord, OperationRecord } from '../store/cluster-record';
import type { ClusterStore } from '../store/cluster-store';
import { operationLogPath, readOperationLog, RECORDED_LINES_PER_STREAM, type OperationLogFile } from './operation-recorder';

/**
 * `cluster.operation`: one operation as its views show it, put together from the three places
 * that know it: the cluster record's history (kind, state, start and end), the operation's
 * journal (each step's state, runs and error, written at every transition: the truth about
 * steps) and its operation log (operation-recorder.ts: the plan's titles and `az`, the log
 * backlog). Either of the last two may be missing (an operation from before operation logs, a
 * process killed before the first write): what is there is shown.
 */

const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);

/** Pure assembly (tests give it the three parts). */
export function assembleOperationView(cluster: string, op: OperationRecord, journal: JournalData | undefined, log: OperationLogFile | undefined): OperationView {
  const plan = log?.plan ?? [];
  const planned = new Set(plan.map((s) => s.id));
  // Steps the plan does not list (a log-less operation) in the order the journal has them.
  const extra = [...Object.keys(log?.steps ?? {}), ...Object.keys(journal?.steps ?? {})].filter((id, i, all) => !planned.has(id) && all.indexOf(id) === i);
  type Planned = { id: string; title: string; kind?: OperationView['steps'][number]['kind']; node?: string; dependsOn: string[]; az: string };
  const rows: Planned[] = [...plan.map((p) => ({ ...p })), ...extra.map((id) => ({ id, title: log?.steps[id]?.title ?? id, dependsOn: [] as string[], az: '', ...(log?.steps[id]?.node ? { node: log.steps[id].node } : {}) }))];
  const steps = rows.map((p) => {
    const j = journal?.steps[p.id];
    const r = log?.steps[p.id];
    const error = j?.error ?? r?.error;
    // The journal's state wins (it is written before the event is sent); a step it has as
    // running in an operation that ended did not finish (a killed process): it shows as it
    // ended, cancelled, rather than spinning forever.
    let status = j?.status ?? r?.status ?? 'pending';
    if (status === 'running' && op.state !== 'running') status = 'cancelled';
    const startedAt = ms(j?.startedAt) ?? r?.startedAt;
    const endedAt = status === 'running' || status === 'pending' ? undefined : (ms(j?.endedAt) ?? r?.endedAt);
    return {
      id: p.id,
      title: r?.title ?? p.title,
      ...(p.kind ? { kind: p.kind } : {}),
      ...((p.node ?? r?.node) ? { node: p.node ?? r?.node } : {}),
      dependsOn: p.dependsOn,
      az: p.az,
      status,
      ...(startedAt !== undefined ? { startedAt } : {}),
      ...(endedAt !== undefined ? { endedAt } : {}),
      ...(error ? { error } : {}),
    };
  });
  const logs = Object.entries(log?.streams ?? {}).map(([stream, s]) => ({ stream, lines: s.lines, dropped: s.dropped }));
  return {
    cluster,
    id: op.id,
    kind: op.kind,
    state: op.state,
    startedAt: Date.parse(op.startedAt),
    finishedAt: op.state === 'running' ? null : (ms(op.finishedAt) ?? null),
    ...(op.error ? { error: op.error } : {}),
    steps,
    done: steps.filter((s) => s.status === 'done').length,
    total: steps.length,
    logs,
    linesPerStream: RECORDED_LINES_PER_STREAM,
  };
}

export function operationSummaries(rec: ClusterRecord) {
  return rec.operations.map((o) => ({ id: o.id, kind: o.kind, state: o.state, startedAt: o.startedAt, finishedAt: o.finishedAt ?? null }));
}

/**
 * The view of `operationId` (default: the latest) of a cluster; `live` is the recorder's
 * snapshot when that operation runs in this process (newer than its file).
 */
export async function readOperationView(
  store: ClusterStore,
  name: string,
  operationId: string | undefined,
  live: (cluster: string) => OperationLogFile | undefined,
): Promise<{ operation: OperationView | null; history: ReturnType<typeof operationSummaries> }> {
  const rec = await store.require(name);
  const op = operationId ? rec.operations.find((o) => o.id === operationId) : rec.operations.at(-1);
  const history = operationSummaries(rec);
  if (!op) return { operation: null, history };
  const journal = await readJournal(store.journalPath(name, op.journal)).catch(() => undefined);
  const running = live(name);
  const log = running?.operationId === op.id ? running : await readOperationLog(operationLogPath(store, name, op.id));
  return { operation: assembleOperationView(name, op, journal, log), history };
}
