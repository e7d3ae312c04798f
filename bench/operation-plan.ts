/**
 * Pure helpers of bench/lifecycle-operations.ts: an operation's shown plan (OperationPreview) as
 * the DAG the bound is computed over, and the critical path of the measured step durations.
 */
import { criticalPath, criticalPathMs } from '../electron/services/cluster/plan/graph';
import type { OperationPreview } from '../shared/ipc/channels/cluster';
import type { OperationStep } from './sandbox-step-latency';

/**
 * The steps of a shown plan with what the sandbox mapping reads: the id, the dependencies, and
 * the subject 'apply' of the kubeadm upgrade step that runs `kubeadm upgrade apply` (the plan's
 * own step has it; the shown one has its command, which is what runs).
 */
export function operationSteps(preview: Pick<OperationPreview, 'steps'>): OperationStep[] {
  return preview.steps.map((s) => ({
    id: s.id,
    title: s.title,
    dependsOn: s.dependsOn,
    ...(s.node ? { node: s.node } : {}),
    estimateMs: 0,
    ...(s.id.startsWith('kubeadm-upgrade:') && /kubeadm upgrade apply /.test(s.az) ? { subject: 'apply' } : {}),
  }));
}

export interface StepEvent {
  stepId: string;
  status: string;
  ts: number;
}

/** Each step's measured duration (running -> done, the last run of it); steps never seen done are absent. */
export function measuredDurations(events: readonly StepEvent[]): Map<string, number> {
  const started = new Map<string, number>();
  const took = new Map<string, number>();
  for (const e of events) {
    if (e.status === 'running') started.set(e.stepId, e.ts);
    if (e.status === 'done' && started.has(e.stepId)) took.set(e.stepId, e.ts - started.get(e.stepId)!);
  }
  return took;
}

/** Critical path of the DAG with each step's measured duration (a step never seen done counts 0), and its chain. */
export function measuredCriticalPath(steps: readonly OperationStep[], events: readonly StepEvent[]): { ms: number; path: string[]; took: Map<string, number> } {
  const took = measuredDurations(events);
  const plan = { cluster: '', steps: steps.map((s) => ({ ...s, estimateMs: took.get(s.id) ?? 0 })) };
  return { ms: criticalPathMs(plan), path: criticalPath(plan), took };
}
