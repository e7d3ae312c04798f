import type { ClusterSpecInput, SpecIssue } from '../../../shared/domain/cluster-spec';
import { DEFAULT_KUBERNETES_VERSION } from '../../../shared/domain/kubernetes-version';

/** The draft is the raw ClusterSpec input; required fields fill in as the user walks the steps. */
export type Draft = Partial<Omit<ClusterSpecInput, 'resourceGroup' | 'image' | 'controlPlane' | 'workers' | 'network' | 'ssh'>> & {
  resourceGroup: { name: string; create: boolean };
  image: NonNullable<ClusterSpecInput['image']>;
  controlPlane: { size: string };
  workers: { count: number; size: string };
  network: NonNullable<ClusterSpecInput['network']>;
  ssh: { user?: 'core'; publicKey: string };
};

export function emptyDraft(): Draft {
  return {
    name: 'demo',
    subscriptionId: '',
    resourceGroup: { name: 'flatkube-demo', create: true },
    location: '',
    image: { offer: 'flatcar-container-linux-corevm-amd64', channel: 'stable', generation: 2, version: 'latest' },
    architecture: 'x64',
    controlPlane: { size: 'Standard_B2s' },
    workers: { count: 1, size: 'Standard_B2s' },
    kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
    cni: 'flannel',
    network: { vnetCidr: '10.0.0.0/16', subnetCidr: '10.0.1.0/24', podCidr: '10.244.0.0/16', serviceCidr: '10.96.0.0/12' },
    ssh: { publicKey: '' },
    allowedSourceIp: '',
  };
}

/** Groups validation issues by dotted field path for inline messages. */
export function issuesByPath(issues: readonly SpecIssue[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const issue of issues) {
    const list = map.get(issue.path) ?? [];
    list.push(issue.message);
    map.set(issue.path, list);
  }
  return map;
}

/** Issues for the fields a step owns (a path matches itself and anything below it). */
export function issuesFor(issues: readonly SpecIssue[], prefixes: readonly string[]): SpecIssue[] {
  return issues.filter((i) => prefixes.some((p) => i.path === p || i.path.startsWith(`${p}.`)));
}
