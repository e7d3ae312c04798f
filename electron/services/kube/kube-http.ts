import { request } from 'node:https';
import { kubeAccess } from './kubeconfig';

/**
 * One request to a cluster's Kubernetes API with a kubeconfig's CA and client certificate,
 * trusted for that request only. Plain node:https rather than @kubernetes/client-node: the
 * client's 2.x bundles an undici that needs Node 22's zlib (nodes.ts says more), and the engine's
 * Kubernetes steps must run wherever Flatkube runs (Node 20.19 and later, package.json engines).
 */

export interface KubeResponse<T = unknown> {
  status: number;
  body: T | undefined;
  /** The API's Status message for an error answer. */
  message: string;
}

export interface KubeRequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** PATCH: strategic merge (kubectl's default for built-in types) unless said otherwise. */
  contentType?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function kubeRequest<T = unknown>(kubeconfig: string, path: string, opts: KubeRequestOptions = {}): Promise<KubeResponse<T>> {
  const access = kubeAccess(kubeconfig);
  const url = new URL(path, access.server);
  const method = opts.method ?? 'GET';
  const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
  const contentType = opts.contentType ?? (method === 'PATCH' ? 'application/strategic-merge-patch+json' : 'application/json');
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: access.caPem,
        // The certificate is checked for the kubeconfig's tls-server-name when it has one.
        ...(access.serverName ? { servername: access.serverName } : {}),
        cert: access.certPem,
        key: access.keyPem,
        agent: false,
        headers: { accept: 'application/json', ...(payload ? { 'content-type': contentType, 'content-length': String(payload.length) } : {}) },
        ...(opts.signal ? { signal: opts.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          const status = res.statusCode ?? 0;
          const message = (body as { message?: unknown } | undefined)?.message;
          resolve({ status, body: body as T | undefined, message: typeof message === 'string' ? message : text.slice(0, 200) });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(opts.timeoutMs ?? 15_000, () => req.destroy(new Error(`${method} ${url.pathname} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** The answer's body when the status is 2xx; a KubeApiError with the API's message otherwise. */
export async function kubeOk<T = unknown>(kubeconfig: string, path: string, opts: KubeRequestOptions = {}): Promise<T> {
  const r = await kubeRequest<T>(kubeconfig, path, opts);
  if (r.status < 200 || r.status >= 300) throw new KubeApiError(r.status, `${opts.method ?? 'GET'} ${path} answered ${r.status}: ${r.message}`);
  return r.body as T;
}
