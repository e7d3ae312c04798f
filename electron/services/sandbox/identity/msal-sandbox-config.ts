/**
 * What a `@azure/msal-node` PublicClientApplication needs to sign in to the sandbox without any
 * internet call: authority, knownAuthorities, authorityMetadata and cloudDiscoveryMetadata
 * (JSON strings), and a network client that trusts the sandbox CA for its own requests only
 * (never process-wide).
 */
import { Agent, request as httpsRequest } from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

export interface SandboxAuthInfo {
  authorityHost: string;
  tenantId: string;
  clientId: string;
}

export interface SandboxMsalAuthOptions {
  clientId: string;
  authority: string;
  knownAuthorities: string[];
  authorityMetadata: string;
  cloudDiscoveryMetadata: string;
}

/** The `auth` section of an MSAL configuration for the sandbox. */
export function sandboxMsalAuthOptions(info: SandboxAuthInfo): SandboxMsalAuthOptions {
  const h = info.authorityHost.replace(/\/+$/, '');
  const host = new URL(h).host;
  const t = info.tenantId;
  return {
    clientId: info.clientId,
    authority: `${h}/${t}`,
    knownAuthorities: [host],
    authorityMetadata: JSON.stringify({
      token_endpoint: `${h}/${t}/oauth2/v2.0/token`,
      authorization_endpoint: `${h}/${t}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${h}/${t}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${h}/${t}/oauth2/v2.0/logout`,
      issuer: `${h}/${t}/v2.0`,
      jwks_uri: `${h}/${t}/discovery/v2.0/keys`,
    }),
    cloudDiscoveryMetadata: JSON.stringify({
      tenant_discovery_endpoint: `${h}/${t}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    }),
  };
}

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
