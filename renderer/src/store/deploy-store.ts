import { create } from 'zustand';
import type { ClusterFinished, ClusterProgress } from '../../../shared/ipc/channels/cluster';
import { subscribe } from '../lib/ipc';

export interface StepState {
  stepId: string;
  title: string;
  status: ClusterProgress['status'];
  node?: string;
  error?: ClusterProgress['error'];
  startedAt?: number;
  endedAt?: number;
}

interface DeployState {
  cluster: string | null;
  steps: Record<string, StepState>;
  order: string[];
  done: number;
  total: number;
  startedAt: number | null;
  finished: ClusterFinished | null;
  reset(cluster: string | null): void;
}

/** Live state of the deployment the wizard follows, fed by cluster.progress / cluster.finished. */
export const useDeploy = create<DeployState>((set) => ({
  cluster: null,
  steps: {},
  order: [],
  done: 0,
  total: 0,
  startedAt: null,
  finished: null,
  reset: (cluster) => set({ cluster, steps: {}, order: [], done: 0, total: 0, startedAt: null, finished: null }),
}));

export function applyProgress(state: Pick<DeployState, 'steps' | 'order' | 'startedAt'>, p: ClusterProgress) {
  const prev = state.steps[p.stepId];
  const next: StepState = {
    stepId: p.stepId,
    title: p.title,
    status: p.status,
    node: p.node,
    error: p.error,
    startedAt: prev?.startedAt ?? (p.status === 'running' ? p.ts : undefined),
    endedAt: p.status === 'done' || p.status === 'failed' || p.status === 'cancelled' ? p.ts : prev?.endedAt,
  };
  return {
    steps: { ...state.steps, [p.stepId]: next },
    order: state.order.includes(p.stepId) ? state.order : [...state.order, p.stepId],
    done: p.done,
    total: p.total,
    startedAt: state.startedAt ?? p.ts,
  };
}

let started = false;
export function startDeployFeed(): void {
  if (started) return;
  started = true;
  subscribe('cluster.progress', (batch) => {
    useDeploy.setState((s) => {
      let acc = { steps: s.steps, order: s.order, startedAt: s.startedAt, done: s.done, total: s.total };
      for (const p of batch) {
        if (s.cluster && p.cluster !== s.cluster) continue;
        acc = { ...acc, ...applyProgress(acc, p) };
      }
      return { ...acc, cluster: s.cluster ?? batch[0]?.cluster ?? null };
    });
  });
  subscribe('cluster.finished', (batch) => {
    for (const f of batch) useDeploy.setState((s) => (s.cluster && f.cluster !== s.cluster ? s : { finished: f }));
  });
}
