/**
 * Polling of ARM long-running operations (a PUT answered 201/202 with Azure-AsyncOperation or
 * Location), paced by what Azure asks and by when the step expects the operation to end.
 *
 * What Azure documents ("Track asynchronous Azure operations",
 * https://learn.microsoft.com/azure/azure-resource-manager/management/async-operations): the
 * first response and each status response may carry `Retry-After`, "the number of seconds to
 * wait before checking the status of the asynchronous operation"; "If no Retry-after header is
 * returned, implement your own retry logic". The value is whole seconds (delay-seconds, RFC 9110
 * section 10.2.3) or an HTTP date.
 *
 * What the SDK does by itself (@azure/core-lro 3, poller/poller.ts pollUntilDone): the first
 * status poll right after the initial response whatever its Retry-After, then the last
 * Retry-After between polls (2 s, POLL_INTERVAL_IN_MS, until one was sent). So every operation
 * costs one poll that comes before Azure asked for it, and an operation expected to take 2 s
 * whose Retry-After says 10 s is looked at after 10 s.
 *
 * What this does instead: each wait, the initial one included, is Retry-After, but never longer
 * than the time until the operation is expected to end (the plan's estimate for the step,
 * plan/latency.ts), and that cut never makes it shorter than `floorMs`. Why a floor of 1 s:
 * Retry-After counts whole seconds, so apart from "at once" (0, which is followed) 1 s is the
 * finest pace Azure itself can ask for, and polling faster than Azure could ever ask only adds
 * requests; and at 1 s even the dozen operations a cluster create has in flight at once (4 IPs,
 * 4 NICs, 4 VMs) stay well below ARM's refill rate for reads, 25 per second per subscription and
 * principal after a bucket of 250
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling),
 * leaving room for the user's other tools.
 * Once the expected end has passed, Retry-After alone paces the polls: an operation that takes
 * longer than expected is not polled faster than Azure asks.
 */
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { abortableDelay } from '../abort';

/** Retry-After of the latest response per URL (the request's, and the operation URLs it named). */
export class RetryAfterBook {
  private readonly byUrl = new Map<string, number>();
  constructor(private readonly max = 500) {}

  /** The policy that fills the book: it reads every response's headers, changes nothing. */
  policy(): PipelinePolicy {
    return {
      name: 'flatkubeRetryAfterBook',
      sendRequest: async (request, next) => {
        const res = await next(request);
        const ms = parseRetryAfter(res.headers.get('retry-after'));
        if (ms !== undefined) {
          for (const url of [request.url, res.headers.get('azure-asyncoperation'), res.headers.get('location')]) if (url) this.set(url, ms);
        }
        return res;
      },
    };
  }

  /** Milliseconds Azure asked to wait before the next look at `url`, if it said. */
  retryAfterMs(url: string | undefined): number | undefined {
    return url === undefined ? undefined : this.byUrl.get(key(url));
  }

  forget(url: string | undefined): void {
    if (url !== undefined) this.byUrl.delete(key(url));
  }

  private set(url: string, ms: number): void {
    const k = key(url);
    this.byUrl.delete(k);
    this.byUrl.set(k, ms);
    if (this.byUrl.size > this.max) this.byUrl.delete(this.byUrl.keys().next().value!);
  }
}

/** Path without query, lower case: the SDK adds api-version to an operation URL that lacks it. */
function key(url: string): string {
  try {
    const u = new URL(url, 'https://management.azure.com');
    return `${u.host}${u.pathname}`.toLowerCase();
  } catch {
    return url.split('?')[0]!.toLowerCase();
  }
}

/** RFC 9110 Retry-After: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined | null, now = Date.now()): number | undefined {
  if (value === undefined || value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The part of @azure/core-lro's PollerLike this uses. */
export interface LroPoller<T> extends PromiseLike<T> {
  submitted(): Promise<void>;
  poll(options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
  readonly isDone: boolean;
  readonly operationState: { config?: { operationLocation?: string } } | undefined;
}

export function isLroPoller<T>(p: PromiseLike<T>): p is LroPoller<T> {
  const q = p as Partial<LroPoller<T>>;
  return typeof q.submitted === 'function' && typeof q.poll === 'function' && typeof q.pollUntilDone === 'function';
}

export interface LroPace {
  book: RetryAfterBook;
  /**
   * How long the operation is expected to take, counted from ARM's answer to the initial request
   * (the operation runs from when ARM accepted it; an answer comes after that).
   */
  expectedMs: number;
  /** The shortest wait between two looks (see the header). */
  floorMs: number;
  /** Without a Retry-After: core-lro's own default interval. */
  defaultMs?: number;
  signal?: AbortSignal;
  now?: () => number;
  /** The wait between polls (tests record it). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * The next wait: min(Retry-After, max(floor, time to the expected end)) while the expected end is
 * ahead, Retry-After once it has passed. Azure's Retry-After is always the longest wait (a shorter
 * one than the floor included: Azure asked for it); the floor bounds only the waits chosen here.
 */
export function nextPollDelayMs(retryAfterMs: number | undefined, pace: { expectedEndMs: number; floorMs: number; defaultMs?: number }, now: number): number {
  const asked = retryAfterMs ?? pace.defaultMs ?? 2_000;
  const remaining = pace.expectedEndMs - now;
  return remaining > 0 ? Math.min(asked, Math.max(pace.floorMs, remaining)) : asked;
}

/** Sends the initial request and polls until the operation ended; its result, or its error. */
export async function untilDone<T>(poller: LroPoller<T>, pace: LroPace): Promise<T> {
  const now = pace.now ?? Date.now;
  const sleep = pace.sleep ?? abortableDelay;
  const opts = pace.signal ? { abortSignal: pace.signal } : {};
  await poller.submitted();
  const expected = { expectedEndMs: now() + pace.expectedMs, floorMs: pace.floorMs, ...(pace.defaultMs !== undefined ? { defaultMs: pace.defaultMs } : {}) };
  let location = poller.operationState?.config?.operationLocation;
  try {
    while (!poller.isDone) {
      await sleep(nextPollDelayMs(pace.book.retryAfterMs(location), expected, now()), pace.signal);
      await poller.poll(opts);
      location = poller.operationState?.config?.operationLocation ?? location;
    }
  } finally {
    pace.book.forget(location);
  }
  // Done: the result, or the error core-lro makes of a Failed or Canceled operation.
  return poller.pollUntilDone(opts);
}
