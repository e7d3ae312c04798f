// Where a connection from a simulated node to host:port lands when it wants a kube-apiserver:
// the node itself (loopback), another node of its VNet (private or public address), or the
// backends of a load balancer frontend (a public IP with a TCP rule for the port), of which the
// first healthy one in turn answers: its node runs and serves the rule's backend port (6443, a
// control plane with a cluster). Azure drops connections to a frontend without healthy backends
// and to addresses nothing answers for: the caller reports an i/o timeout.
import type { NodeDirectory } from '../command-types';
import type { SimNode } from '../sim-node';
import { resolveHost } from './resolve';

export type Reach =
  | { ok: true; cp: SimNode; ip: string; viaLoadBalancer: boolean }
  | { ok: false; why: 'no-such-host' | 'refused' | 'timeout'; ip?: string };

const isLoopback = (ip: string) => /^127\./.test(ip) || ip === '::1';
let turn = 0;

function servesApi(n: SimNode | undefined, port: number): n is SimNode {
  return !!n && port === 6443 && !!n.state.cluster;
}

export function reachApiServer(from: SimNode, dir: NodeDirectory, host: string, port: number): Reach {
  const ip = resolveHost(from, dir, host);
  if (!ip) return { ok: false, why: 'no-such-host' };
  if (isLoopback(ip)) return servesApi(from, port) ? { ok: true, cp: from, ip, viaLoadBalancer: false } : { ok: false, why: 'refused', ip };
  const direct = dir.findByAddress(from.state.networkId, ip);
  if (direct) return servesApi(direct, port) ? { ok: true, cp: direct, ip, viaLoadBalancer: false } : { ok: false, why: 'refused', ip };
  const lb = dir.network?.loadBalancer(ip, port);
  if (!lb) return { ok: false, why: 'timeout', ip };
  const healthy = lb.vmIds.map((id) => dir.get(id)).filter((n): n is SimNode => servesApi(n, lb.backendPort));
  if (healthy.length === 0) return { ok: false, why: 'timeout', ip };
  return { ok: true, cp: healthy[turn++ % healthy.length]!, ip, viaLoadBalancer: true };
}
