/** A cluster plan: a DAG of steps the executor runs (ready steps in parallel). */
import type { StepAction, StepKind } from './step-actions';

export type { StepAction, StepKind } from './step-actions';

/** What scheduling needs of a step: the executor and the graph checks run any DAG of these. */
export interface GraphStep {
  id: string;
  title: string;
  dependsOn: string[];
  /** The node whose log stream the step writes to, if any. */
  node?: string;
  estimateMs: number;
}

export interface PlanStep extends GraphStep {
  /** Stable id, used by the journal to resume: 'rg', 'vnet', 'pip:cp-0', 'join:worker-1', ... */
  id: string;
  title: string;
  dependsOn: string[];
  /** What the step does: its runner (step-actions.ts). */
  action: StepAction;
  /** The kind of its action (STEP_ACTIONS), kept on the step for the UI and the executor. */
  kind: StepKind;
  /** The node this step belongs to (for per-node logs), if any. */
  node?: string;
  /** What else the step acts on, when its action needs to know (the NSG rule: 'ssh', 'kube-api'). */
  subject?: string;
  /** The equivalent az CLI (or ssh) command with the spec's values, runnable as shown. */
  az: string;
  /** Two lines for newcomers: what happens now, and why. */
  explain: string;
  /** Expected duration from the latency table (plan/latency.ts). */
  estimateMs: number;
}

export interface Plan<S extends GraphStep = PlanStep> {
  cluster: string;
  steps: S[];
}
