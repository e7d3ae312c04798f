/**
 * The plan's step estimates, recomputed from the sandbox's latency profile, so that the
 * critical-path lower bound and the serial sum use exactly the delays the sandbox applies (and
 * the same speed factor). The plan's own table (plan/latency.ts) models real Azure and is larger
 * (e.g. kubeadm init 90 s there, ~59 s of simulated delays in the sandbox); the benchmark must
 * compare the measured run with what the sandbox itself makes each step wait.
 *
 * How each step maps to the profile (the happy path in the sandbox code, read on 2026-11-27):
 *  - every ARM request waits `arm.request` before its handler (arm/arm-dispatcher.ts);
 *  - the resource group PUT is synchronous: 1 request;
 *  - VNet, NSG, NSG rule, public IP, NIC and VM PUTs start an LRO of `network.create`,
 *    `publicIp.create`, `nic.create`, `vm.create` (arm/lro.ts, providers/...): the PUT, the
 *    operation, and at least one status request after it ends (2 x `arm.request`);
 *  - a VM's operation turns Succeeded only after its node has booted (`node.node-boot`,
 *    nodes/node-host.ts, awaited in the LRO's onSettled): counted in the VM step;
 *  - SSH, Ignition rendering, kubeconfig and join-token steps have no simulated delay: 0;
 *  - kubeadm init (Kubernetes >= 1.33): 6 x `node.kubeadm-phase`, `node.kubeadm-images` and
 *    2 x `node.kubeadm-wait-control-plane` (nodes/commands/kubeadm-init.ts);
 *  - kubeadm join: `node.kubeadm-phase` + `node.kubeadm-join` (kubeadm-join.ts);
 *  - CNI: one `kubectl apply` (`node.kubectl-apply`); nodes turn Ready `node.cni-ready` after
 *    the CNI was applied (nodes/cluster-view.ts cniReadyNow), whenever the joins end. So the
 *    nodes-ready step itself costs 0 in the DAG and the bound is
 *    max(longest DAG chain, earliest end of `cni` + `node.cni-ready`): counting cni-ready after
 *    the last join (the plain DAG) would overstate the bound when the joins end after the CNI.
 * Poll pauses, SSH round trips and CPU time are what the engine adds on top: the measured wall
 * time minus this bound is the orchestration overhead.
 */
import { criticalPath, criticalPathMs, earliestFinishMs, serialMs } from '../electron/services/cluster/plan/graph';
import type { GraphStep, Plan, PlanStep } from '../electron/services/cluster/plan/types';
import type { LatencyProfile } from '@flatkube/sandbox/testing';

const LRO_KEY: Record<string, string> = {
  vnet: 'network.create',
  nsg: 'network.create',
  'nsg-rule': 'network.create',
  pip: 'publicIp.create',
  nic: 'nic.create',
  vm: 'vm.create',
};

export function sandboxStepEstimateMs(step: PlanStep, profile: LatencyProfile): number {
  const d = (key: string) => profile.duration(key);
  const base = step.id.split(':')[0]!;
  const lro = LRO_KEY[base];
  if (lro) return 2 * d('arm.request') + d(lro) + (base === 'vm' ? d('node.node-boot') : 0);
  switch (base) {
    case 'rg':
    case 'terms':
      return d('arm.request');
    case 'kubeadm-init':
      return 6 * d('node.kubeadm-phase') + d('node.kubeadm-images') + 2 * d('node.kubeadm-wait-control-plane');
    case 'join':
      return d('node.kubeadm-phase') + d('node.kubeadm-join');
    case 'cni':
      return d('node.kubectl-apply');
    // The lifecycle operations' steps (bench/lifecycle-operations.ts; OPERATION_STEP_DELAYS below says how).
    case 'identity':
      return d('arm.request');
    case 'api-pip':
      return 2 * d('arm.request') + d('publicIp.create');
    case 'lb':
      return 2 * d('arm.request') + d('network.create');
    case 'join-cp':
      return 3 * d('node.kubeadm-phase') + d('node.kubeadm-images') + d('node.kubeadm-join');
    case 'sysext':
      return d('node.download');
    case 'kubeadm-upgrade':
      return (step.subject === 'apply' ? 2 : 1) * d('node.kubeadm-phase');
    default:
      // ignition, ssh, kubeconfig, join-command: no simulated delay; nodes-ready: see above.
      return 0;
  }
}

/** The same plan (same DAG) with every estimate taken from the sandbox's profile. */
export function withSandboxEstimates(plan: Plan, profile: LatencyProfile): Plan {
  return { ...plan, steps: plan.steps.map((s) => ({ ...s, estimateMs: sandboxStepEstimateMs(s, profile) })) };
}

/** The lower bound of the wall time: see the header for the nodes-ready rule. */
export function sandboxCriticalPathMs(plan: Plan, profile: LatencyProfile): number {
  const p = withSandboxEstimates(plan, profile);
  const cniEnd = earliestFinishMs(p).get('cni');
  return Math.max(criticalPathMs(p), cniEnd === undefined ? 0 : cniEnd + profile.duration('node.cni-ready'));
}

/** Every step one after another: the same estimates summed, plus the CNI's time to Ready. */
export function sandboxSerialMs(plan: Plan, profile: LatencyProfile): number {
  return serialMs(withSandboxEstimates(plan, profile)) + profile.duration('node.cni-ready');
}

/**
 * How the steps of the lifecycle operations (scale, upgrade, three control planes) map to the
 * sandbox's delays, added 2026-12-07 for bench/lifecycle-operations.ts from the sandbox code:
 *  - identity: the managed identity's PUT (or, on a later operation, its GET) is synchronous
 *    (resources/managed-identities.ts): 1 request;
 *  - api-pip: the API's public IP, an LRO of `publicIp.create`; lb: the load balancer, an LRO of
 *    `network.create` (providers/network/load-balancers.ts): 2 requests each, as above; the
 *    nodes' API rule `nsg-rule:kube-api-nodes` is an NSG rule (`network.create`), mapped above;
 *  - upload-certs: 0: kubeadm init uploaded the certificates in the same run (the key is in
 *    memory, engine/ha-ssh-steps.ts), and `kubeadm init phase upload-certs` has no delay either;
 *  - join-cp (kubeadm join --control-plane, nodes/commands/kubeadm-join.ts and
 *    kubeadm-join-cp.ts): `node.kubeadm-phase` (preflight) + `node.kubeadm-images` (the control
 *    plane's image pulls) + `node.kubeadm-phase` (check-etcd) + `node.kubeadm-join` (kubelet
 *    start) + `node.kubeadm-phase` (the new etcd member);
 *  - cordon, uncordon: one PATCH of the Node through the simulated Kubernetes API: no delay;
 *  - drain: counted 0, a partial mapping: each evicted pod whose containers had started ends
 *    `node.pod-terminate` after its eviction (nodes/kube/controllers/kubelet.ts), in parallel,
 *    but which pods a node runs is only known at run time (DaemonSet pods are not evicted);
 *  - sysext: one `curl` download (`node.download`, nodes/commands/curl.ts); sha256sum, ln and
 *    `systemctl restart systemd-sysext` have no delay;
 *  - kubeadm-upgrade: `kubeadm upgrade plan` and `apply` one `node.kubeadm-phase` each on the
 *    first control plane (step subject 'apply'), `kubeadm upgrade node` one elsewhere
 *    (nodes/commands/kubeadm-upgrade.ts);
 *  - kubelet: `systemctl restart kubelet` has no delay and the node is Ready at its new version
 *    at once when its pod network is (nodes/cluster-view.ts memberCondition): 0.
 * Not mapped (counted 0, so the bound stays a lower bound but is looser; a figure names them):
 * role-assignment (waits for `identity.propagation` after the identity's creation),
 * azure-addons and addon:* (kubectl apply and the rollouts of their pods), kured, and the
 * removal steps (remove-*, delete-node).
 */
export type StepDelayCoverage = 'mapped' | 'no-delay' | 'partial' | 'unmapped';

const COVERAGE: Record<string, StepDelayCoverage> = {
  rg: 'mapped',
  terms: 'mapped',
  vnet: 'mapped',
  nsg: 'mapped',
  'nsg-rule': 'mapped',
  pip: 'mapped',
  nic: 'mapped',
  vm: 'mapped',
  'kubeadm-init': 'mapped',
  join: 'mapped',
  cni: 'mapped',
  identity: 'mapped',
  'api-pip': 'mapped',
  lb: 'mapped',
  'join-cp': 'mapped',
  sysext: 'mapped',
  'kubeadm-upgrade': 'mapped',
  ignition: 'no-delay',
  ssh: 'no-delay',
  kubeconfig: 'no-delay',
  'join-command': 'no-delay',
  'nodes-ready': 'no-delay',
  'upload-certs': 'no-delay',
  cordon: 'no-delay',
  uncordon: 'no-delay',
  kubelet: 'no-delay',
  drain: 'partial',
};

/** Whether a step's sandbox delay is known (by its id's prefix, as sandboxStepEstimateMs reads it). */
export function stepDelayCoverage(stepId: string): StepDelayCoverage {
  return COVERAGE[stepId.split(':')[0]!] ?? 'unmapped';
}

/** A step as an operation's plan shows it (OperationPreview), with the subject where the plan has one. */
export interface OperationStep extends GraphStep {
  subject?: string;
}

export interface SandboxBound {
  /** The critical-path lower bound (sandboxCriticalPathMs). */
  boundMs: number;
  /** Every step one after another (sandboxSerialMs; without the CNI's time to Ready when the plan has no cni step). */
  serialMs: number;
  /** The longest chain of the DAG with the sandbox's estimates. */
  path: string[];
  /** Steps counted 0 whose delay is not known (see above), and steps counted below what they may take. */
  unmapped: string[];
  partial: string[];
}

// sandboxStepEstimateMs reads a step's id and subject only: an operation's shown steps are enough.
const asPlanStep = (s: OperationStep) => ({ ...s, estimateMs: 0 }) as unknown as PlanStep;

/** sandboxStepEstimateMs of a step as an operation shows it. */
export function sandboxOperationStepMs(step: OperationStep, profile: LatencyProfile): number {
  return sandboxStepEstimateMs(asPlanStep(step), profile);
}

/** The bound, the serial sum and the coverage of any operation's plan against the sandbox's profile. */
export function sandboxBound(steps: readonly OperationStep[], profile: LatencyProfile): SandboxBound {
  const plan = { cluster: '', steps: steps.map(asPlanStep) };
  const hasCni = steps.some((s) => s.id === 'cni');
  return {
    boundMs: sandboxCriticalPathMs(plan, profile),
    serialMs: hasCni ? sandboxSerialMs(plan, profile) : serialMs(withSandboxEstimates(plan, profile)),
    path: criticalPath(withSandboxEstimates(plan, profile)),
    unmapped: steps.filter((s) => stepDelayCoverage(s.id) === 'unmapped').map((s) => s.id),
    partial: steps.filter((s) => stepDelayCoverage(s.id) === 'partial').map((s) => s.id),
  };
}
