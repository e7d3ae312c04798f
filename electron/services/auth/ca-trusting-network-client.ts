/**
 * A network client for MSAL that trusts one CA (the sandbox's) for its own requests only, never
 * process-wide, and sends the sandbox API token to the sandbox's origin alone.
 */
import { Agent, request as httpsRequest } from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/** The sandbox API token and the origin it may be sent to (the sandbox's, never anyone else's). */
export interface SandboxApiCredential {
  origin: string;
  token: () => string;
}

/**
 * An MSAL network module over node:https that trusts `caPem` (and only that CA) for the
 * requests MSAL makes. Give it as `system.networkClient`.
 *
 * With `apiCredential`, requests to the sandbox's origin carry `Authorization: Bearer <apiToken>`:
 * the sandbox's password grant (Flatkube's automatic sign-in of a sandbox user) needs it, because
 * the sandbox users' password is public. MSAL sends no Authorization header of its own for a
 * public client, so nothing is overridden.
 */
export function caTrustingNetworkClient(caPem: string | Buffer, apiCredential?: SandboxApiCredential): INetworkModule {
  const apiOrigin = apiCredential ? new URL(apiCredential.origin).origin : undefined;
  // Its own agent: the CA stays scoped to this client, and pooled sockets are never shared with
  // other clients (a restarted sandbox must not get a stale socket from someone else's pool).
  const agent = new Agent({ ca: caPem, keepAlive: true });
  const send = <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions, timeoutMs?: number): Promise<NetworkResponse<T>> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...(options?.headers ?? {}) };
      if (apiCredential && new URL(url).origin === apiOrigin && !Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) {
        headers.Authorization = `Bearer ${apiCredential.token()}`;
      }
      const body = options?.body;
      if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
      const req = httpsRequest(url, { method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const outHeaders: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) outHeaders[k] = Array.isArray(v) ? v.join(', ') : v;
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : {};
          } catch {
            parsed = { error: 'invalid_response', error_description: text.slice(0, 200) };
          }
          resolve({ headers: outHeaders, body: parsed as T, status: res.statusCode ?? 0 });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      if (timeoutMs) req.setTimeout(timeoutMs, () => req.destroy(new Error(`request to ${url} timed out`)));
      if (body !== undefined) req.write(body);
      req.end();
    });
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) => send<T>('GET', url, options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>('POST', url, options),
  };
}
