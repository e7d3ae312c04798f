import { kubeOk } from './kube-http';
import { abortableDelay } from '../abort';

/**
 * Node readiness through the Kubernetes API, from the desktop (docs/architecture.md#node-readiness):
 * one `GET /api/v1/nodes` with the kubeconfig's CA and client certificate (kube-http.ts), the same
 * request on every Node Flatkube runs on. It used @kubernetes/client-node on Node 22 and later
 * until 2026-12: importing that client loads ~2,700 generated model files (2.5 s of CPU per
 * process under the test runner, measured with --cpu-prof) to read one list, and its 2.x cannot
 * load on Node 20 at all, so a plain-HTTPS fallback existed anyway. The sandbox's Kubernetes API
 * is still held to the real client in sandbox/test/integration/nodes-bootstrap.test.ts.
 */

export interface NodeReadiness {
  name: string;
  ready: boolean;
  /** The Ready condition's reason/message when not ready, for the logs. */
  reason?: string;
}

interface NodeLike {
  metadata?: { name?: string };
  status?: { conditions?: { type?: string; status?: string; reason?: string; message?: string }[] };
}

function toReadiness(items: NodeLike[]): NodeReadiness[] {
  return items.map((n) => {
    const c = n.status?.conditions?.find((x) => x.type === 'Ready');
    const ready = c?.status === 'True';
    return { name: n.metadata?.name ?? '?', ready, ...(!ready ? { reason: c?.reason ?? c?.message ?? 'no Ready condition yet' } : {}) };
  });
}

/** Lists the cluster's nodes and their Ready condition. */
export async function listNodeReadiness(kubeconfig: string, signal?: AbortSignal): Promise<NodeReadiness[]> {
  const body = await kubeOk<{ items?: NodeLike[] }>(kubeconfig, '/api/v1/nodes', signal ? { signal } : {});
  return toReadiness(body?.items ?? []);
}

export interface WaitNodesReadyOptions {
  /** Node names that must exist and be Ready. */
  expected: string[];
  signal?: AbortSignal;
  timeoutMs?: number;
  intervalMs?: number;
  /** Each poll's answer, for the logs. */
  onPoll?: (nodes: NodeReadiness[] | Error) => void;
  now?: () => number;
}

/** Polls until every expected node is Ready; throws with the last state on timeout. */
export async function waitNodesReady(kubeconfig: string, opts: WaitNodesReadyOptions): Promise<NodeReadiness[]> {
  const now = opts.now ?? Date.now;
  const deadline = now() + (opts.timeoutMs ?? 10 * 60_000);
  let last: NodeReadiness[] | Error = [];
  for (;;) {
    opts.signal?.throwIfAborted();
    try {
      last = await listNodeReadiness(kubeconfig, opts.signal);
    } catch (err) {
      opts.signal?.throwIfAborted();
      last = err as Error;
    }
    opts.onPoll?.(last);
    if (!(last instanceof Error)) {
      const byName = new Map(last.map((n) => [n.name, n]));
      if (opts.expected.every((n) => byName.get(n)?.ready)) return last;
    }
    if (now() >= deadline) {
      const state = last instanceof Error ? last.message : last.map((n) => `${n.name}=${n.ready ? 'Ready' : 'NotReady'}`).join(', ');
      throw new Error(`nodes not Ready in time (${state || 'no nodes registered'})`);
    }
    await abortableDelay(opts.intervalMs ?? 3_000, opts.signal);
  }
}
