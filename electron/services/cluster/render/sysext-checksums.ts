/**
 * Resolves the real sha256 pin of a Kubernetes sysext image for real Azure deployments, so no
 * placeholder from sysext-pins.ts ever reaches a real node (Ignition would refuse the download).
 *
 * Source (BOOTSTRAP.md point 3): the Flatcar sysext bakery publishes each extension version as a
 * GitHub release named after it, e.g.
 *   https://github.com/flatcar/sysext-bakery/releases/download/kubernetes-v1.35.3/
 * holding `kubernetes-v1.35.3-x86-64.raw`, `kubernetes-v1.35.3-arm64.raw` and a `SHA256SUMS` file
 * (`<64 lowercase hex>  <file name>` lines, sha256sum's format). https://extensions.flatcar.org/extensions/
 * serves the same files; pass it as `baseUrl` to use it instead.
 *
 * !!! NOT VERIFIED ONLINE: Flatkube was written on a machine without internet access, so this
 * !!! layout (release name, SHA256SUMS next to the .raw, its line format) could not be checked
 * !!! against the live bakery. If the layout differs, resolution fails loudly with
 * !!! K8S_SYSEXT_CHECKSUM_UNAVAILABLE (naming the URL tried); it never falls back to a placeholder.
 */
import { httpGetText } from '../../azure/http-json';
import { AppError } from '../../errors';
import { sysextFileName, type ResolvedSysextPin, type SysextArch } from './sysext-pins';

export const SYSEXT_CHECKSUM_UNAVAILABLE = 'K8S_SYSEXT_CHECKSUM_UNAVAILABLE';
export const SHA256SUMS_FILE = 'SHA256SUMS';
/** A checksum list is a few lines; anything much larger is not one. */
const MAX_SUMS_CHARS = 1_000_000;

/** GET of a small text file; resolves with any HTTP status, rejects on network errors. */
export type FetchText = (url: string, opts: { signal?: AbortSignal }) => Promise<{ status: number; text: string }>;

/** What the engine and preflight take (injected: tests, offline machines). */
export type SysextPinResolver = (version: string, arch: SysextArch, signal?: AbortSignal) => Promise<ResolvedSysextPin>;

/** Why resolution failed: the file is not published, or the list could not be fetched or read. */
export type SysextChecksumFailure = 'not-listed' | 'unreachable' | 'invalid';

export class SysextChecksumError extends AppError {
  readonly reason: SysextChecksumFailure;
  readonly url: string;
  constructor(reason: SysextChecksumFailure, url: string, message: string, cause?: unknown) {
    const hint =
      reason === 'not-listed'
        ? `${url} does not list it: pick a Kubernetes version the Flatcar sysext bakery publishes.`
        : `Tried ${url}. Check the internet connection (or proxy) and try again; Flatkube never deploys a real node without the real checksum.`;
    super(SYSEXT_CHECKSUM_UNAVAILABLE, message, { hint, ...(cause !== undefined ? { cause } : {}) });
    this.reason = reason;
    this.url = url;
  }
}

/** The directory holding SHA256SUMS and the images of one version (the bakery's GitHub release). */
export function defaultSysextBaseUrl(version: string): string {
  return `https://github.com/flatcar/sysext-bakery/releases/download/kubernetes-v${version}`;
}

const VERSION_RE = /^\d+\.\d+\.\d+$/;
const LINE_RE = /^([0-9a-f]{64}) [ *]([^\s/*][^\s/]*)$/;

/**
 * Strict sha256sum parser: every non-empty line must be `<64 lowercase hex><space><space|*><name>`,
 * names are plain file names (no paths, no spaces), and a name may appear once only (a duplicate,
 * even with the same hash, means the list is not what we think it is). Throws Error on any violation.
 */
export function parseSha256Sums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    if (raw === '' && i === lines.length - 1) return; // trailing newline
    const m = LINE_RE.exec(raw);
    if (!m) throw new Error(`line ${i + 1} is not "<64 lowercase hex>  <file name>"`);
    const [, hex, name] = m as unknown as [string, string, string];
    const prior = out.get(name);
    if (prior !== undefined) {
      throw new Error(prior === hex ? `${name} is listed twice (line ${i + 1})` : `${name} is listed twice with different hashes (line ${i + 1})`);
    }
    out.set(name, hex);
  });
  return out;
}

/** The pin for one file from a SHA256SUMS text (exact file name match). */
export function pinFromSums(text: string, version: string, arch: SysextArch, baseUrl: string): ResolvedSysextPin {
  const base = baseUrl.replace(/\/+$/, '');
  const sumsUrl = `${base}/${SHA256SUMS_FILE}`;
  const file = sysextFileName(version, arch);
  let sums: Map<string, string>;
  try {
    sums = parseSha256Sums(text);
  } catch (err) {
    throw new SysextChecksumError('invalid', sumsUrl, `The sysext checksum list is malformed: ${(err as Error).message}`, err);
  }
  const hex = sums.get(file);
  if (!hex) throw new SysextChecksumError('not-listed', sumsUrl, `There is no checksum for ${file} in ${sumsUrl}.`);
  return { url: `${base}/${file}`, hash: `sha256-${hex}`, verified: true };
}

export async function resolveSysextPin(
  version: string,
  arch: SysextArch,
  opts: { fetchText: FetchText; signal?: AbortSignal; baseUrl?: string },
): Promise<ResolvedSysextPin> {
  if (!VERSION_RE.test(version)) throw new Error(`not a Kubernetes version: ${version}`);
  const base = (opts.baseUrl ?? defaultSysextBaseUrl(version)).replace(/\/+$/, '');
  const sumsUrl = `${base}/${SHA256SUMS_FILE}`;
  if (new URL(sumsUrl).protocol !== 'https:') throw new Error(`the sysext checksum list must come over HTTPS: ${sumsUrl}`);
  let res: { status: number; text: string };
  try {
    res = await opts.fetchText(sumsUrl, opts.signal ? { signal: opts.signal } : {});
  } catch (err) {
    opts.signal?.throwIfAborted();
    throw new SysextChecksumError('unreachable', sumsUrl, `Could not fetch ${sumsUrl} (sysext checksums for Kubernetes ${version}): ${err instanceof Error ? err.message : String(err)}`, err);
  }
  // A release that does not exist answers 404: the version is not published.
  if (res.status === 404) throw new SysextChecksumError('not-listed', sumsUrl, `There is no sysext release for Kubernetes ${version} (${sumsUrl} answered 404).`);
  if (res.status !== 200) throw new SysextChecksumError('unreachable', sumsUrl, `Could not fetch ${sumsUrl} (sysext checksums for Kubernetes ${version}): HTTP ${res.status}.`);
  if (res.text.length > MAX_SUMS_CHARS) throw new SysextChecksumError('invalid', sumsUrl, 'The sysext checksum list is too large to be one.');
  return pinFromSums(res.text, version, arch, base);
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

/** The resolver real Azure deployments use: the bakery's GitHub releases over HTTPS. */
export function httpsSysextPinResolver(opts: { fetchText?: FetchText; baseUrl?: (version: string) => string } = {}): SysextPinResolver {
  const fetchText = opts.fetchText ?? httpsFetchText();
  return (version, arch, signal) =>
    resolveSysextPin(version, arch, { fetchText, ...(signal ? { signal } : {}), ...(opts.baseUrl ? { baseUrl: opts.baseUrl(version) } : {}) });
}
