import type { ClusterProgress, OperationView } from '../../../shared/ipc/channels/cluster';
import type { PaneLine } from './log-format';

/**
 * How an operation view rebuilt from the backend's record (cluster.operation) and the live events
 * that keep arriving meet, without losing a step or doubling a line; and the ETA from the plan's
 * critical path. Pure: test/unit/renderer/operation-merge.test.ts.
 */

export interface StepState {
  stepId: string;
  title: string;
  status: ClusterProgress['status'];
  node?: string;
  error?: ClusterProgress['error'];
  startedAt?: number;
  endedAt?: number;
  /** From the record's plan: what the step waits for (the ETA's critical path). */
  dependsOn?: readonly string[];
}

export interface StepsState {
  steps: Record<string, StepState>;
  order: string[];
  done: number;
  total: number;
  startedAt: number | null;
}

/** The steps of a recorded operation as the live view keeps them. */
export function stepsFromView(v: OperationView): StepsState {
  const steps: Record<string, StepState> = {};
  for (const s of v.steps) {
    steps[s.id] = {
      stepId: s.id,
      title: s.title,
      status: s.status,
      ...(s.node ? { node: s.node } : {}),
      ...(s.error ? { error: s.error } : {}),
      ...(s.startedAt !== undefined ? { startedAt: s.startedAt } : {}),
      ...(s.endedAt !== undefined ? { endedAt: s.endedAt } : {}),
      dependsOn: s.dependsOn,
    };
  }
  return { steps, order: v.steps.map((s) => s.id), done: v.done, total: v.total, startedAt: v.startedAt };
}

/** When a step last changed, as far as the state knows. */
function lastChange(s: StepState | undefined): number {
  return Math.max(s?.endedAt ?? -Infinity, s?.startedAt ?? -Infinity);
}

/**
 * One progress event on top of the state. An event older than what the state knows of its step
 * (it was sent before the record was read, and arrived after) is dropped: a done step never goes
 * back to running.
 */
export function applyProgress(state: StepsState, p: ClusterProgress): StepsState {
  const prev = state.steps[p.stepId];
  if (prev && p.ts < lastChange(prev)) return state;
  const ended = p.status === 'done' || p.status === 'failed' || p.status === 'cancelled';
  const next: StepState = {
    stepId: p.stepId,
    title: p.title,
    status: p.status,
    ...(p.node ? { node: p.node } : {}),
    ...(p.error ? { error: p.error } : {}),
    ...(p.status === 'running' ? { startedAt: p.ts } : prev?.startedAt !== undefined ? { startedAt: prev.startedAt } : {}),
    ...(ended ? { endedAt: p.ts } : {}),
    ...(prev?.dependsOn ? { dependsOn: prev.dependsOn } : {}),
  };
  return {
    steps: { ...state.steps, [p.stepId]: next },
    order: state.order.includes(p.stepId) ? state.order : [...state.order, p.stepId],
    done: p.done,
    total: p.total,
    startedAt: state.startedAt ?? p.ts,
  };
}

export type SeqLine = PaneLine & { seq?: number };

/**
 * A stream's lines after a record's backlog arrived: every numbered line once (by its seq), the
 * live ones (kept as they are) and the record's together, in order; lines without a number (said before the
 * operation was recorded) kept where their time puts them.
 */
export function mergeLines(live: readonly SeqLine[], recorded: readonly SeqLine[]): SeqLine[] {
  const bySeq = new Map<number, SeqLine>();
  const loose: SeqLine[] = [];
  for (const l of [...live, ...recorded]) {
    if (l.seq === undefined) loose.push(l);
    else if (!bySeq.has(l.seq)) bySeq.set(l.seq, l);
  }
  const numbered = [...bySeq.values()].sort((a, b) => a.seq! - b.seq!);
  if (loose.length === 0) return numbered;
  // Loose lines go before the first numbered line that is later than them.
  const out: SeqLine[] = [];
  let i = 0;
  for (const l of numbered) {
    while (i < loose.length && loose[i]!.ts < l.ts) out.push(loose[i++]!);
    out.push(l);
  }
  return out.concat(loose.slice(i));
}

export interface EtaStep {
  id: string;
  dependsOn: readonly string[];
  status: ClusterProgress['status'];
  startedAt?: number;
  endedAt?: number;
}

/** A step's family for estimates: `vm:cp-0` and `vm:worker-1` take alike. */
export const family = (id: string) => id.split(':')[0]!;

/**
 * Time left, by the plan's critical path: each step not done is expected to take what steps of
 * its family took (measured in this operation, else `past`: family -> ms from earlier
 * operations, else the mean of every step measured so far); a running step has what it already
 * ran taken off. The answer is the longest chain of dependencies still to go. Null when nothing
 * is measured yet (no estimate is better than a made-up one).
 */
export function criticalPathEta(steps: readonly EtaStep[], now: number, past: ReadonlyMap<string, number> = new Map()): number | null {
  const measured = new Map<string, number[]>();
  for (const s of steps) {
    if (s.status !== 'done' || s.startedAt === undefined || s.endedAt === undefined) continue;
    const f = family(s.id);
    measured.set(f, [...(measured.get(f) ?? []), s.endedAt - s.startedAt]);
  }
  const all = [...measured.values()].flat();
  if (all.length === 0 && past.size === 0) return null;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const overall = all.length ? mean(all) : mean([...past.values()]);
  const expected = (s: EtaStep) => {
    const m = measured.get(family(s.id));
    return m ? mean(m) : (past.get(family(s.id)) ?? overall);
  };
  const byId = new Map(steps.map((s) => [s.id, s]));
  const finish = new Map<string, number>();
  const at = (id: string, seen: Set<string>): number => {
    const known = finish.get(id);
    if (known !== undefined) return known;
    const s = byId.get(id);
    if (!s || s.status === 'done' || seen.has(id)) return 0;
    seen.add(id);
    const before = Math.max(0, ...s.dependsOn.map((d) => at(d, seen)));
    const ran = s.status === 'running' && s.startedAt !== undefined ? now - s.startedAt : 0;
    const t = before + Math.max(0, expected(s) - ran);
    finish.set(id, t);
    return t;
  };
  return Math.max(0, ...steps.map((s) => at(s.id, new Set())));
}

/** Mean measured duration per family of a finished operation's steps (for the next one's ETA). */
export function familyDurations(steps: readonly EtaStep[]): Map<string, number> {
  const sums = new Map<string, [number, number]>();
  for (const s of steps) {
    if (s.status !== 'done' || s.startedAt === undefined || s.endedAt === undefined) continue;
    const [t, n] = sums.get(family(s.id)) ?? [0, 0];
    sums.set(family(s.id), [t + s.endedAt - s.startedAt, n + 1]);
  }
  return new Map([...sums].map(([f, [t, n]]) => [f, t / n]));
}

/**
 * The steps after a record arrived while live events kept coming: per step, whichever of the two
 * changed last (the record on a tie); the order and counts are the record's plan.
 */
export function mergeSteps(current: StepsState, recorded: StepsState): StepsState {
  const steps: Record<string, StepState> = { ...recorded.steps };
  for (const [id, live] of Object.entries(current.steps)) {
    const rec = steps[id];
    if (!rec || lastChange(live) > lastChange(rec)) steps[id] = { ...live, ...(rec?.dependsOn ? { dependsOn: rec.dependsOn } : {}) };
  }
  const order = [...recorded.order, ...current.order.filter((id) => !recorded.steps[id])];
  const done = Object.values(steps).filter((s) => s.status === 'done').length;
  return { steps, order, done, total: Math.max(recorded.total, order.length), startedAt: recorded.startedAt ?? current.startedAt };
}
