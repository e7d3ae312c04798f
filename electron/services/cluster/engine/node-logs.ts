import { randomUUID } from 'node:crypto';
import { clusterNodes, resourceNames } from '../../../../shared/domain/cluster-layout';
import type { ArmClients } from '../../azure/arm-clients';
import type { AzureEnvironment } from '../../azure/environment';
import { AppError } from '../../errors';
import type { SecretStore } from '../../secrets/secret-store';
import { SessionDroppedError } from '../../ssh/errors';
import type { ClusterStore } from '../store/cluster-store';
import { loadClusterKeys } from './cluster-keys';
import { pinnedHostKey } from './host-key-pin';
import { DEFAULT_TIMINGS, type EngineTimings } from './context';
import { logText } from './log-text';
import { NodeSessions } from './node-sessions';
import type { ClusterLog, LogLevel } from './types';

/**
 * Live logs of a node of a running cluster, at any time (not only during the bootstrap):
 * `journalctl -f` over SSH for kubelet, containerd or the whole journal, each line sent as a
 * `cluster.log` event with the node as its stream. The connection uses the cluster's own client
 * key and accepts only the node's pinned host key, the one the deployment read from the node's
 * serial console (read now, the same way, for a node the deployment never reached). A dropped
 * connection is re-established and the follow continues without repeating the backlog; stop()
 * ends the remote command and closes the connection.
 */

export type NodeLogUnit = 'kubelet' | 'containerd' | null;

export interface FollowNodeLogsOptions {
  store: ClusterStore;
  secrets: SecretStore;
  env: AzureEnvironment;
  arm: ArmClients;
  name: string;
  node: string;
  unit: NodeLogUnit;
  emit: (e: ClusterLog) => void;
  /** Lines of backlog shown first (journalctl -n). */
  backlog?: number;
  timings?: Partial<EngineTimings>;
}

export interface NodeLogFollow {
  followId: string;
  /** Settles when the follow has ended (stopped, or the node went away for good). */
  done: Promise<void>;
  stop(): void;
}

/** The remote command; exported for tests and the az-script style docs. */
export function journalFollowCommand(unit: NodeLogUnit, backlog: number): string {
  return `journalctl --follow --no-pager --output=short --lines=${backlog}${unit ? ` --unit=${unit}` : ''}`;
}

/** klog's severity letter after the syslog prefix (`kubelet[123]: E0412 ...`), else info. */
export function journalLineLevel(line: string): LogLevel {
  if (/\]: [EF]\d{4} /.test(line) || /\blevel=(error|fatal)\b/.test(line)) return 'error';
  if (/\]: W\d{4} /.test(line) || /\blevel=warn(ing)?\b/.test(line)) return 'warn';
  return 'info';
}

/** Opens the node's SSH session (waiting as the deployment would) and starts following. */
export async function followNodeLogs(opts: FollowNodeLogsOptions): Promise<NodeLogFollow> {
  const rec = await opts.store.require(opts.name);
  if (rec.state === 'deleted' || rec.state === 'deleting') throw new AppError('CLUSTER_GONE', `${opts.name} is ${rec.state}: its nodes have no logs to follow.`);
  const spec = rec.spec;
  // The record's nodes (pools, scaled); a record without a layout has the spec's.
  const nodes = rec.nodes.length ? rec.nodes.map((n) => n.name) : clusterNodes(spec).map((n) => n.name);
  if (!nodes.includes(opts.node)) {
    throw new AppError('CLUSTER_NODE_UNKNOWN', `${opts.name} has no node ${opts.node}.`, { hint: `Nodes: ${nodes.join(', ')}.` });
  }
  const keys = await loadClusterKeys(opts.secrets, opts.store.paths(opts.name).keysDir, spec, nodes);
  if (!keys) throw new AppError('CLUSTER_KEYS_MISSING', `No SSH keys are stored for ${opts.name}, so Flatkube cannot log in to its nodes.`);
  const facts = (await opts.store.journal(opts.name).catch(() => undefined))?.facts ?? {};
  const timings: EngineTimings = { ...DEFAULT_TIMINGS, ...opts.timings };
  const followId = randomUUID();
  const abort = new AbortController();
  const send = (level: LogLevel, text: string) => opts.emit({ cluster: opts.name, stream: opts.node, level, text: logText(text).slice(0, 64_000), ts: Date.now() });
  const sessions = new NodeSessions({
    env: opts.env,
    keys,
    user: spec.ssh.user,
    timings,
    publicIp: async (node, signal) => {
      const known = facts[`publicIp:${node}`];
      if (known) return known;
      const pip = await opts.arm.network.publicIPAddresses.get(spec.resourceGroup.name, resourceNames.publicIp(spec.name, node), signal ? { abortSignal: signal } : {});
      if (!pip.ipAddress) throw new AppError('CLUSTER_NODE_NO_ADDRESS', `${node} has no public IP address.`);
      return pip.ipAddress;
    },
    onReconnect: (_node, info) => send('warn', `SSH connection lost; reconnecting (attempt ${info.attempt})${info.error ? `: ${info.error.message}` : ''}`),
  });

  // The deployment pinned the key before its first connection; a node it never reached (a failed
  // deployment) is pinned now, from its serial console, before anything connects to it.
  await pinnedHostKey({ spec, arm: opts.arm, env: opts.env, keys, keysDir: opts.store.paths(opts.name).keysDir, timings }, opts.node, abort.signal, (level, text) => send(level, text));
  const session = await sessions.get(opts.node, abort.signal).catch((err: unknown) => {
    sessions.closeAll();
    throw err;
  });
  const what = opts.unit ? `${opts.unit}.service` : 'the whole journal';
  send('info', `following ${what} on ${opts.node} (journalctl -f over SSH; host key verified)`);

  const run = async () => {
    let backlog = opts.backlog ?? 100;
    try {
      for (;;) {
        try {
          const res = await session.exec(journalFollowCommand(opts.unit, backlog), {
            sudo: true,
            signal: abort.signal,
            onStdout: (l) => send(journalLineLevel(l), l),
            onStderr: (l) => send('warn', l),
            maxCaptureBytes: 64 * 1024,
          });
          if (abort.signal.aborted) return;
          send(res.code === 0 ? 'info' : 'error', `journalctl ended (exit ${res.code ?? res.signal})`);
          return;
        } catch (err) {
          if (abort.signal.aborted) return;
          if (!(err instanceof SessionDroppedError)) throw err;
          // Reconnect (the session backs off) and continue from now: no backlog twice.
          send('warn', 'log stream interrupted; resuming');
          backlog = 0;
        }
      }
    } catch (err) {
      if (!abort.signal.aborted) send('error', `log follow stopped: ${(err as Error).message}`);
    } finally {
      sessions.closeAll();
    }
  };
  const done = run();
  return {
    followId,
    done,
    stop() {
      abort.abort();
    },
  };
}

/** The follows one backend runs, by id; stopAll on shutdown. */
export class NodeLogFollows {
  private readonly follows = new Map<string, NodeLogFollow>();

  async start(opts: FollowNodeLogsOptions): Promise<{ followId: string }> {
    const f = await followNodeLogs(opts);
    this.follows.set(f.followId, f);
    void f.done.finally(() => this.follows.delete(f.followId));
    return { followId: f.followId };
  }

  /** Stops a follow; false when none has that id (already ended). */
  async stop(followId: string): Promise<boolean> {
    const f = this.follows.get(followId);
    if (!f) return false;
    f.stop();
    await f.done;
    return true;
  }

  async stopAll(): Promise<void> {
    const all = [...this.follows.values()];
    for (const f of all) f.stop();
    await Promise.all(all.map((f) => f.done));
  }
}
