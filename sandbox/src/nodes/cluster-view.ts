// The cluster as the API server reports it: members of a control plane's
// cluster record, each Ready only when its kubelet runs and a CNI is in place
// that works on that node, with a pod network that fits kubeadm's podSubnet
// (pod-network.ts). Shared by `kubectl get nodes` and the HTTPS API.
import type { NodeDirectory } from './command-types';
import type { ClusterMember, ClusterRecord } from './node-state';
import type { SimNode } from './sim-node';
import { CONTAINERD_VERSION, FLATCAR_VERSION, KERNEL_VERSION } from './flatcar-os';
import { runningVersion } from './update-engine';
import { podCidrFor, podNetworkProblem, type PodNetworkProblem } from './commands/pod-network';

export interface NodeCondition {
  ready: boolean;
  reason: string;
  message: string;
}

function modulesLoaded(node: SimNode): Set<string> {
  const mods = new Set<string>();
  for (const p of node.fs.list('/etc/modules-load.d')) {
    for (const line of (node.fs.readText(p) ?? '').split('\n')) {
      const m = line.trim();
      if (m && !m.startsWith('#')) mods.add(m);
    }
  }
  return mods;
}

/** What keeps the CNI's pod on a member from working (and what it logs), if anything. */
export function cniProblem(cluster: ClusterRecord, m: ClusterMember, node: SimNode): PodNetworkProblem | undefined {
  // Flannel's pod exits on nodes without br_netfilter.
  if (cluster.cni?.name === 'flannel' && !modulesLoaded(node).has('br_netfilter')) {
    return { component: 'kube-flannel', message: 'Failed to check br_netfilter: stat /proc/sys/net/bridge/bridge-nf-call-iptables: no such file or directory' };
  }
  return podNetworkProblem(cluster, m);
}

export function memberCondition(cluster: ClusterRecord, m: ClusterMember, dir: NodeDirectory, cniReady: boolean): NodeCondition {
  const node = dir.get(m.vmId);
  if (!node || node.state.units['kubelet.service']?.active !== 'active') {
    return { ready: false, reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' };
  }
  const notReady = (detail: string): NodeCondition => ({
    ready: false,
    reason: 'KubeletNotReady',
    message: `container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: ${detail}`,
  });
  if (!cluster.cni || !cniReady) return notReady('cni plugin not initialized');
  const problem = cniProblem(cluster, m, node);
  if (problem) return notReady(`cni plugin not initialized (${problem.component}: ${problem.message})`);
  return { ready: true, reason: 'KubeletReady', message: 'kubelet is posting ready status' };
}

export function nodeObject(cluster: ClusterRecord, m: ClusterMember, dir: NodeDirectory, cniReady: boolean): Record<string, unknown> {
  const c = memberCondition(cluster, m, dir, cniReady);
  const node = dir.get(m.vmId);
  const arch = node?.state.architecture === 'Arm64' ? 'arm64' : 'amd64';
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': arch,
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': arch,
    'kubernetes.io/hostname': m.name,
    'kubernetes.io/os': 'linux',
    'flatkube.io/simulated': 'true',
  };
  if (m.role === 'control-plane') {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  const addresses = [
    { type: 'InternalIP', address: m.ip },
    { type: 'Hostname', address: m.name },
  ];
  if (node?.state.publicIp) addresses.splice(1, 0, { type: 'ExternalIP', address: node.state.publicIp });
  const podCidr = cluster.podSubnet ? podCidrFor(cluster.podSubnet, cluster.members.indexOf(m)) : undefined;
  return {
    kind: 'Node',
    apiVersion: 'v1',
    metadata: {
      name: m.name,
      uid: m.vmId,
      creationTimestamp: m.joinedAt,
      labels,
      annotations: { 'flatkube.io/simulated': 'Flatkube sandbox: simulated Flatcar node' },
    },
    spec: {
      ...(podCidr ? { podCIDR: podCidr, podCIDRs: [podCidr] } : {}),
      ...(m.role === 'control-plane' ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {}),
    },
    status: {
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: new Date().toISOString(), lastTransitionTime: m.joinedAt },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: new Date().toISOString(), lastTransitionTime: m.joinedAt },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: new Date().toISOString(), lastTransitionTime: m.joinedAt },
        { type: 'Ready', status: c.ready ? 'True' : 'False', reason: c.reason, message: c.message, lastHeartbeatTime: new Date().toISOString(), lastTransitionTime: cluster.cni?.appliedAt ?? m.joinedAt },
      ],
      addresses,
      // A Standard_B2s-sized VM (2 vCPU, 4 GiB, 30 GiB OS disk) with kubelet's default reservations.
      capacity: { cpu: '2', 'ephemeral-storage': '30298176Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '4015280Ki', pods: '110' },
      allocatable: { cpu: '2', 'ephemeral-storage': '27922529920', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '3912880Ki', pods: '110' },
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: arch,
        operatingSystem: 'linux',
        // The kubelet reports os-release's PRETTY_NAME; a booted update changes it (update-engine.ts).
        osImage: `Flatcar Container Linux by Kinvolk ${node ? runningVersion(node) : FLATCAR_VERSION} (Oklo) [simulated]`,
        kernelVersion: KERNEL_VERSION,
        containerRuntimeVersion: `containerd://${CONTAINERD_VERSION}`,
        kubeletVersion: m.kubeletVersion,
        kubeProxyVersion: '',
        machineID: m.vmId.replace(/-/g, ''),
        systemUUID: m.vmId,
        bootID: node?.state.bootId ?? '',
      },
    },
  };
}

export function nodeList(cluster: ClusterRecord, dir: NodeDirectory, cniReady: boolean): Record<string, unknown> {
  return {
    kind: 'NodeList',
    apiVersion: 'v1',
    metadata: { resourceVersion: String(cluster.members.length * 100 + (cluster.cni ? 1 : 0)) },
    items: cluster.members.map((m) => nodeObject(cluster, m, dir, cniReady)),
  };
}

/** CNI pods take a moment to come up after `kubectl apply`; the pace decides how long. */
export function cniReadyNow(cluster: ClusterRecord, delayMs: number, now = Date.now()): boolean {
  return !!cluster.cni && new Date(cluster.cni.appliedAt).getTime() + delayMs <= now;
}
