import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { azureAddonImages, azureAddonParts, cloudProviderVersion, diskCsiVersion, kubectlApply, type AzureAddon } from './azure-addons';
import { KUBECTL } from './cni';

/**
 * Moving the Azure integration (render/azure-addons.ts) with a Kubernetes upgrade.
 *
 * What moves: each add-on whose pin for the target version differs from the pin for the version
 * the cluster runs. cloud-provider-azure's release follows Kubernetes' minor ("v1.y.x -> v1.y.z,
 * branch release-1.y": kubernetes-sigs/cloud-provider-azure README.md, version matrix; its Helm
 * chart "will choose the correct, latest released version of cloud-controller-manager and
 * cloud-node-manager that corresponds with the ... version of Kubernetes that you are running",
 * helm/cloud-provider-azure/README.md), so a new minor moves it; the disk driver's table is one
 * pin for every supported minor ("K8s 1.21+", kubernetes-sigs/azuredisk-csi-driver README.md), so
 * it moves only when that table says so. A patch upgrade within a minor keeps both.
 *
 * When: after every control plane runs the new version, before the first worker. Kubernetes'
 * version skew policy says cloud-controller-manager "must not be newer than the kube-apiserver
 * instances they communicate with" and is "expected to match the kube-apiserver minor version",
 * and upgrades it once "the kube-apiserver instances these components communicate with" are at the
 * new version (https://kubernetes.io/releases/version-skew-policy/#kube-controller-manager-kube-scheduler-and-cloud-controller-manager,
 * and its "Supported component upgrade order"). cloud-node-manager runs on every node but talks
 * only to the API server and ARM, so it moves with the controller manager, as the chart does.
 *
 * How: the add-on's objects for the target version, applied with `kubectl apply` on the first
 * control plane (the same machinery as the install, engine/azure-addons-step.ts), then `kubectl
 * rollout status` on its workloads, so the step is done when the new images run (apply and
 * rollout status are both safe to run again on a resume).
 */

type AddonSpec = Pick<ClusterSpec, 'name' | 'kubernetesVersion' | 'azureIntegration'>;

export type AzureAddonPins = Record<AzureAddon, string>;

export function azureAddonPins(kubernetesVersion: string): AzureAddonPins {
  return { 'cloud-provider': cloudProviderVersion(kubernetesVersion), 'disk-csi': diskCsiVersion(kubernetesVersion) };
}

export interface AddonMove {
  addon: AzureAddon;
  /** The release the cluster runs ('unknown' for a version without a pin). */
  from: string;
  to: string;
}

/** Which add-ons the spec runs (none without the cloud provider; the driver only with disks on). */
function addonsOf(spec: AddonSpec): AzureAddon[] {
  if (!spec.azureIntegration.cloudProvider) return [];
  return spec.azureIntegration.disks ? ['cloud-provider', 'disk-csi'] : ['cloud-provider'];
}

/**
 * The add-ons an upgrade from `from` to the spec's version moves, in order (the cloud provider,
 * then the disk driver). `pins` is the pin table (a test may give another one).
 */
export function addonMoves(spec: AddonSpec, from: string, pins: (kubernetesVersion: string) => AzureAddonPins = azureAddonPins): AddonMove[] {
  const to = pins(spec.kubernetesVersion);
  let was: AzureAddonPins | undefined;
  try {
    was = pins(from);
  } catch {
    // A version without a pin: whatever runs is replaced by the target's pin.
  }
  return addonsOf(spec)
    .filter((a) => was?.[a] !== to[a])
    .map((a) => ({ addon: a, from: was?.[a] ?? 'unknown', to: to[a] }));
}

/** The workloads that run each add-on's images (render/azure-addons.ts names them). */
export const ADDON_WORKLOADS: Record<AzureAddon, string[]> = {
  'cloud-provider': ['deployment/cloud-controller-manager', 'daemonset/cloud-node-manager'],
  'disk-csi': ['deployment/csi-azuredisk-controller', 'daemonset/csi-azuredisk-node'],
};

/** How long one workload may take to roll out (pulling an image and starting on every node). */
const ROLLOUT_TIMEOUT = '5m';

/** The first control plane's commands: the add-on's objects at the spec's version, then its rollouts. */
export function azureAddonUpgradeCommands(spec: AddonSpec, addon: AzureAddon): string[] {
  return [...kubectlApply(azureAddonParts(spec)[addon]), ...ADDON_WORKLOADS[addon].map((w) => `${KUBECTL} --namespace kube-system rollout status ${w} --timeout=${ROLLOUT_TIMEOUT}`)];
}

/** The images an add-on runs at a Kubernetes version (for titles and logs). */
export function addonImages(kubernetesVersion: string, addon: AzureAddon): string[] {
  const i = azureAddonImages(kubernetesVersion);
  return addon === 'cloud-provider' ? [i.cloudControllerManager, i.cloudNodeManager] : [i.diskCsi];
}
