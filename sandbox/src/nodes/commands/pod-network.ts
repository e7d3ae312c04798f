// The pod network each CNI was configured with, read from what was applied (Flannel's
// kube-flannel-cfg net-conf.json, Calico's Installation IP pools, Cilium's cilium-config
// cluster-pool CIDRs), checked against kubeadm's podSubnet the way each CNI checks it:
//  - Flannel: every node's podCIDR (allocated from podSubnet) must lie inside "Network";
//  - Calico: the tigera operator refuses IP pools outside the platform's pod CIDRs;
//  - Cilium (cluster-pool IPAM): real Cilium does not compare its pool with kubeadm's and runs
//    with routes kube-proxy does not know; the sandbox makes that mismatch fail visibly instead.
// A problem keeps the member NotReady (cluster-view.ts) and is what the CNI's pods log.
import type { ClusterMember, ClusterRecord } from '../node-state';
import { cidrContains, cidrSize, intToIp, parseCidr } from '../../providers/network/ip-math';
import { findObject } from '../kube/lookup';

/** Flannel's manifest default, for records from before ConfigMap content was kept. */
const FLANNEL_DEFAULT_NET_CONF = '{"Network": "10.244.0.0/16", "Backend": {"Type": "vxlan"}}';
/** Cilium's chart default for ipam.operator.clusterPoolIPv4PodCIDRList. */
const CILIUM_DEFAULT_POOL = '10.0.0.0/8';
/** kube-controller-manager's --node-cidr-mask-size for IPv4. */
const NODE_MASK = 24;

export interface PodNetworkProblem {
  /** The component that reports it, as the node message names it (`kube-flannel`, ...). */
  component: string;
  /** The error as the component logs it. */
  message: string;
}

/** The podCIDR the node IPAM controller gives member #idx (allocation order), if it has one. */
export function podCidrFor(podSubnet: string, idx: number): string | undefined {
  const c = parseCidr(podSubnet.split(',')[0] ?? '');
  if (!c || c.prefix > NODE_MASK) return undefined;
  const base = c.base + idx * 2 ** (32 - NODE_MASK);
  return base + 2 ** (32 - NODE_MASK) <= c.base + cidrSize(c) ? `${intToIp(base)}/${NODE_MASK}` : undefined;
}

function within(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  return !!o && !!i && cidrContains(o, i);
}

function platformCidrs(cluster: ClusterRecord): string[] {
  return (cluster.podSubnet ?? '').split(',').map((c) => c.trim()).filter(Boolean);
}

function flannel(cluster: ClusterRecord, m: ClusterMember): PodNetworkProblem | undefined {
  const problem = (message: string) => ({ component: 'kube-flannel', message });
  if (!cluster.podSubnet) return problem(`Error registering network: failed to acquire lease: node "${m.name}" pod cidr not assigned`);
  const cm = findObject(cluster, 'configmap', 'kube-flannel-cfg', 'kube-flannel');
  const netConf = cm?.data ? cm.data['net-conf.json'] : cm ? FLANNEL_DEFAULT_NET_CONF : undefined;
  if (netConf === undefined) return problem('Failed to create SubnetManager: failed to read net conf: open /etc/kube-flannel/net-conf.json: no such file or directory');
  let network: unknown;
  try {
    network = (JSON.parse(netConf) as { Network?: unknown }).Network;
  } catch (e) {
    return problem(`Failed to create SubnetManager: error parsing subnet config: ${(e as Error).message}`);
  }
  if (typeof network !== 'string' || !parseCidr(network)) return problem(`Failed to create SubnetManager: error parsing subnet config: invalid CIDR address: ${String(network ?? '')}`);
  const podCidr = podCidrFor(cluster.podSubnet, cluster.members.indexOf(m));
  if (!podCidr) return problem(`Error registering network: failed to acquire lease: node "${m.name}" pod cidr not assigned`);
  if (!within(network, podCidr)) {
    return problem(`Error registering network: failed to acquire lease: subnet "${network}" specified in the flannel net config doesn't contain "${podCidr}" PodCIDR of the "${m.name}" node`);
  }
  return undefined;
}

/** The IP pools of Calico's Installation; none given means the operator takes kubeadm's podSubnet. */
export function calicoPools(cluster: ClusterRecord): string[] {
  const spec = findObject(cluster, 'installation.operator.tigera.io', 'default', undefined)?.spec as { calicoNetwork?: { ipPools?: { cidr?: unknown }[] } } | undefined;
  return (spec?.calicoNetwork?.ipPools ?? []).map((p) => String(p.cidr ?? ''));
}

/** The tigera operator's refusal of the Installation, if any (then it deploys no calico-node). */
export function calicoOperatorError(cluster: ClusterRecord): string | undefined {
  const platform = platformCidrs(cluster);
  if (platform.length === 0) return undefined;
  for (const pool of calicoPools(cluster)) {
    if (!platform.some((c) => within(c, pool))) {
      return `Could not resolve CalicoNetwork IPPool and kubeadm configuration: IPPool ${pool} is not within the platform's configured pod network CIDR(s) [${platform.join(' ')}]`;
    }
  }
  return undefined;
}

function calico(cluster: ClusterRecord): PodNetworkProblem | undefined {
  const err = calicoOperatorError(cluster);
  return err ? { component: 'tigera-operator', message: `Error querying installation: ${err}` } : undefined;
}

/** Cilium's IPAM mode and cluster-pool CIDRs from cilium-config. */
export function ciliumIpam(cluster: ClusterRecord): { mode: string; pools: string[] } {
  const data = findObject(cluster, 'configmap', 'cilium-config', 'kube-system')?.data ?? {};
  return { mode: data.ipam ?? 'cluster-pool', pools: (data['cluster-pool-ipv4-cidr'] ?? CILIUM_DEFAULT_POOL).split(/\s+/).filter(Boolean) };
}

function cilium(cluster: ClusterRecord, m: ClusterMember): PodNetworkProblem | undefined {
  const { mode, pools } = ciliumIpam(cluster);
  const platform = platformCidrs(cluster);
  if (mode === 'kubernetes') {
    return platform.length > 0 && podCidrFor(platform[0] as string, cluster.members.indexOf(m)) ? undefined : { component: 'cilium-agent', message: 'Required IPv4 PodCIDR not available' };
  }
  if (platform.length === 0) return undefined;
  const outside = pools.filter((p) => !platform.some((c) => within(c, p)));
  if (outside.length === 0) return undefined;
  return {
    component: 'cilium-agent',
    message: `sandbox check: cluster-pool ${outside.join(' ')} (ipam.operator.clusterPoolIPv4PodCIDRList) is not within kubeadm's podSubnet ${platform.join(',')}; real Cilium would start and route pods kube-proxy does not know`,
  };
}

/** Why the CNI's pod on member `m` cannot give pods addresses; undefined when it can. */
export function podNetworkProblem(cluster: ClusterRecord, m: ClusterMember): PodNetworkProblem | undefined {
  switch (cluster.cni?.name) {
    case 'flannel':
      return flannel(cluster, m);
    case 'calico':
      return calico(cluster);
    case 'cilium':
      return cilium(cluster, m);
    default:
      return undefined;
  }
}
