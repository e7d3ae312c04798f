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
 * Figures (each round): lines per second end to end (first exec to the last line counted by the
 * panes), the backend's own rate, the lines xterm.js parsed per second, frame time p95 while the
 * panes take the lines in (requestAnimationFrame times recorded by a script this benchmark injects,
 * kept from the last count that saw none of the round's lines to the first that saw them all), and
 * the page's main-thread CPU time per 1000 lines with the ratio of its tasks' wall time to that
 * CPU time (CDP Performance metrics: how much the machine's load stretched the page's work). Then
 * lines dropped (sent by the nodes minus counted by the panes, must be 0), lines cut from backlogs,
 * and the renderer's JS heap after a forced GC, after the first round and once one million lines
 * went through (bounded: the panes keep PANE_SCROLLBACK lines, the store MEMORY_LINES_PER_STREAM
 * per stream). The frame time of the idle page comes first: the floor the machine gives now.
 *
 * A pane counts a line (`data-lines`) once xterm.js parsed it (the write callback), or when it cut
 * it from a backlog longer than the terminal keeps (`data-skipped`): lines newer ones would push
 * out of the scrollback before they were shown (renderer/src/lib/log-flow.ts).
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
import { MEMORY_LINES_PER_STREAM, PANE_SCROLLBACK } from '../renderer/src/lib/log-flow';
import { percentile, printFigure } from './figure';
import { withPoolCount } from '../shared/domain/cluster-spec';

const BENCH = 'log-pipeline';
const NODES = 4;
const RATE_LINES = 200_000;
const TOTAL_LINES = 1_000_000;
const MAX_SECOND_ROUND_MS = 180_000;

interface FrameWindow {
  __benchFrames?: { times: number[]; running: boolean };
}

/**
 * Starts recording the time of every animation frame in the page (bench instrumentation only,
 * one number a frame). A string, not a function: tsx's keepNames would wrap named closures in a
 * helper the page lacks.
 */
async function startFrames(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const state = { times: [], running: true };
    window.__benchFrames = state;
    const tick = (t) => {
      state.times.push(t);
      if (state.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
}

/** The frames' times (page clock), in order. */
async function stopFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = globalThis as unknown as FrameWindow;
    const s = w.__benchFrames!;
    s.running = false;
    delete w.__benchFrames;
    return s.times;
  });
}

/** Frame times (deltas to the frame before) of the frames that ended within [from, to] (page clock). */
function frameTimes(times: number[], from = -Infinity, to = Infinity): number[] {
  const out: number[] = [];
  for (let i = 1; i < times.length; i++) if (times[i]! > from && times[i]! <= to) out.push(times[i]! - times[i - 1]!);
  return out;
}

/** Lines the panes counted (their data-lines attribute, or another counter), per stream, and when (page clock). */
async function paneCounts(page: Page, streams: string[], attribute = 'data-lines'): Promise<{ at: number; counts: number[] }> {
  return page.evaluate(
    ([ids, attr]) => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(a: string): string | null } | null } }).document;
      return { at: performance.now(), counts: ids.map((id) => Number(doc.querySelector(`[data-testid="log-pane-${id}"]`)?.getAttribute(attr) ?? 0)) };
    },
    [streams, attribute] as const,
  );
}
const counted = async (page: Page, streams: string[], attribute?: string) => {
  const { at, counts } = await paneCounts(page, streams, attribute);
  return { at, n: sum(counts) };
};

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const round1 = (x: number) => Math.round(x * 10) / 10;
const frameNote = (frames: number[]) => `${frames.length} frames, p50 ${round1(percentile(frames, 50))} ms, max ${Math.round(Math.max(...frames))} ms`;

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
    // The page's own clocks (CDP Performance metrics): CPU time of its main thread and of the
    // renderer process, and the wall time its tasks took. On a loaded machine task time exceeds
    // thread time by the time the thread waited for a core in the middle of a task.
    const cdp = await e2e.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const pageClocks = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const m = (name: string) => (metrics.find((x) => x.name === name)?.value ?? NaN) * 1000;
      return { thread: m('ThreadTime'), process: m('ProcessTime'), tasks: m('TaskDuration'), layout: m('LayoutDuration'), style: m('RecalcStyleDuration'), script: m('ScriptDuration') };
    };
    /** The page's JS heap after a forced GC. */
    const heapMiB = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const bytes = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
      return bytes === undefined ? null : Math.round((bytes / 1024 / 1024) * 10) / 10;
    };
    const measure = async (perNode: number, from: number) => {
      const clocks0 = await pageClocks();
      const before = (await counted(page, nodes)).n;
      const skippedBefore = (await counted(page, nodes, 'data-skipped')).n;
      const expected = before + perNode * NODES;
      await startFrames(page);
      const t0 = performance.now();
      // The streaming window on the page's clock: from the last count that saw none of the round's
      // lines to the first that saw them all (counts are read every 50 ms, so it errs wide).
      let idleUntil = -Infinity;
      let doneAt = Infinity;
      let sent = false;
      let sentAt = NaN;
      const sending = stream(perNode, from).finally(() => {
        sent = true;
        sentAt = performance.now() - t0;
      });
      sending.catch(() => {});
      let n = before;
      let lastChange = performance.now();
      for (;;) {
        const c = await counted(page, nodes);
        if (c.n <= before) idleUntil = c.at;
        if (c.n !== n) lastChange = performance.now();
        n = c.n;
        if (n >= expected) doneAt = c.at;
        if ((sent && n >= expected) || performance.now() - lastChange > 10_000) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await sending;
      const ms = performance.now() - t0;
      const frames = frameTimes(await stopFrames(page), idleUntil, doneAt);
      const clocks1 = await pageClocks();
      const cpu = { thread: clocks1.thread - clocks0.thread, process: clocks1.process - clocks0.process, tasks: clocks1.tasks - clocks0.tasks, layout: clocks1.layout - clocks0.layout, style: clocks1.style - clocks0.style, script: clocks1.script - clocks0.script };
      const skipped = (await counted(page, nodes, 'data-skipped')).n - skippedBefore;
      return { ms, sentMs: sentAt, counted: n - before, skipped, expected: perNode * NODES, frames, cpu };
    };

    // The page idle on the Deploy step first: the frame times this machine gives with nothing to do.
    await startFrames(page);
    await new Promise((r) => setTimeout(r, 2000));
    const idle = frameTimes(await stopFrames(page));
    printFigure({ bench: BENCH, figure: 'frame-time-p95-idle', value: round1(percentile(idle, 95)), unit: 'ms', note: `the same page before any line, ${frameNote(idle)} (the floor this machine gives now)` });

    type Round = Awaited<ReturnType<typeof measure>>;
    const roundFigures = (r: Round, suffix: string, what: string) => {
      printFigure({ bench: BENCH, figure: `lines-per-second${suffix}`, value: Math.round((r.counted / r.ms) * 1000), unit: 'lines/s', goal: '>= 50000', note: `${what}: ${r.expected} lines, ${NODES} nodes at once (seq over SSH -> event hub -> WebSocket -> log panes in Chromium), first exec to the last line counted by the panes (parsed by xterm.js, or ${r.skipped} cut from a backlog longer than a terminal keeps); backend side done after ${Math.round(r.sentMs)} ms` });
      printFigure({ bench: BENCH, figure: `backend-lines-per-second${suffix}`, value: Math.round((r.expected / r.sentMs) * 1000), unit: 'lines/s', note: `${what}: SSH exec to events handed to the WebSocket (the rate the nodes and the backend sustain; the page then catches up)` });
      printFigure({ bench: BENCH, figure: `lines-parsed-per-second${suffix}`, value: Math.round(((r.counted - r.skipped) / r.ms) * 1000), unit: 'lines/s', note: `${what}: the lines xterm.js parsed (the others were cut as above)` });
      printFigure({ bench: BENCH, figure: `frame-time-p95${suffix}`, value: round1(percentile(r.frames, 95)), unit: 'ms', goal: '<= 20', note: `${what}: requestAnimationFrame deltas while the panes took in the round's lines, ${frameNote(r.frames)}` });
      printFigure({ bench: BENCH, figure: `page-main-thread-cpu-per-1000-lines${suffix}`, value: round1((r.cpu.thread / r.expected) * 1000), unit: 'ms', note: `${what}: CPU time of the page's main thread (CDP ThreadTime ${Math.round(r.cpu.thread)} ms; renderer process ${Math.round(r.cpu.process)} ms) per 1000 lines: what the lines cost the page whatever the machine's load` });
      printFigure({ bench: BENCH, figure: `page-task-time-over-cpu-time${suffix}`, value: Math.round((r.cpu.tasks / r.cpu.thread) * 100) / 100, unit: 'ratio', note: `${what}: wall time of the page's tasks (${Math.round(r.cpu.tasks)} ms) over their CPU time; above 1 by the time the main thread waited for a core inside a task (the machine's load)` });
    };

    // Round 1: the rate, frame times while streaming.
    const first = await measure(RATE_LINES / NODES, 1);
    const rate = (first.counted / first.ms) * 1000;
    roundFigures(first, '', 'first round');
    const heapAfterFirst = await heapMiB();

    // Round 2: up to one million lines in total (if the rate says it fits the time box).
    const remaining = TOTAL_LINES - RATE_LINES;
    const fits = Math.floor(((rate * MAX_SECOND_ROUND_MS) / 1000) * 0.8);
    const secondLines = Math.min(remaining, Math.floor(fits / NODES) * NODES);
    const second = secondLines > 0 ? await measure(secondLines / NODES, RATE_LINES / NODES + 1) : undefined;
    const total = first.counted + (second?.counted ?? 0);
    const sent = sum([...received.values()]);
    const expectedTotal = first.expected + (second?.expected ?? 0);
    const skipped = first.skipped + (second?.skipped ?? 0);

    const heap = await heapMiB();
    await cdp.detach();

    if (second) roundFigures(second, '-long-run', 'second round');
    printFigure({ bench: BENCH, figure: 'dropped-lines', value: expectedTotal - total, unit: 'lines', goal: '0', note: `nodes sent ${expectedTotal} (backend received ${sent}), panes counted ${total}` });
    printFigure({ bench: BENCH, figure: 'lines-cut-from-backlogs', value: skipped, unit: 'lines', note: `of the ${total} counted: cut from a pane's backlog longer than its terminal keeps (scrollback and rows), which newer lines would have pushed out before they were shown; the store keeps its newest lines for download either way` });
    printFigure({
      bench: BENCH,
      figure: 'renderer-heap-after-lines',
      value: heap,
      unit: 'MiB',
      note:
        (total >= TOTAL_LINES
          ? `JSHeapUsedSize after ${total} lines in total and a forced GC`
          : `JSHeapUsedSize after ${total} lines only (one million would not finish within ${MAX_SECOND_ROUND_MS / 1000} s at the measured rate), forced GC`) +
        `; ${heapAfterFirst} MiB after the first ${first.counted} (bounded: panes keep ${PANE_SCROLLBACK} lines, the store ${MEMORY_LINES_PER_STREAM} per stream)`,
    });
    ac.abort();
  } finally {
    sessions?.closeAll();
    await f.close();
    await e2e.close();
    rmSync(journalDir, { recursive: true, force: true });
  }
}
