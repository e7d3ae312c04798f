/**
 * The ARM request pipeline: route -> bearer token -> api-version -> subscription -> injected
 * 429/5xx -> body -> latency -> provider handler -> Azure-shaped answer + journal entry.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BODY_TOO_LARGE_ERROR, BodyTooLargeError, readBody, sendJson } from '../http/http-util';
import type { RequestJournal } from '../journal/request-journal';
import { sleep } from '../time/latency-profiles';
import { authenticate, type AuthContext } from './authenticate';
import type { PatternRouter } from './router';
import { ArmError, type ArmRequest, type ArmResponse, type FaultHit, type FaultInjector, type LatencyProfile, type Principal, type SandboxFacts } from './types';

export interface DispatcherDeps {
  router: PatternRouter;
  auth: AuthContext;
  faults: FaultInjector;
  latency: LatencyProfile;
  journal: RequestJournal;
  facts: SandboxFacts;
  now: () => number;
  baseUrl: () => string;
}

const ANONYMOUS: Principal = { oid: '', tid: '', upn: '', scopes: [] };

/**
 * Answers that refuse the caller rather than judge the request: their bodies are not journaled
 * (anyone can send them; the entry keeps method, path and status).
 */
const REFUSED_STATUSES = new Set([401, 403, 407, 413, 414, 431]);

function apiVersionError(path: string, version: string | undefined, supported: string[], body: unknown): ArmError {
  if (!version) return new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  const list = supported.join(', ');
  const m = /\/providers\/([^/]+)\/([^/]+)/i.exec(path);
  if (m) {
    const loc = body && typeof body === 'object' && typeof (body as { location?: unknown }).location === 'string' ? (body as { location: string }).location : 'global';
    return new ArmError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '${loc}' and API version '${version}' for type '${m[2]}'. The supported api-versions are '${list}'.`,
    );
  }
  return new ArmError(400, 'InvalidApiVersionParameter', `The api-version '${version}' is invalid. The supported versions are '${list}'.`);
}

function faultError(hit: FaultHit, subscriptionId: string | undefined, principal: Principal, method: string): ArmError {
  const status = hit.status ?? 500;
  const headers: Record<string, string> = {};
  if (hit.retryAfterSeconds !== undefined) headers['Retry-After'] = String(hit.retryAfterSeconds);
  if (status === 429) {
    const kind = method === 'GET' ? 'read' : method === 'DELETE' ? 'delete' : 'write';
    const message =
      hit.message ??
      `Number of '${kind}' requests for subscription '${subscriptionId ?? ''}' actor '${principal.oid}' exceeded. Please try again after '${hit.retryAfterSeconds ?? 1}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`;
    return new ArmError(429, hit.code ?? 'SubscriptionRequestsThrottled', message, undefined, { headers });
  }
  const message =
    hit.message ??
    (status === 503
      ? 'The service is temporarily unavailable. Please retry the request later. (sandbox-injected fault)'
      : `Encountered internal server error. Diagnostic information: timestamp '${new Date().toISOString()}', subscription id '${subscriptionId ?? ''}', tracking id '${randomUUID()}', request correlation id '${randomUUID()}'.`);
  return new ArmError(status, hit.code ?? (status === 503 ? 'ServiceUnavailable' : 'InternalServerError'), message, undefined, { headers });
}

export async function dispatchArm(deps: DispatcherDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const receivedAtMs = Date.now();
  const requestId = randomUUID();
  const correlationId = (req.headers['x-ms-correlation-request-id'] as string | undefined) ?? requestId;
  const method = (req.method ?? 'GET').toUpperCase();
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const apiVersion = url.searchParams.get('api-version') ?? undefined;
  let path = url.pathname;
  let status = 500;
  let errorCode: string | undefined;
  let retryAfter: number | undefined;
  let faultRuleId: string | undefined;
  let parsedBody: unknown;
  /** A caller with a valid ARM token: only its bodies may reach the journal. */
  let authenticated = false;
  const baseHeaders: Record<string, string> = { 'x-ms-request-id': requestId, 'x-ms-correlation-request-id': correlationId };
  const clientRequestId = req.headers['x-ms-client-request-id'];
  if (typeof clientRequestId === 'string') baseHeaders['x-ms-client-request-id'] = clientRequestId;
  try {
    let segments: string[];
    try {
      segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      path = '/' + segments.join('/');
    } catch {
      throw new ArmError(400, 'InvalidRequestUri', `The request URI '${url.pathname}' is not valid.`);
    }
    const match = deps.router.match(method, segments);
    if (match.kind === 'none') {
      const m = /\/providers\/([^/]+)\/([^/]+)/i.exec(path);
      if (m) throw new ArmError(404, 'InvalidResourceType', `The resource type '${m[2]}' could not be found in the namespace '${m[1]}' for api version '${apiVersion ?? ''}'.`);
      throw new ArmError(404, 'NotFound', `The requested resource '${path}' was not found.`);
    }
    if (match.kind === 'method-not-allowed') {
      throw new ArmError(405, 'MethodNotAllowed', `The requested method '${method}' is not allowed for '${path}'. Allowed: ${match.allowed.join(', ')}.`, undefined, { headers: { Allow: match.allowed.join(', ') } });
    }
    const route = match.route;
    const principal = route.auth === false ? ANONYMOUS : await authenticate(deps.auth, req.headers.authorization, deps.now());
    authenticated = route.auth !== false;
    const raw = await readBody(req);
    if (raw.length > 0) {
      try {
        parsedBody = JSON.parse(raw.toString('utf8'));
      } catch (e) {
        throw new ArmError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: '${(e as Error).message}'.`);
      }
    }
    if (route.apiVersions !== '*' && (!apiVersion || !route.apiVersions.includes(apiVersion))) {
      throw apiVersionError(path, apiVersion, route.apiVersions, parsedBody);
    }
    const subscriptionId = match.params.subscriptionId;
    if (subscriptionId !== undefined && !deps.facts.subscriptionIds.some((s) => s.toLowerCase() === subscriptionId.toLowerCase())) {
      throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
    }
    for (const kind of ['throttle', 'server-error'] as const) {
      const hit = deps.faults.take({ kind, method, path });
      if (hit) {
        faultRuleId = hit.ruleId;
        throw faultError(hit, subscriptionId, principal, method);
      }
    }
    const armReq: ArmRequest = {
      method,
      path,
      params: match.params,
      query,
      apiVersion: apiVersion ?? '',
      body: parsedBody,
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v])),
      principal,
      baseUrl: deps.baseUrl(),
      requestId,
    };
    if (subscriptionId !== undefined) armReq.subscriptionId = subscriptionId;
    const delay = deps.latency.duration('arm.request');
    if (delay > 0) await sleep(delay);
    const answer: ArmResponse = await route.handler(armReq);
    status = answer.status;
    const headers = { ...baseHeaders, ...(answer.headers ?? {}) };
    if (headers['Retry-After'] !== undefined) retryAfter = Number(headers['Retry-After']);
    if (answer.body === undefined) {
      res.writeHead(status, { ...headers, 'Content-Length': '0' });
      res.end();
    } else if (typeof answer.body === 'string' && /^(text\/|application\/xml)/.test(headers['Content-Type'] ?? '')) {
      // Text a handler declares as such (a blob such as the serial console log, or Azure
      // Storage's XML error for a bad signature), sent as is.
      const text = Buffer.from(answer.body);
      res.writeHead(status, { ...headers, 'Content-Length': String(text.length) });
      res.end(text);
    } else {
      sendJson(res, status, answer.body, headers);
    }
  } catch (err) {
    let e: ArmError;
    if (err instanceof ArmError) e = err;
    else if (err instanceof BodyTooLargeError) e = new ArmError(413, BODY_TOO_LARGE_ERROR.error.code, BODY_TOO_LARGE_ERROR.error.message);
    else {
      console.error('[sandbox] ARM handler error:', (err as Error)?.stack ?? err);
      e = new ArmError(500, 'InternalServerError', `Encountered internal server error. Diagnostic information: timestamp '${new Date().toISOString()}', tracking id '${requestId}', request correlation id '${correlationId}'.`);
    }
    status = e.status;
    errorCode = e.code;
    if (e.headers?.['Retry-After'] !== undefined) retryAfter = Number(e.headers['Retry-After']);
    if (!res.headersSent) sendJson(res, e.status, e.toBody(), { ...baseHeaders, ...(e.headers ?? {}) });
    else res.destroy();
  } finally {
    const entry: Parameters<RequestJournal['add']>[0] = {
      requestId,
      time: new Date(receivedAtMs).toISOString(),
      receivedAtMs,
      method,
      path,
      apiVersion,
      status,
      durationMs: Date.now() - receivedAtMs,
    };
    // Bodies of anonymous or refused requests stay out: anyone on the machine can send those, as
    // many and as large as they like, and the journal lives in the app's process.
    if (parsedBody !== undefined && authenticated && !REFUSED_STATUSES.has(status)) entry.requestBody = parsedBody;
    if (errorCode !== undefined) entry.errorCode = errorCode;
    if (retryAfter !== undefined && !Number.isNaN(retryAfter)) entry.retryAfter = retryAfter;
    if (faultRuleId !== undefined) entry.faultRuleId = faultRuleId;
    deps.journal.add(entry);
  }
}
