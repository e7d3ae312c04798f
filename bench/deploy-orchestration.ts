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
 * ARM requests by kind (method + resource type) from the sandbox's journal (GET /_sandbox/journal).
 *
 * The speed factor is computed from the profile: the critical path at speed 1 divided by
 * TARGET_CRITICAL_PATH_MS, so the run takes about a minute whatever the profile's figures are.
 * The engine's own poll pauses (SSH wait, boot checks, nodes-ready polling, reconnect backoff)
 * are divided by the same factor: the whole world runs `speed` times faster. Not scaled: the
 * sandbox's Retry-After (whole seconds, at least 1 s) that the SDK's LRO pollers honour, so each
 * long-running operation can end up to ~1 s after the sandbox finished it; that shows as overhead.
 */
import { buildPlan } from '../electron/services/cluster/plan/build-plan';
import { criticalPath, criticalPathMs, serialMs } from '../electron/services/cluster/plan/graph';
import type { Plan } from '../electron/services/cluster/plan/types';
import { DEFAULT_TIMINGS, type EngineTimings } from '../electron/services/cluster/engine/context';
import { deployCluster } from '../electron/services/cluster/engine/deployment';
import { createLatencyProfile } from '@flatkube/sandbox/testing';
import { EventLog, exampleSpec, startEngineFixture } from '../test/integration/engine/engine-fixture';
import { printFigure } from './figure';
import { sandboxCriticalPathMs, sandboxSerialMs, withSandboxEstimates } from './sandbox-step-latency';
import { withPoolCount } from '../shared/domain/cluster-spec';

const BENCH = 'deploy-orchestration';
/** What the critical path should take after scaling: the deployment then runs ~45-60 s. */
const TARGET_CRITICAL_PATH_MS = 40_000;
const WORKERS = 3;

/** "PUT Microsoft.Network/virtualNetworks", "GET Microsoft.Compute/locations/operations", ... */
export function requestKind(method: string, path: string): string {
  const segs = path.split('?')[0]!.split('/').filter(Boolean);
  const p = segs.map((s) => s.toLowerCase()).lastIndexOf('providers');
  let type: string;
  if (p >= 0 && segs[p + 1]) {
    const types: string[] = [];
    for (let i = p + 2; i < segs.length; i += 2) types.push(segs[i]!);
    type = [segs[p + 1], ...types].join('/');
  } else if (segs.some((s) => s.toLowerCase() === 'resourcegroups')) {
    type = 'resourceGroups';
  } else if (segs[0]?.toLowerCase() === 'subscriptions') {
    type = segs.length <= 2 ? 'subscriptions' : `subscriptions/${segs[2]}`;
  } else {
    type = `(sandbox API, not ARM) /${segs.slice(0, 2).join('/')}`;
  }
  return `${method.toUpperCase()} ${type}`;
}

/** Critical path of the plan's DAG with each step's measured duration (running -> done). */
function measuredCriticalPath(plan: Plan, events: EventLog): number {
  const started = new Map<string, number>();
  const took = new Map<string, number>();
  for (const e of events.progressEvents) {
    if (e.status === 'running') started.set(e.stepId, e.ts);
    if (e.status === 'done' && started.has(e.stepId)) took.set(e.stepId, e.ts - started.get(e.stepId)!);
  }
  return criticalPathMs({ ...plan, steps: plan.steps.map((s) => ({ ...s, estimateMs: took.get(s.id) ?? 0 })) });
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
    printFigure({ bench: BENCH, figure: 'measured-steps-critical-path', value: Math.round(measuredCriticalPath(plan, events)), unit: 'ms', note: 'DAG critical path of the measured step durations (wall time minus this = scheduling gaps)' });
    printFigure({
      bench: BENCH,
      figure: 'plan-table-serial-over-critical-path',
      value: round3(serialMs(plan) / criticalPathMs(plan)),
      unit: 'ratio',
      note: `the plan's own Azure estimates (plan/latency.ts): serial ${serialMs(plan)} ms vs critical path ${criticalPathMs(plan)} ms`,
    });

    const entries = await f.sb.api.journal(before);
    const kinds = new Map<string, number>();
    for (const e of entries) kinds.set(requestKind(e.method, e.path), (kinds.get(requestKind(e.method, e.path)) ?? 0) + 1);
    const sandboxApi = entries.filter((e) => e.path.startsWith('/_sandbox')).length;
    printFigure({ bench: BENCH, figure: 'arm-requests-total', value: entries.length - sandboxApi, unit: 'requests', note: `sandbox request journal during the deployment, ARM only (plus ${sandboxApi} sandbox API requests, listed below)` });
    for (const [kind, n] of [...kinds.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
      printFigure({ bench: BENCH, figure: `arm-requests: ${kind}`, value: n, unit: 'requests' });
    }
  } finally {
    await f.close();
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
