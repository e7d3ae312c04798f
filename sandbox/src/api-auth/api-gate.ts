/**
 * The door of the sandbox API: every request whose path is under `/_sandbox/` needs the sandbox
 * API token as a bearer token, except the signed blob URLs the sandbox hands out (a VM's serial
 * console log), which carry their own signature in the query, as Azure's SAS URLs do, and are
 * checked by the route that serves them (see signed-urls.ts).
 *
 * What stays open on purpose is everything not under `/_sandbox/`: the Entra endpoints and the
 * sign-in pages (a browser must reach them without any token; the two sign-ins that need no person,
 * the password grant and approving a device code on /devicelogin, check the API token themselves:
 * identity/entra-endpoints.ts), ARM (it checks its own RS256 bearer tokens, as Azure does) and
 * `/_bakery/` (public release files, as on GitHub).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http/http-util';
import { secretsEqual } from './api-token';

export const SANDBOX_API_REALM = 'flatkube-sandbox';

/**
 * The path's segments as the ARM router sees them (split on `/`, empty ones dropped, each
 * percent-decoded). The door must judge a path exactly as the handlers behind it will route it:
 * the router matches literals case-insensitively and decodes `%5F`, so `/_SANDBOX/nodes`,
 * `//_sandbox/nodes` and `/%5Fsandbox/nodes` all reach the `/_sandbox/nodes` route.
 */
function routedSegments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s; // the dispatcher answers 400 for it; here the raw text is judged
      }
    });
}

/** Whether any handler could take this path for a `/_sandbox/...` one (decoded, any case). */
export function isSandboxApiPath(pathname: string): boolean {
  const path = `/${routedSegments(pathname).join('/')}`.toLowerCase();
  return path === '/_sandbox' || path.startsWith('/_sandbox/');
}

/**
 * A GET of a signed blob URL (`/_sandbox/serialconsole/{vmGuid}?se=...&sig=...`): it passes the door
 * without a bearer token because the serial console route refuses it unless the signature is right.
 */
export function isSignedBlobRequest(method: string, pathname: string): boolean {
  const segs = routedSegments(pathname).map((s) => s.toLowerCase());
  return method === 'GET' && segs.length === 3 && segs[0] === '_sandbox' && segs[1] === 'serialconsole';
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive, RFC 7235). */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return m?.[1];
}

/**
 * Answers 401 (and returns true) when the request is for the sandbox API and does not carry the
 * API token; returns false when the request may go on to the handlers.
 */
export function refuseWithoutApiToken(apiToken: string, req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  const method = (req.method ?? 'GET').toUpperCase();
  if (!isSandboxApiPath(url.pathname) || isSignedBlobRequest(method, url.pathname)) return false;
  const presented = bearerToken(req.headers.authorization);
  if (presented !== undefined && secretsEqual(presented, apiToken)) return false;
  // RFC 6750: a request without credentials gets the bare challenge, a wrong token error="invalid_token".
  const challenge = `Bearer realm="${SANDBOX_API_REALM}"${presented === undefined ? '' : ', error="invalid_token"'}`;
  const message =
    presented === undefined
      ? 'The sandbox API needs the sandbox API token: send "Authorization: Bearer <apiToken>", where apiToken is in the JSON line `flatkube sandbox` printed.'
      : 'The sandbox API token in the Authorization header is not this sandbox\'s.';
  sendJson(res, 401, { error: { code: 'SandboxApiUnauthorized', message } }, { 'WWW-Authenticate': challenge });
  return true;
}
