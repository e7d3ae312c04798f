/**
 * The sandbox's Entra ID (v2.0 endpoints) for MSAL Node's PublicClientApplication:
 * OpenID configuration, instance discovery, JWKS, authorize (auth code + PKCE S256, loopback
 * redirect, a plain HTML page listing sandbox users), token (authorization_code, refresh_token,
 * device_code, password for sandbox users), devicecode and a device login page.
 *
 * The sandbox users' password is public, so the two sign-ins that need no person at a browser,
 * the password grant and approving a device code on the /devicelogin page, also need the sandbox
 * API token (`Authorization: Bearer <apiToken>`; the page takes it in a form field): otherwise
 * any local user could take a token as ada@... . The browser sign-in page stays open: a person
 * picks a user there, and its code only reaches the loopback redirect of whoever started it.
 *
 * Paths accept the tenant id, `organizations` or `common` as the first segment, as Entra does.
 * Auth codes and device codes live in memory (minutes-long, as in Entra); refresh tokens are
 * persisted (hashed) in the store so a restarted sandbox keeps sessions.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceStore } from '../arm/types';
import { bearerToken } from '../api-auth/api-gate';
import { escapeHtml, parseForm, readBody, sendHtml, sendJson } from '../http/http-util';
import { deviceLoginHtml } from './device-login-page';
import { SANDBOX_USERS, SANDBOX_USER_PASSWORD, findUser, type SandboxUser } from './sandbox-users';
import { clientInfo, type TokenIssuer } from './token-issuer';

export interface EntraConfig {
  authorityHost: string;
  tenantId: string;
  clientIds: string[];
  issuer: TokenIssuer;
  store: ResourceStore;
  now: () => number;
  /** Seconds between device-code polls that MSAL is told to wait (Entra says 5). */
  deviceCodeIntervalSeconds: number;
  refreshTokenLifetimeSeconds: number;
  /** Whether a presented secret is the sandbox API token (api-auth/api-token.ts secretsEqual); undefined = none presented. */
  isApiToken: (presented: string | undefined) => boolean;
}

interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  scope: string;
  state?: string;
  nonce?: string;
  codeChallenge: string;
  /** 'form_post' (what MSAL Node 7's loopback requires) or the default 'query'. */
  responseMode?: 'query' | 'form_post';
}

interface IssuedCode extends AuthorizeParams {
  oid: string;
  expiresAt: number;
  used: boolean;
}

interface DeviceCodeEntry {
  deviceCode: string;
  userCode: string;
  clientId: string;
  scope: string;
  expiresAt: number;
  approvedBy?: string;
  redeemed: boolean;
}

interface RefreshTokenRecord {
  oid: string;
  clientId: string;
  expiresAt: number;
}

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const RT_NAMESPACE = 'identity.refreshTokens';
const TENANT_ALIASES = new Set(['organizations', 'common']);

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    message: string,
    /** Entra's `suberror`: `bad_token` on a dead refresh token, which MSAL maps to InteractionRequiredAuthError. */
    readonly suberror?: string,
  ) {
    super(message);
  }
}

const sha256b64url = (s: string) => createHash('sha256').update(s).digest('base64url');

function isLoopbackRedirect(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]');
  } catch {
    return false;
  }
}

export class EntraEndpoints {
  private readonly transactions = new Map<string, AuthorizeParams & { expiresAt: number }>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly deviceCodes = new Map<string, DeviceCodeEntry>();

  constructor(private readonly cfg: EntraConfig) {}

  /** MSAL's `authorityMetadata`: the OpenID configuration of the sandbox tenant. */
  openIdConfiguration(tenant = this.cfg.tenantId): Record<string, unknown> {
    const h = this.cfg.authorityHost;
    const t = TENANT_ALIASES.has(tenant) ? '{tenantid}' : this.cfg.tenantId;
    return {
      token_endpoint: `${h}/${this.cfg.tenantId}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${h}/${this.cfg.tenantId}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${h}/${t}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${h}/oidc/userinfo`,
      authorization_endpoint: `${h}/${this.cfg.tenantId}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${h}/${this.cfg.tenantId}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${h}/${this.cfg.tenantId}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'oid'],
      kerberos_endpoint: `${h}/${this.cfg.tenantId}/kerberos`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'sandbox.flatkube.local',
      cloud_graph_host_name: 'graph.sandbox.flatkube.local',
      msgraph_host: 'graph.sandbox.flatkube.local',
    };
  }

  /** MSAL's `cloudDiscoveryMetadata`: the instance discovery answer. */
  instanceDiscovery(): Record<string, unknown> {
    const host = new URL(this.cfg.authorityHost).host;
    return {
      tenant_discovery_endpoint: `${this.cfg.authorityHost}/${this.cfg.tenantId}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
  }

  /** Handles Entra paths; returns false when the path is not one of them. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const segs = url.pathname.split('/').filter(Boolean);
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      if (segs[0] === 'devicelogin' && segs.length === 1) {
        if (method === 'GET') return this.deviceLoginPage(res, url.searchParams.get('otc') ?? ''), true;
        if (method === 'POST') return await this.deviceLoginSubmit(req, res), true;
        return false;
      }
      const tenant = segs[0];
      if (!tenant || !(tenant === this.cfg.tenantId || TENANT_ALIASES.has(tenant.toLowerCase()))) return false;
      const rest = segs.slice(1).join('/').toLowerCase();
      if (method === 'GET' && (rest === 'v2.0/.well-known/openid-configuration' || rest === '.well-known/openid-configuration')) {
        sendJson(res, 200, this.openIdConfiguration(tenant.toLowerCase()));
      } else if (method === 'GET' && (rest === 'discovery/instance' || rest === 'discovery/v2.0/instance')) {
        sendJson(res, 200, this.instanceDiscovery());
      } else if (method === 'GET' && (rest === 'discovery/v2.0/keys' || rest === 'discovery/keys')) {
        sendJson(res, 200, this.cfg.issuer.jwks());
      } else if (rest === 'oauth2/v2.0/authorize' && method === 'GET') {
        this.authorizePage(res, url.searchParams);
      } else if (rest === 'oauth2/v2.0/authorize' && method === 'POST') {
        await this.authorizeSubmit(req, res);
      } else if (rest === 'oauth2/v2.0/token' && method === 'POST') {
        await this.token(req, res);
      } else if (rest === 'oauth2/v2.0/devicecode' && method === 'POST') {
        await this.deviceCode(req, res);
      } else {
        return false;
      }
    } catch (err) {
      if (err instanceof OAuthError) this.sendOAuthError(res, err);
      else throw err;
    }
    return true;
  }

  private sendOAuthError(res: ServerResponse, e: OAuthError): void {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    const timestamp = new Date(this.cfg.now()).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    sendJson(res, e.status, {
      error: e.error,
      error_description: `AADSTS${e.aadsts}: ${e.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [e.aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      ...(e.suberror ? { suberror: e.suberror } : {}),
    });
  }

  private checkClient(clientId: string | undefined): string {
    if (!clientId || !this.cfg.clientIds.includes(clientId)) {
      throw new OAuthError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId ?? ''}' was not found in the directory 'Flatkube Sandbox'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`);
    }
    return clientId;
  }

  // ---- authorize (auth code + PKCE) ----

  private authorizePage(res: ServerResponse, q: URLSearchParams): void {
    const clientId = this.checkClient(q.get('client_id') ?? undefined);
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!isLoopbackRedirect(redirectUri)) {
      throw new OAuthError(400, 'invalid_request', 50011, `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. The sandbox accepts loopback redirect URIs only (http://localhost:<port>).`);
    }
    if (q.get('response_type') !== 'code') throw new OAuthError(400, 'unsupported_response_type', 900144, "The request body must contain the following parameter: 'response_type' with the value 'code'.");
    const codeChallenge = q.get('code_challenge') ?? '';
    if (!codeChallenge || (q.get('code_challenge_method') ?? 'plain') !== 'S256') {
      throw new OAuthError(400, 'invalid_request', 9002325, 'Proof Key for Code Exchange is required: send code_challenge with code_challenge_method=S256.');
    }
    const txn = randomBytes(18).toString('base64url');
    const params: AuthorizeParams & { expiresAt: number } = {
      clientId,
      redirectUri,
      scope: q.get('scope') ?? '',
      codeChallenge,
      expiresAt: this.cfg.now() + 10 * 60_000,
    };
    const state = q.get('state');
    if (state) params.state = state;
    const nonce = q.get('nonce');
    if (nonce) params.nonce = nonce;
    const responseMode = q.get('response_mode');
    if (responseMode === 'form_post') params.responseMode = 'form_post';
    else if (responseMode && responseMode !== 'query') {
      throw new OAuthError(400, 'invalid_request', 900144, `The response_mode '${responseMode}' is not supported by the sandbox: use query or form_post.`);
    }
    this.transactions.set(txn, params);
    const buttons = SANDBOX_USERS.map(
      (u) => `<li><button type="submit" name="user" value="${escapeHtml(u.oid)}">${escapeHtml(u.name)}<br><small>${escapeHtml(u.upn)}</small></button></li>`,
    ).join('\n');
    sendHtml(
      res,
      200,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in - Flatkube sandbox (simulated Entra ID)</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto}ul{list-style:none;padding:0}button{width:100%;padding:.8rem;margin:.3rem 0;text-align:left;font-size:1rem}</style></head>
<body><h1>Flatkube sandbox</h1><p>Simulated Entra ID: no real account is used. Pick a sandbox user to sign in.</p>
<form method="post"><input type="hidden" name="txn" value="${escapeHtml(txn)}"><ul>
${buttons}
</ul></form></body></html>`,
    );
  }

  private async authorizeSubmit(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = parseForm(await readBody(req));
    const txn = this.transactions.get(form.txn ?? '');
    if (!txn || txn.expiresAt < this.cfg.now()) throw new OAuthError(400, 'invalid_request', 50058, 'The sign-in session has expired or is unknown. Start the sign-in again.');
    this.transactions.delete(form.txn ?? '');
    const user = findUser(form.user ?? '');
    if (!user) throw new OAuthError(400, 'invalid_request', 50034, 'The user account does not exist in the sandbox directory.');
    const code = randomBytes(32).toString('base64url');
    const { expiresAt: _ignored, ...params } = txn;
    this.codes.set(code, { ...params, oid: user.oid, expiresAt: this.cfg.now() + 10 * 60_000, used: false });
    const answer: Record<string, string> = { code, client_info: clientInfo(user, this.cfg.tenantId) };
    if (txn.state) answer.state = txn.state;
    answer.session_state = randomUUID();
    if (txn.responseMode === 'form_post') {
      // As Entra does for response_mode=form_post: a page that POSTs the answer to the redirect URI
      // (MSAL Node 7's loopback server refuses codes in the query string).
      const inputs = Object.entries(answer)
        .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
        .join('');
      // The page's own CSP allows exactly this one inline script (by hash) and posting to loopback.
      const script = 'document.forms[0].submit()';
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Working...</title></head><body><form method="POST" name="hiddenform" action="${escapeHtml(txn.redirectUri)}">${inputs}<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit"></noscript></form><script>${script}</script></body></html>`;
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': Buffer.byteLength(html),
        'Cache-Control': 'no-store',
        'Content-Security-Policy': `default-src 'none'; script-src 'sha256-${createHash('sha256').update(script).digest('base64')}'; form-action http://localhost:* http://127.0.0.1:* http://[::1]:*; frame-ancestors 'none'`,
        'X-Frame-Options': 'DENY',
      });
      res.end(html);
      return;
    }
    const target = new URL(txn.redirectUri);
    for (const [k, v] of Object.entries(answer)) target.searchParams.set(k, v);
    res.writeHead(302, { Location: target.toString(), 'Cache-Control': 'no-store', 'Content-Length': 0 });
    res.end();
  }

  // ---- device code ----

  private async deviceCode(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = parseForm(await readBody(req));
    const clientId = this.checkClient(form.client_id);
    const deviceCode = randomBytes(32).toString('base64url');
    // Entra's user codes are 9 upper-case letters/digits without look-alikes.
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    const userCode = Array.from(randomBytes(9), (b) => alphabet[b % alphabet.length]).join('');
    const expiresIn = 900;
    this.deviceCodes.set(deviceCode, { deviceCode, userCode, clientId, scope: form.scope ?? '', expiresAt: this.cfg.now() + expiresIn * 1000, redeemed: false });
    const verificationUri = `${this.cfg.authorityHost}/devicelogin`;
    sendJson(res, 200, {
      user_code: userCode,
      device_code: deviceCode,
      verification_uri: verificationUri,
      expires_in: expiresIn,
      interval: this.cfg.deviceCodeIntervalSeconds,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate. (Flatkube sandbox: simulated Entra ID.)`,
    });
  }

  /**
   * Approves a pending device code as a sandbox user, without a browser. Backs
   * `POST /_sandbox/devicecode/approve {"user_code": "...", "user": "ada@sandbox.flatkube.local"}`.
   */
  approveDeviceCode(userCode: string, userIdOrUpn?: string): { ok: true; upn: string } | { ok: false; message: string } {
    const user = findUser(userIdOrUpn ?? SANDBOX_USERS[0]?.upn ?? '');
    if (!user) return { ok: false, message: `unknown sandbox user '${userIdOrUpn ?? ''}'` };
    const entry = [...this.deviceCodes.values()].find((d) => d.userCode === userCode.trim().toUpperCase());
    if (!entry || entry.expiresAt < this.cfg.now()) return { ok: false, message: 'unknown or expired user code' };
    entry.approvedBy = user.oid;
    return { ok: true, upn: user.upn };
  }

  private deviceLoginPage(res: ServerResponse, code: string, note = '', status = 200): void {
    sendHtml(res, status, deviceLoginHtml(SANDBOX_USERS, code, note));
  }

  /** Approves the code only with the sandbox API token (form field, or a bearer header for scripts). */
  private async deviceLoginSubmit(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = parseForm(await readBody(req));
    const presented = form.api_token || bearerToken(req.headers.authorization);
    if (!this.cfg.isApiToken(presented)) {
      this.deviceLoginPage(res, form.otc ?? '', 'Not signed in: approving a code needs this sandbox\'s API token.', 401);
      return;
    }
    const r = this.approveDeviceCode(form.otc ?? '', form.user);
    this.deviceLoginPage(res, '', r.ok ? `Signed in as ${r.upn}. You can close this window.` : `Sign-in failed: ${r.message}`);
  }

  // ---- token ----

  private async token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = parseForm(await readBody(req));
    const clientId = this.checkClient(form.client_id);
    const grant = form.grant_type ?? '';
    let user: SandboxUser;
    let scope = form.scope ?? '';
    let nonce: string | undefined;
    if (grant === 'authorization_code') {
      const code = this.codes.get(form.code ?? '');
      if (!code || code.used || code.expiresAt < this.cfg.now() || code.clientId !== clientId) {
        throw new OAuthError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity or has already been redeemed. Send a new interactive authorization request for this user and resource.');
      }
      code.used = true;
      if ((form.redirect_uri ?? '') !== code.redirectUri) {
        throw new OAuthError(400, 'invalid_grant', 500112, 'The reply address does not match the reply address provided when requesting the authorization code.');
      }
      if (!form.code_verifier || sha256b64url(form.code_verifier) !== code.codeChallenge) {
        throw new OAuthError(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
      }
      user = findUser(code.oid)!;
      if (!scope) scope = code.scope;
      nonce = code.nonce;
    } else if (grant === 'refresh_token') {
      const rec = this.cfg.store.getState<RefreshTokenRecord>(RT_NAMESPACE, sha256b64url(form.refresh_token ?? ''));
      if (!rec || rec.expiresAt < this.cfg.now() || rec.clientId !== clientId) {
        // As Entra answers AADSTS700082 (expired due to inactivity): suberror bad_token tells MSAL the user must sign in again.
        throw new OAuthError(400, 'invalid_grant', 700082, 'The refresh token has expired due to inactivity. Sign in again.', 'bad_token');
      }
      const u = findUser(rec.oid);
      if (!u) throw new OAuthError(400, 'invalid_grant', 50034, 'The user account does not exist in the sandbox directory.');
      user = u;
    } else if (grant === 'device_code' || grant === 'urn:ietf:params:oauth:grant-type:device_code') {
      const entry = this.deviceCodes.get(form.device_code ?? '');
      if (!entry || entry.clientId !== clientId || entry.redeemed) throw new OAuthError(400, 'invalid_grant', 70000, 'The provided value for the input parameter \'device_code\' is not valid.');
      if (entry.expiresAt < this.cfg.now()) throw new OAuthError(400, 'expired_token', 70020, 'The provided value for the input parameter \'device_code\' is expired.');
      if (!entry.approvedBy) throw new OAuthError(400, 'authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.');
      entry.redeemed = true;
      user = findUser(entry.approvedBy)!;
      if (!scope) scope = entry.scope;
    } else if (grant === 'password') {
      // Checked before the credentials, so the grant cannot even tell a caller without the token
      // whether a user name exists.
      if (!this.cfg.isApiToken(bearerToken(req.headers.authorization))) {
        throw new OAuthError(
          401,
          'invalid_client',
          7000218,
          'The sandbox grants passwords to Flatkube\'s own automation only: send the sandbox API token as "Authorization: Bearer <apiToken>" (apiToken is in the JSON line `flatkube sandbox` printed). A person signs in in the browser or with a device code.',
        );
      }
      const u = findUser(form.username ?? '');
      if (!u || form.password !== SANDBOX_USER_PASSWORD) {
        throw new OAuthError(400, 'invalid_grant', 50126, 'Error validating credentials due to invalid username or password.');
      }
      user = u;
    } else {
      throw new OAuthError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`);
    }
    sendJson(res, 200, await this.tokenResponse(user, clientId, scope, nonce));
  }

  private async tokenResponse(user: SandboxUser, clientId: string, scope: string, nonce?: string): Promise<Record<string, unknown>> {
    const requested = scope.split(/\s+/).filter(Boolean);
    const resourceScopes = requested.filter((s) => !OIDC_SCOPES.has(s.toLowerCase()));
    const { audience, grantedScopes, scp } = resolveResource(resourceScopes);
    const at = await this.cfg.issuer.accessToken(user, clientId, audience, scp);
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      scope: grantedScopes.join(' '),
      expires_in: at.expiresIn,
      ext_expires_in: at.expiresIn,
      access_token: at.token,
      id_token: await this.cfg.issuer.idToken(user, clientId, nonce),
      client_info: clientInfo(user, this.cfg.tenantId),
    };
    {
      // MSAL always asks for offline_access, and Entra answers public clients with a refresh
      // token; issue one unconditionally.
      const rt = randomBytes(48).toString('base64url');
      this.cfg.store.setState(RT_NAMESPACE, sha256b64url(rt), {
        oid: user.oid,
        clientId,
        expiresAt: this.cfg.now() + this.cfg.refreshTokenLifetimeSeconds * 1000,
      } satisfies RefreshTokenRecord);
      body.refresh_token = rt;
    }
    return body;
  }
}

/**
 * `https://x/.default` -> audience `https://x/`, scp `user_impersonation`;
 * `https://x/user_impersonation` -> same. Only one resource per request, as in Entra v2.
 */
export function resolveResource(scopes: string[]): { audience: string; grantedScopes: string[]; scp: string[] } {
  if (scopes.length === 0) return { audience: '00000003-0000-0000-c000-000000000000', grantedScopes: ['User.Read'], scp: ['User.Read'] };
  const parsed = scopes.map((s) => {
    const i = s.lastIndexOf('/');
    return i > 0 ? { resource: s.slice(0, i), permission: s.slice(i + 1) } : { resource: s, permission: 'user_impersonation' };
  });
  const resources = new Set(parsed.map((p) => p.resource.replace(/\/+$/, '').toLowerCase()));
  if (resources.size > 1) throw new OAuthError(400, 'invalid_scope', 28000, 'Provided value for the input parameter scope is not valid because it contains more than one resource.');
  const first = parsed[0]!;
  const base = first.resource.replace(/\/+$/, '');
  const audience = /^https?:\/\//.test(base) ? `${base}/` : base;
  const scp = [...new Set(parsed.map((p) => (p.permission === '.default' ? 'user_impersonation' : p.permission)))];
  const granted = [...new Set([...scp.map((p) => `${audience}${p}`), ...scopes])];
  return { audience, grantedScopes: granted, scp };
}
