import { useSyncExternalStore } from 'react';
import { BoundedLog, type PaneLine } from '../lib/log-format';
import { subscribe } from '../lib/ipc';

/** Lines kept in memory per stream (the pane's own scrollback is smaller); download gives these. */
export const MEMORY_LINES_PER_STREAM = 20_000;

type Listener = (line: PaneLine) => void;

const streams = new Map<string, BoundedLog>();
const lineListeners = new Map<string, Set<Listener>>();
const listListeners = new Set<() => void>();
let names: string[] = [];
let started = false;

function add(line: PaneLine): void {
  let log = streams.get(line.stream);
  if (!log) {
    log = new BoundedLog(MEMORY_LINES_PER_STREAM);
    streams.set(line.stream, log);
    names = [...streams.keys()];
    for (const l of listListeners) l();
  }
  log.push(line);
  for (const l of lineListeners.get(line.stream) ?? []) l(line);
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
  }
}

function addClusterLine(line: PaneLine & { cluster: string; stepId?: string }): void {
  if (!line.stepId && followed.has(`${line.cluster}/${line.stream}`)) add({ ...line, stream: liveStream(line.cluster, line.stream) });
  else add(line);
}

/** Subscribes once to the log event channels (log.line, and cluster.log from the deployment engine). */
export function startLogFeed(): void {
  if (started) return;
  started = true;
  subscribe('log.line', (batch) => batch.forEach(add));
  subscribe('cluster.log', (batch) => batch.forEach(addClusterLine));
}

export function linesOf(stream: string): readonly PaneLine[] {
  return streams.get(stream)?.all() ?? [];
}

export function onLine(stream: string, listener: Listener): () => void {
  let set = lineListeners.get(stream);
  if (!set) lineListeners.set(stream, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

export function clearLogs(): void {
  streams.clear();
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
