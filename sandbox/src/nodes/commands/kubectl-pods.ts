// The pods of a simulated cluster as the nodes' own tools read them (the cilium CLI's status):
// straight from the cluster's API (kube/), with the READY and STATUS kubectl would print.
import type { CommandContext } from '../command-types';
import type { ClusterMember } from '../node-state';
import { kubeClusterFor } from '../kube/cluster';
import { podStatusCells } from '../kube/tables';
import type { Target } from './kubectl-objects';

export interface Pod {
  namespace: string;
  name: string;
  ready: string;
  status: string;
  node: string;
  ip: string;
  since: string;
  labels: Record<string, string>;
  /** The member it runs on. */
  member?: ClusterMember;
}

/** `-l a=b,c=d` (equality selectors only). */
export function matchesSelector(labels: Record<string, string>, selector: string): boolean {
  return selector.split(',').every((term) => {
    const [k, v] = term.split(/==?/, 2) as [string, string | undefined];
    return v === undefined ? k.trim() in labels : labels[k.trim()] === v.trim();
  });
}

export function simulatedPods(ctx: CommandContext, t: Target): Pod[] {
  const kube = kubeClusterFor(t.cp, ctx.dir, ctx.pace);
  if (!kube) return [];
  kube.settle();
  const api = kube.api;
  return api.list(api.type('', 'pods')).map((p) => {
    const cells = podStatusCells(p);
    const member = t.cluster.members.find((m) => m.name === p.spec?.nodeName);
    return {
      namespace: p.metadata.namespace as string,
      name: p.metadata.name as string,
      ready: cells.ready,
      status: cells.reason,
      node: p.spec?.nodeName ?? '<none>',
      ip: p.status?.podIP ?? '<none>',
      since: p.metadata.creationTimestamp as string,
      labels: p.metadata.labels ?? {},
      ...(member ? { member } : {}),
    };
  });
}
