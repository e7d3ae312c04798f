/**
 * Test helpers for a sandbox a test started through the public surface (`startSandbox` from
 * '@flatkube/sandbox', or `spawnSandbox`): an MSAL public client pointed at it, a TokenCredential
 * from MSAL's password grant (tests only), ARM client options that trust the sandbox CA only, and
 * a raw HTTPS call (which sends the sandbox API token to `/_sandbox/...`, as every client of that
 * API must). They need no more of a sandbox than its startup info and CA (`SandboxEndpoints`).
 */
import { request as httpsRequest } from 'node:https';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { PublicClientApplication } from '@azure/msal-node';
import { caTrustingNetworkClient } from '../../electron/services/auth/ca-trusting-network-client';
import { entraMetadata } from '../../electron/services/azure/entra-metadata';
import { SANDBOX_USER_PASSWORD, SANDBOX_USERS, type Sandbox } from '@flatkube/sandbox';
import { startInProcessSandbox, type RunningSandbox, type SandboxServerOptions } from '@flatkube/sandbox/testing';

/** What these helpers need of a sandbox: its startup info and its CA (every Sandbox has both). */
export type SandboxEndpoints = Pick<Sandbox, 'info' | 'caCertPem'>;

/**
 * The in-process sandbox with its insides (store, faults, journal), instant latency. Only
 * test/integration/cli still starts one this way (that folder changes on its own branch); every
 * other test starts the public one, `startSandbox` from '@flatkube/sandbox'. Drop this once the
 * CLI tests have moved.
 */
export function startTestSandbox(opts: SandboxServerOptions = {}): Promise<RunningSandbox> {
  return startInProcessSandbox({ latency: 'instant', ...opts });
}

export function msalApp(sb: SandboxEndpoints): PublicClientApplication {
  return new PublicClientApplication({
    auth: entraMetadata(sb.info),
    // Sends the sandbox API token to the sandbox (its password grant needs it), as the app does.
    system: { networkClient: caTrustingNetworkClient(sb.caCertPem, { origin: sb.info.authorityHost, token: () => sb.info.apiToken }) },
  });
}

export const TEST_USER = SANDBOX_USERS[0]!;

/** A TokenCredential backed by MSAL's password grant against the sandbox (tests only). */
export function passwordCredential(sb: SandboxEndpoints, pca = msalApp(sb)): TokenCredential {
  return {
    async getToken(scopes: string | string[]): Promise<AccessToken> {
      const r = await pca.acquireTokenByUsernamePassword({
        scopes: Array.isArray(scopes) ? scopes : [scopes],
        username: TEST_USER.upn,
        password: SANDBOX_USER_PASSWORD,
      });
      if (!r) throw new Error('no token');
      return { token: r.accessToken, expiresOnTimestamp: r.expiresOn?.getTime() ?? Date.now() + 3600_000 };
    },
  };
}

/**
 * Options every ARM client gets in tests: sandbox endpoint, audience, CA (this client only).
 * The TypeSpec clients (arm-resources 8, arm-resources-subscriptions 3, arm-compute 25,
 * arm-network 39) read `credentials.scopes`; the older arm-marketplaceordering 3 reads
 * `credentialScopes`. Each ignores the other's field.
 */
export function armClientOptions(sb: SandboxEndpoints) {
  return {
    endpoint: sb.info.armEndpoint,
    credentials: { scopes: [sb.info.armScope] },
    credentialScopes: [sb.info.armScope],
    tlsOptions: { ca: sb.caCertPem },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/**
 * A raw HTTPS request to the sandbox (trusting its CA only). A request to the sandbox API
 * (`/_sandbox/...`) carries `Authorization: Bearer <sb.info.apiToken>` unless the caller sets its
 * own Authorization header or `apiToken` (null: send none; a string: send that one instead).
 */
export function call(
  sb: SandboxEndpoints,
  method: string,
  pathAndQuery: string,
  opts: { body?: string | object; headers?: Record<string, string>; apiToken?: string | null } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    const headers: Record<string, string | number> = { ...(opts.headers ?? {}) };
    const url = new URL(pathAndQuery, sb.info.armEndpoint);
    const token = opts.apiToken === undefined ? (url.pathname.startsWith('/_sandbox/') ? sb.info.apiToken : null) : opts.apiToken;
    if (token !== null && !Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) {
      headers['Content-Length'] = Buffer.byteLength(body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    }
    const req = httpsRequest(url, { method, headers, ca: sb.caCertPem, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export async function armToken(sb: SandboxEndpoints, scope = sb.info.armScope): Promise<string> {
  const t = await passwordCredential(sb).getToken(scope);
  if (!t) throw new Error('no token');
  return t.token;
}
