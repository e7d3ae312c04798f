import { useCallback, useEffect, useState } from 'react';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract';
import type { IpcError } from '../../../shared/ipc/result';
import { invoke } from './ipc';

export interface Load<T> {
  data: T | null;
  error: IpcError | null;
  loading: boolean;
  reload(): void;
}

/**
 * Loads a channel's answer for a step without blocking the UI; input and answer are typed from the
 * contract. A newer request (inputs changed, or reload) supersedes an older one: its late answer is
 * dropped. With `null` as input nothing is asked (the step is not ready: build the input only
 * once its fields are there). While a new answer loads, the previous data stays visible.
 */
export function useLoad<C extends ChannelName>(channel: C, input: ChannelInput<C> | null): Load<ChannelOutput<C>> {
  const skip = input === null;
  const key = JSON.stringify(input ?? null);
  const [nonce, setNonce] = useState(0);
  const [state, setState] = useState<{ req: string; data: ChannelOutput<C> | null; error: IpcError | null }>({ req: '', data: null, error: null });
  const req = `${channel}|${key}|${nonce}`;
  useEffect(() => {
    if (skip) return;
    let live = true;
    // The input travels as its JSON text (the effect's dependency); undefined stays undefined.
    const sent = (key === 'null' ? undefined : JSON.parse(key)) as ChannelInput<C>;
    void invoke(channel, sent).then((r) => {
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
