import { kubeOk } from './kube-http';

/**
 * What the Kubernetes API says about each node, for `flatkube status` and the cluster page: Ready,
 * the kubelet's version and the OS's. Flatcar names itself in nodeInfo.osImage as
 * "Flatcar Container Linux by Kinvolk 4230.2.2 (Oklo)" (the os-release PRETTY_NAME the kubelet
 * reports: https://kubernetes.io/docs/reference/node/node-status/#info).
 */
export interface NodeStatus {
  name: string;
  ready: boolean;
  kubeletVersion?: string;
  osImage?: string;
  /** The Flatcar release out of osImage, when it is Flatcar. */
  flatcarVersion?: string;
  /** Kured marked the node as needing a reboot (KURED_REBOOT_IN_PROGRESS); absent: it did not. */
  rebootPending?: true;
  /**
   * spec.providerID: set by the cloud provider once it has found the node's VM (on Azure
   * `azure:///subscriptions/.../virtualMachines/<vm>`: kubernetes-sigs/cloud-provider-azure
   * pkg/provider/azure_standard.go); absent without one.
   */
  providerID?: string;
}

/**
 * Kured run with `--annotate-nodes` puts this annotation on a node that needs a reboot and takes
 * it off once the node rebooted (kubereboot/kured cmd/kured/main.go at 1.23.0,
 * KuredRebootInProgressAnnotation).
 */
export const KURED_REBOOT_IN_PROGRESS = 'weave.works/kured-reboot-in-progress';

interface NodeObject {
  metadata?: { name?: string; annotations?: Record<string, string> };
  spec?: { providerID?: string };
  status?: { conditions?: { type?: string; status?: string }[]; nodeInfo?: { kubeletVersion?: string; osImage?: string } };
}

export function flatcarVersionOf(osImage: string | undefined): string | undefined {
  return osImage ? /^Flatcar Container Linux\b.*?\b(\d+\.\d+\.\d+)\b/.exec(osImage)?.[1] : undefined;
}

export async function listNodeStatus(kubeconfig: string, signal?: AbortSignal): Promise<NodeStatus[]> {
  const list = await kubeOk<{ items?: NodeObject[] }>(kubeconfig, '/api/v1/nodes', { ...(signal ? { signal } : {}), timeoutMs: 10_000 });
  return (list.items ?? []).map((n) => {
    const info = n.status?.nodeInfo;
    const flatcar = flatcarVersionOf(info?.osImage);
    return {
      name: n.metadata?.name ?? '?',
      ready: n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True',
      ...(info?.kubeletVersion ? { kubeletVersion: info.kubeletVersion } : {}),
      ...(info?.osImage ? { osImage: info.osImage } : {}),
      ...(flatcar ? { flatcarVersion: flatcar } : {}),
      ...(n.metadata?.annotations?.[KURED_REBOOT_IN_PROGRESS] !== undefined ? { rebootPending: true as const } : {}),
      ...(n.spec?.providerID ? { providerID: n.spec.providerID } : {}),
    };
  });
}
