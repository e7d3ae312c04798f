import type { ArmClients } from '../../azure/arm-clients';
import { DeploymentJournal } from '../engine/journal';
import { destroyCluster, type DestroyResult } from '../engine/teardown';
import type { ClusterFinished, EngineEmitter } from '../engine/types';
import type { OperationRecord } from '../store/cluster-record';
import type { ClusterStore } from '../store/cluster-store';
import { recordOperation } from './operation-history';

/**
 * A destroy as an operation: in the history, with a journal of its one step (teardown.ts does
 * the work, dependents first, deleting only what the record says Flatkube created). Run again
 * after a crash, it carries on: every delete tolerates "not found".
 */
export interface DestroyRun {
  name: string;
  store: ClusterStore;
  arm: ArmClients;
  emit: EngineEmitter;
  operation: OperationRecord;
  signal?: AbortSignal;
  onRecorded?: () => void;
}

export async function runDestroy(run: DestroyRun): Promise<DestroyResult & { status: 'succeeded' | 'failed' | 'cancelled' }> {
  const { name, store, operation: op } = run;
  await recordOperation(store, name, op);
  run.onRecorded?.();
  const journal = await DeploymentJournal.open(store.journalPath(name, op.journal), name);
  await journal.beginAttempt();
  await journal.setStep('teardown', 'running');
  // teardown.ts's finished event goes out once the record holds the operation's end, carrying it,
  // so a page shows the elapsed time the record gives (the service holds the event until the
  // cluster's lock is released in any case). destroyCluster emits it on every path it returns by
  // and throws only before it emits anything (the cluster has no record).
  let finished: ClusterFinished | undefined;
  const emit: EngineEmitter = { ...run.emit, finished: (e) => void (finished = e) };
  const r = await destroyCluster({ name, store, arm: run.arm, emit, ...(run.signal ? { signal: run.signal } : {}) });
  const status = r.error ? (run.signal?.aborted ? 'cancelled' : 'failed') : 'succeeded';
  await journal.setStep('teardown', status === 'succeeded' ? 'done' : status === 'cancelled' ? 'cancelled' : 'failed', r.error);
  await journal.setStatus(status, r.error);
  const endedAt = new Date();
  const ended: OperationRecord = { ...op, state: status, finishedAt: endedAt.toISOString(), ...(r.error ? { error: r.error } : {}) };
  await recordOperation(store, name, ended).catch(() => {});
  try {
    if (finished) run.emit.finished({ ...finished, finishedAt: endedAt.getTime() });
  } catch {
    // emitters must not break the engine
  }
  return { ...r, status };
}
