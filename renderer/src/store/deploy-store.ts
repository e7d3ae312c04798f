import { create } from 'zustand';
import type { ClusterFinished, OperationKind, OperationView } from '../../../shared/ipc/channels/cluster';
import { invoke, subscribe } from '../lib/ipc';
import { applyProgress, familyDurations, mergeSteps, stepsFromView, type StepsState } from '../lib/operation-merge';
import { clearOperationLogs, hydrateLogs } from './logs-store';

export type { StepState } from '../lib/operation-merge';

interface DeployState extends StepsState {
  cluster: string | null;
  /** The operation shown (from its record); null until the record was read. */
  operationId: string | null;
  kind: OperationKind | null;
  finished: ClusterFinished | null;
  /** When it ended, by the record (the elapsed time stops there). */
  finishedAt: number | null;
  /** Cancel was asked for and the engine has not said it ended yet. */
  cancelling: boolean;
  /** Mean step durations by family from the cluster's previous operation of this kind (the ETA's fallback). */
  past: Map<string, number>;
  reset(cluster: string | null): void;
}

const empty = { steps: {}, order: [], done: 0, total: 0, startedAt: null, operationId: null, kind: null, finished: null, finishedAt: null, cancelling: false, past: new Map<string, number>() };

/**
 * The operation the page follows: rebuilt from the backend's record (cluster.operation) on mount,
 * when the page is shown again and when the operation ends, and kept current in between by
 * cluster.progress / cluster.finished (operation-merge.ts says how the two meet).
 */
export const useDeploy = create<DeployState>((set) => ({
  cluster: null,
  ...empty,
  reset: (cluster) => set({ cluster, ...empty, past: new Map() }),
}));

function finishedOf(v: OperationView): ClusterFinished | null {
  if (v.state === 'running') return null;
  return { cluster: v.cluster, operation: v.kind, outcome: v.state, ...(v.error ? { error: v.error } : {}) };
}

/** Reads the cluster's latest operation from the backend and shows it (steps, times, logs). */
export async function hydrateOperation(cluster: string): Promise<void> {
  const r = await invoke('cluster.operation', { name: cluster });
  if (!r.ok || !r.value.operation) return;
  const v = r.value.operation;
  const s = useDeploy.getState();
  if (s.cluster !== null && s.cluster !== cluster) return; // the page moved on meanwhile
  const same = s.operationId === v.id || (s.operationId === null && s.cluster === cluster);
  if (!same) clearOperationLogs();
  hydrateLogs(v.logs);
  const recorded = stepsFromView(v);
  const steps = same ? mergeSteps(s, recorded) : recorded;
  const finished = finishedOf(v);
  useDeploy.setState({
    cluster,
    ...steps,
    operationId: v.id,
    kind: v.kind,
    finished: finished ?? (same ? s.finished : null),
    finishedAt: v.finishedAt,
    cancelling: finished ? false : s.cancelling,
  });
  // The previous operation of the same kind that succeeded: how long its steps took.
  const prev = r.value.history.filter((h) => h.id !== v.id && h.kind === v.kind && h.state === 'succeeded').at(-1);
  if (prev && useDeploy.getState().past.size === 0) {
    const p = await invoke('cluster.operation', { name: cluster, operationId: prev.id });
    if (p.ok && p.value.operation && useDeploy.getState().operationId === v.id) useDeploy.setState({ past: familyDurations(p.value.operation.steps) });
  }
}

let started = false;
export function startDeployFeed(): void {
  if (started) return;
  started = true;
  subscribe('cluster.progress', (batch) => {
    useDeploy.setState((s) => {
      let acc: StepsState = s;
      for (const p of batch) {
        if (s.cluster && p.cluster !== s.cluster) continue;
        acc = applyProgress(acc, p);
      }
      return { steps: acc.steps, order: acc.order, done: acc.done, total: acc.total, startedAt: acc.startedAt, cluster: s.cluster ?? batch[0]?.cluster ?? null };
    });
  });
  subscribe('cluster.finished', (batch) => {
    for (const f of batch) {
      const s = useDeploy.getState();
      if (s.cluster && f.cluster !== s.cluster) continue;
      // The recorded end when the event carries it (every operation that has a record), so the
      // elapsed time shown now is the one the record gives after a reload.
      useDeploy.setState({ finished: f, cancelling: false, finishedAt: f.finishedAt ?? Date.now() });
      // The record has the exact end and every step's last state.
      void hydrateOperation(f.cluster);
    }
  });
}
