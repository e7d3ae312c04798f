/**
 * The live resource diagram's model: which plan steps make which box (resource group -> VNet,
 * subnet, NSG -> public IP, NIC -> VM -> node -> pod network), and each box's state from those
 * steps' states. Pure: the component (components/ResourceDiagram.tsx) only draws it. Step ids are
 * the plan's (docs/architecture.md, "Plan"); the subnet is made by the VNet's own command
 * (`az network vnet create --subnet-name`, electron/services/cluster/plan/az-commands.ts).
 */

export type BoxState = 'pending' | 'running' | 'done' | 'failed';

export interface DiagramStep {
  id: string;
  az: string;
}

export interface DiagramBox {
  id: string;
  label: string;
  /** The node a per-node box belongs to. */
  node?: string;
  state: BoxState;
  /** The `az` commands of its steps, in plan order. */
  az: string[];
  /** The plan steps it stands for. */
  steps: string[];
}

export interface DiagramModel {
  shared: DiagramBox[];
  /** Per node, in plan order: public IP, NIC, VM, Kubernetes node. */
  nodes: { node: string; boxes: DiagramBox[] }[];
  podNetwork: DiagramBox | undefined;
}

const SHARED: { id: string; label: string; match: (step: string) => boolean }[] = [
  { id: 'rg', label: 'Resource group', match: (s) => s === 'rg' },
  { id: 'vnet', label: 'Virtual network', match: (s) => s === 'vnet' },
  { id: 'subnet', label: 'Subnet', match: (s) => s === 'vnet' },
  { id: 'nsg', label: 'Network security group', match: (s) => s === 'nsg' || s.startsWith('nsg-rule:') },
];

const PER_NODE: { kind: string; label: string; match: (step: string, node: string) => boolean }[] = [
  { kind: 'pip', label: 'Public IP', match: (s, n) => s === `pip:${n}` },
  { kind: 'nic', label: 'Network interface', match: (s, n) => s === `nic:${n}` },
  { kind: 'vm', label: 'Virtual machine', match: (s, n) => s === `vm:${n}` },
  // The first control plane becomes a node with kubeadm init; the others by joining.
  { kind: 'node', label: 'Kubernetes node', match: (s, n) => s === `join:${n}` || s === `join-cp:${n}` || (s === 'kubeadm-init' && n === FIRST_CP) },
];

/** kubeadm-init runs on the first control plane; the plan names it cp-0 (plan/build-plan.ts). */
const FIRST_CP = 'cp-0';

/** A box's state from its steps: failed if one failed, done when all are, running once one started. */
export function boxState(statuses: readonly (string | undefined)[]): BoxState {
  if (statuses.length === 0) return 'pending';
  if (statuses.some((s) => s === 'failed')) return 'failed';
  if (statuses.every((s) => s === 'done')) return 'done';
  if (statuses.some((s) => s === 'running' || s === 'done')) return 'running';
  return 'pending';
}

function box(id: string, label: string, plan: readonly DiagramStep[], status: (id: string) => string | undefined, match: (s: string) => boolean, node?: string): DiagramBox {
  const steps = plan.filter((p) => match(p.id));
  return { id, label, ...(node ? { node } : {}), state: boxState(steps.map((s) => status(s.id))), az: steps.map((s) => s.az), steps: steps.map((s) => s.id) };
}

/** The diagram of a plan with the steps' current statuses (unknown steps are pending). */
export function diagramModel(plan: readonly DiagramStep[], statusOf: Readonly<Record<string, string | undefined>>): DiagramModel {
  const status = (id: string) => statusOf[id];
  const nodeNames = plan.filter((p) => p.id.startsWith('vm:')).map((p) => p.id.slice(3));
  return {
    shared: SHARED.map((b) => box(b.id, b.label, plan, status, b.match)).filter((b) => b.steps.length > 0),
    nodes: nodeNames.map((node) => ({
      node,
      boxes: PER_NODE.map((b) => box(`${b.kind}:${node}`, b.label, plan, status, (s) => b.match(s, node), node)).filter((b) => b.steps.length > 0),
    })),
    podNetwork: plan.some((p) => p.id === 'cni') ? box('pod-network', 'Pod network', plan, status, (s) => s === 'cni') : undefined,
  };
}
