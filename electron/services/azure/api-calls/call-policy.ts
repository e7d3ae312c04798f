import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';
import type { ApiCall } from '../../../../shared/ipc/channels/azure-calls';
import { REDACTED, redactSecrets } from '../../secrets/redact';
import { currentCallScope, type CallScope } from './call-scope';

/** A call as the policy sees it, before the log numbers it. */
export type ObservedCall = Omit<ApiCall, 'seq'> & CallScope;

export const API_CALL_POLICY_NAME = 'flatkubeApiCallRecorder';

/**
 * Query parameters whose values are shown as they are: they steer the request and carry nothing
 * secret. Every other value is replaced, since a SAS signature (`sig`), a skip token or a
 * caller's parameter may ride in a query string.
 */
const SHOWN_QUERY = new Set(['api-version', '$expand', '$top', '$filter']);

/** The request's path with its query allow-listed, redacted again as free text (a secret in a path segment). */
export function redactedPath(url: string): { host: string; path: string } {
  const u = new URL(url);
  const query = [...u.searchParams].map(([k, v]) => `${k}=${SHOWN_QUERY.has(k.toLowerCase()) ? v : REDACTED}`);
  return { host: u.host, path: redactSecrets(`${decodeURIComponent(u.pathname)}${query.length ? `?${query.join('&')}` : ''}`) };
}

/**
 * An SDK pipeline policy that reports every ARM request made inside an operation's scope:
 * method, redacted path, status, duration, and the step that made it. Placed per retry
 * (https://learn.microsoft.com/javascript/api/@azure/core-client/additionalpolicyconfig), so a
 * throttled attempt and its retry are two calls, as Azure saw them. It reads no header but
 * x-ms-request-id and no body, and never changes the request.
 */
export function apiCallPolicy(record: (call: ObservedCall) => void, now: () => number = Date.now): PipelinePolicy {
  return {
    name: API_CALL_POLICY_NAME,
    async sendRequest(request: PipelineRequest, next) {
      const scope = currentCallScope();
      if (!scope) return next(request);
      const startedAt = now();
      const base = () => ({ ...scope, method: request.method, ...redactedPath(request.url), startedAt, durationMs: now() - startedAt });
      try {
        const response = await next(request);
        const requestId = response.headers.get('x-ms-request-id');
        safe(() => record({ ...base(), status: response.status, ...(requestId ? { requestId } : {}) }));
        return response;
      } catch (err) {
        const status = (err as { statusCode?: unknown }).statusCode;
        const message = err instanceof Error ? err.message : String(err);
        safe(() => record({ ...base(), status: typeof status === 'number' ? status : 0, error: redactSecrets(message).slice(0, 500) }));
        throw err;
      }
    },
  };
}

function safe(fn: () => void): void {
  try {
    fn();
  } catch {
    // Recording must never break the request it watches.
  }
}
