import { hostAt, mustParseCidr } from './cidr';

/**
 * How a spec maps onto Azure resources and nodes: names, fixed private addresses, tags, image URN.
 * One place, so the plan, the renderers, the az script and the UI agree on every name.
 * (Takes structural inputs rather than ClusterSpec so cluster-spec.ts can import it without a cycle.)
 */

export const MAX_WORKERS = 20;
export const CLUSTER_TAG = 'flatkube-cluster';

export type NodeRole = 'control-plane' | 'worker';

export interface NodeInfo {
  /** Node name, also the hostname and the Kubernetes node name: cp-0, worker-0, ... */
  name: string;
  role: NodeRole;
  /** Fixed private IP, so the control plane endpoint is known before any VM exists. */
  privateIp: string;
}

/**
 * Host offsets inside the subnet. Azure reserves .0-.3 and the broadcast address; the control plane
 * takes .4, workers start at .10 so more control planes could be added later without renumbering.
 */
const CONTROL_PLANE_OFFSET = 4;
const FIRST_WORKER_OFFSET = 10;

export function nodeHostOffsets(workerCount: number): number[] {
  return [CONTROL_PLANE_OFFSET, ...Array.from({ length: workerCount }, (_, i) => FIRST_WORKER_OFFSET + i)];
}

export function controlPlaneName(): string {
  return 'cp-0';
}

export function workerName(index: number): string {
  return `worker-${index}`;
}

export function clusterNodes(spec: { workers: { count: number }; network: { subnetCidr: string } }): NodeInfo[] {
  const subnet = mustParseCidr(spec.network.subnetCidr);
  const ipAt = (offset: number): string => {
    const ip = hostAt(subnet, offset);
    if (!ip) throw new Error(`subnet ${subnet.text} has no host at offset ${offset}`);
    return ip;
  };
  const nodes: NodeInfo[] = [{ name: controlPlaneName(), role: 'control-plane', privateIp: ipAt(CONTROL_PLANE_OFFSET) }];
  for (let i = 0; i < spec.workers.count; i++) {
    nodes.push({ name: workerName(i), role: 'worker', privateIp: ipAt(FIRST_WORKER_OFFSET + i) });
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
