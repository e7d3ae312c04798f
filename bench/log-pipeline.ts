/**
 * Log pipeline: lines from 4 simulated nodes at once, over SSH, through the backend's event hub
 * and WebSocket, into the log panes of the real renderer in Chromium (browser mode, the e2e
 * harness).
 *
 * Path of every line: `seq 1 N` on each node (sandbox node simulator, a real SSH server) ->
 * ResilientSshSession.exec (electron/services/ssh) splitting lines -> the engine's executor log
 * (redaction, one `cluster.log` event per line) -> backend EventHub (schema check) -> batcher ->
 * WebSocket -> renderer logs-store -> LogPane (xterm.js). The cluster is deployed first (instant
 * latency, events not sent to the page), then the streaming runs as a 4-step plan, one step per
 * node, through executePlan, so lines take the same emitter path a deployment's do.
 *
 * Figures: lines per second end to end (first exec to the last line counted in the page), lines
 * dropped (sent by the nodes minus counted by the panes: each pane's `data-lines`, which counts
 * every line the log store delivered to it; must be 0), frame-time p95 while streaming
 * (requestAnimationFrame deltas, measured by a script this benchmark injects), and the renderer's
 * JS heap (CDP Performance.getMetrics JSHeapUsedSize, after a forced GC) once one million lines
 * went through: the panes keep PANE_SCROLLBACK lines, the store MEMORY_LINES_PER_STREAM per node.
 *
 * Two rounds: a rate round of RATE_LINES lines, then the rest up to TOTAL_LINES if the measured
 * rate says it finishes within MAX_SECOND_ROUND_MS; otherwise as many as fit, and the note says so.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { clusterNodes, resourceNames } from '../shared/domain/cluster-layout';
import { loadClusterKeys } from '../electron/services/cluster/engine/cluster-keys';
import { DEFAULT_TIMINGS } from '../electron/services/cluster/engine/context';
import { deployCluster } from '../electron/services/cluster/engine/deployment';
import { executePlan } from '../electron/services/cluster/engine/executor';
import { DeploymentJournal } from '../electron/services/cluster/engine/journal';
import { NodeSessions } from '../electron/services/cluster/engine/node-sessions';
import type { EngineEmitter } from '../electron/services/cluster/engine/types';
import type { GraphStep, Plan } from '../electron/services/cluster/plan/types';
import { startE2e } from '../test/e2e/harness';
import { WizardPage } from '../test/e2e/pages/wizard-page';
import { EventLog, exampleSpec, FAST_TIMINGS, startEngineFixture } from '../test/integration/engine/engine-fixture';
import { percentile, printFigure } from './figure';
import { withPoolCount } from '../shared/domain/cluster-spec';

const BENCH = 'log-pipeline';
const NODES = 4;
const RATE_LINES = 200_000;
const TOTAL_LINES = 1_000_000;
const MAX_SECOND_ROUND_MS = 180_000;

interface FrameWindow {
  __benchFrames?: { deltas: number[]; running: boolean };
}

/**
 * Starts collecting requestAnimationFrame deltas in the page (bench instrumentation only). A
 * string, not a function: tsx's keepNames would wrap named closures in a helper the page lacks.
 */
async function startFrames(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const state = { deltas: [], running: true };
    window.__benchFrames = state;
    let last;
    const tick = (t) => {
      if (last !== undefined) state.deltas.push(t - last);
      last = t;
      if (state.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
}

async function stopFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = globalThis as unknown as FrameWindow;
    const s = w.__benchFrames!;
    s.running = false;
    delete w.__benchFrames;
    return s.deltas;
  });
}

/** Lines the panes counted (their data-lines attribute), per stream. */
async function paneCounts(page: Page, streams: string[]): Promise<number[]> {
  return page.evaluate((ids) => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(a: string): string | null } | null } }).document;
    return ids.map((id) => Number(doc.querySelector(`[data-testid="log-pane-${id}"]`)?.getAttribute('data-lines') ?? 0));
  }, streams);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export async function logPipelineBench(): Promise<void> {
  const spec = exampleSpec((s) => withPoolCount({ ...s, name: 'logs', resourceGroup: { ...s.resourceGroup, name: 'logs-rg' } }, 'workers', NODES - 1));
  const nodes = clusterNodes(spec).map((n) => n.name);
  const e2e = await startE2e();
  const f = await startEngineFixture();
  const journalDir = mkdtempSync(join(tmpdir(), 'fk-bench-logs-'));
  let sessions: NodeSessions | undefined;
  try {
    const deployed = await deployCluster({ spec, env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: new EventLog(), timings: FAST_TIMINGS });
    if (deployed.status !== 'succeeded') throw new Error(`deployment ${deployed.status}: ${deployed.error?.message}`);
    const keys = await loadClusterKeys(f.secrets, f.store.paths(spec.name).keysDir, spec);
    if (!keys) throw new Error('no cluster keys');
    const live = sessions = new NodeSessions({
      env: f.env,
      keys,
      user: spec.ssh.user,
      timings: { ...DEFAULT_TIMINGS, ...FAST_TIMINGS },
      publicIp: async (node) => {
        const pip = await f.arm.network.publicIPAddresses.get(spec.resourceGroup.name, resourceNames.publicIp(spec.name, node));
        if (!pip.ipAddress) throw new Error(`no public IP for ${node}`);
        return pip.ipAddress;
      },
    });
    const ac = new AbortController();
    for (const n of nodes) await live.open(n, ac.signal);

    const page = e2e.page;
    const wizard = new WizardPage(page);
    await wizard.railStep('Deploy').click();
    await wizard.waitForStep('Deploy');

    // What reaches the backend from SSH, per node (lines the nodes sent, as split by the client).
    const received = new Map<string, number>(nodes.map((n) => [n, 0]));
    const emit: EngineEmitter = {
      progress: () => {},
      finished: () => {},
      log: (e) => e2e.backend.hub.emit('cluster.log', e),
    };
    let round = 0;
    const stream = async (perNode: number, from: number) => {
      round++;
      const plan: Plan<GraphStep> = {
        cluster: spec.name,
        steps: nodes.map((node) => ({ id: `stream:${node}`, title: `seq on ${node}`, dependsOn: [], kind: 'ssh' as const, node, az: '', explain: '', estimateMs: 0 })),
      };
      const journal = await DeploymentJournal.open(join(journalDir, `round-${round}.json`), spec.name);
      const r = await executePlan({
        plan,
        journal,
        emit,
        runnerFor: (step) => async (ctx) => {
          const session = await live.get(step.node!, ctx.signal);
          const res = await session.exec(`seq ${from} ${from + perNode - 1}`, {
            signal: ctx.signal,
            maxCaptureBytes: 1024,
            onStdout: (line) => {
              received.set(step.node!, received.get(step.node!)! + 1);
              ctx.log('info', line);
            },
          });
          if (res.code !== 0) throw new Error(`seq exited ${res.code}: ${res.stderr}`);
        },
      });
      if (r.status !== 'succeeded') throw new Error(`streaming ${r.status}: ${r.error?.message}`);
    };

    /** Streams `perNode` lines from every node; waits until the panes counted them all (or stall). */
    const measure = async (perNode: number, from: number) => {
      const before = sum(await paneCounts(page, nodes));
      const expected = before + perNode * NODES;
      const t0 = performance.now();
      await stream(perNode, from);
      const sentAt = performance.now() - t0;
      let counted = before;
      let lastChange = performance.now();
      for (;;) {
        const now = sum(await paneCounts(page, nodes));
        if (now !== counted) lastChange = performance.now();
        counted = now;
        if (counted >= expected || performance.now() - lastChange > 10_000) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      return { ms: performance.now() - t0, sentMs: sentAt, counted: counted - before, expected: perNode * NODES };
    };

    // Round 1: the rate, frame times while streaming.
    await startFrames(page);
    const first = await measure(RATE_LINES / NODES, 1);
    const frames = await stopFrames(page);
    const rate = (first.counted / first.ms) * 1000;
    printFigure({ bench: BENCH, figure: 'lines-per-second', value: Math.round(rate), unit: 'lines/s', note: `${first.expected} lines, ${NODES} nodes at once (seq over SSH -> event hub -> WebSocket -> log panes in Chromium); backend side done after ${Math.round(first.sentMs)} ms` });
    printFigure({ bench: BENCH, figure: 'backend-lines-per-second', value: Math.round((first.expected / first.sentMs) * 1000), unit: 'lines/s', note: 'SSH exec to events handed to the WebSocket (the rate the nodes and the backend sustain; the page then catches up)' });
    printFigure({ bench: BENCH, figure: 'frame-time-p95', value: Math.round(percentile(frames, 95) * 10) / 10, unit: 'ms', note: `requestAnimationFrame deltas while streaming, ${frames.length} frames, max ${Math.round(Math.max(...frames))} ms` });

    // Round 2: up to one million lines in total (if the rate says it fits the time box).
    const remaining = TOTAL_LINES - RATE_LINES;
    const fits = Math.floor(((rate * MAX_SECOND_ROUND_MS) / 1000) * 0.8);
    const secondLines = Math.min(remaining, Math.floor(fits / NODES) * NODES);
    const second = secondLines > 0 ? await measure(secondLines / NODES, RATE_LINES / NODES + 1) : { ms: 0, sentMs: 0, counted: 0, expected: 0 };
    const total = first.counted + second.counted;
    const sent = sum([...received.values()]);
    const expectedTotal = first.expected + second.expected;

    const cdp = await e2e.context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null;
    await cdp.detach();

    printFigure({ bench: BENCH, figure: 'dropped-lines', value: expectedTotal - total, unit: 'lines', note: `nodes sent ${expectedTotal} (backend received ${sent}), panes counted ${total}` });
    if (second.counted > 0) printFigure({ bench: BENCH, figure: 'lines-per-second-long-run', value: Math.round((second.counted / second.ms) * 1000), unit: 'lines/s', note: `second round, ${second.expected} lines` });
    printFigure({
      bench: BENCH,
      figure: 'renderer-heap-after-lines',
      value: heap === null ? null : Math.round((heap / 1024 / 1024) * 10) / 10,
      unit: 'MiB',
      note:
        total >= TOTAL_LINES
          ? `JSHeapUsedSize after ${total} lines in total and a forced GC (bounded scrollback)`
          : `JSHeapUsedSize after ${total} lines only (one million would not finish within ${MAX_SECOND_ROUND_MS / 1000} s at the measured rate), forced GC`,
    });
    ac.abort();
  } finally {
    sessions?.closeAll();
    await f.close();
    await e2e.close();
    rmSync(journalDir, { recursive: true, force: true });
  }
}
