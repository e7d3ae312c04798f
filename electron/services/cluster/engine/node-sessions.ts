import type { AzureEnvironment } from '../../azure/environment';
import { connectSsh, type ConnectSshOptions, type SshConnection, type SshEndpoint } from '../../ssh/connection';
import { ResilientSshSession } from '../../ssh/resilient-session';
import { waitForSsh } from '../../ssh/wait-for-ssh';
import type { ClusterKeys } from './cluster-keys';
import { abortableDelay } from '../../abort';
import type { EngineTimings } from './context';

/**
 * One resilient SSH session per node, opened once the node answers with its pinned host key (the
 * one it printed on its serial console, read before the first connection: host-key-pin.ts; no
 * trust on first use, ever). Sessions reconnect with backoff when a connection drops; a different
 * host key stops them for good.
 */
export class NodeSessions {
  private readonly sessions = new Map<string, ResilientSshSession>();

  constructor(
    private readonly deps: {
      env: AzureEnvironment;
      keys: ClusterKeys;
      user: string;
      timings: EngineTimings;
      /** Public IP of a node (journal fact or ARM). */
      publicIp: (node: string, signal?: AbortSignal) => Promise<string>;
      onReconnect?: (node: string, info: { attempt: number; error: Error | undefined }) => void;
    },
  ) {}

  async endpoint(node: string, signal?: AbortSignal): Promise<SshEndpoint> {
    const ip = await this.deps.publicIp(node, signal);
    const ep = await this.deps.env.resolveNodeEndpoints(ip, signal);
    const hostKey = this.deps.keys.hosts[node];
    if (!hostKey) throw new Error(`no pinned host key for ${node}: its serial console has not been read yet`);
    return { host: ep.ssh.host, port: ep.ssh.port, username: this.deps.user, privateKey: this.deps.keys.client.privateKey, expectedHostKey: hostKey.publicKey };
  }

  /**
   * Waits for the node's SSH (resolving its endpoint again on each attempt: in the sandbox the
   * loopback port exists only once the node has booted) and keeps the session.
   */
  async open(node: string, signal: AbortSignal, onAttempt?: (attempt: number, lastError: Error | undefined) => void): Promise<ResilientSshSession> {
    this.sessions.get(node)?.close();
    this.sessions.delete(node);
    const t = this.deps.timings;
    const deadline = Date.now() + t.sshWaitMs;
    let ep: SshEndpoint | undefined;
    for (let tries = 1; ; tries++) {
      signal.throwIfAborted();
      try {
        ep = await this.endpoint(node, signal);
        break;
      } catch (err) {
        if (Date.now() >= deadline) throw err;
        onAttempt?.(tries, err as Error);
        await abortableDelay(t.sshIntervalMs, signal);
      }
    }
    let first: SshConnection | undefined = await waitForSsh(ep, {
      signal,
      timeoutMs: Math.max(1_000, deadline - Date.now()),
      intervalMs: t.sshIntervalMs,
      onAttempt: ({ attempt, lastError }) => onAttempt?.(attempt, lastError),
    });
    // The first connection is the one waitForSsh verified; later ones (reconnects) connect anew.
    const connect = (o: ConnectSshOptions): Promise<SshConnection> => {
      if (first) {
        const c = first;
        first = undefined;
        return Promise.resolve(c);
      }
      return connectSsh(o);
    };
    const session = await ResilientSshSession.open({ ...ep, connect, maxAttempts: t.reconnectAttempts, baseDelayMs: t.reconnectBaseDelayMs }, signal);
    session.on('reconnecting', (info) => this.deps.onReconnect?.(node, info));
    this.sessions.set(node, session);
    return session;
  }

  /** The node's session, opening it when there is none yet (e.g. after a resume). */
  async get(node: string, signal: AbortSignal): Promise<ResilientSshSession> {
    const s = this.sessions.get(node);
    if (s && s.state !== 'failed' && s.state !== 'closed') return s;
    return this.open(node, signal);
  }

  closeAll(): void {
    for (const s of this.sessions.values()) s.close();
    this.sessions.clear();
  }
}
