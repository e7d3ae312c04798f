import { SUPPORTED_KUBERNETES_MINORS } from '../../../../shared/domain/cluster-spec';
import { compareDottedVersions } from '../../../../shared/domain/flatcar-version';
import { AppError } from '../../errors';
import type { SysextArch } from '../render/sysext';
import type { SysextVersion } from '../render/sysext-checksums';

/**
 * Which Kubernetes versions a cluster may upgrade to (docs/operations.md#upgrades): a newer patch
 * of its minor, or a release of the next minor, and only what the sysext bakery publishes for the
 * nodes' architecture (a node gets Kubernetes only as a bakery image). One minor at a time because
 * kubeadm refuses more ("Specified version to upgrade to ... is too high; kubeadm can upgrade only 1
 * minor version at a time": kubernetes/kubernetes cmd/kubeadm/app/phases/upgrade/policy.go,
 * MaximumAllowedMinorVersionUpgradeSkew = 1; "Skipping MINOR versions when upgrading is
 * unsupported": https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade/).
 */

const parts = (v: string) => v.split('.').map(Number) as [number, number, number];

/** The versions this cluster may move to next, nearest first. */
export function upgradeTargets(current: string, published: readonly SysextVersion[], arch: SysextArch): string[] {
  const [major, minor] = parts(current);
  const supported = new Set<number>(SUPPORTED_KUBERNETES_MINORS);
  return published
    .filter((p) => p.arches.includes(arch))
    .map((p) => p.version)
    .filter((v) => {
      const [ma, mi] = parts(v);
      return ma === major && (mi === minor || mi === minor + 1) && supported.has(mi) && compareDottedVersions(v, current) > 0;
    })
    .sort(compareDottedVersions);
}

/** Throws CLUSTER_UPGRADE_REFUSED, saying why and what would do, unless `target` is a next step. */
export function refuseUpgradeTarget(name: string, current: string, target: string, published: readonly SysextVersion[], arch: SysextArch): void {
  const next = upgradeTargets(current, published, arch);
  if (next.includes(target)) return;
  const offer = next.length ? `It may go to ${next.join(', ')}.` : 'The bakery publishes no newer release it may go to.';
  const [, curMinor] = parts(current);
  const [, toMinor] = parts(target);
  const why =
    compareDottedVersions(target, current) === 0
      ? `it runs Kubernetes ${current} already`
      : compareDottedVersions(target, current) < 0
        ? `${target} is older than its ${current} (downgrades are not done)`
        : toMinor > curMinor + 1
          ? `${target} skips a minor: kubeadm upgrades one minor at a time (${current} -> 1.${curMinor + 1}.x first)`
          : !(SUPPORTED_KUBERNETES_MINORS as readonly number[]).includes(toMinor)
            ? `Flatkube supports Kubernetes 1.${SUPPORTED_KUBERNETES_MINORS[0]}-1.${SUPPORTED_KUBERNETES_MINORS.at(-1)}`
            : `the sysext bakery publishes no ${target} image for ${arch}`;
  throw new AppError('CLUSTER_UPGRADE_REFUSED', `cluster ${name} cannot upgrade to ${target}: ${why}`, { hint: offer });
}
