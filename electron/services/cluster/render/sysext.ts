/**
 * The Kubernetes sysext image (flatcar/sysext-bakery) as Ignition downloads it: file names per
 * architecture, and the pin Ignition checks. A pin is always resolved from the bakery's
 * SHA256SUMS for one deployment (sysext-checksums.ts); Flatkube keeps no hash table of its own,
 * so there is no hash here that could go stale or be a placeholder.
 */

export type SysextArch = 'x86-64' | 'arm64';

/** The image's URL and its hash in Ignition's form (`sha256-<64 hex>`), from the release's SHA256SUMS. */
export interface SysextPin {
  url: string;
  hash: string;
}

export function sysextArch(architecture: 'x64' | 'Arm64'): SysextArch {
  return architecture === 'Arm64' ? 'arm64' : 'x86-64';
}

export function sysextFileName(version: string, arch: SysextArch): string {
  return `kubernetes-v${version}-${arch}.raw`;
}

/** A pin must be for this very file, over HTTPS, in Ignition's sha256 form. Throws otherwise. */
export function checkSysextPin(pin: SysextPin, version: string, arch: SysextArch): SysextPin {
  const file = sysextFileName(version, arch);
  if (!/^sha256-[0-9a-f]{64}$/.test(pin.hash)) throw new Error(`the sysext pin for ${file} is not a sha256 hash: ${pin.hash}`);
  let url: URL;
  try {
    url = new URL(pin.url);
  } catch {
    throw new Error(`the sysext pin for ${file} has no valid URL`);
  }
  if (url.protocol !== 'https:' || !url.pathname.endsWith(`/${file}`)) throw new Error(`the sysext pin is for ${pin.url}, not an HTTPS URL of ${file}`);
  return pin;
}
