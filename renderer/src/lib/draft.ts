import type { ClusterSpecInput, SpecIssue } from '../../../shared/domain/cluster-spec';
import { DEFAULT_KUBERNETES_VERSION } from '../../../shared/domain/kubernetes-version';
import { plainMessage } from './step-checks';

/** The draft is the raw ClusterSpec input; required fields fill in as the user walks the steps. */
export interface DraftPool {
  name: string;
  count: number;
  size: string;
}

export type Draft = Partial<Omit<ClusterSpecInput, 'resourceGroup' | 'image' | 'controlPlane' | 'nodePools' | 'workers' | 'network' | 'ssh'>> & {
  resourceGroup: { name: string; create: boolean };
  image: NonNullable<ClusterSpecInput['image']>;
  controlPlane: { count: 1 | 3; size: string };
  nodePools: DraftPool[];
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
    controlPlane: { count: 1, size: 'Standard_B2s' },
    nodePools: [{ name: 'workers', count: 1, size: 'Standard_B2s' }],
    kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
    cni: 'flannel',
    network: { vnetCidr: '10.0.0.0/16', subnetCidr: '10.0.1.0/24', podCidr: '10.244.0.0/16', serviceCidr: '10.96.0.0/12' },
    ssh: { publicKey: '' },
    allowedSourceIp: '',
  };
}

/**
 * A draft as saved by an older wizard (or put into storage by a test): `workers: {count, size}`
 * becomes the pool `workers`, as the spec schema reads that form; a control plane without a
 * count has one.
 */
export function migrateDraft(saved: Record<string, unknown>): Record<string, unknown> {
  const { workers, ...rest } = saved as { workers?: Partial<DraftPool> } & Record<string, unknown>;
  const out: Record<string, unknown> = { ...rest };
  if (workers && typeof workers === 'object' && !Array.isArray(saved.nodePools)) {
    out.nodePools = [{ name: 'workers', count: workers.count ?? 1, size: workers.size ?? 'Standard_B2s' }];
  }
  const cp = saved.controlPlane as { count?: number } | undefined;
  if (cp && typeof cp === 'object' && cp.count === undefined) out.controlPlane = { ...cp, count: 1 };
  return out;
}

/** Every size the draft uses (control plane first, then pools with nodes), without repeats. */
export function draftSizes(draft: Pick<Draft, 'controlPlane' | 'nodePools'>): string[] {
  return [...new Set([draft.controlPlane.size, ...draft.nodePools.filter((p) => p.count > 0).map((p) => p.size)])];
}

/** A name for a new pool that no pool of the draft has yet: pool-1, pool-2, ... */
export function newPoolName(pools: readonly DraftPool[]): string {
  for (let i = 1; ; i++) if (!pools.some((p) => p.name === `pool-${i}`)) return `pool-${i}`;
}

/** Groups validation issues by dotted field path for inline messages, in plain words. */
export function issuesByPath(issues: readonly SpecIssue[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const issue of issues) {
    const list = map.get(issue.path) ?? [];
    const text = plainMessage(issue.path, issue.message);
    if (!list.includes(text)) list.push(text);
    map.set(issue.path, list);
  }
  return map;
}

/** Issues for the fields a step owns (a path matches itself and anything below it). */
export function issuesFor(issues: readonly SpecIssue[], prefixes: readonly string[]): SpecIssue[] {
  return issues.filter((i) => prefixes.some((p) => i.path === p || i.path.startsWith(`${p}.`)));
}
