import { hostAt, mustParseCidr } from './cidr';

/**
 * How a spec maps onto Azure resources and nodes: names, fixed private addresses, tags, image URN.
 * One place, so the plan, the renderers, the az script and the UI agree on every name.
 * (Takes structural inputs rather than ClusterSpec so cluster-spec.ts can import it without a cycle.)
 */

/** Nodes in one pool (each pool's count is 0..MAX_WORKERS). */
export const MAX_WORKERS = 20;
/** Pools in one cluster: enough for "general", "gpu", "spot"-style splits, few enough to review. */
export const MAX_NODE_POOLS = 8;
export const CLUSTER_TAG = 'flatkube-cluster';

export type NodeRole = 'control-plane' | 'worker';

export interface NodeInfo {
  /** Node name, also the hostname and the Kubernetes node name: cp-0, worker-0, gpu-1, ... */
  name: string;
  role: NodeRole;
  /** The node pool a worker belongs to (undefined for control planes). */
  pool?: string;
  /** The VM size: the control plane's, or the pool's. */
  size: string;
  /** Fixed private IP, so the control plane endpoint is known before any VM exists. */
  privateIp: string;
}

/** The shape clusterNodes needs (structural, so cluster-spec.ts can use it without a cycle). */
export interface LayoutSpec {
  controlPlane: { count: number; size: string };
  nodePools: readonly { name: string; count: number; size: string }[];
  network: { subnetCidr: string };
}

/**
 * Host offsets inside the subnet. Azure reserves .0-.3 and the broadcast address
 * (https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq#are-there-any-restrictions-on-using-ip-addresses-within-these-subnets);
 * control planes take .4-.6 (up to three), pool nodes start at .10, so the control planes never
 * renumber a worker. Pool nodes take the lowest free offset in spec order: a new cluster's
 * workers are .10, .11, ... as before pools existed.
 */
const FIRST_CONTROL_PLANE_OFFSET = 4;
const FIRST_WORKER_OFFSET = 10;

/** The highest host offset a cluster of `poolNodes` pool nodes can need (the spec's subnet check). */
export function highestHostOffset(poolNodes: number): number {
  return poolNodes > 0 ? FIRST_WORKER_OFFSET + poolNodes - 1 : FIRST_CONTROL_PLANE_OFFSET + 2;
}

/** The pool a spec written with the older `workers: {count, size}` becomes. */
export const LEGACY_POOL = 'workers';

export function controlPlaneName(index = 0): string {
  return `cp-${index}`;
}

/**
 * A pool node's name: `<pool>-<index>`. The pool `workers` keeps the names its nodes had before
 * node pools existed (`worker-0`, ...), so a cluster created then keeps its node names, host
 * keys and Kubernetes nodes; the spec reserves `worker` and `cp` as pool names for that reason.
 */
export function poolNodeName(pool: string, index: number): string {
  return pool === LEGACY_POOL ? `worker-${index}` : `${pool}-${index}`;
}

/**
 * Every node of a spec with its private IP. `prior` is the layout the cluster already has (its
 * record): a node that is in it keeps its address, whatever pools were added or removed around
 * it; a new node takes the lowest offset no prior node holds (one being removed in the same
 * operation still has its NIC). Without `prior` (a new cluster, a render), the addresses follow
 * from the spec alone.
 */
export function clusterNodes(spec: LayoutSpec, prior: readonly Pick<NodeInfo, 'name' | 'privateIp'>[] = []): NodeInfo[] {
  const subnet = mustParseCidr(spec.network.subnetCidr);
  const ipAt = (offset: number): string => {
    const ip = hostAt(subnet, offset);
    if (!ip) throw new Error(`subnet ${subnet.text} has no host at offset ${offset}`);
    return ip;
  };
  const nodes: NodeInfo[] = [];
  for (let i = 0; i < spec.controlPlane.count; i++) {
    nodes.push({ name: controlPlaneName(i), role: 'control-plane', size: spec.controlPlane.size, privateIp: ipAt(FIRST_CONTROL_PLANE_OFFSET + i) });
  }
  const priorIp = new Map(prior.map((n) => [n.name, n.privateIp]));
  const wanted = spec.nodePools.flatMap((p) => Array.from({ length: p.count }, (_, i) => ({ name: poolNodeName(p.name, i), pool: p.name, size: p.size })));
  const taken = new Set(priorIp.values());
  let next = FIRST_WORKER_OFFSET;
  for (const w of wanted) {
    let ip = priorIp.get(w.name);
    if (ip === undefined) {
      while (taken.has(ipAt(next))) next++;
      ip = ipAt(next);
      taken.add(ip);
    }
    nodes.push({ name: w.name, role: 'worker', pool: w.pool, size: w.size, privateIp: ip });
  }
  return nodes;
}

/** Azure resource names derived from the cluster name (all ≤ 80 chars for a 40-char cluster name). */
export const resourceNames = {
  vnet: (cluster: string) => `${cluster}-vnet`,
  subnet: (cluster: string) => `${cluster}-subnet`,
  nsg: (cluster: string) => `${cluster}-nsg`,
  publicIp: (cluster: string, node: string) => `${cluster}-${node}-pip`,
  nic: (cluster: string, node: string) => `${cluster}-${node}-nic`,
  vm: (cluster: string, node: string) => `${cluster}-${node}-vm`,
  osDisk: (cluster: string, node: string) => `${cluster}-${node}-osdisk`,
  /** The cluster's user-assigned managed identity (cloud provider and disk driver). */
  identity: (cluster: string) => `${cluster}-identity`,
};

/** Tags on every resource: the cluster tag first (teardown finds leftovers by it), then the user's. */
export function clusterTags(spec: { name: string; tags: Record<string, string> }): Record<string, string> {
  return { [CLUSTER_TAG]: spec.name, ...spec.tags };
}

export interface ImageRef {
  publisher: 'kinvolk';
  offer: string;
  sku: string;
  version: string;
  /** publisher:offer:sku:version as az CLI takes it. */
  urn: string;
  /** Marketplace plan the VM must carry (and whose terms must be accepted), or undefined. */
  plan?: { name: string; product: string; publisher: 'kinvolk' };
}

/**
 * SKU naming from Flatcar's Azure docs and publishing config: x64 Gen2 is "<channel>-gen2",
 * x64 Gen1 is "<channel>", Arm64 is "<channel>" (Gen2 only). The LTS stream is published as "lts2024".
 */
export function imageRef(spec: {
  architecture: 'x64' | 'Arm64';
  image: { offer: string; channel: string; generation: 1 | 2; version: string };
}): ImageRef {
  const channel = spec.image.channel === 'lts' ? 'lts2024' : spec.image.channel;
  const sku = spec.architecture === 'x64' && spec.image.generation === 2 ? `${channel}-gen2` : channel;
  const ref: ImageRef = {
    publisher: 'kinvolk',
    offer: spec.image.offer,
    sku,
    version: spec.image.version,
    urn: `kinvolk:${spec.image.offer}:${sku}:${spec.image.version}`,
  };
  // Only the free offer is a paid-marketplace style listing with a plan (plan name = SKU).
  if (spec.image.offer === 'flatcar-container-linux-free') {
    ref.plan = { name: sku, product: spec.image.offer, publisher: 'kinvolk' };
  }
  return ref;
}
