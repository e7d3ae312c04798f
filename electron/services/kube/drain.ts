import { abortableDelay } from '../abort';
import { KubeApiError, kubeOk, kubeRequest } from './kube-http';

/**
 * Cordon, drain and delete a node through the Kubernetes API, as kubectl does
 * (https://kubernetes.io/docs/reference/kubectl/generated/kubectl_drain/; the pod filters are
 * kubectl's, https://github.com/kubernetes/kubectl/blob/master/pkg/drain/filters.go), with the
 * flags Flatkube's scale-down uses, `--ignore-daemonsets --delete-emptydir-data`:
 * - mirror (static) pods are skipped: the API cannot delete them, the kubelet owns them;
 * - DaemonSet pods are skipped: their controller ignores cordons and would start them again;
 * - pods with emptyDir volumes are evicted (their scratch data goes with them);
 * - pods no controller manages (a bare `kubectl run` pod) stop the drain, as without --force:
 *   nothing would start them elsewhere, so their owner decides;
 * - finished pods (Succeeded, Failed) are evicted like the rest (kubectl deletes them too).
 * Eviction goes through the Eviction API, so PodDisruptionBudgets are respected: a 429 is
 * retried until the timeout (kubectl retries every 5 s).
 */

interface Pod {
  metadata?: { name?: string; namespace?: string; uid?: string; annotations?: Record<string, string>; ownerReferences?: { kind?: string; controller?: boolean }[] };
  spec?: { volumes?: { emptyDir?: unknown }[] };
  status?: { phase?: string };
}

export interface DrainOptions {
  signal?: AbortSignal;
  /** The whole drain, evictions and waiting (kubectl's --timeout). */
  timeoutMs: number;
  /** Pause between polls for evicted pods, and before retrying a 429. */
  intervalMs: number;
  log?: (line: string) => void;
  now?: () => number;
}

export class DrainError extends Error {
  override readonly name = 'DrainError';
}

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/** Marks the node unschedulable (`kubectl cordon`: a strategic merge patch of spec.unschedulable). False when the API has no such node. */
export async function cordonNode(kubeconfig: string, node: string, signal?: AbortSignal): Promise<boolean> {
  const r = await kubeRequest(kubeconfig, `/api/v1/nodes/${encodeURIComponent(node)}`, { method: 'PATCH', body: { spec: { unschedulable: true } }, ...(signal ? { signal } : {}) });
  if (r.status === 404) return false;
  if (r.status < 200 || r.status >= 300) throw new KubeApiError(r.status, `cordon ${node}: ${r.status} ${r.message}`);
  return true;
}

/** Marks the node schedulable again (`kubectl uncordon`: the same patch with false). False when the API has no such node. */
export async function uncordonNode(kubeconfig: string, node: string, signal?: AbortSignal): Promise<boolean> {
  const r = await kubeRequest(kubeconfig, `/api/v1/nodes/${encodeURIComponent(node)}`, { method: 'PATCH', body: { spec: { unschedulable: false } }, ...(signal ? { signal } : {}) });
  if (r.status === 404) return false;
  if (r.status < 200 || r.status >= 300) throw new KubeApiError(r.status, `uncordon ${node}: ${r.status} ${r.message}`);
  return true;
}

/** Deletes the Node object (`kubectl delete node`). False when it was not there. */
export async function deleteNode(kubeconfig: string, node: string, signal?: AbortSignal): Promise<boolean> {
  const r = await kubeRequest(kubeconfig, `/api/v1/nodes/${encodeURIComponent(node)}`, { method: 'DELETE', ...(signal ? { signal } : {}) });
  if (r.status === 404) return false;
  if (r.status < 200 || r.status >= 300) throw new KubeApiError(r.status, `delete node ${node}: ${r.status} ${r.message}`);
  return true;
}

const key = (p: Pod) => `${p.metadata?.namespace ?? 'default'}/${p.metadata?.name ?? '?'}`;

/** What kubectl drain does with a pod, given Flatkube's flags. */
export function drainDecision(p: Pod): 'skip-mirror' | 'skip-daemonset' | 'unmanaged' | 'evict' {
  if (p.metadata?.annotations?.[MIRROR_ANNOTATION] !== undefined) return 'skip-mirror';
  const controller = p.metadata?.ownerReferences?.find((o) => o.controller);
  if (controller?.kind === 'DaemonSet') return 'skip-daemonset';
  const finished = p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
  if (!controller && !finished) return 'unmanaged';
  return 'evict';
}

/** Evicts every pod the drain moves and waits until they are gone; returns how many were evicted. */
export async function drainNode(kubeconfig: string, node: string, opts: DrainOptions): Promise<number> {
  const now = opts.now ?? Date.now;
  const deadline = now() + opts.timeoutMs;
  const signal = opts.signal ? { signal: opts.signal } : {};
  const list = await kubeOk<{ items?: Pod[] }>(kubeconfig, `/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${node}`)}`, signal);
  const pods = list.items ?? [];
  const unmanaged = pods.filter((p) => drainDecision(p) === 'unmanaged');
  if (unmanaged.length > 0) {
    throw new DrainError(
      `cannot drain ${node}: ${unmanaged.map(key).join(', ')} ${unmanaged.length === 1 ? 'is a pod' : 'are pods'} no controller manages (nothing would start ${unmanaged.length === 1 ? 'it' : 'them'} elsewhere); delete or move ${unmanaged.length === 1 ? 'it' : 'them'}, then apply again`,
    );
  }
  const skipped = pods.filter((p) => drainDecision(p) === 'skip-daemonset');
  if (skipped.length) opts.log?.(`ignoring DaemonSet-managed pods: ${skipped.map(key).join(', ')}`);
  const evict = pods.filter((p) => drainDecision(p) === 'evict');
  const withEmptyDir = evict.filter((p) => p.spec?.volumes?.some((v) => v.emptyDir !== undefined));
  if (withEmptyDir.length) opts.log?.(`deleting emptyDir data of: ${withEmptyDir.map(key).join(', ')}`);
  for (const p of evict) {
    for (;;) {
      const ns = encodeURIComponent(p.metadata?.namespace ?? 'default');
      const name = encodeURIComponent(p.metadata?.name ?? '');
      const r = await kubeRequest(kubeconfig, `/api/v1/namespaces/${ns}/pods/${name}/eviction`, {
        method: 'POST',
        body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: p.metadata?.name, namespace: p.metadata?.namespace } },
        ...signal,
      });
      if (r.status === 404 || (r.status >= 200 && r.status < 300)) {
        opts.log?.(`evicting pod ${key(p)}`);
        break;
      }
      if (r.status !== 429) throw new KubeApiError(r.status, `evicting ${key(p)}: ${r.status} ${r.message}`);
      // A PodDisruptionBudget says not now.
      if (now() >= deadline) throw new DrainError(`drain of ${node} timed out: ${key(p)} may not be evicted (${r.message})`);
      opts.log?.(`error when evicting pod ${key(p)} (will retry): ${r.message}`);
      await abortableDelay(opts.intervalMs, opts.signal);
    }
  }
  // Wait until each is gone (or replaced by a pod of the same name with another uid).
  let left = evict;
  while (left.length > 0) {
    const still: Pod[] = [];
    for (const p of left) {
      const r = await kubeRequest<Pod>(kubeconfig, `/api/v1/namespaces/${encodeURIComponent(p.metadata?.namespace ?? 'default')}/pods/${encodeURIComponent(p.metadata?.name ?? '')}`, signal);
      if (r.status === 200 && r.body?.metadata?.uid === p.metadata?.uid) still.push(p);
      else if (r.status !== 404 && r.status !== 200) throw new KubeApiError(r.status, `reading ${key(p)}: ${r.status} ${r.message}`);
      else opts.log?.(`pod ${key(p)} evicted`);
    }
    left = still;
    if (left.length === 0) break;
    if (now() >= deadline) throw new DrainError(`drain of ${node} timed out waiting for ${left.map(key).join(', ')} to go`);
    await abortableDelay(opts.intervalMs, opts.signal);
  }
  return evict.length;
}
