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

/** Subscribes once to the log event channels that exist (log.line; cluster.log when the engine offers it). */
export function startLogFeed(): void {
  if (started) return;
  started = true;
  subscribe<PaneLine>('log.line', (batch) => batch.forEach(add));
  subscribe<PaneLine & { cluster: string }>('cluster.log', (batch) => batch.forEach(add));
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
