export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  baseDelayMs: number;
  /** Upper bound for any single delay. */
  maxDelayMs: number;
  /** Random source in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (1-based): exponential (base * 2^(attempt-1)) capped at
 * maxDelayMs, then "equal jitter": half fixed, half random. The fixed half keeps a floor so a
 * burst of clients never hammers a rebooting node with near-zero delays; the random half keeps
 * many sessions (one per node) from retrying in lockstep.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions): number {
  const random = opts.random ?? Math.random;
  const exp = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const half = exp / 2;
  return Math.round(half + random() * half);
}
