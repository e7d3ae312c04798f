/**
 * The commands that move one Flatcar node to another Kubernetes sysext image (docs/operations.md#upgrades).
 * Pure: the upgrade's step runners (engine/upgrade-steps.ts) run them over SSH and its plan
 * (plan/upgrade-steps.ts) shows them, so what is shown is what runs.
 *
 * The layout is the one Ignition made (render/ignition.ts) and the bakery documents: the image in
 * /opt/extensions/kubernetes/kubernetes-vX.Y.Z-<arch>.raw and the link /etc/extensions/kubernetes.raw
 * to it (flatcar/sysext-bakery docs/kubernetes.md; flatcar/flatcar-website
 * content/docs/latest/orchestrate/kubernetes/getting-started-with-kubernetes.md). The bakery's own
 * updater, systemd-sysupdate, does the same: it downloads the newer file next to the old one and
 * re-points that link (its transfer file sets CurrentSymlink=/etc/extensions/kubernetes.raw), but
 * only within a minor, "never across releases" (sysext-bakery docs/kubernetes.md), and only
 * stages the image. Flatkube does it itself, for a patch or the next minor, verified against the
 * release's SHA256SUMS, and merges at once: "You can reload the sysext images at runtime by
 * executing `systemctl restart systemd-sysext`" ... "A manual `systemd-sysext refresh` is not
 * recommended" (flatcar/flatcar-website content/docs/latest/sys-ext/_index.md). Running services
 * keep their binaries until restarted, so the kubelet changes version when kubeadm is done and it
 * restarts (https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade/: "Restart
 * the kubelet").
 */
import { SYSEXT_LINK_PATH } from './ignition';
import { sysextFileName, type SysextArch, type SysextPin } from './sysext';

export const SYSEXT_DIR = '/opt/extensions/kubernetes';

export function sysextImagePath(version: string, arch: SysextArch): string {
  return `${SYSEXT_DIR}/${sysextFileName(version, arch)}`;
}

export interface SysextSwap {
  /** Where the link points now (compared with the image's path before anything is done). */
  readLink: string;
  /** Downloads the image beside the current one (a new file: the running image is untouched). */
  download: string;
  /** Checks it against the release's SHA256SUMS (sha256sum exits 1 on a mismatch). */
  verify: string;
  /** A bad download goes again, so the next attempt starts clean. */
  discard: string;
  /** Re-points the link (-n: replace the link itself, not a file inside what it points to). */
  link: string;
  /** Unmerges and merges the extensions: /usr now has the new kubeadm, kubelet and kubectl. */
  merge: string;
}

/** Each runs as root except readLink and verify. */
export function sysextSwapCommands(pin: SysextPin, version: string, arch: SysextArch): SysextSwap {
  const path = sysextImagePath(version, arch);
  const hex = pin.hash.replace(/^sha256-/, '');
  return {
    readLink: `readlink -f ${SYSEXT_LINK_PATH}`,
    download: `curl -fsSL --retry 3 -o ${path} ${pin.url}`,
    verify: `echo '${hex}  ${path}' | sha256sum --check --strict`,
    discard: `rm -f ${path}`,
    link: `ln -sfn ${path} ${SYSEXT_LINK_PATH}`,
    merge: 'systemctl restart systemd-sysext',
  };
}

/**
 * kubeadm on the node once its image is swapped: the first control plane checks the plan and
 * applies the version (`-y`: no terminal to confirm on); every other node runs `upgrade node`
 * (kubeadm-upgrade docs: "Upgrade additional control plane nodes", "Upgrade worker nodes").
 */
export function kubeadmUpgradeCommands(version: string, first: boolean): string[] {
  return first ? [`kubeadm upgrade plan v${version}`, `kubeadm upgrade apply v${version} --yes`] : ['kubeadm upgrade node'];
}

/** "sudo systemctl daemon-reload; sudo systemctl restart kubelet" (kubeadm-upgrade docs). */
export const KUBELET_RESTART = ['systemctl daemon-reload', 'systemctl restart kubelet'];
