import { AppError } from '../../errors';
import { matchFailure } from '../../failures/catalogue';
import { validatePlan } from '../plan/graph';
import type { GraphStep, Plan } from '../plan/types';
import type { DeploymentJournal } from './journal';
import { logText } from './log-text';
import type { PaceGate } from './pace-gate';
import { StepError, type DeploymentStatus, type EngineEmitter, type EngineError, type LogLevel, type StepRunner } from './types';

/**
 * Runs a plan's DAG (any steps with ids and dependencies; the runners know what they do): every step whose dependencies are done starts at once; a journal write
 * follows every transition. On a failure no new step starts, the running ones finish, and the
 * deployment ends 'failed'; on cancel the running steps get the abort and end 'cancelled'.
 *
 * Resume: steps the journal has as done are skipped. Steps it has as running (the process died
 * mid-step), failed or cancelled run again: every runner is written to be re-run safely (ARM PUTs
 * are idempotent and runners look before they create; SSH runners check the node's state first).
 * `volatile` steps (their output lives only in memory, e.g. the join token) run again when a step
 * that needs them is not done yet.
 */

export interface ExecuteOptions<S extends GraphStep> {
  plan: Plan<S>;
  journal: DeploymentJournal;
  /** The runner for one step (by kind, id or node: the caller decides). */
  runnerFor(step: S): StepRunner;
  emit: EngineEmitter;
  signal?: AbortSignal;
  isVolatile?(step: S): boolean;
  /** Default log stream for steps without a node: ARM steps log to 'azure'. */
  streamFor?(step: S): string;
  now?: () => number;
  /**
   * Asked before each step starts (the sandbox's pause and step-through, pace-gate.ts): while it
   * holds a step, that step stays pending and nothing of it runs.
   */
  pace?: PaceGate;
}

export interface ExecuteResult {
  status: Exclude<DeploymentStatus, 'running'>;
  error?: EngineError;
  /** The step that failed first, if any. */
  failedStep?: string;
}

export async function executePlan<S extends GraphStep>(opts: ExecuteOptions<S>): Promise<ExecuteResult> {
  const { plan, journal, emit } = opts;
  const problems = validatePlan(plan);
  if (problems.length > 0) throw new Error(`invalid plan: ${problems.join('; ')}`);
  const now = opts.now ?? Date.now;
  const total = plan.steps.length;
  const inner = new AbortController();
  const onOuterAbort = () => inner.abort(opts.signal?.reason);
  if (opts.signal?.aborted) inner.abort(opts.signal.reason);
  else opts.signal?.addEventListener('abort', onOuterAbort, { once: true });

  // Normalise what a previous run left: anything not done runs again.
  for (const s of plan.steps) {
    const st = journal.step(s.id).status;
    if (st !== 'done' && st !== 'pending') journal.step(s.id).status = 'pending';
  }
  if (opts.isVolatile) {
    for (const s of plan.steps) {
      if (journal.status(s.id) !== 'done' || !opts.isVolatile(s)) continue;
      const neededBy = plan.steps.filter((d) => d.dependsOn.includes(s.id));
      if (neededBy.some((d) => journal.status(d.id) !== 'done')) journal.step(s.id).status = 'pending';
    }
  }
  // Entries of steps this plan does not hold stay: they are history (a resumed operation whose
  // plan shrank because some of its work is done), and a journal belongs to one operation.
  await journal.beginAttempt();

  const doneCount = () => plan.steps.filter((s) => journal.status(s.id) === 'done').length;
  const progress = (step: S, error?: EngineError) =>
    safe(() =>
      emit.progress({
        cluster: plan.cluster,
        stepId: step.id,
        title: step.title,
        status: journal.status(step.id),
        ...(step.node ? { node: step.node } : {}),
        done: doneCount(),
        total,
        ...(error ? { error } : {}),
        ts: now(),
      }),
    );
  // Report where a resumed deployment stands before anything runs.
  for (const s of plan.steps) if (journal.status(s.id) === 'done') progress(s);

  const running = new Map<string, Promise<void>>();
  let firstFailure: { step: string; error: EngineError } | undefined;

  const start = (step: S) => {
    const stream = step.node ?? opts.streamFor?.(step) ?? 'local';
    const log = (level: LogLevel, text: string, streamOverride?: string) => {
      for (const line of logText(text).split('\n')) {
        if (line.length === 0) continue;
        safe(() =>
          emit.log({ cluster: plan.cluster, stream: streamOverride ?? stream, stepId: step.id, level, text: line.slice(0, 64_000), ts: now() }),
        );
      }
    };
    const run = async () => {
      const held = opts.pace?.beforeStep({ cluster: plan.cluster, stepId: step.id, title: step.title }, inner.signal);
      if (held) {
        // Cancelled while paused: the step never started and stays pending (the result says cancelled).
        if (!(await held.then(() => true, () => false))) return;
        // Another step failed or the user cancelled while this one waited: it does not start.
        if (firstFailure || inner.signal.aborted) return;
      }
      await journal.setStep(step.id, 'running');
      progress(step);
      try {
        await opts.runnerFor(step)({ step, signal: inner.signal, log });
        await journal.setStep(step.id, 'done');
        progress(step);
      } catch (err) {
        if (inner.signal.aborted && !firstFailure) {
          await journal.setStep(step.id, 'cancelled');
          progress(step);
          return;
        }
        const error = toEngineError(err);
        log('error', error.message);
        if (error.hint) log('warn', `hint: ${error.hint}`);
        await journal.setStep(step.id, 'failed', error);
        progress(step, error);
        firstFailure ??= { step: step.id, error };
      }
    };
    running.set(
      step.id,
      run()
        .catch(() => {})
        .finally(() => running.delete(step.id)),
    );
  };

  try {
    for (;;) {
      if (!firstFailure && !inner.signal.aborted) {
        for (const s of plan.steps) {
          if (running.has(s.id) || journal.status(s.id) !== 'pending') continue;
          if (s.dependsOn.every((d) => journal.status(d) === 'done')) start(s);
        }
      }
      if (running.size === 0) break;
      await Promise.race(running.values());
    }
  } finally {
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }

  let result: ExecuteResult;
  if (firstFailure) result = { status: 'failed', error: firstFailure.error, failedStep: firstFailure.step };
  else if (inner.signal.aborted) result = { status: 'cancelled', error: { message: 'The deployment was cancelled' } };
  else if (doneCount() === total) result = { status: 'succeeded' };
  else result = { status: 'failed', error: { message: 'some steps could not run' } };
  await journal.setStatus(result.status, result.error);
  return result;
}

/** Any thrown value -> the error shape shown to the user, with the catalogue's hint when one matches. */
export function toEngineError(err: unknown): EngineError {
  const e = err as { message?: unknown; code?: unknown; hint?: unknown; azureCode?: unknown };
  const message = logText(typeof e?.message === 'string' ? e.message : String(err));
  const out: EngineError = { message };
  // An operation that ended Failed comes from core-lro as a plain Error: "The long-running
  // operation has failed. <Code>. <message>": the code is only in the text.
  const lroCode = /^The long-running operation has failed\. ([A-Z][A-Za-z]+)\. /.exec(message)?.[1];
  const azureCode = err instanceof StepError ? err.azureCode : typeof e?.code === 'string' && /^[A-Z][A-Za-z]+$/.test(e.code) ? e.code : lroCode;
  if (azureCode) out.azureCode = azureCode;
  const hint = (err instanceof StepError || err instanceof AppError) && err.hint ? err.hint : matchFailure(`${azureCode ?? ''} ${message}`)?.hint;
  if (hint) out.hint = hint;
  return out;
}

function safe(fn: () => void): void {
  try {
    fn();
  } catch {
    // An emitter that throws must not break the deployment.
  }
}
