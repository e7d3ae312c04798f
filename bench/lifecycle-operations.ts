/**
 * The lifecycle operations against their own critical-path bounds (issue 18): a patch upgrade of
 * a 1+3 cluster (1.35.2 -> 1.35.3, the sandbox's bakery publishes both), the same cluster scaled
 * up by 2 workers, and a create with 3 control planes and 2 workers (examples/sandbox-ha.yaml).
 * Each runs through the ClusterService as the app and the CLI run it (real SDK clients, SSH to the
 * simulated nodes, the plan's DAG executor), in the in-process sandbox with the `realistic`
 * latency profile divided by a speed factor, as bench/deploy-orchestration.ts does for a create:
 *
 *  - the bound is the critical path of the operation's own plan (the one the service shows before
 *    it runs) with every step's delay taken from the same profile at the same speed
 *    (bench/sandbox-step-latency.ts, sandboxBound); steps whose delay the mapping does not know
 *    count 0 and are named in the bound's figure, so it stays a lower bound;
 *  - the speed factor is that bound at speed 1 divided by TARGET_CRITICAL_PATH_MS (at least 1);
 *  - the engine's poll pauses are divided by the same factor (all of them, the host-key, drain and
 *    PrincipalNotFound pauses too); not scaled: the sandbox's Retry-After on long-running ARM
 *    operations (whole seconds, at least 1 s), as in the deploy bench.
 *
 * The cluster the upgrade and the scale start from is made first at the sandbox's top speed
 * (setup, not measured). The sandbox's speed is then set for each operation; a node's pod network
 * counts as ready `node.cni-ready` after the CNI was applied at the speed of the moment, so each
 * operation on that cluster starts that long after the speed changed.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLatencyProfile, type LatencyProfile } from '@flatkube/sandbox/testing';
import { DEFAULT_TIMINGS, type EngineTimings } from '../electron/services/cluster/engine/context';
import { parseClusterSpecYaml } from '../electron/services/cluster/render/spec-file';
import { ClusterService, type OperationRequest } from '../electron/services/cluster/service/cluster-service';
import { withPoolCount, type ClusterSpec } from '../shared/domain/cluster-spec';
import type { OperationPreview } from '../shared/ipc/channels/cluster';
import { EventLog, exampleSpec, startEngineFixture, type EngineFixture } from '../test/integration/engine/engine-fixture';
import { summarizeArmRequests } from './arm-requests';
import { printFigure } from './figure';
import { measuredCriticalPath, operationSteps } from './operation-plan';
import { sandboxBound, sandboxOperationStepMs } from './sandbox-step-latency';

const BENCH = 'lifecycle-operations';
/** As in the deploy bench: each operation's critical path is brought to about this much. */
const TARGET_CRITICAL_PATH_MS = 40_000;
/** The setup cluster is made at the sandbox's top speed. */
const SETUP_SPEED = 100;
const FROM_VERSION = '1.35.2';
const TO_VERSION = '1.35.3';
const WORKERS = 3;
const ADDED = 2;

/** Every poll pause of the engine divided by the speed: the whole world runs `speed` times faster. */
function timingsAt(speed: number): Partial<EngineTimings> {
  const scaled = (ms: number) => Math.max(1, Math.round(ms / speed));
  const t = DEFAULT_TIMINGS;
  return {
    sshIntervalMs: scaled(t.sshIntervalMs),
    bootLogIntervalMs: scaled(t.bootLogIntervalMs),
    hostKeyIntervalMs: scaled(t.hostKeyIntervalMs),
    bootCheckIntervalMs: scaled(t.bootCheckIntervalMs),
    nodesReadyIntervalMs: scaled(t.nodesReadyIntervalMs),
    reconnectBaseDelayMs: scaled(t.reconnectBaseDelayMs),
    drainIntervalMs: scaled(t.drainIntervalMs),
    principalRetryMs: scaled(t.principalRetryMs),
  };
}

function service(f: EngineFixture, events: EventLog, speed: number): ClusterService {
  return new ClusterService({ store: f.store, secrets: f.secrets, connect: async () => ({ env: f.env, arm: f.arm }), emit: events, timings: timingsAt(speed) });
}

async function runOrThrow(s: ClusterService, req: OperationRequest, what: string, events: EventLog, onPlan?: (p: OperationPreview) => void): Promise<void> {
  const r = await s.run(req, onPlan ? { onPlan } : {});
  if (r.status !== 'succeeded') throw new Error(`${what}: ${r.status} at ${r.failedStep}: ${r.error?.message}\n${events.text().split('\n').slice(-30).join('\n')}`);
}

interface Operation {
  /** Figure prefix: 'scale-up', 'patch-upgrade', 'ha-create'. */
  op: string;
  request: OperationRequest;
  /** What was measured, for the notes. */
  what: string;
  /** The operation acts on a running cluster: wait for its pod network at the new speed first. */
  onRunningCluster: boolean;
}

/** Runs one operation at its own speed and prints its figures. */
async function measure(f: EngineFixture, o: Operation): Promise<void> {
  const planned = operationSteps(await service(f, new EventLog(), SETUP_SPEED).preview(o.request));
  const atSpeed1 = sandboxBound(planned, createLatencyProfile('realistic', 1)).boundMs;
  const speed = Math.min(SETUP_SPEED, Math.max(1, Math.round((atSpeed1 / TARGET_CRITICAL_PATH_MS) * 100) / 100));
  await f.sb.api.setSpeed(speed);
  const profile: LatencyProfile = createLatencyProfile('realistic', speed);
  if (o.onRunningCluster) await sleep(profile.duration('node.cni-ready') + 200);

  const events = new EventLog();
  let shown: OperationPreview | undefined;
  const before = (await f.sb.api.journal()).at(-1)?.seq ?? 0;
  const t0 = performance.now();
  await runOrThrow(service(f, events, speed), o.request, o.op, events, (p) => (shown = p));
  const wall = performance.now() - t0;

  const steps = shown ? operationSteps(shown) : planned;
  const b = sandboxBound(steps, profile);
  const note = `${o.what}; sandbox profile 'realistic' at speed ${speed}`;
  const name = (figure: string) => `${o.op}/${figure}`;
  const drained = events.logs.map((l) => /^node\/(\S+) drained \((\d+) pods? evicted\)/.exec(l.text)).filter((m) => m !== null).map((m) => `${m[1]} ${m[2]}`);
  const unknown = [
    ...(b.unmapped.length ? [`counted 0, their sandbox delay not mapped: ${b.unmapped.join(', ')}`] : []),
    ...(b.partial.length ? [`counted 0 though they may wait (drain: node.pod-terminate after evicting a running pod; pods evicted this run, by node: ${drained.join(', ') || 'none'}): ${b.partial.join(', ')}`] : []),
  ];
  printFigure({ bench: BENCH, figure: name('speed-factor'), value: speed, unit: 'x', note: `critical path at speed 1 = ${Math.round(atSpeed1)} ms, divided to ~${TARGET_CRITICAL_PATH_MS} ms (at least 1)` });
  printFigure({ bench: BENCH, figure: name('wall-time'), value: Math.round(wall), unit: 'ms', note });
  printFigure({
    bench: BENCH,
    figure: name('critical-path-bound'),
    value: b.boundMs,
    unit: 'ms',
    note: `the operation's plan DAG (${steps.length} steps) with the sandbox profile's delays (bench/sandbox-step-latency.ts); longest chain: ${b.path.join(' > ')}${unknown.length ? `; ${unknown.join('; ')}` : '; every step mapped'}`,
    detail: { unmapped: b.unmapped, partial: b.partial, drained },
  });
  printFigure({ bench: BENCH, figure: name('wall-over-critical-path'), value: round3(wall / b.boundMs), unit: 'ratio', note: '1.0 = no orchestration overhead at all' });
  printFigure({ bench: BENCH, figure: name('serial-sum'), value: b.serialMs, unit: 'ms', note: `the same ${steps.length} steps one after another (sum of the same estimates; computed, not run)` });
  printFigure({ bench: BENCH, figure: name('serial-over-wall'), value: round3(b.serialMs / wall), unit: 'ratio', note: 'how many times faster than a strictly serial run' });
  const m = measuredCriticalPath(steps, events.progressEvents);
  const byId = new Map(steps.map((s) => [s.id, s]));
  // A check of the mapping, not an assertion: a step that took less than its estimate would mean the estimate overcounts.
  const belowEstimate = steps.filter((s) => m.took.has(s.id) && m.took.get(s.id)! < sandboxOperationStepMs(s, profile)).map((s) => s.id);
  printFigure({
    bench: BENCH,
    figure: name('steps-shorter-than-estimate'),
    value: belowEstimate.length,
    unit: 'steps',
    goal: '0',
    note: `steps whose measured duration is below their sandbox estimate (each estimate must be a lower bound of its step)${belowEstimate.length ? `: ${belowEstimate.join(', ')}` : ''}; ${m.took.size} of ${steps.length} steps measured`,
  });
  printFigure({
    bench: BENCH,
    figure: name('measured-steps-critical-path'),
    value: Math.round(m.ms),
    unit: 'ms',
    note: 'DAG critical path of the measured step durations (wall time minus this = scheduling gaps and the service\'s own work); detail: its chain, each step measured vs its sandbox estimate (ms)',
    detail: { chain: m.path.map((id) => [id, Math.round(m.took.get(id) ?? 0), sandboxOperationStepMs(byId.get(id)!, profile)]) },
  });
  const arm = summarizeArmRequests(await f.sb.api.journal(before));
  printFigure({
    bench: BENCH,
    figure: name('arm-requests'),
    value: arm.total,
    unit: 'requests',
    note: `from the sandbox's request journal: ${arm.writes} writes, ${arm.operationPolls} operation-status polls, ${arm.reads} reads; plus ${arm.sandboxApi} sandbox API requests`,
    detail: { writes: arm.writes, operationPolls: arm.operationPolls, reads: arm.reads, sandboxApi: arm.sandboxApi, byKind: arm.byKind },
  });
}

export async function lifecycleOperationsBench(): Promise<void> {
  const f = await startEngineFixture({ latency: 'realistic', speed: SETUP_SPEED });
  try {
    // Setup (not measured): 1 control plane + 3 workers at 1.35.2.
    const base = withPoolCount(exampleSpec((s) => ({ ...s, name: 'ops', resourceGroup: { name: 'ops-rg', create: true }, kubernetesVersion: FROM_VERSION })), 'workers', WORKERS);
    const setupEvents = new EventLog();
    await runOrThrow(service(f, setupEvents, SETUP_SPEED), { kind: 'create', spec: base }, 'setup create', setupEvents);

    await measure(f, {
      op: 'patch-upgrade',
      request: { kind: 'upgrade', name: base.name, kubernetesVersion: TO_VERSION },
      what: `upgrade of 1 control plane + ${WORKERS} workers from ${FROM_VERSION} to ${TO_VERSION}, node by node`,
      onRunningCluster: true,
    });
    const upgraded: ClusterSpec = { ...base, kubernetesVersion: TO_VERSION };
    await measure(f, {
      op: 'scale-up',
      request: { kind: 'apply', spec: withPoolCount(upgraded, 'workers', WORKERS + ADDED) },
      what: `apply of workers ${WORKERS} -> ${WORKERS + ADDED} on 1 control plane + ${WORKERS} workers`,
      onRunningCluster: true,
    });

    const parsed = parseClusterSpecYaml(readFileSync(new URL('../examples/sandbox-ha.yaml', import.meta.url), 'utf8'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const ha = parsed.spec;
    await measure(f, {
      op: 'ha-create',
      request: { kind: 'create', spec: ha },
      what: `create of ${ha.controlPlane.count} control planes + ${ha.nodePools.reduce((n, p) => n + p.count, 0)} workers (examples/sandbox-ha.yaml)`,
      onRunningCluster: false,
    });
  } finally {
    await f.close();
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
