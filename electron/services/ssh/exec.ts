import type { Readable } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';
import { abortError, SessionDroppedError } from './errors';
import { LineSplitter } from './line-splitter';
import { buildRemoteCommand } from './shell-quote';

export interface ExecOptions {
  /** Run the whole command as root through `sudo -n` (fails instead of prompting). */
  sudo?: boolean;
  /** Data for the command's standard input; stdin is closed (EOF) when omitted. */
  stdin?: string | Buffer | Readable;
  /** Called with each stdout line as it arrives (without the line ending). */
  onStdout?: (line: string) => void;
  /** Called with each stderr line as it arrives. */
  onStderr?: (line: string) => void;
  /** Aborting sends SIGTERM to the remote command, closes the channel and rejects. */
  signal?: AbortSignal;
  /** Bytes of each stream kept in the result (the head); default 4 MiB. Streaming is unaffected. */
  maxCaptureBytes?: number;
}

export interface ExecResult {
  /** Exit status; null when the command was ended by a signal. */
  code: number | null;
  /** Name of the signal that ended the command ("TERM", "KILL", ...), else null. */
  signal: string | null;
  stdout: string;
  stderr: string;
  /** True when stdout or stderr exceeded maxCaptureBytes and was cut in the result. */
  truncated: boolean;
}

const DEFAULT_MAX_CAPTURE = 4 * 1024 * 1024;

/** Bounded head-capture of a stream's bytes. */
class Capture {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly limit: number) {}
  add(chunk: Buffer): void {
    const room = this.limit - this.size;
    if (room <= 0) {
      if (chunk.length > 0) this.truncated = true;
      return;
    }
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (part !== chunk) this.truncated = true;
    this.chunks.push(Buffer.from(part));
    this.size += part.length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs one command on an ssh2 Client and streams its output line by line.
 * `isConnectionClosed` tells a dropped connection apart from a channel the server closed.
 */
export function execOnClient(
  client: Client,
  isConnectionClosed: () => boolean,
  cmd: string,
  opts: ExecOptions = {},
): Promise<ExecResult> {
  const { signal } = opts;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  const remote = buildRemoteCommand(cmd, { sudo: opts.sudo });
  const limit = opts.maxCaptureBytes ?? DEFAULT_MAX_CAPTURE;
  const out = new Capture(limit);
  const err = new Capture(limit);
  const outLines = new LineSplitter((l) => opts.onStdout?.(l));
  const errLines = new LineSplitter((l) => opts.onStderr?.(l));
  const captured = () => ({ stdout: out.text(), stderr: err.text() });

  return new Promise<ExecResult>((resolve, reject) => {
    let settled = false;
    let channel: ClientChannel | undefined;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      finish(() => reject(abortError(signal)));
      if (channel) {
        // TERM (not KILL) so sudo can pass it on to the command it started.
        sendSignal(channel, 'TERM');
        channel.close();
      }
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    const dropped = (cause?: unknown) =>
      new SessionDroppedError(cmd, captured(), { cause, commandStarted: channel !== undefined });

    try {
      client.exec(remote, (openErr, stream) => {
        if (openErr) {
          finish(() => reject(isConnectionClosed() ? dropped(openErr) : openErr));
          return;
        }
        if (settled) {
          // Aborted while the channel was opening: do not start anything.
          stream.close();
          return;
        }
        channel = stream;
        let exit: { code: number | null; signal: string | null } | undefined;
        stream.on('exit', (code: number | null, sig?: string) => {
          exit = { code: typeof code === 'number' ? code : null, signal: sig ?? null };
        });
        stream.on('data', (chunk: Buffer) => {
          out.add(chunk);
          outLines.push(chunk);
        });
        stream.stderr.on('data', (chunk: Buffer) => {
          err.add(chunk);
          errLines.push(chunk);
        });
        stream.on('error', () => {
          // Surfaces through 'close' below; listening here keeps it from crashing the process.
        });
        stream.on('close', () => {
          outLines.end();
          errLines.end();
          // No exit status means the channel died with the connection, not with the command.
          if (!exit) return finish(() => reject(dropped()));
          const result = { ...exit, ...captured(), truncated: out.truncated || err.truncated };
          finish(() => resolve(result));
        });
        writeStdin(stream, opts.stdin);
      });
    } catch (e) {
      // ssh2 throws synchronously when the socket is already gone.
      finish(() => reject(isConnectionClosed() ? dropped(e) : e));
    }
  });
}

function writeStdin(stream: ClientChannel, stdin: ExecOptions['stdin']): void {
  if (stdin === undefined) {
    stream.end();
  } else if (typeof stdin === 'string' || Buffer.isBuffer(stdin)) {
    stream.end(stdin);
  } else {
    stdin.on('error', () => stream.end());
    stdin.pipe(stream);
  }
}

/** The parts of ssh2's channel internals sendSignal relies on (checked at run time). */
interface ChannelInternals {
  outgoing?: { id?: number; state?: string };
  _client?: { _protocol?: { signal?: (id: number, name: string) => void } };
}

/**
 * Asks sshd to signal the remote command (RFC 4254 "signal" request; OpenSSH >= 7.9). Without a
 * pty, closing the channel alone leaves the command running on the node. ssh2's public
 * `channel.signal()` silently does nothing once we have sent EOF on stdin (it checks
 * `writable`), although the protocol allows requests after EOF; so when the channel is still
 * open but no longer writable, send the request through ssh2's protocol object directly.
 */
function sendSignal(channel: ClientChannel, name: string): void {
  try {
    if (channel.writable) {
      channel.signal(name);
      return;
    }
    const internals = channel as unknown as ChannelInternals;
    const id = internals.outgoing?.id;
    const protocol = internals._client?._protocol;
    const state = internals.outgoing?.state;
    // 'eof' is what ssh2 sets after our stdin EOF: the channel is still open for requests.
    if ((state === 'open' || state === 'eof') && typeof id === 'number' && typeof protocol?.signal === 'function') {
      protocol.signal(id, name);
    }
  } catch {
    // The channel may already be gone; closing it is what matters then.
  }
}
