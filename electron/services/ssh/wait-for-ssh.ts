import { abortableDelay } from '../abort';
import { connectSsh, type ConnectSshOptions, type SshConnection, type SshEndpoint } from './connection';
import { abortError, HostKeyMismatchError, SshConnectError } from './errors';

export interface WaitForSshOptions {
  signal?: AbortSignal;
  /** Give up after this long. Default 5 minutes (a Flatcar VM usually answers within ~1). */
  timeoutMs?: number;
  /** Pause between attempts. Default 2 000 ms. */
  intervalMs?: number;
  /** Time allowed for each attempt's handshake. Default 10 000 ms. */
  attemptTimeoutMs?: number;
  /** Progress hook for the UI: attempt number and why the previous attempt failed. */
  onAttempt?: (info: { attempt: number; lastError: Error | undefined }) => void;
  /** Injectable for tests. Default connectSsh. */
  connect?: (opts: ConnectSshOptions) => Promise<SshConnection>;
  /** Injectable clock for the deadline. Default Date.now. */
  now?: () => number;
}

/**
 * Polls a freshly created node until its SSH server answers, authenticates us and presents the
 * expected host key; resolves with that open connection (the caller closes it or uses it).
 *
 * Refused connections, timeouts and even rejected authentication are retried: the port can be
 * open before Ignition has finished. A host key mismatch is NOT retried: the expected key is the
 * one the node itself printed on its serial console once its keys existed, before sshd served
 * anyone, so a different key means a different machine or an interceptor.
 */
export async function waitForSsh(endpoint: SshEndpoint, opts: WaitForSshOptions = {}): Promise<SshConnection> {
  const { signal } = opts;
  const connect = opts.connect ?? connectSsh;
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? 5 * 60_000;
  const deadline = now() + timeoutMs;
  let lastError: Error | undefined;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortError(signal);
    opts.onAttempt?.({ attempt, lastError });
    try {
      return await connect({
        ...endpoint,
        readyTimeout: opts.attemptTimeoutMs ?? 10_000,
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      if (signal?.aborted) throw abortError(signal);
      if (err instanceof HostKeyMismatchError) throw err;
      if (err instanceof SshConnectError && err.kind === 'config') throw err;
      lastError = err as Error;
    }
    const remaining = deadline - now();
    if (remaining <= 0) {
      throw new SshConnectError(
        `SSH on ${endpoint.host}:${endpoint.port ?? 22} did not become ready within ${Math.round(timeoutMs / 1000)} s` +
          ` (${attempt} attempts; last error: ${lastError?.message ?? 'none'})`,
        { cause: lastError, kind: 'timeout' },
      );
    }
    await abortableDelay(Math.min(opts.intervalMs ?? 2_000, remaining), signal);
  }
}
