import { EventEmitter } from 'node:events';
import ssh2 from 'ssh2';
import type { Client, ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import { abortError, HostKeyMismatchError, SshConnectError } from './errors';
import { execOnClient, type ExecOptions, type ExecResult } from './exec';
import { fingerprintSha256, parsePublicKeyLine, type SshPublicKey } from './public-key';

/** Where and as whom to connect, and the one host key the server must present. */
export interface SshEndpoint {
  host: string;
  /** Default 22. */
  port?: number;
  username: string;
  /** Unencrypted private key text (see SshKeyPair.privateKey). Never logged. */
  privateKey: string | Buffer;
  /** The node's host public key line, "ssh-ed25519 AAAA...". Required: there is no TOFU. */
  expectedHostKey: string;
}

export interface ConnectSshOptions extends SshEndpoint {
  /** Milliseconds between SSH keepalives; 0 turns them off. Default 10 000. */
  keepaliveInterval?: number;
  /** Unanswered keepalives before the connection counts as dead. Default 3. */
  keepaliveCountMax?: number;
  /** Milliseconds allowed for TCP + handshake + authentication. Default 20 000. */
  readyTimeout?: number;
  signal?: AbortSignal;
}


/** Host key algorithms to offer, so the server presents the kind of key we expect. */
function hostKeyAlgorithms(type: string): ServerHostKeyAlgorithm[] {
  if (type === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  return [type as ServerHostKeyAlgorithm];
}

/** An open, authenticated SSH connection with a verified host key. */
export class SshConnection extends EventEmitter<{ close: [error: Error | undefined] }> {
  private closedFlag = false;
  private lastError: Error | undefined;

  /** @internal use connectSsh() */
  constructor(
    private readonly client: Client,
    readonly host: string,
    readonly port: number,
  ) {
    super();
    client.on('error', (err: Error) => {
      // After 'ready' errors (keepalive timeout, socket reset) end in 'close'; remember why.
      this.lastError = err;
    });
    client.on('close', () => {
      if (this.closedFlag) return;
      this.closedFlag = true;
      this.emit('close', this.lastError);
    });
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Runs `cmd` (a shell command line) and streams its output; see ExecOptions. */
  exec(cmd: string, opts?: ExecOptions): Promise<ExecResult> {
    return execOnClient(this.client, () => this.closedFlag, cmd, opts);
  }

  /** Ends the connection politely; 'close' follows. */
  close(): void {
    this.client.end();
  }

  /** Drops the socket at once (no goodbye); 'close' follows. */
  destroy(): void {
    this.client.destroy();
  }
}

/**
 * Connects and authenticates with a private key, refusing any server whose host key is not
 * exactly `expectedHostKey` (compared as raw key blobs). A mismatch rejects with
 * HostKeyMismatchError naming both SHA256 fingerprints; other failures with SshConnectError
 * (`kind` says network/timeout/auth/protocol); an abort with the signal's reason.
 */
export function connectSsh(opts: ConnectSshOptions): Promise<SshConnection> {
  const port = opts.port ?? 22;
  const { signal } = opts;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  let expected: SshPublicKey;
  try {
    expected = parsePublicKeyLine(opts.expectedHostKey);
  } catch (err) {
    return Promise.reject(new SshConnectError(`expectedHostKey is not valid: ${(err as Error).message}`));
  }

  const client = new ssh2.Client();
  let presented: Buffer | undefined;
  const config: ConnectConfig = {
    host: opts.host,
    port,
    username: opts.username,
    privateKey: opts.privateKey,
    readyTimeout: opts.readyTimeout ?? 20_000,
    keepaliveInterval: opts.keepaliveInterval ?? 10_000,
    keepaliveCountMax: opts.keepaliveCountMax ?? 3,
    algorithms: { serverHostKey: hostKeyAlgorithms(expected.type) },
    // Sync verifier with the raw key blob (no hostHash set): exact match or refusal, every time.
    hostVerifier: (key: Buffer) => {
      presented = Buffer.from(key);
      return key.equals(expected.blob);
    },
    // Only the key: never fall back to an agent, passwords or keyboard-interactive prompts.
    tryKeyboard: false,
  };

  return new Promise<SshConnection>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      client.removeListener('ready', onReady);
      client.removeListener('error', onError);
      client.removeListener('close', onClose);
      fn();
    };
    const onAbort = () => {
      settle(() => reject(abortError(signal)));
      client.destroy();
    };
    const onReady = () => settle(() => resolve(connection));
    const onError = (err: Error & { level?: string }) => {
      settle(() => reject(describeFailure(err, opts.host, port, opts.username, expected, presented)));
      client.destroy();
    };
    const onClose = () => {
      settle(() =>
        reject(
          presented && !presented.equals(expected.blob)
            ? mismatch(opts.host, port, expected, presented)
            : new SshConnectError(`SSH connection to ${opts.host}:${port} closed during the handshake`, {
                kind: 'network',
              }),
        ),
      );
    };
    // Created before connect so its listeners see everything from the first byte.
    const connection = new SshConnection(client, opts.host, port);
    client.on('ready', onReady);
    client.on('error', onError);
    client.on('close', onClose);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      client.connect(config);
    } catch (err) {
      onError(err as Error);
    }
  });
}

function mismatch(host: string, port: number, expected: SshPublicKey, presented: Buffer): HostKeyMismatchError {
  return new HostKeyMismatchError(host, port, fingerprintSha256(expected.blob), fingerprintSha256(presented));
}

function describeFailure(
  err: Error & { level?: string },
  host: string,
  port: number,
  username: string,
  expected: SshPublicKey,
  presented: Buffer | undefined,
): Error {
  if (presented && !presented.equals(expected.blob)) return mismatch(host, port, expected, presented);
  const where = `${host}:${port}`;
  switch (err.level) {
    case 'client-authentication':
      return new SshConnectError(
        `SSH authentication as "${username}" on ${where} failed: the server did not accept the key`,
        { cause: err, kind: 'auth' },
      );
    case 'client-timeout':
      return new SshConnectError(`SSH on ${where} did not complete the handshake in time`, { cause: err, kind: 'timeout' });
    case 'client-socket':
      return new SshConnectError(`Cannot reach SSH on ${where}: ${err.message}`, { cause: err, kind: 'network' });
    default:
      return new SshConnectError(`SSH handshake with ${where} failed: ${err.message}`, { cause: err, kind: 'protocol' });
  }
}
