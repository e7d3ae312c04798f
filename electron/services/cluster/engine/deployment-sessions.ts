import { logText } from './log-text';
import { publicIpOf } from './node-facts';
import { NodeSessions } from './node-sessions';
import type { DeploymentContext } from './context';
import type { EngineEmitter } from './types';

/**
 * The SSH sessions of one operation's runners: the cluster's client key, each node's pinned host
 * key, its public IP from the journal or Azure, and a warning on the node's log stream at every
 * reconnect. Sets ctx.sessions; the caller closes them (closeAll) when the operation ends.
 */
export function openDeploymentSessions(ctx: DeploymentContext, emit: EngineEmitter): NodeSessions {
  ctx.sessions = new NodeSessions({
    env: ctx.env,
    keys: ctx.keys,
    user: ctx.spec.ssh.user,
    timings: ctx.timings,
    publicIp: (node, signal) => publicIpOf(ctx, node, signal),
    onReconnect: (node, info) =>
      emit.log({
        cluster: ctx.spec.name,
        stream: node,
        level: 'warn',
        text: logText(`SSH connection lost; reconnecting (attempt ${info.attempt})${info.error ? `: ${info.error.message}` : ''}`),
        ts: Date.now(),
      }),
  });
  return ctx.sessions;
}
