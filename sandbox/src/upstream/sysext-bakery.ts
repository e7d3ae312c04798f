/**
 * The sandbox's Flatcar sysext bakery: the same layout as github.com/flatcar/sysext-bakery's
 * releases (release.sh: one release `kubernetes-vX.Y.Z` per extension version holding both
 * architectures' images `kubernetes-vX.Y.Z-<x86-64|arm64>.raw` and a SHA256SUMS; release_meta.sh:
 * a metadata release named after the extension whose SHA256SUMS lists every version), under
 * `<sandbox origin>/_bakery/releases/download/`. Facts, with their source:
 * test/fixtures/upstream/sysext-bakery-kubernetes.json (upstream-facts.test.ts checks the names). Flatkube resolves versions and
 * checksums from it exactly as from the real bakery (sysext-checksums.ts), the simulated nodes
 * download the images from it during Ignition, and Ignition's verification.hash is checked
 * against these bytes.
 *
 * The images are small generated stand-ins (a text header naming version and architecture), not
 * squashfs images: the simulated nodes only read which version and architecture they carry; what
 * merging one adds to a node (kubelet's units, the Upholds= drop-in, the volume plugin dir
 * symlink) is nodes/flatcar-os.ts KUBERNETES_SYSEXT, mirroring the bakery's kubernetes.sysext.
 */
import { createHash } from 'node:crypto';
import type { UpstreamFile, UpstreamProvider } from './internet';

export const BAKERY_PATH = '/_bakery/releases/download';

/**
 * Versions the sandbox bakery publishes: recent patches of each supported minor, like the real
 * bakery, which builds every upstream patch release. Newest last within a minor.
 */
export const SANDBOX_KUBERNETES_VERSIONS = ['1.34.4', '1.34.5', '1.35.2', '1.35.3', '1.36.0', '1.36.1'] as const;

export const SYSEXT_ARCHES = ['x86-64', 'arm64'] as const;
export type BakeryArch = (typeof SYSEXT_ARCHES)[number];

export function sandboxBakeryBaseUrl(origin: string): string {
  return `${origin.replace(/\/+$/, '')}${BAKERY_PATH}`;
}

/** The bytes of one generated image (deterministic: the same version and arch always hash alike). */
export function sandboxSysextImage(version: string, arch: BakeryArch): Buffer {
  return Buffer.from(
    [
      'FLATKUBE SANDBOX SYSEXT IMAGE (a stand-in, not a squashfs file system)',
      'ID=_any',
      `ARCHITECTURE=${arch}`,
      'EXTENSION=kubernetes',
      `VERSION=v${version}`,
      `CONTENTS=/usr/bin/kubeadm /usr/bin/kubelet /usr/bin/kubectl /usr/lib/systemd/system/kubelet.service`,
      '',
    ].join('\n'),
  );
}

function sumLine(version: string, arch: BakeryArch): string {
  const file = `kubernetes-v${version}-${arch}.raw`;
  return `${createHash('sha256').update(sandboxSysextImage(version, arch)).digest('hex')}  ${file}\n`;
}

function text(body: string): UpstreamFile {
  return { body: Buffer.from(body), contentType: 'text/plain; charset=utf-8' };
}

/** Serves under `origin` (the sandbox's own https://127.0.0.1:PORT); `versions` defaults to SANDBOX_KUBERNETES_VERSIONS. */
export function sandboxBakery(opts: { origin: string; versions?: readonly string[] }): UpstreamProvider {
  const origin = new URL(opts.origin);
  const versions = new Set(opts.versions ?? SANDBOX_KUBERNETES_VERSIONS);
  return {
    name: 'sysext-bakery',
    hosts: () => [origin.host],
    get(url) {
      if (!url.pathname.startsWith(`${BAKERY_PATH}/`)) return undefined;
      const [release, file, ...rest] = url.pathname.slice(BAKERY_PATH.length + 1).split('/');
      if (!release || !file || rest.length > 0) return undefined;
      if (release === 'kubernetes') {
        // The metadata release: every version's SHA256SUMS, concatenated.
        if (file !== 'SHA256SUMS') return undefined;
        return text([...versions].flatMap((v) => SYSEXT_ARCHES.map((a) => sumLine(v, a))).join(''));
      }
      const m = /^kubernetes-v(\d+\.\d+\.\d+)$/.exec(release);
      const version = m?.[1];
      if (!version || !versions.has(version)) return undefined;
      if (file === 'SHA256SUMS') return text(SYSEXT_ARCHES.map((a) => sumLine(version, a)).join(''));
      for (const arch of SYSEXT_ARCHES) {
        if (file === `kubernetes-v${version}-${arch}.raw`) return { body: sandboxSysextImage(version, arch), contentType: 'application/octet-stream' };
      }
      return undefined;
    },
  };
}
