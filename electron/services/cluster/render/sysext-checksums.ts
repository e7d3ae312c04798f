/**
 * The Kubernetes sysext's real sha256, and the versions on offer, from a Flatcar sysext bakery.
 *
 * Layout (github.com/flatcar/sysext-bakery: release.sh, run by .github/workflows/release.yaml,
 * publishes each extension version as a release tagged `<extension>-<version>`, whose SHA256SUMS
 * is `sha256sum` over both architectures' images; release_meta.sh publishes a release tagged
 * `<extension>` whose SHA256SUMS concatenates every version's), relative to the bakery's release
 * downloads (facts: test/fixtures/upstream/sysext-bakery-kubernetes.json):
 *   <bakery>/kubernetes-v1.35.3/SHA256SUMS                 <64 hex>  kubernetes-v1.35.3-x86-64.raw ...
 *   <bakery>/kubernetes-v1.35.3/kubernetes-v1.35.3-x86-64.raw
 *   <bakery>/kubernetes/SHA256SUMS                         every version, both architectures
 * Real Azure: https://github.com/flatcar/sysext-bakery/releases/download (FLATCAR_SYSEXT_BAKERY);
 * the sandbox serves the same layout itself. Flatkube never deploys without a resolved pin: when
 * the list cannot be read, resolution fails with K8S_SYSEXT_CHECKSUM_UNAVAILABLE naming the URL.
 * (The layout is taken from the bakery's release scripts at commit 80959c19db97; no live release
 * was fetched.)
 */
import { compareDottedVersions } from '../../../../shared/domain/flatcar-version';
import { httpGetText } from '../../azure/http-json';
import { AppError } from '../../errors';
import { checkSysextPin, sysextFileName, type SysextArch, type SysextPin } from './sysext';

export const SYSEXT_CHECKSUM_UNAVAILABLE = 'K8S_SYSEXT_CHECKSUM_UNAVAILABLE';
export const SHA256SUMS_FILE = 'SHA256SUMS';
/** A checksum list is a few hundred lines; anything much larger is not one. */
const MAX_SUMS_CHARS = 1_000_000;

/** GET of a small text file; resolves with any HTTP status, rejects on network errors. */
export type FetchText = (url: string, opts: { signal?: AbortSignal }) => Promise<{ status: number; text: string }>;

/** Why resolution failed: the file is not published, or the list could not be fetched or read. */
export type SysextChecksumFailure = 'not-listed' | 'unreachable' | 'invalid';

export class SysextChecksumError extends AppError {
  readonly reason: SysextChecksumFailure;
  readonly url: string;
  constructor(reason: SysextChecksumFailure, url: string, message: string, cause?: unknown) {
    const hint =
      reason === 'not-listed'
        ? `${url} does not list it: pick a Kubernetes version the Flatcar sysext bakery publishes.`
        : `Tried ${url}. Check the internet connection (or proxy) and try again; Flatkube never deploys a node without the real checksum.`;
    super(SYSEXT_CHECKSUM_UNAVAILABLE, message, { hint, ...(cause !== undefined ? { cause } : {}) });
    this.reason = reason;
    this.url = url;
  }
}

const VERSION_RE = /^\d+\.\d+\.\d+$/;
const LINE_RE = /^([0-9a-f]{64}) [ *]([^\s/*][^\s/]*)$/;
const IMAGE_RE = /^kubernetes-v(\d+\.\d+\.\d+)-(x86-64|arm64)\.raw$/;

/**
 * Strict sha256sum parser: every non-empty line must be `<64 lowercase hex><space><space|*><name>`,
 * names are plain file names (no paths, no spaces), and a name may appear once only (a duplicate,
 * even with the same hash, means a release's list is not what we think it is). `identicalRepeats`
 * lets the same line repeat (the metadata release concatenates every release's list, and a retried
 * fetch there can append one twice); a name with two different hashes is always refused.
 * Throws Error on any violation.
 */
export function parseSha256Sums(text: string, opts: { identicalRepeats?: boolean } = {}): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    if (raw === '' && i === lines.length - 1) return; // trailing newline
    const m = LINE_RE.exec(raw);
    if (!m) throw new Error(`line ${i + 1} is not "<64 lowercase hex>  <file name>"`);
    const [, hex, name] = m as unknown as [string, string, string];
    const prior = out.get(name);
    if (prior === hex && opts.identicalRepeats) return;
    if (prior !== undefined) {
      throw new Error(prior === hex ? `${name} is listed twice (line ${i + 1})` : `${name} is listed twice with different hashes (line ${i + 1})`);
    }
    out.set(name, hex);
  });
  return out;
}

function trimBase(bakery: string): string {
  return bakery.replace(/\/+$/, '');
}

export function releaseSumsUrl(bakery: string, version: string): string {
  return `${trimBase(bakery)}/kubernetes-v${version}/${SHA256SUMS_FILE}`;
}

export function catalogueSumsUrl(bakery: string): string {
  return `${trimBase(bakery)}/kubernetes/${SHA256SUMS_FILE}`;
}

/** The pin for one file from a release's SHA256SUMS text (exact file name match). */
export function pinFromSums(text: string, version: string, arch: SysextArch, bakery: string): SysextPin {
  const sumsUrl = releaseSumsUrl(bakery, version);
  const file = sysextFileName(version, arch);
  let sums: Map<string, string>;
  try {
    sums = parseSha256Sums(text);
  } catch (err) {
    throw new SysextChecksumError('invalid', sumsUrl, `The sysext checksum list is malformed: ${(err as Error).message}`, err);
  }
  const hex = sums.get(file);
  if (!hex) throw new SysextChecksumError('not-listed', sumsUrl, `There is no checksum for ${file} in ${sumsUrl}.`);
  return checkSysextPin({ url: `${trimBase(bakery)}/kubernetes-v${version}/${file}`, hash: `sha256-${hex}` }, version, arch);
}

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

/** One published version and the architectures it has images for. */
export interface SysextVersion {
  version: string;
  arches: SysextArch[];
}

/** Every version the bakery's metadata release lists, oldest first (numeric order). */
export async function listSysextVersions(opts: { fetchText: FetchText; bakery: string; signal?: AbortSignal }): Promise<SysextVersion[]> {
  const url = catalogueSumsUrl(opts.bakery);
  const text = await fetchSums(url, opts.fetchText, 'the list of Kubernetes sysext versions', opts.signal, () =>
    new SysextChecksumError('unreachable', url, `The bakery has no Kubernetes version list (${url} answered 404).`),
  );
  let sums: Map<string, string>;
  try {
    sums = parseSha256Sums(text, { identicalRepeats: true });
  } catch (err) {
    throw new SysextChecksumError('invalid', url, `The sysext version list is malformed: ${(err as Error).message}`, err);
  }
  const byVersion = new Map<string, Set<SysextArch>>();
  for (const name of sums.keys()) {
    const m = IMAGE_RE.exec(name);
    if (!m) continue; // other files (sysupdate confs' sums, future formats) are not images
    const set = byVersion.get(m[1] as string) ?? new Set<SysextArch>();
    set.add(m[2] as SysextArch);
    byVersion.set(m[1] as string, set);
  }
  return [...byVersion].map(([version, arches]) => ({ version, arches: [...arches].sort() })).sort((a, b) => compareDottedVersions(a.version, b.version));
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
