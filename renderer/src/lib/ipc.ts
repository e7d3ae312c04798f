import { getApi } from '../api/client';
import type { IpcError, IpcResult } from '../../../shared/ipc/result';

/**
 * Tolerant calls through the one door to main (api/client.ts). Some channels the wizard uses are
 * still being built by the backend; calling one that the contract does not list yet answers with
 * a readable error instead of throwing, so every step still renders.
 */
export const CHANNEL_MISSING = 'RENDERER_CHANNEL_MISSING';

type AnyInvoke = Record<string, ((input: unknown) => Promise<IpcResult<unknown>>) | undefined>;
type AnyOn = Record<string, ((listener: (batch: unknown[]) => void) => () => void) | undefined>;

export function hasChannel(channel: string): boolean {
  return typeof (getApi().invoke as unknown as AnyInvoke)[channel] === 'function';
}

export function hasEvent(event: string): boolean {
  return typeof (getApi().on as unknown as AnyOn)[event] === 'function';
}

export function missingChannel(channel: string): IpcError {
  return {
    code: CHANNEL_MISSING,
    message: `This version of Flatkube's backend does not offer "${channel}" yet.`,
    hint: 'The step shows what it can; update the app to use this feature.',
  };
}

/** Invokes a channel by name; never throws. */
export async function call<T = unknown>(channel: string, input?: unknown): Promise<IpcResult<T>> {
  const fn = (getApi().invoke as unknown as AnyInvoke)[channel];
  if (typeof fn !== 'function') return { ok: false, error: missingChannel(channel) };
  try {
    return (await fn(input)) as IpcResult<T>;
  } catch (error) {
    return { ok: false, error: { code: 'RENDERER_CALL_FAILED', message: error instanceof Error ? error.message : String(error) } };
  }
}

/** Subscribes to an event channel when it exists; returns an unsubscribe (a no-op otherwise). */
export function subscribe<T = unknown>(event: string, listener: (batch: T[]) => void): () => void {
  const fn = (getApi().on as unknown as AnyOn)[event];
  if (typeof fn !== 'function') return () => {};
  return fn(listener as (batch: unknown[]) => void);
}
