import { getApi } from '../api/client';
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from '../../../shared/ipc/contract';
import type { IpcResult } from '../../../shared/ipc/result';

/**
 * Typed calls through the one door to main (api/client.ts). Channel names, inputs and outputs come
 * from the zod contract (shared/ipc/contract.ts: z.input of a channel's input schema, z.output of
 * its output schema), so renaming a channel or changing its input or output breaks every call
 * site at compile time (see ipc.typecheck.ts).
 */

/** Answered (never thrown) when the API object lacks a function the contract lists: a bug in the shell, not the user's. */
export const CHANNEL_MISSING = 'RENDERER_CHANNEL_MISSING';

/**
 * Invokes a channel with its input (`undefined` for channels that take none); never throws:
 * transport failures become an error envelope too.
 */
export async function invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<IpcResult<ChannelOutput<C>>> {
  const fn: ((input: ChannelInput<C>) => Promise<IpcResult<ChannelOutput<C>>>) | undefined = getApi().invoke[channel];
  if (typeof fn !== 'function') {
    return { ok: false, error: { code: CHANNEL_MISSING, message: `Flatkube's backend did not offer "${channel}".`, hint: 'Restart the app; if it happens again, report it.' } };
  }
  try {
    return await fn(input);
  } catch (error) {
    return { ok: false, error: { code: 'RENDERER_CALL_FAILED', message: error instanceof Error ? error.message : String(error) } };
  }
}

/** Subscribes to an event channel; returns the unsubscribe function. */
export function subscribe<E extends EventName>(event: E, listener: (batch: EventPayload<E>[]) => void): () => void {
  const fn: ((listener: (batch: EventPayload<E>[]) => void) => () => void) | undefined = getApi().on[event];
  if (typeof fn !== 'function') return () => {};
  return fn(listener);
}
