/**
 * Turns what the Azure SDK throws (RestError with Azure's error code, network errors, aborts)
 * into an AppError a newcomer can act on: {code, message, hint, azureCode}. Hints come from the
 * specific table below, then from the failure catalogue (one source of hints per sign).
 */
import { isRestError } from '@azure/core-rest-pipeline';
import { matchFailure } from '../failures/catalogue';
import { AppError } from '../errors';
import { redactSecrets } from '../secrets/redact';

/** Hints for Azure error codes met while reading and checking (specific beats the catalogue). */
const HINTS: Record<string, string> = {
  MarketplacePurchaseEligibilityFailed: 'Accept the image terms in the Image step (once per subscription), or choose the corevm image, which has no terms.',
  ResourcePurchaseValidationFailed: 'Accept the image terms in the Image step (once per subscription), or choose the corevm image, which has no terms.',
  AuthorizationFailed: 'Your account lacks a role on this subscription: ask its owner for Contributor (or Reader for browsing), or pick another subscription.',
  SubscriptionNotFound: 'The subscription is not visible to this account: pick another one in the Subscription step or sign in with the account that owns it.',
  InvalidAuthenticationTokenTenant: 'The subscription belongs to another tenant: sign in to that tenant (or pick a subscription of this one).',
  ExpiredAuthenticationToken: 'Your sign-in expired: sign in again.',
  InvalidAuthenticationToken: 'Your sign-in is not valid for this environment: sign in again.',
  NoRegisteredProviderFound: 'This region or API is not available for the subscription: pick another region.',
  LocationNotAvailableForResourceType: 'This region does not offer the resource: pick another region.',
  SkuNotAvailable: 'This size is restricted or out of capacity in the region for your subscription: choose another size or region.',
  TooManyRequests: 'Azure is throttling requests from your subscription: wait a minute and try again.',
  NotFound: 'Azure does not know this item (an image version, a region name?): refresh the lists and pick again.',
};

function isAbort(err: unknown): boolean {
  const e = err as { name?: string; code?: string } | undefined;
  return e?.name === 'AbortError' || e?.code === 'ABORT_ERR';
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'REQUEST_SEND_ERROR']);

export function toAzureAppError(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err;
  if (isAbort(err)) return new AppError('CANCELLED', `${what} was cancelled.`, { cause: err });
  if (isRestError(err)) {
    const status = err.statusCode;
    const azureCode = err.code && !NETWORK_CODES.has(err.code) ? err.code : undefined;
    const message = redactSecrets(err.message || `HTTP ${status ?? '?'}`);
    if (!status && err.code && NETWORK_CODES.has(err.code)) {
      return new AppError('AZURE_UNREACHABLE', `${what}: Azure could not be reached (${err.code}).`, {
        hint: 'Check your internet connection or proxy (HTTPS_PROXY), then try again.',
        cause: err,
      });
    }
    const hint =
      (azureCode && HINTS[azureCode]) ??
      matchFailure(`${azureCode ?? ''} ${message}`)?.hint ??
      (status === 429 ? HINTS.TooManyRequests : status && status >= 500 ? 'Azure had a temporary problem (retried already): try again in a minute.' : undefined);
    return new AppError(azureCode === 'AuthorizationFailed' ? 'AZURE_FORBIDDEN' : status === 404 ? 'AZURE_NOT_FOUND' : 'AZURE_REQUEST_FAILED', `${what}: ${message}`, {
      ...(hint ? { hint } : {}),
      ...(azureCode ? { azureCode } : {}),
      cause: err,
    });
  }
  const e = err as NodeJS.ErrnoException | undefined;
  if (e?.code && NETWORK_CODES.has(e.code)) {
    return new AppError('AZURE_UNREACHABLE', `${what}: Azure could not be reached (${e.code}).`, { hint: 'Check your internet connection or proxy, then try again.', cause: err });
  }
  return new AppError('AZURE_REQUEST_FAILED', `${what}: ${redactSecrets(e?.message ?? String(err))}`, { cause: err });
}

/**
 * True when an Azure call failed because the thing is not there: HTTP 404, or an Azure error code
 * ending in NotFound (ResourceNotFound, ResourceGroupNotFound, NotFound, ...), also once mapped to
 * an AppError (AZURE_NOT_FOUND, or such an azureCode). Deletes and GET-before-PUT treat it as
 * "missing", never as a failure.
 */
export function isNotFound(err: unknown): boolean {
  if (err instanceof AppError) return err.code === 'AZURE_NOT_FOUND' || /NotFound$/.test(err.azureCode ?? '');
  const e = err as { statusCode?: unknown; code?: unknown } | undefined;
  return e?.statusCode === 404 || (typeof e?.code === 'string' && /NotFound$/.test(e.code));
}

/** Runs an Azure call and maps whatever it throws. */
export async function azureCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toAzureAppError(err, what);
  }
}

/** Collects an SDK paged iterator (the SDK follows nextLink itself). */
export async function collect<T>(it: AsyncIterable<T>, signal?: AbortSignal): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) {
    signal?.throwIfAborted();
    out.push(x);
  }
  return out;
}
