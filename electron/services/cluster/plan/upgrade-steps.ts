import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { NodeInfo } from '../../../../shared/domain/cluster-layout';
import { SYSEXT_LINK_PATH } from '../render/ignition';
import { sysextArch, type SysextPin } from '../render/sysext';
import { KUBELET_RESTART, kubeadmUpgradeCommands, sysextSwapCommands } from '../render/sysext-upgrade';
import { literalNodeWords, literalWords, shq, sshTo } from './az-commands';
import { STEP_LATENCY_MS as L } from './latency';
import { DRAIN_FLAGS } from './removal-steps';
import { kindOf, type StepAction } from './step-actions';
import { addonImages, addonMoves, azureAddonUpgradeCommands, type AzureAddonPins } from '../render/azure-addons-upgrade';
import type { Plan, PlanStep } from './types';

/**
 * An upgrade's plan (docs/operations.md#upgrades): the nodes one after the other, in kubeadm's
 * order, "the first control plane node", then "additional control plane nodes", then workers "one
 * node at a time" (https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade/).
 * Each node: cordon and drain ("Prepare the node for maintenance by marking it unschedulable and
 * evicting the workloads"), the new sysext image in place, kubeadm (`upgrade plan`/`apply` on the
 * first control plane, `upgrade node` on the others), the kubelet restarted and seen Ready with the
 * new version, uncordon. Between the control planes and the workers, the Azure add-ons move to
 * the new Kubernetes' pins (addonUpgradeSteps below). One chain: a node that fails stops the
 * upgrade there, left cordoned.
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
  /** The version the cluster runs now (shown in titles; its add-on pins are compared with the target's). */
  from: string;
  /** The first control plane, where the add-ons are applied (done or not). */
  controlPlane: NodeInfo;
  /** The add-ons' pin table (render/azure-addons-upgrade.ts); a test may give another. */
  addonPins?: (kubernetesVersion: string) => AzureAddonPins;
}

export function upgradeSteps(input: UpgradePlanInput): Plan<PlanStep> {
  const { spec, pin } = input;
  const to = spec.kubernetesVersion;
  const w = literalWords(spec);
  const kubectl = `kubectl --kubeconfig ${w.kubeconfigFile}`;
  const cmds = sysextSwapCommands(pin, to, sysextArch(spec.architecture));
  const controlPlanes = input.nodes.filter((n) => n.role === 'control-plane');
  const workers = input.nodes.filter((n) => n.role !== 'control-plane');
  const steps: PlanStep[] = [];
  let previous: string | undefined;
  const nodeSteps = (node: NodeInfo) => {
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
  };
  controlPlanes.forEach(nodeSteps);
  // The add-ons between the last control plane and the first worker (first when a resumed upgrade
  // has every control plane done). Their ids name no node: a resume finds them in the journal.
  for (const s of addonUpgradeSteps(input, previous)) steps.push((previous = s.id, s));
  workers.forEach(nodeSteps);
  return { cluster: spec.name, steps };
}

/**
 * The add-ons moved to the versions matched to the new Kubernetes (render/azure-addons-upgrade.ts:
 * which move, why then, and the sources), one step each, on the first control plane: the cloud
 * provider first, then the disk driver. None when the pins of both versions agree (a patch
 * upgrade, or the integration off).
 */
export function addonUpgradeSteps(input: UpgradePlanInput, after: string | undefined): PlanStep[] {
  const { spec } = input;
  const to = spec.kubernetesVersion;
  const w = literalWords(spec);
  const steps: PlanStep[] = [];
  for (const m of addonMoves(spec, input.from, input.addonPins)) {
    const id = `addon:${m.addon}`;
    const what = m.addon === 'cloud-provider' ? 'cloud-provider-azure (cloud-controller-manager, cloud-node-manager)' : 'the Azure Disk CSI driver';
    const remote = ['set -euo pipefail', ...azureAddonUpgradeCommands(spec, m.addon)].join('\n');
    steps.push({
      id,
      title: `Move ${what} to ${m.to}`,
      action: 'azure-addons',
      kind: kindOf('azure-addons'),
      subject: m.addon,
      dependsOn: after ? [after] : [],
      az: `${sshTo(w, literalNodeWords(spec, input.controlPlane))} 'bash -s' <<'FLATKUBE_AZURE'\n${remote}\nFLATKUBE_AZURE`,
      explain:
        `${m.from} -> ${m.to} (${addonImages(to, m.addon).join(', ')}), applied on ${input.controlPlane.name} and rolled out before the next step.\n` +
        (m.addon === 'cloud-provider'
          ? `The cloud controller manager matches the API server's minor, so it moves once every control plane runs ${to}, before the workers.`
          : `The disk driver's support table pins this release for Kubernetes ${to}.`),
      estimateMs: L.azureAddons,
    });
    after = id;
  }
  return steps;
}
