import { useCallback, useEffect, useState } from 'react';
import type { IpcError } from '../../../shared/ipc/result';
import { call } from './ipc';

export interface Load<T> {
  data: T | null;
  error: IpcError | null;
  loading: boolean;
  reload(): void;
}

/**
 * Loads a channel's answer for a step without blocking the UI. A newer request (inputs changed,
 * or reload) supersedes an older one: its late answer is dropped. With `skip` nothing is asked.
 * While a new answer loads, the previous data stays visible.
 */
export function useLoad<T>(channel: string, input: unknown, skip = false): Load<T> {
  const key = JSON.stringify(input ?? null);
  const [nonce, setNonce] = useState(0);
  const [state, setState] = useState<{ req: string; data: T | null; error: IpcError | null }>({ req: '', data: null, error: null });
  const req = `${channel}|${key}|${nonce}`;
  useEffect(() => {
    if (skip) return;
    let live = true;
    void call<T>(channel, key === 'null' ? undefined : JSON.parse(key)).then((r) => {
      if (!live) return;
      setState(r.ok ? { req, data: r.value, error: null } : { req, data: null, error: r.error });
    });
    return () => {
      live = false;
    };
  }, [channel, key, skip, req]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  if (skip) return { data: null, error: null, loading: false, reload };
  const current = state.req === req;
  return { data: state.data, error: current ? state.error : null, loading: !current, reload };
}
