/**
 * The Kubernetes versions the wizard offers: those the environment's sysext bakery publishes for
 * the node architecture (docs/bootstrap.md#kubernetes-sysext: check the sysext exists before offering a version), within
 * the minors Flatkube supports, newest first, each minor's newest patch marked.
 */
import { SUPPORTED_KUBERNETES_MINORS } from '../../../../shared/domain/cluster-spec';
import { compareDottedVersions } from '../../../../shared/domain/flatcar-version';
import type { KubernetesVersionsResult } from '../../../../shared/ipc/channels/azure';
import type { SysextVersion } from '../render/sysext-checksums';
import { sysextArch } from '../render/sysext';

export function offeredKubernetesVersions(published: SysextVersion[], architecture: 'x64' | 'Arm64', bakery: string): KubernetesVersionsResult {
  const arch = sysextArch(architecture);
  const supported = new Set<number>(SUPPORTED_KUBERNETES_MINORS);
  const parts = (v: string) => v.split('.').map(Number) as [number, number, number];
  const usable = published
    .filter((p) => p.arches.includes(arch))
    .map((p) => ({ version: p.version, parts: parts(p.version) }))
    .filter((p) => p.parts[0] === 1 && supported.has(p.parts[1]))
    .sort((a, b) => compareDottedVersions(b.version, a.version));
  const seenMinor = new Set<number>();
  const versions = usable.map((p) => {
    const latestPatch = !seenMinor.has(p.parts[1]);
    seenMinor.add(p.parts[1]);
    return { version: p.version, minor: p.parts[1], latestPatch };
  });
  return { bakery, versions };
}
