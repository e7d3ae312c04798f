/**
 * Cancellation helpers every service shares: what to throw when an AbortSignal fires, and a sleep
 * that ends early when it does. One definition, so a cancelled wait looks the same everywhere
 * (the SSH layer, the cluster engine, node readiness).
 */

/**
 * What to throw when `signal` fired: its own reason when that is an Error (an AbortError or the
 * TimeoutError of AbortSignal.timeout), like fetch and node's timers do; otherwise an AbortError.
 */
export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('The operation was aborted', { cause: reason });
  err.name = 'AbortError';
  return err;
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

/** Resolves after `ms`, or rejects with `abortError(signal)` as soon as the signal fires. */
export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
