/**
 * Every step a plan can hold, by what it does (its action), and the kind of work that is: which
 * runner family runs it (engine/step-runners.ts), where its log goes, and whether its result
 * lives only in memory. Plans, the executor and the UI read kinds from here, never from an id's
 * prefix, so an id is free to name what it acts on ("vm:worker-2", "remove-vm:gpu-0").
 */

export type StepKind = 'arm' | 'ssh' | 'kube' | 'local';

export interface StepKindInfo {
  /** What the kind talks to, for the UI and the plan's text. */
  label: string;
  /** Log stream of a step without a node (a node's steps log to the node's stream). */
  stream: string;
}

export const STEP_KINDS: Record<StepKind, StepKindInfo> = {
  arm: { label: 'Azure Resource Manager', stream: 'azure' },
  ssh: { label: 'SSH to the node', stream: 'local' },
  kube: { label: 'Kubernetes API', stream: 'local' },
  local: { label: 'on this computer', stream: 'local' },
};

interface ActionInfo {
  kind: StepKind;
  /**
   * Its result lives in memory only (a join token, rendered custom data, accepted terms that may
   * not have propagated): done in the journal is not enough; it runs again when a step that
   * needs it has not run yet.
   */
  volatile?: true;
}

export const STEP_ACTIONS = {
  // Creating a cluster and its nodes.
  terms: { kind: 'arm', volatile: true },
  rg: { kind: 'arm' },
  vnet: { kind: 'arm' },
  nsg: { kind: 'arm' },
  'nsg-rule': { kind: 'arm' },
  pip: { kind: 'arm' },
  nic: { kind: 'arm' },
  ignition: { kind: 'local', volatile: true },
  vm: { kind: 'arm' },
  ssh: { kind: 'ssh' },
  'kubeadm-init': { kind: 'ssh' },
  cni: { kind: 'ssh' },
  // Kured, the reboot manager for Flatcar updates (render/kured.ts); absent when reboots are off.
  kured: { kind: 'ssh' },
  kubeconfig: { kind: 'ssh' },
  'join-command': { kind: 'ssh', volatile: true },
  join: { kind: 'ssh' },
  'nodes-ready': { kind: 'kube' },
  // Three control planes (plan/ha-steps.ts): the API behind a load balancer, the nodes' own
  // addresses allowed to it, the shared certificates uploaded (their key lives in memory only,
  // like the join token), the other control planes joining one at a time.
  'api-pip': { kind: 'arm' },
  lb: { kind: 'arm' },
  'api-nodes-rule': { kind: 'arm' },
  'upload-certs': { kind: 'ssh', volatile: true },
  'join-control-plane': { kind: 'ssh' },
  // The Azure integration (plan/azure-steps.ts): the cluster's managed identity (read again when
  // a step that needs its ids has not run yet: they live in memory), its role, and the cloud
  // provider and disk driver applied in the cluster.
  identity: { kind: 'arm', volatile: true },
  'role-assignment': { kind: 'arm' },
  'azure-addons': { kind: 'ssh' },
  // Removing a node (scale down, a pool removed): Kubernetes first, then Azure, then Kubernetes.
  cordon: { kind: 'kube' },
  drain: { kind: 'kube' },
  'remove-vm': { kind: 'arm' },
  'remove-nic': { kind: 'arm' },
  'remove-disk': { kind: 'arm' },
  'remove-pip': { kind: 'arm' },
  'delete-node': { kind: 'kube' },
  // Upgrading Kubernetes, node by node (plan/upgrade-steps.ts): cordon and drain as above, then
  // the new sysext image, kubeadm, the kubelet restarted, and the node back in service.
  'upgrade-sysext': { kind: 'ssh' },
  'kubeadm-upgrade': { kind: 'ssh' },
  'kubelet-restart': { kind: 'ssh' },
  uncordon: { kind: 'kube' },
} as const satisfies Record<string, ActionInfo>;

export type StepAction = keyof typeof STEP_ACTIONS;

export function kindOf(action: StepAction): StepKind {
  return STEP_ACTIONS[action].kind;
}

export function isVolatileAction(action: StepAction): boolean {
  return (STEP_ACTIONS[action] as ActionInfo).volatile === true;
}
