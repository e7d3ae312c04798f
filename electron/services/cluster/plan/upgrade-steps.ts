import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { NodeInfo } from '../../../../shared/domain/cluster-layout';
import { SYSEXT_LINK_PATH } from '../render/ignition';
import { sysextArch, type SysextPin } from '../render/sysext';
import { KUBELET_RESTART, kubeadmUpgradeCommands, sysextSwapCommands } from '../render/sysext-upgrade';
import { literalNodeWords, literalWords, shq, sshTo } from './az-commands';
import { STEP_LATENCY_MS as L } from './latency';
import { DRAIN_FLAGS } from './removal-steps';
import { kindOf, type StepAction } from './step-actions';
import type { Plan, PlanStep } from './types';

/**
 * An upgrade's plan (docs/operations.md#upgrades): the nodes one after the other, in kubeadm's
 * order, "the first control plane node", then "additional control plane nodes", then workers "one
 * node at a time" (https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade/).
 * Each node: cordon and drain ("Prepare the node for maintenance by marking it unschedulable and
 * evicting the workloads"), the new sysext image in place, kubeadm (`upgrade plan`/`apply` on the
 * first control plane, `upgrade node` on the others), the kubelet restarted and seen Ready with the
 * new version, uncordon. One chain: a node that fails stops the upgrade there, left cordoned.
 * Ids name the node only, so a resumed upgrade finds its steps again.
 */
export interface UpgradePlanInput {
  /** The spec with the target version. */
  spec: ClusterSpec;
  /** The nodes still to upgrade, control planes first (the record's order; nodes done are left out). */
  nodes: NodeInfo[];
  /** The first control plane, which runs `kubeadm upgrade apply`, while it is still to do. */
  applyOn: string | undefined;
  /** The target image's URL and sha256, from the release's SHA256SUMS. */
  pin: SysextPin;
  /** The version the cluster runs now (shown in titles). */
  from: string;
}

export function upgradeSteps(input: UpgradePlanInput): Plan<PlanStep> {
  const { spec, pin } = input;
  const to = spec.kubernetesVersion;
  const w = literalWords(spec);
  const kubectl = `kubectl --kubeconfig ${w.kubeconfigFile}`;
  const cmds = sysextSwapCommands(pin, to, sysextArch(spec.architecture));
  const ordered = [...input.nodes.filter((n) => n.role === 'control-plane'), ...input.nodes.filter((n) => n.role !== 'control-plane')];
  const steps: PlanStep[] = [];
  let previous: string | undefined;
  const lastControlPlane = ordered.filter((n) => n.role === 'control-plane').at(-1)?.name;
  ordered.forEach((node) => {
    const n = node.name;
    const first = n === input.applyOn;
    const ssh = (cmd: string) => `${sshTo(w, literalNodeWords(spec, node))} ${shq(cmd)}`;
    const add = (s: Omit<PlanStep, 'kind' | 'node' | 'dependsOn'> & { action: StepAction }) => {
      steps.push({ ...s, node: n, kind: kindOf(s.action), dependsOn: previous ? [previous] : [] });
      previous = s.id;
    };
    add({
      id: `cordon:${n}`,
      title: `Cordon ${n}`,
      action: 'cordon',
      az: `${kubectl} cordon ${shq(n)}`,
      explain: `Marks ${n} unschedulable before its Kubernetes changes.\nIf the upgrade of ${n} fails, it stays cordoned until it is fixed.`,
      estimateMs: L.cordon,
    });
    add({
      id: `drain:${n}`,
      title: `Drain ${n}`,
      action: 'drain',
      az: `${kubectl} drain ${shq(n)} ${DRAIN_FLAGS}`,
      explain: `Evicts ${n}'s pods through the Eviction API (PodDisruptionBudgets hold) so they run elsewhere meanwhile.\nkubeadm's upgrade guide drains every node before its kubelet changes.`,
      estimateMs: L.drain,
    });
    add({
      id: `sysext:${n}`,
      title: `Put the Kubernetes ${to} sysext on ${n}`,
      action: 'upgrade-sysext',
      az: ssh(`sudo ${cmds.download} && ${cmds.verify} && sudo ${cmds.link} && sudo ${cmds.merge}`),
      explain: `Downloads the bakery's ${to} image beside the ${input.from} one, checks its sha256 from the release's SHA256SUMS,\npoints ${SYSEXT_LINK_PATH} at it and merges it: /usr gets the new kubeadm, kubelet and kubectl.`,
      estimateMs: L.sysextSwap,
    });
    add({
      id: `kubeadm-upgrade:${n}`,
      title: first ? `kubeadm upgrade apply v${to} on ${n}` : `kubeadm upgrade node on ${n}`,
      action: 'kubeadm-upgrade',
      ...(first ? { subject: 'apply' } : {}),
      az: ssh(kubeadmUpgradeCommands(to, first).map((c) => `sudo ${c}`).join(' && ')),
      explain: first
        ? `Checks the plan, then moves the control plane (API server, controller manager, scheduler, etcd, kube-proxy, CoreDNS) to ${to}.\nkubeadm upgrades one minor at a time and refuses anything else.`
        : node.role === 'control-plane'
          ? `Moves this control plane's static pods to the cluster's new version and rewrites its kubelet configuration.`
          : `Rewrites the kubelet's configuration for the cluster's new version.`,
      estimateMs: first ? L.kubeadmUpgradeApply : L.kubeadmUpgradeNode,
    });
    add({
      id: `kubelet:${n}`,
      title: `Restart the kubelet on ${n} and wait for it Ready at ${to}`,
      action: 'kubelet-restart',
      az: ssh(KUBELET_RESTART.map((c) => `sudo ${c}`).join(' && ')),
      explain: `The kubelet starts the new binary; the node reports v${to}.\nFlatkube waits until the API shows ${n} Ready at that version, and records it.`,
      estimateMs: L.kubeletRestart,
    });
    add({
      id: `uncordon:${n}`,
      title: `Uncordon ${n}`,
      action: 'uncordon',
      az: `${kubectl} uncordon ${shq(n)}`,
      explain: `${n} takes pods again.\nThe next node starts only now, so one node at a time is out of service.`,
      estimateMs: L.uncordon,
    });
    if (n === lastControlPlane) for (const s of addonUpgradeSteps(input, previous!)) steps.push((previous = s.id, s));
  });
  return { cluster: spec.name, steps };
}

/**
 * TODO(cloud provider, CSI): the hook where the cluster's add-ons move to the versions matching
 * the new Kubernetes, after the last control plane and before the first worker. Nothing to move
 * yet: clusters do not run cloud-provider-azure or the Azure Disk CSI driver so far. When they do,
 * return their steps here (each depending on `after`), with an action and runner per add-on:
 * cloud-provider-azure's minor follows Kubernetes' ("v1.y.x → v1.y.z, branch release-1.y",
 * kubernetes-sigs/cloud-provider-azure README), so its controller manager and node manager go
 * to the release of the new minor; the Azure Disk CSI driver's versions do not follow Kubernetes'
 * ("Supported K8s Version 1.21+", kubernetes-sigs/azuredisk-csi-driver README), so it moves only
 * when its support table says so.
 */
export function addonUpgradeSteps(_input: UpgradePlanInput, _after: string): PlanStep[] {
  return [];
}
