import { request } from 'node:https';
import { kubeAccess } from './kubeconfig';
import { abortableDelay } from '../abort';

/**
 * Node readiness through the Kubernetes API, from the desktop (docs/architecture.md#node-readiness).
 *
 * @kubernetes/client-node 2.x is loaded lazily with a dynamic import: it bundles an undici that
 * needs node:zlib's zstd, which Node 20 lacks, so importing it at the top would break every
 * module that imports this one on Node 20. On Node < 22 we fall back to a plain HTTPS GET of
 * /api/v1/nodes with the kubeconfig's CA and client certificate (trusted for this request only).
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

const nodeMajor = Number(process.versions.node.split('.')[0]);

/** Lists the cluster's nodes and their Ready condition. */
export async function listNodeReadiness(kubeconfig: string, signal?: AbortSignal): Promise<NodeReadiness[]> {
  if (nodeMajor >= 22) {
    const k8s = await import('@kubernetes/client-node');
    const kc = new k8s.KubeConfig();
    kc.loadFromString(kubeconfig);
    const api = kc.makeApiClient(k8s.CoreV1Api);
    // The client takes no AbortSignal per call; the caller's loop checks the signal between polls.
    const list = await api.listNode();
    return toReadiness(list.items as NodeLike[]);
  }
  const body = (await httpsGetJson(kubeconfig, '/api/v1/nodes', signal)) as { items?: NodeLike[] };
  return toReadiness(body.items ?? []);
}

function httpsGetJson(kubeconfig: string, path: string, signal?: AbortSignal): Promise<unknown> {
  const access = kubeAccess(kubeconfig);
  const url = new URL(path, access.server);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'GET', ca: access.caPem, ...(access.serverName ? { servername: access.serverName } : {}), cert: access.certPem, key: access.keyPem, agent: false, headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) >= 400) return reject(new Error(`GET ${url.pathname} answered ${res.statusCode}: ${text.slice(0, 200)}`));
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(new Error(`GET ${url.pathname}: not JSON`));
          }
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error(`GET ${url.href} timed out`)));
    req.on('error', reject);
    req.end();
  });
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
