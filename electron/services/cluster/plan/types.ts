/** A cluster plan: a DAG of steps the executor runs (ready steps in parallel). */

export type StepKind = 'arm' | 'ssh' | 'kube' | 'local';

export interface PlanStep {
  /** Stable id, used by the journal to resume: 'rg', 'vnet', 'pip:cp-0', 'join:worker-1', ... */
  id: string;
  title: string;
  dependsOn: string[];
  kind: StepKind;
  /** The node this step belongs to (for per-node logs), if any. */
  node?: string;
  /** The equivalent az CLI (or ssh) command with the spec's values, runnable as shown. */
  az: string;
  /** Two lines for newcomers: what happens now, and why. */
  explain: string;
  /** Expected duration from the latency table (plan/latency.ts). */
  estimateMs: number;
}

export interface Plan {
  cluster: string;
  steps: PlanStep[];
}
