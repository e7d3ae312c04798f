/**
 * MSAL against the sandbox, for the sandbox's own tests: the authority is known (so MSAL asks the
 * sandbox's own openid-configuration, never the internet), and a network client that trusts the
 * sandbox CA for its requests only and sends the sandbox API token (the password grant needs it).
 * The app has its own (electron/services/auth): the sandbox's tests do not import the app.
 */
import { Agent, request as httpsRequest } from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

export function sandboxMsalAuth(info: { authorityHost: string; tenantId: string; clientId: string }) {
  const host = new URL(info.authorityHost).host;
  return { clientId: info.clientId, authority: `${info.authorityHost.replace(/\/+$/, '')}/${info.tenantId}`, knownAuthorities: [host] };
}

export function sandboxMsalNetwork(caPem: string, apiToken: string): INetworkModule {
  const agent = new Agent({ ca: caPem });
  const send = <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...(options?.headers ?? {}), Authorization: `Bearer ${apiToken}` };
      if (options?.body !== undefined) headers['Content-Length'] = Buffer.byteLength(options.body);
      const req = httpsRequest(url, { method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ headers: out, body: (text ? JSON.parse(text) : {}) as T, status: res.statusCode ?? 0 });
        });
      });
      req.on('error', reject);
      req.end(options?.body);
    });
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}
