import type { GraphStep, Plan } from './types';

/** Graph checks and timings for plans: the executor and the benchmarks rely on these. */

export class PlanGraphError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanGraphError';
  }
}

/** Problems with a plan's structure: duplicate ids, unknown dependencies, cycles. Empty = valid. */
export function validatePlan<S extends GraphStep>(plan: Plan<S>): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const s of plan.steps) {
    if (ids.has(s.id)) problems.push(`duplicate step id ${s.id}`);
    ids.add(s.id);
  }
  for (const s of plan.steps) {
    for (const d of s.dependsOn) if (!ids.has(d)) problems.push(`${s.id} depends on unknown step ${d}`);
  }
  const cycle = findCycle(plan);
  if (cycle) problems.push(`dependency cycle: ${cycle.join(' -> ')}`);
  return problems;
}

/** One cycle as a list of ids (first id repeated at the end), or undefined. */
export function findCycle<S extends GraphStep>(plan: Plan<S>): string[] | undefined {
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    const st = state.get(id);
    if (st === 'done') return undefined;
    if (st === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const d of byId.get(id)?.dependsOn ?? []) {
      if (!byId.has(d)) continue;
      const c = visit(d);
      if (c) return c;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const s of plan.steps) {
    const c = visit(s.id);
    if (c) return c;
  }
  return undefined;
}

/**
 * Steps in dependency order (Kahn's algorithm). Ties keep the plan's own order, so the result is
 * stable for the same plan. Throws PlanGraphError on a cycle or an unknown dependency.
 */
export function topoOrder<S extends GraphStep>(plan: Plan<S>): S[] {
  const problems = validatePlan(plan);
  if (problems.length > 0) throw new PlanGraphError(problems.join('; '));
  const remaining = new Map(plan.steps.map((s) => [s.id, s.dependsOn.length]));
  const dependents = new Map<string, string[]>();
  for (const s of plan.steps) for (const d of s.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), s.id]);
  const index = new Map(plan.steps.map((s, i) => [s.id, i]));
  const ready = plan.steps.filter((s) => s.dependsOn.length === 0).map((s) => s.id);
  const out: S[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => index.get(a)! - index.get(b)!);
    const id = ready.shift()!;
    out.push(plan.steps[index.get(id)!]!);
    for (const next of dependents.get(id) ?? []) {
      const left = remaining.get(next)! - 1;
      remaining.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  return out;
}

/** Earliest finish time of each step with unlimited parallelism. */
export function earliestFinishMs<S extends GraphStep>(plan: Plan<S>): Map<string, number> {
  const finish = new Map<string, number>();
  for (const s of topoOrder(plan)) {
    const start = Math.max(0, ...s.dependsOn.map((d) => finish.get(d) ?? 0));
    finish.set(s.id, start + s.estimateMs);
  }
  return finish;
}

/** Wall time with every ready step running at once: the longest dependency chain. */
export function criticalPathMs<S extends GraphStep>(plan: Plan<S>): number {
  return Math.max(0, ...earliestFinishMs(plan).values());
}

/** The ids along the critical path, first to last. */
export function criticalPath<S extends GraphStep>(plan: Plan<S>): string[] {
  const finish = earliestFinishMs(plan);
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  let current = [...finish.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const path: string[] = [];
  while (current) {
    path.unshift(current);
    const deps = [...byId.get(current)!.dependsOn];
    current = deps.sort((a, b) => finish.get(b)! - finish.get(a)!)[0];
  }
  return path;
}

/** Wall time if every step ran one after another (what a naive script does). */
export function serialMs<S extends GraphStep>(plan: Plan<S>): number {
  return plan.steps.reduce((sum, s) => sum + s.estimateMs, 0);
}
