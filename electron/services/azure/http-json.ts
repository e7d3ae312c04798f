/**
 * Plain HTTPS GETs that are not ARM calls (Retail Prices API, the public-IP service, dl.k8s.io,
 * the Flatcar sysext bakery's checksum lists, a VM's serial log blob), over @azure/core-rest-pipeline: the same retry policies as the
 * ARM clients (429/503 honour Retry-After; 5xx and connection resets back off with jitter,
 * bounded), AbortSignal, proxy settings from the environment, and a CA trusted by this call only.
 */
import { createDefaultHttpClient, createPipelineFromOptions, createPipelineRequest, type PipelineRetryOptions } from '@azure/core-rest-pipeline';
import { AppError } from '../errors';

export interface HttpGetOptions {
  signal?: AbortSignal;
  /** PEM of a CA to trust for this call only (the sandbox); never process-wide. */
  caCertPem?: string;
  /** Bound on the whole call, retries included (ms). */
  timeoutMs?: number;
  retryOptions?: PipelineRetryOptions;
  headers?: Record<string, string>;
  /** Allow plain http (loopback test servers only; every real endpoint here is HTTPS). */
  allowInsecureConnection?: boolean;
}

export interface HttpTextResponse {
  status: number;
  text: string;
  headers: Record<string, string>;
}

// One HTTP client for the process: it keeps sockets pooled per agent; TLS options are per request.
const httpClient = createDefaultHttpClient();

export async function httpGetText(url: string, opts: HttpGetOptions & { method?: 'GET' | 'HEAD' } = {}): Promise<HttpTextResponse> {
  const pipeline = createPipelineFromOptions({
    retryOptions: opts.retryOptions ?? { maxRetries: 3, retryDelayInMs: 800, maxRetryDelayInMs: 8000 },
    ...(opts.caCertPem ? { tlsOptions: { ca: opts.caCertPem } } : {}),
    userAgentOptions: { userAgentPrefix: 'flatkube' },
  });
  // Our own timeout through the signal (an unref'd timer): the pipeline's per-request `timeout`
  // leaves a live timer behind after a failed connect, which holds the process open.
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const request = createPipelineRequest({
    url,
    method: opts.method ?? 'GET',
    allowInsecureConnection: opts.allowInsecureConnection === true,
    abortSignal: opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout,
  });
  for (const [k, v] of Object.entries(opts.headers ?? {})) request.headers.set(k, v);
  try {
    const res = await pipeline.sendRequest(httpClient, request);
    return { status: res.status, text: res.bodyAsText ?? '', headers: res.headers.toJSON() };
  } catch (err) {
    if (timeout.aborted && !opts.signal?.aborted) {
      throw new AppError('HTTP_TIMEOUT', `${new URL(url).host} did not answer within ${Math.round(timeoutMs / 1000)} s`, { cause: err });
    }
    throw err;
  }
}

/** GET that must answer 200 with JSON; anything else is an AppError naming the host (never the query). */
export async function httpGetJson<T>(url: string, opts: HttpGetOptions = {}): Promise<T> {
  const res = await httpGetText(url, { ...opts, headers: { accept: 'application/json', ...(opts.headers ?? {}) } });
  const host = new URL(url).host;
  if (res.status !== 200) throw new AppError('HTTP_STATUS', `${host} answered HTTP ${res.status}`);
  try {
    return JSON.parse(res.text) as T;
  } catch {
    throw new AppError('HTTP_INVALID_JSON', `${host} answered something that is not JSON`);
  }
}
