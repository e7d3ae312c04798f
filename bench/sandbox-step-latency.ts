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
import { criticalPathMs, earliestFinishMs, serialMs } from '../electron/services/cluster/plan/graph';
import type { Plan, PlanStep } from '../electron/services/cluster/plan/types';
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
