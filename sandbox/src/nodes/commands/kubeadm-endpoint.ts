// kubeadm's own traffic to the API server goes to the cluster's endpoint (admin.conf's server:
// the controlPlaneEndpoint, else the advertise address), as a connection from this node (net/reach.ts):
// a DNS name must resolve (/etc/hosts or Azure DNS), a load balancer frontend must have a healthy
// backend. Go's error texts; the phase wrapping is kubeadm's `error execution phase <phase>: ...`,
// the middle of the message for init's upload-config is UNCONFIRMED.
import type { CommandContext } from '../command-types';
import { reachApiServer, type Reach } from '../net/reach';
import { noSuchHost } from '../net/resolve';
import { STACK_HINT } from './kubeadm-config';

export function splitHostPort(e: string): [string, string] {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(e);
  return m ? [m[1] as string, m[2] as string] : [e, '6443'];
}

/** Go's dial error for a failed reach of host:port. */
export function dialError(r: Exclude<Reach, { ok: true }>, host: string, port: string): string {
  if (r.why === 'no-such-host') return noSuchHost(host);
  if (r.why === 'refused') return `dial tcp ${r.ip ?? host}:${port}: connect: connection refused`;
  return `dial tcp ${r.ip ?? host}:${port}: i/o timeout`;
}

/** Prints kubeadm's failure and answers true when the endpoint cannot be reached from this node. */
export async function endpointUnreachable(ctx: CommandContext, endpoint: string, phase: string, path: string): Promise<boolean> {
  const [host, port] = splitHostPort(endpoint);
  const r = reachApiServer(ctx.node, ctx.dir, host, Number(port));
  if (r.ok) return false;
  if (r.why === 'timeout') await ctx.sleep('kubeadm-timeout');
  ctx.io.stderr(`error execution phase ${phase}: error uploading the kubeadm ClusterConfiguration: Get "https://${endpoint}${path}": ${dialError(r, host, port)}\n${STACK_HINT}\n`);
  return true;
}
