/** Errors the SSH layer throws on purpose, so callers (and the UI's hints) can tell them apart. */

export class KeyImportError extends Error {
  override readonly name = 'KeyImportError';
}

/** The server presented a host key other than the one Flatkube pinned for the node. Never retried. */
export class HostKeyMismatchError extends Error {
  override readonly name = 'HostKeyMismatchError';
  constructor(
    readonly host: string,
    readonly port: number,
    readonly expectedFingerprint: string,
    readonly presentedFingerprint: string,
  ) {
    super(
      `Host key mismatch for ${host}:${port}: expected ${expectedFingerprint}, the server presented ` +
        `${presentedFingerprint}. The connection was refused. This can mean the address now belongs to ` +
        `another machine or that someone is intercepting the connection.`,
    );
  }
}

/** Connecting (TCP, handshake or authentication) failed; `cause` holds the underlying error. */
export class SshConnectError extends Error {
  override readonly name = 'SshConnectError';
  /** network: unreachable/refused/reset; timeout: no handshake in time; auth: key refused. */
  readonly kind: 'network' | 'timeout' | 'auth' | 'protocol' | 'config';
  constructor(message: string, options?: { cause?: unknown; kind?: SshConnectError['kind'] }) {
    super(message, { cause: options?.cause });
    this.kind = options?.kind ?? 'config';
  }
}

/** Captured output of a command so far (possibly truncated to the capture limit). */
export interface CapturedOutput {
  stdout: string;
  stderr: string;
}

/**
 * The connection dropped while a command was running. The command may or may not have finished
 * on the node; the caller decides whether re-running it is safe.
 */
export class SessionDroppedError extends Error {
  override readonly name = 'SessionDroppedError';
  /** False when the channel never opened: the command did not start, so re-running is safe. */
  readonly commandStarted: boolean;
  constructor(
    readonly command: string,
    readonly output: CapturedOutput,
    options?: { cause?: unknown; commandStarted?: boolean },
  ) {
    const started = options?.commandStarted ?? true;
    super(
      started
        ? 'The SSH session dropped while running a command; it may not have completed'
        : 'The SSH session was down before the command could start',
      { cause: options?.cause },
    );
    this.commandStarted = started;
  }
}

/** The ResilientSshSession gave up reconnecting. */
export class ReconnectFailedError extends Error {
  override readonly name = 'ReconnectFailedError';
  constructor(
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    const cause = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`Could not reconnect over SSH after ${attempts} attempts${cause}`, options);
  }
}

/** What a cancelled SSH operation throws (shared with every service: ../abort.ts). */
export { abortError, isAbortError } from '../abort';
