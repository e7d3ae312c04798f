import { readFile } from 'node:fs/promises';
import type { OperationPreview } from '../../../../shared/ipc/channels/cluster';
import { writeSecretFile } from '../../secrets/write-secret-file';
import { logText } from '../engine/log-text';
import type { ClusterLog, ClusterProgress, EngineEmitter } from '../engine/types';
import type { ClusterStore } from '../store/cluster-store';

/**
 * What the journal does not keep of an operation and its views need after a reload, a new window
 * or a restart (cluster.operation): the plan as shown (titles, nodes, `az`, dependencies), when
 * each step started and ended by the events' own clock, and the newest lines of every log stream.
 * Kept beside the journal, `<cluster>/operations/<id>.log.json` (0600, like every file there).
 *
 * It sits between the service and the emitter it was given: every event passes through, a log
 * line gets its number in the operation (`seq`, so the page can merge a backlog with live lines
 * without doubling them), and the file is rewritten at most every WRITE_EVERY_MS while it runs
 * and once at the end: a killed process loses at most that much of the log, never a step state
 * (the journal has those).
 *
 * No secret can be in it: every line was redacted where it was made (engine/log-text.ts) and is
 * passed through the same redaction again here, and step errors are the engine's redacted ones.
 */

/** Lines of each stream the record keeps (the newest); a pane shows more while it is open. */
export const RECORDED_LINES_PER_STREAM = 2_000;
/** A longer line is cut in the record (the live event carries it whole). */
export const RECORDED_LINE_CHARS = 4_000;
export const WRITE_EVERY_MS = 1_000;
export const OPERATION_LOG_VERSION = 1;

export interface RecordedLine {
  seq: number;
  stepId?: string;
  level: ClusterLog['level'];
  text: string;
  ts: number;
}

export interface RecordedStep {
  title: string;
  node?: string;
  status: ClusterProgress['status'];
  startedAt?: number;
  endedAt?: number;
  error?: ClusterProgress['error'];
}

export interface OperationLogFile {
  version: typeof OPERATION_LOG_VERSION;
  operationId: string;
  plan: OperationPreview['steps'];
  steps: Record<string, RecordedStep>;
  streams: Record<string, { lines: RecordedLine[]; dropped: number }>;
  /**
   * The last seq given. A new operation starts at its start time in ms x 1000, so a cluster's
   * numbers only grow from one operation to the next (the page drops a live line whose number it
   * has already seen) while an operation says fewer than 1000 lines a millisecond.
   */
  seq: number;
}

/** The operation log's path in the cluster's folder. */
export function operationLogPath(store: ClusterStore, cluster: string, operationId: string): string {
  return store.journalPath(cluster, `operations/${operationId}.log.json`);
}

export async function readOperationLog(path: string): Promise<OperationLogFile | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as OperationLogFile;
    return parsed?.version === OPERATION_LOG_VERSION && typeof parsed.streams === 'object' ? parsed : undefined;
  } catch {
    // Missing (an operation from before records, or one killed before its first write) or damaged:
    // the view falls back on the journal.
    return undefined;
  }
}

/** Folds one progress event into the recorded steps (a re-run keeps its newest start). */
export function recordProgress(steps: Record<string, RecordedStep>, p: ClusterProgress): void {
  const prev = steps[p.stepId];
  const ended = p.status === 'done' || p.status === 'failed' || p.status === 'cancelled';
  steps[p.stepId] = {
    title: p.title,
    ...(p.node ? { node: p.node } : {}),
    status: p.status,
    ...(p.status === 'running' ? { startedAt: p.ts } : prev?.startedAt !== undefined ? { startedAt: prev.startedAt } : {}),
    ...(ended ? { endedAt: p.ts } : {}),
    ...(p.error ? { error: p.error } : {}),
  };
}

/** Adds a line to a stream, keeping the newest `max`. */
export function recordLine(file: OperationLogFile, e: ClusterLog, max = RECORDED_LINES_PER_STREAM): RecordedLine {
  const line: RecordedLine = { seq: ++file.seq, ...(e.stepId ? { stepId: e.stepId } : {}), level: e.level, text: logText(e.text).slice(0, RECORDED_LINE_CHARS), ts: e.ts };
  const s = (file.streams[e.stream] ??= { lines: [], dropped: 0 });
  s.lines.push(line);
  if (s.lines.length > max) {
    const cut = s.lines.length - max;
    s.lines.splice(0, cut);
    s.dropped += cut;
  }
  return line;
}

interface Active {
  file: OperationLogFile;
  path: string;
  timer?: ReturnType<typeof setTimeout>;
  writing: Promise<void>;
}

export class OperationRecorder {
  private readonly active = new Map<string, Active>();

  constructor(
    private readonly store: ClusterStore,
    private readonly opts: { linesPerStream?: number; writeEveryMs?: number; now?: () => number } = {},
  ) {}

  /**
   * Starts recording an operation of `cluster`. A resumed operation (same id) continues its
   * file: its lines keep their numbers and new ones follow.
   */
  async begin(cluster: string, operationId: string, plan: OperationPreview['steps']): Promise<void> {
    const path = operationLogPath(this.store, cluster, operationId);
    const existing = await readOperationLog(path);
    const file: OperationLogFile = existing?.operationId === operationId ? { ...existing, plan } : { version: OPERATION_LOG_VERSION, operationId, plan, steps: {}, streams: {}, seq: (this.opts.now ?? Date.now)() * 1000 };
    this.active.set(cluster, { file, path, writing: Promise.resolve() });
    this.schedule(cluster);
  }

  /** Writes the file a last time and stops recording. */
  async end(cluster: string): Promise<void> {
    const a = this.active.get(cluster);
    if (!a) return;
    this.active.delete(cluster);
    clearTimeout(a.timer);
    await this.write(a);
  }

  /** What is recorded so far of the operation running on `cluster` here (newer than its file). */
  snapshot(cluster: string): OperationLogFile | undefined {
    const a = this.active.get(cluster);
    return a ? (JSON.parse(JSON.stringify(a.file)) as OperationLogFile) : undefined;
  }

  /** An emitter that records what passes for a recorded operation, then forwards it to `next`. */
  wrap(next: EngineEmitter): EngineEmitter {
    return {
      progress: (e) => {
        const a = this.active.get(e.cluster);
        if (a) {
          recordProgress(a.file.steps, e);
          this.schedule(e.cluster);
        }
        next.progress(e);
      },
      log: (e) => {
        const a = this.active.get(e.cluster);
        if (!a) return next.log(e);
        const line = recordLine(a.file, e, this.opts.linesPerStream);
        this.schedule(e.cluster);
        next.log({ ...e, seq: line.seq });
      },
      finished: (e) => next.finished(e),
    };
  }

  private schedule(cluster: string): void {
    const a = this.active.get(cluster);
    if (!a || a.timer) return;
    a.timer = setTimeout(() => {
      a.timer = undefined;
      void this.write(a);
    }, this.opts.writeEveryMs ?? WRITE_EVERY_MS);
    a.timer.unref?.();
  }

  private write(a: Active): Promise<void> {
    const text = JSON.stringify(a.file) + '\n';
    // Serialised, so the last state reaches the disk last; a failed write waits for the next.
    a.writing = a.writing.then(() => writeSecretFile(a.path, text)).catch(() => {});
    return a.writing;
  }
}
