/**
 * Deploy orchestration: 1 control plane + 3 workers in the in-process sandbox with the realistic
 * latency profile divided by a speed factor, through the real engine (deployCluster: SDK clients,
 * SSH to the simulated nodes, the plan's DAG executor).
 *
 * Figures: measured wall time; the critical-path lower bound of the plan's DAG with every step's
 * estimate taken from the SAME profile at the SAME speed (bench/sandbox-step-latency.ts says how
 * each step maps to the profile); their ratio; the serial sum of the same estimates (a script that
 * runs the steps one after another, the slides' way) and its ratio to the measured time; the
 * critical path of the measured step durations (scheduling overhead vs step overhead); and the
 * ARM requests by kind (method + resource type) from the sandbox's journal (bench/arm-requests.ts).
 *
 * The speed factor is computed from the profile: the critical path at speed 1 divided by
 * TARGET_CRITICAL_PATH_MS, so the run takes about a minute whatever the profile's figures are.
 * The engine's own poll pauses (SSH wait, boot checks, nodes-ready polling, reconnect backoff)
 * are divided by the same factor, and so are the floor between two status polls of a
 * long-running operation and the plan's estimates that say when one is expected to end
 * (azure/lro-poll.ts): the whole world runs `speed` times faster. Not scaled: the sandbox's
 * Retry-After (whole seconds, at least 1 s while an operation runs); the engine follows it, but
 * polls at the operation's expected end when that comes first.
 */
import { buildPlan } from '../electron/services/cluster/plan/build-plan';
import { criticalPath, criticalPathMs, serialMs } from '../electron/services/cluster/plan/graph';
import type { Plan } from '../electron/services/cluster/plan/types';
import { DEFAULT_TIMINGS, type EngineTimings } from '../electron/services/cluster/engine/context';
import { deployCluster } from '../electron/services/cluster/engine/deployment';
import { createLatencyProfile, type LatencyProfile } from '@flatkube/sandbox/testing';
import { EventLog, exampleSpec, startEngineFixture } from '../test/integration/engine/engine-fixture';
import { summarizeArmRequests } from './arm-requests';
import { printFigure } from './figure';
import { sandboxCriticalPathMs, sandboxSerialMs, withSandboxEstimates } from './sandbox-step-latency';
import { withPoolCount } from '../shared/domain/cluster-spec';

const BENCH = 'deploy-orchestration';
/** What the critical path should take after scaling: the deployment then runs ~45-60 s. */
const TARGET_CRITICAL_PATH_MS = 40_000;
const WORKERS = 3;

/** Each step's measured duration (running -> done). */
function measuredDurations(events: EventLog): Map<string, number> {
  const started = new Map<string, number>();
  const took = new Map<string, number>();
  for (const e of events.progressEvents) {
    if (e.status === 'running') started.set(e.stepId, e.ts);
    if (e.status === 'done' && started.has(e.stepId)) took.set(e.stepId, e.ts - started.get(e.stepId)!);
  }
  return took;
}

/**
 * Critical path of the plan's DAG with each step's measured duration, and along it each step's
 * measured time against the sandbox's own delays for it: where the overhead sits.
 */
function measuredCriticalPath(plan: Plan, events: EventLog, profile: LatencyProfile): { ms: number; steps: Record<string, { measured: number; sandbox: number }> } {
  const took = measuredDurations(events);
  const measured = { ...plan, steps: plan.steps.map((s) => ({ ...s, estimateMs: took.get(s.id) ?? 0 })) };
  const expected = new Map(withSandboxEstimates(plan, profile).steps.map((s) => [s.id, s.estimateMs]));
  const steps = Object.fromEntries(criticalPath(measured).map((id) => [id, { measured: Math.round(took.get(id) ?? 0), sandbox: Math.round(expected.get(id) ?? 0) }]));
  return { ms: criticalPathMs(measured), steps };
}

export async function deployOrchestrationBench(): Promise<void> {
  const spec = exampleSpec((s) => withPoolCount({ ...s, name: 'bench', resourceGroup: { ...s.resourceGroup, name: 'bench-rg' } }, 'workers', WORKERS));
  const plan = buildPlan(spec);

  const atSpeed1 = sandboxCriticalPathMs(plan, createLatencyProfile('realistic', 1));
  const speed = Math.max(1, Math.round((atSpeed1 / TARGET_CRITICAL_PATH_MS) * 100) / 100);
  const profile = createLatencyProfile('realistic', speed);
  const bound = sandboxCriticalPathMs(plan, profile);
  const serial = sandboxSerialMs(plan, profile);
  const scaled = (ms: number) => Math.max(1, Math.round(ms / speed));
  const timings: Partial<EngineTimings> = {
    sshIntervalMs: scaled(DEFAULT_TIMINGS.sshIntervalMs),
    bootCheckIntervalMs: scaled(DEFAULT_TIMINGS.bootCheckIntervalMs),
    nodesReadyIntervalMs: scaled(DEFAULT_TIMINGS.nodesReadyIntervalMs),
    reconnectBaseDelayMs: scaled(DEFAULT_TIMINGS.reconnectBaseDelayMs),
    // Long-running operations: the floor between polls, and when the plan expects each to end.
    lroPollFloorMs: scaled(DEFAULT_TIMINGS.lroPollFloorMs),
    lroEstimateScale: DEFAULT_TIMINGS.lroEstimateScale / speed,
  };

  const f = await startEngineFixture({ latency: 'realistic', speed });
  try {
    const before = (await f.sb.api.journal()).at(-1)?.seq ?? 0;
    const events = new EventLog();
    const t0 = performance.now();
    const r = await deployCluster({ spec, env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: events, timings });
    const wall = performance.now() - t0;
    if (r.status !== 'succeeded') throw new Error(`deployment ${r.status} at ${r.failedStep}: ${r.error?.message}`);

    const note = `1 control plane + ${WORKERS} workers, sandbox profile 'realistic' at speed ${speed} (speed-1 equivalent x${speed})`;
    printFigure({ bench: BENCH, figure: 'speed-factor', value: speed, unit: 'x', note: `critical path at speed 1 = ${Math.round(atSpeed1)} ms, divided to ~${TARGET_CRITICAL_PATH_MS} ms` });
    printFigure({ bench: BENCH, figure: 'wall-time', value: Math.round(wall), unit: 'ms', note });
    printFigure({ bench: BENCH, figure: 'critical-path-bound', value: bound, unit: 'ms', note: `plan DAG with the sandbox profile's delays (bench/sandbox-step-latency.ts); longest chain: ${criticalPath(withSandboxEstimates(plan, profile)).join(' > ')}, then node.cni-ready after cni` });
    printFigure({ bench: BENCH, figure: 'wall-over-critical-path', value: round3(wall / bound), unit: 'ratio', note: '1.0 = no orchestration overhead at all' });
    printFigure({ bench: BENCH, figure: 'serial-sum', value: serial, unit: 'ms', note: `the same ${plan.steps.length} steps one after another (sum of the same estimates; computed, not run)` });
    printFigure({ bench: BENCH, figure: 'serial-over-wall', value: round3(serial / wall), unit: 'ratio', note: 'how many times faster than a strictly serial run' });
    const path = measuredCriticalPath(plan, events, profile);
    printFigure({
      bench: BENCH,
      figure: 'measured-steps-critical-path',
      value: Math.round(path.ms),
      unit: 'ms',
      note: 'DAG critical path of the measured step durations (wall time minus this = scheduling gaps); detail: its steps, measured vs the sandbox delays of the bound',
      detail: path.steps,
    });
    printFigure({
      bench: BENCH,
      figure: 'plan-table-serial-over-critical-path',
      value: round3(serialMs(plan) / criticalPathMs(plan)),
      unit: 'ratio',
      note: `the plan's own Azure estimates (plan/latency.ts): serial ${serialMs(plan)} ms vs critical path ${criticalPathMs(plan)} ms`,
    });

    // The journal, not the API-call record: the record needs the cluster service's operation
    // scope around the engine, which this bench calls directly; both see the same requests.
    const arm = summarizeArmRequests(await f.sb.api.journal(before));
    printFigure({
      bench: BENCH,
      figure: 'arm-requests-by-kind',
      value: arm.total,
      unit: 'requests',
      note: `one create, from the sandbox's request journal: ${arm.writes} writes, ${arm.operationPolls} operation-status polls, ${arm.reads} reads (${arm.repeatedReads} repeat a read of the same resource with no write to it in between, ${arm.knownAbsentReads} read a resource in the group this run had just created before anything wrote it); plus ${arm.sandboxApi} sandbox API requests`,
      detail: { writes: arm.writes, operationPolls: arm.operationPolls, reads: arm.reads, repeatedReads: arm.repeatedReads, knownAbsentReads: arm.knownAbsentReads, sandboxApi: arm.sandboxApi, byKind: arm.byKind, repeatedByType: arm.repeatedByType },
    });
    printFigure({
      bench: BENCH,
      figure: 'arm-reads-already-known',
      value: arm.repeatedReads + arm.knownAbsentReads,
      unit: 'requests',
      goal: '0',
      note: `${arm.repeatedReads} GETs of a resource already read with no write to it or above it in between (an upper bound: some may wait on a running operation) + ${arm.knownAbsentReads} GETs of a resource in a group this run created (201) before anything wrote it (the answer is 404)`,
    });
  } finally {
    await f.close();
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
