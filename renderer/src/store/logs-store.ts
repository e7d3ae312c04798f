import { useSyncExternalStore } from 'react';
import { MEMORY_LINES_PER_STREAM } from '../lib/log-flow';
import type { OperationView } from '../../../shared/ipc/channels/cluster';
import { BoundedLog, type PaneLine } from '../lib/log-format';
import { subscribe } from '../lib/ipc';
import { mergeLines, type SeqLine } from '../lib/operation-merge';

type Listener = () => void;

const streams = new Map<string, BoundedLog>();
const lineListeners = new Map<string, Set<Listener>>();
const listListeners = new Set<() => void>();
let names: string[] = [];
let started = false;

/** Streams that got lines in the batch being added (their listeners hear once per batch). */
const touched = new Set<string>();

/** Per stream, the highest line number (seq) it holds: a live line already merged from a record is not added again. */
const lastSeq = new Map<string, number>();

function add(line: PaneLine & { seq?: number }): void {
  if (line.seq !== undefined) {
    if (line.seq <= (lastSeq.get(line.stream) ?? 0)) return;
    lastSeq.set(line.stream, line.seq);
  }
  let log = streams.get(line.stream);
  if (!log) {
    log = new BoundedLog(MEMORY_LINES_PER_STREAM);
    streams.set(line.stream, log);
    names = [...streams.keys()];
    for (const l of listListeners) l();
  }
  log.push(line);
  touched.add(line.stream);
}

/** Tells each stream's listeners once that it has new lines. */
function notify(): void {
  for (const stream of touched) for (const l of lineListeners.get(stream) ?? []) l();
  touched.clear();
}

/** Store keys of live node-log follows (Clusters view) start with this; the Deploy step leaves them out. */
export const LIVE_PREFIX = 'live:';
/** `cluster/node` pairs followed live (cluster.followLogs): their lines go to their own stream. */
const followed = new Set<string>();

export function liveStream(cluster: string, node: string): string {
  return `${LIVE_PREFIX}${cluster}/${node}`;
}

/**
 * Routes a node's live-log lines (cluster.log without a stepId) to liveStream(cluster, node), so
 * they do not mix with its bootstrap pane; `fresh` empties that stream first.
 */
export function routeFollow(cluster: string, node: string, on: boolean, fresh = false): void {
  const key = `${cluster}/${node}`;
  if (on) followed.add(key);
  else followed.delete(key);
  if (fresh && streams.delete(liveStream(cluster, node))) {
    names = [...streams.keys()];
    for (const l of listListeners) l();
    touched.add(liveStream(cluster, node));
    notify();
  }
}

function addClusterLine(line: PaneLine & { cluster: string; stepId?: string }): void {
  if (!line.stepId && followed.size > 0 && followed.has(`${line.cluster}/${line.stream}`)) add({ ...line, stream: liveStream(line.cluster, line.stream) });
  else add(line);
}

/** Store keys of a replayed operation's streams (OperationReplay) start with this. */
export const REPLAY_PREFIX = 'replay:';

/** A stream of the operation the page follows (not a live node follow, not a replay). */
export function isOperationStream(stream: string): boolean {
  return !stream.startsWith(LIVE_PREFIX) && !stream.startsWith(REPLAY_PREFIX);
}

function listChanged(): void {
  names = [...streams.keys()];
  for (const l of listListeners) l();
}

/** Puts `lines` in place of a stream's lines (a pane showing it starts again: log-flow.ts). */
export function setStream(stream: string, lines: readonly PaneLine[]): void {
  const log = new BoundedLog(MEMORY_LINES_PER_STREAM);
  for (const l of lines) log.push(l);
  const top = Math.max(0, ...lines.map((l) => (l as SeqLine).seq ?? 0));
  if (top) lastSeq.set(stream, top);
  else lastSeq.delete(stream);
  const isNew = !streams.has(stream);
  streams.set(stream, log);
  if (isNew) listChanged();
  touched.add(stream);
  notify();
}

/** Adds lines to a stream (a replay's). */
export function pushLines(lines: readonly PaneLine[]): void {
  for (const l of lines) add(l);
  notify();
}

/**
 * The record's backlog of an operation (cluster.operation) merged into the streams: a line seen
 * live and in the record is there once (by its seq); a stream whose lines do not change is left
 * alone, so its pane does not start again.
 */
export function hydrateLogs(logs: OperationView['logs']): void {
  for (const { stream, lines } of logs) {
    const have = (streams.get(stream)?.all() ?? []) as readonly SeqLine[];
    const recorded = lines.map((l) => ({ stream, ts: l.ts, level: l.level, text: l.text, seq: l.seq }));
    const merged = mergeLines(have, recorded);
    if (merged.length === have.length && merged.every((l, i) => l === have[i])) continue;
    setStream(stream, merged);
  }
}

/** Forgets the followed operation's streams (live follows and replays stay). */
export function clearOperationLogs(): void {
  let changed = false;
  for (const stream of [...streams.keys()]) {
    if (!isOperationStream(stream)) continue;
    streams.delete(stream);
    lastSeq.delete(stream);
    touched.add(stream);
    changed = true;
  }
  notify();
  if (changed) listChanged();
}

/** Subscribes once to the log event channels (log.line, and cluster.log from the deployment engine). */
export function startLogFeed(): void {
  if (started) return;
  started = true;
  subscribe('log.line', (batch) => {
    for (const line of batch) add(line);
    notify();
  });
  subscribe('cluster.log', (batch) => {
    for (const line of batch) addClusterLine(line);
    notify();
  });
}

export function linesOf(stream: string): readonly PaneLine[] {
  return streams.get(stream)?.all() ?? [];
}

/** A stream's log (lines and their sequence numbers), if it has had lines. */
export function logOf(stream: string): BoundedLog | undefined {
  return streams.get(stream);
}

/** Calls `listener` once per batch of events that brought the stream new lines. */
export function onLines(stream: string, listener: Listener): () => void {
  let set = lineListeners.get(stream);
  if (!set) lineListeners.set(stream, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

export function clearLogs(): void {
  for (const stream of streams.keys()) touched.add(stream);
  streams.clear();
  lastSeq.clear();
  notify();
  names = [];
  for (const l of listListeners) l();
}

/** The stream names seen so far, in arrival order ('azure' and node names). */
export function useLogStreams(): string[] {
  return useSyncExternalStore(
    (cb) => {
      listListeners.add(cb);
      return () => listListeners.delete(cb);
    },
    () => names,
  );
}
