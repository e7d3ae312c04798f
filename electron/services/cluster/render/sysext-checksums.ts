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
 *
 * This file is the pure half (URLs, parsing, the pin from a list's text); fetching the lists is
 * ../sysext/bakery.ts, so rendering stays free of I/O.
 */
import { compareDottedVersions } from '../../../../shared/domain/flatcar-version';
import { AppError } from '../../errors';
import { checkSysextPin, sysextFileName, type SysextArch, type SysextPin } from './sysext';

export const SYSEXT_CHECKSUM_UNAVAILABLE = 'K8S_SYSEXT_CHECKSUM_UNAVAILABLE';
export const SHA256SUMS_FILE = 'SHA256SUMS';
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

/** One published version and the architectures it has images for. */
export interface SysextVersion {
  version: string;
  arches: SysextArch[];
}

/** Every version a metadata release's SHA256SUMS text lists, oldest first (numeric order). */
export function versionsFromSums(text: string, url: string): SysextVersion[] {
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
