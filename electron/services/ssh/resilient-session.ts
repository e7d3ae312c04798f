import { EventEmitter } from 'node:events';
import { abortableDelay } from '../abort';
import { backoffDelay } from './backoff';
import { connectSsh, type ConnectSshOptions, type SshConnection } from './connection';
import { abortError, HostKeyMismatchError, ReconnectFailedError, SessionDroppedError } from './errors';
import type { ExecOptions, ExecResult } from './exec';

export interface ResilientSshSessionOptions extends Omit<ConnectSshOptions, 'signal'> {
  /** Reconnect attempts after a drop before giving up. Default 6. */
  maxAttempts?: number;
  /** First reconnect delay before jitter. Default 500 ms. */
  baseDelayMs?: number;
  /** Cap on any reconnect delay. Default 15 000 ms. */
  maxDelayMs?: number;
  /** Jitter source in [0, 1); injectable for tests. */
  random?: () => number;
  /** How to connect; injectable for tests. Default connectSsh. */
  connect?: (opts: ConnectSshOptions) => Promise<SshConnection>;
}

export interface ResilientExecOptions extends ExecOptions {
  /**
   * Re-run the command on the new connection if the session drops while it runs. Only for
   * idempotent commands: the first run may have completed (or half-completed) on the node.
   * Output lines of the interrupted run have already been streamed and will stream again.
   */
  retryOnDrop?: boolean;
}

export type SessionState = 'connected' | 'reconnecting' | 'failed' | 'closed';

interface SessionEvents {
  reconnecting: [info: { attempt: number; delayMs: number; error: Error | undefined }];
  connected: [];
  /** Gave up reconnecting (ReconnectFailedError, or HostKeyMismatchError which is never retried). */
  failed: [error: Error];
  closed: [];
}

/**
 * An SSH session to one node that survives dropped connections: when the connection closes
 * unexpectedly it reconnects with bounded exponential backoff and jitter (same host key check,
 * no exceptions), and commands issued meanwhile wait for it. A command that was running when
 * the connection dropped rejects with SessionDroppedError (with its output so far) unless it
 * opted in to `retryOnDrop`.
 */
export class ResilientSshSession extends EventEmitter<SessionEvents> {
  private conn: SshConnection | undefined;
  private stateValue: SessionState = 'reconnecting';
  private failure: Error | undefined;
  private readonly closeController = new AbortController();
  private waiters: Array<{ resolve: (c: SshConnection) => void; reject: (e: Error) => void }> = [];

  private constructor(private readonly opts: ResilientSshSessionOptions) {
    super();
  }

  /** Connects once (no retries: use waitForSsh first for a node that is still booting). */
  static async open(opts: ResilientSshSessionOptions, signal?: AbortSignal): Promise<ResilientSshSession> {
    const session = new ResilientSshSession(opts);
    const conn = await session.connectFn()({ ...opts, ...(signal ? { signal } : {}) });
    session.adopt(conn);
    return session;
  }

  get state(): SessionState {
    return this.stateValue;
  }

  async exec(cmd: string, opts: ResilientExecOptions = {}): Promise<ExecResult> {
    const maxRuns = 1 + (this.opts.maxAttempts ?? 6);
    for (let run = 1; ; run++) {
      const conn = await this.connection(opts.signal);
      try {
        return await conn.exec(cmd, opts);
      } catch (err) {
        if (!(err instanceof SessionDroppedError)) throw err;
        // A command that never started is always safe to send again.
        const retry = !err.commandStarted || opts.retryOnDrop === true;
        if (!retry || run >= maxRuns) throw err;
        // Make sure the drop is noticed even if 'close' has not been processed yet.
        if (this.conn === conn) this.onDrop(conn, err);
      }
    }
  }

  /** Closes the session for good: stops reconnecting and rejects waiting commands. */
  close(): void {
    if (this.stateValue === 'closed') return;
    this.stateValue = 'closed';
    this.closeController.abort();
    this.conn?.close();
    this.conn = undefined;
    this.rejectWaiters(new Error('SSH session closed'));
    this.emit('closed');
  }

  /** Resolves with a live connection, waiting through a reconnect if one is under way. */
  private connection(signal?: AbortSignal): Promise<SshConnection> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.stateValue === 'connected' && this.conn && !this.conn.closed) return Promise.resolve(this.conn);
    if (this.stateValue === 'closed') return Promise.reject(new Error('SSH session closed'));
    if (this.stateValue === 'failed') return Promise.reject(this.failure ?? new Error('SSH session failed'));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(abortError(signal));
      };
      const waiter = {
        resolve: (c: SshConnection) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(c);
        },
        reject: (e: Error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private connectFn(): (o: ConnectSshOptions) => Promise<SshConnection> {
    return this.opts.connect ?? connectSsh;
  }

  private adopt(conn: SshConnection): void {
    this.conn = conn;
    this.stateValue = 'connected';
    conn.once('close', (err) => this.onDrop(conn, err));
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.resolve(conn);
  }

  private onDrop(conn: SshConnection, err: Error | undefined): void {
    if (this.conn !== conn || this.stateValue !== 'connected') return;
    this.conn = undefined;
    this.stateValue = 'reconnecting';
    void this.reconnectLoop(err);
  }

  private async reconnectLoop(initialError: Error | undefined): Promise<void> {
    const maxAttempts = this.opts.maxAttempts ?? 6;
    const signal = this.closeController.signal;
    let lastError = initialError;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const delayMs = backoffDelay(attempt, {
        baseDelayMs: this.opts.baseDelayMs ?? 500,
        maxDelayMs: this.opts.maxDelayMs ?? 15_000,
        ...(this.opts.random ? { random: this.opts.random } : {}),
      });
      this.emit('reconnecting', { attempt, delayMs, error: lastError });
      try {
        await abortableDelay(delayMs, signal);
        const conn = await this.connectFn()({ ...this.opts, signal });
        if (this.stateValue === 'closed') {
          conn.close();
          return;
        }
        this.adopt(conn);
        this.emit('connected');
        return;
      } catch (err) {
        if (signal.aborted) return; // close() was called
        lastError = err as Error;
        // A different host key is not a glitch to wait out: stop at once, loudly.
        if (err instanceof HostKeyMismatchError) return this.fail(err);
      }
    }
    this.fail(new ReconnectFailedError(maxAttempts, { cause: lastError }));
  }

  private fail(err: Error): void {
    this.stateValue = 'failed';
    this.failure = err;
    this.rejectWaiters(err);
    this.emit('failed', err);
  }

  private rejectWaiters(err: Error): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(err);
  }
}
