/**
 * Reading a Flatcar sysext bakery over HTTPS: a Kubernetes release's SHA256SUMS (the pin one node
 * image is deployed with) and the metadata release's list of every published version. The
 * layout, the parsing and the pin come from ../render/sysext-checksums.ts (pure); this file only
 * fetches. Real Azure: https://github.com/flatcar/sysext-bakery/releases/download
 * (FLATCAR_SYSEXT_BAKERY); the sandbox serves the same layout itself, trusted through its CA.
 */
import { httpGetText } from '../../azure/http-json';
import type { SysextArch, SysextPin } from '../render/sysext';
import { catalogueSumsUrl, pinFromSums, releaseSumsUrl, SysextChecksumError, versionsFromSums, type SysextVersion } from '../render/sysext-checksums';

/** A checksum list is a few hundred lines; anything much larger is not one. */
const MAX_SUMS_CHARS = 1_000_000;
const VERSION_RE = /^\d+\.\d+\.\d+$/;

/** GET of a small text file; resolves with any HTTP status, rejects on network errors. */
export type FetchText = (url: string, opts: { signal?: AbortSignal }) => Promise<{ status: number; text: string }>;

/** GET a SHA256SUMS; 404 is `notFound`, other failures are 'unreachable' SysextChecksumErrors. */
async function fetchSums(url: string, fetchText: FetchText, what: string, signal: AbortSignal | undefined, notFound: () => SysextChecksumError): Promise<string> {
  if (new URL(url).protocol !== 'https:') throw new Error(`sysext checksum lists must come over HTTPS: ${url}`);
  let res: { status: number; text: string };
  try {
    res = await fetchText(url, signal ? { signal } : {});
  } catch (err) {
    signal?.throwIfAborted();
    throw new SysextChecksumError('unreachable', url, `Could not fetch ${url} (${what}): ${err instanceof Error ? err.message : String(err)}`, err);
  }
  if (res.status === 404) throw notFound();
  if (res.status !== 200) throw new SysextChecksumError('unreachable', url, `Could not fetch ${url} (${what}): HTTP ${res.status}.`);
  if (res.text.length > MAX_SUMS_CHARS) throw new SysextChecksumError('invalid', url, 'The sysext checksum list is too large to be one.');
  return res.text;
}

export async function resolveSysextPin(version: string, arch: SysextArch, opts: { fetchText: FetchText; bakery: string; signal?: AbortSignal }): Promise<SysextPin> {
  if (!VERSION_RE.test(version)) throw new Error(`not a Kubernetes version: ${version}`);
  const url = releaseSumsUrl(opts.bakery, version);
  // A release that does not exist answers 404: the version is not published.
  const text = await fetchSums(url, opts.fetchText, `sysext checksums for Kubernetes ${version}`, opts.signal, () =>
    new SysextChecksumError('not-listed', url, `There is no sysext release for Kubernetes ${version} (${url} answered 404).`),
  );
  return pinFromSums(text, version, arch, opts.bakery);
}

/** Every version the bakery's metadata release lists, oldest first (numeric order). */
export async function listSysextVersions(opts: { fetchText: FetchText; bakery: string; signal?: AbortSignal }): Promise<SysextVersion[]> {
  const url = catalogueSumsUrl(opts.bakery);
  const text = await fetchSums(url, opts.fetchText, 'the list of Kubernetes sysext versions', opts.signal, () =>
    new SysextChecksumError('unreachable', url, `The bakery has no Kubernetes version list (${url} answered 404).`),
  );
  return versionsFromSums(text, url);
}

/** The default FetchText: HTTPS GET with retries, following redirects (GitHub release downloads redirect). */
export function httpsFetchText(opts: { caCertPem?: string; timeoutMs?: number } = {}): FetchText {
  return async (url, { signal }) => {
    if (new URL(url).protocol !== 'https:') throw new Error(`refusing a non-HTTPS URL: ${url}`);
    const res = await httpGetText(url, {
      timeoutMs: opts.timeoutMs ?? 20_000,
      retryOptions: { maxRetries: 2, retryDelayInMs: 500, maxRetryDelayInMs: 4000 },
      ...(opts.caCertPem ? { caCertPem: opts.caCertPem } : {}),
      ...(signal ? { signal } : {}),
    });
    return { status: res.status, text: res.text };
  };
}

/** A bakery as the engine, preflight, exports and the wizard use it. */
export interface SysextSource {
  /** The bakery's release-downloads base URL. */
  bakery: string;
  resolve(version: string, arch: SysextArch, signal?: AbortSignal): Promise<SysextPin>;
  versions(signal?: AbortSignal): Promise<SysextVersion[]>;
}

/** The bakery of an environment (real Azure: GitHub; the sandbox: its own), trusting its CA. */
export function sysextSource(env: { sysextBakery: string; caCertPem?: string }, opts: { fetchText?: FetchText } = {}): SysextSource {
  const fetchText = opts.fetchText ?? httpsFetchText(env.caCertPem ? { caCertPem: env.caCertPem } : {});
  const bakery = env.sysextBakery;
  return {
    bakery,
    resolve: (version, arch, signal) => resolveSysextPin(version, arch, { fetchText, bakery, ...(signal ? { signal } : {}) }),
    versions: (signal) => listSysextVersions({ fetchText, bakery, ...(signal ? { signal } : {}) }),
  };
}
