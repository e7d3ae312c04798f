import { createHash } from 'node:crypto';

/**
 * Pinned Kubernetes sysext images (flatcar/sysext-bakery, served from extensions.flatcar.org).
 * Ignition checks `verification.hash` ("sha256-<hex>" or "sha512-<hex>", Ignition spec 3.4.0) before
 * it writes the file, so a wrong pin makes the node fail its first boot: pins are a safety feature
 * and the renderer refuses any version that has none.
 *
 * !!! NOT VERIFIED: Flatkube was written without internet access, so the hashes below are
 * !!! PLACEHOLDERS derived from the file name, NOT the real checksums. Every entry says
 * !!! `verified: false`. Before a real Azure deployment, replace each `unverified(...)` with the
 * !!! sha256 from the release's SHA256SUMS (https://extensions.flatcar.org/extensions/) and set
 * !!! `verified: true`. Renderers called with `requireVerifiedPin` refuse unverified entries.
 * The sandbox's simulated nodes do not download anything, so placeholders work there.
 */

export type SysextArch = 'x86-64' | 'arm64';

export interface SysextPin {
  /** Ignition hash form: sha256-<64 hex> */
  hash: string;
  verified: boolean;
}

/** A pin with the URL it is good for (real Azure: resolved from the release's SHA256SUMS, sysext-checksums.ts). */
export interface ResolvedSysextPin extends SysextPin {
  url: string;
}

export const SYSEXT_BASE_URL = 'https://extensions.flatcar.org/extensions';

/** Deterministic, obviously-not-real placeholder in the right format (see the warning above). */
function unverified(version: string, arch: SysextArch): SysextPin {
  const label = `UNVERIFIED PLACEHOLDER kubernetes-v${version}-${arch}.raw`;
  return { hash: `sha256-${createHash('sha256').update(label).digest('hex')}`, verified: false };
}

function both(version: string): Record<SysextArch, SysextPin> {
  return { 'x86-64': unverified(version, 'x86-64'), arm64: unverified(version, 'arm64') };
}

/** version (no leading v) -> arch -> pin. One patch release per supported minor (1.34-1.36). */
export const SYSEXT_PINS: Readonly<Record<string, Record<SysextArch, SysextPin>>> = {
  '1.34.5': both('1.34.5'),
  '1.35.3': both('1.35.3'),
  '1.36.1': both('1.36.1'),
};

export function sysextArch(architecture: 'x64' | 'Arm64'): SysextArch {
  return architecture === 'Arm64' ? 'arm64' : 'x86-64';
}

export function sysextFileName(version: string, arch: SysextArch): string {
  return `kubernetes-v${version}-${arch}.raw`;
}

export function sysextUrl(version: string, arch: SysextArch): string {
  return `${SYSEXT_BASE_URL}/${sysextFileName(version, arch)}`;
}

/** Versions the wizard may offer (each has a pin for both architectures). */
export function pinnedKubernetesVersions(): string[] {
  return Object.keys(SYSEXT_PINS);
}

export class MissingSysextPinError extends Error {
  constructor(version: string, arch: SysextArch, reason: string) {
    super(`No usable sysext pin for Kubernetes ${version} (${arch}): ${reason}. Pinned: ${pinnedKubernetesVersions().join(', ')}`);
    this.name = 'MissingSysextPinError';
  }
}

export function sysextPin(version: string, arch: SysextArch, opts: { requireVerified?: boolean } = {}): SysextPin {
  const pin = SYSEXT_PINS[version]?.[arch];
  if (!pin) throw new MissingSysextPinError(version, arch, 'not in the pinned table');
  if (opts.requireVerified && !pin.verified) {
    throw new MissingSysextPinError(version, arch, 'the pinned hash is an unverified placeholder');
  }
  return pin;
}
