// The parts of a stock Flatcar image the simulator needs: base files, the
// units systemd starts at boot, and how the Kubernetes sysext shows up.
import type { VirtualFs } from './vfs';

export const SIMULATED_LABEL = 'Flatkube sandbox: simulated Flatcar node';
export const FLATCAR_VERSION = '4459.2.1';
export const KERNEL_VERSION = '6.12.54-flatcar';
export const CONTAINERD_VERSION = '2.0.6';
export const SYSEXT_LINK = '/etc/extensions/kubernetes.raw';

export function writeBaseImage(fs: VirtualFs, arch: 'x64' | 'Arm64'): void {
  fs.writeFile(
    '/etc/os-release',
    [
      'NAME="Flatcar Container Linux by Kinvolk"',
      'ID=flatcar',
      `VERSION=${FLATCAR_VERSION}`,
      `VERSION_ID=${FLATCAR_VERSION}`,
      `PRETTY_NAME="Flatcar Container Linux by Kinvolk ${FLATCAR_VERSION} (Oklo)"`,
      'HOME_URL="https://flatcar.org/"',
      `FLATKUBE_SANDBOX="${SIMULATED_LABEL}"`,
      '',
    ].join('\n'),
  );
  fs.writeFile('/etc/motd', `${SIMULATED_LABEL} (Flatcar Container Linux ${FLATCAR_VERSION}, ${arch === 'Arm64' ? 'arm64' : 'amd64'})\n`);
  fs.writeFile('/usr/share/containerd/config.toml', 'version = 2\n[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\n  SystemdCgroup = true\n');
  fs.mkdirp('/home/core', 'core', 0o755);
  fs.mkdirp('/tmp', 'core', 0o1777);
  fs.mkdirp('/var/lib/kubelet');
  fs.mkdirp('/etc/kubernetes/manifests');
  // Flatcar ships the flex-volume directory as a symlink into /var (read-only /usr).
  fs.symlink('/usr/libexec/kubernetes/kubelet-plugins/volume/exec', '/var/kubernetes/kubelet-plugins/volume/exec');
}

export interface SysextInfo {
  /** e.g. `v1.36.1` */
  version: string;
  arch: 'x86-64' | 'arm64';
}

/** The Kubernetes sysext, if `/etc/extensions/kubernetes.raw` links to an image that exists. */
export function kubernetesSysext(fs: VirtualFs): SysextInfo | undefined {
  const link = fs.lstat(SYSEXT_LINK);
  if (!link || link.type !== 'link') {
    // A plain file named kubernetes.raw also works for systemd-sysext.
    if (link?.type !== 'file') return undefined;
  }
  const real = fs.resolve(SYSEXT_LINK);
  if (!fs.stat(real)) return undefined;
  const m = /kubernetes-(v\d+\.\d+\.\d+)-(x86-64|arm64)\.raw$/.exec(real);
  if (!m) return undefined;
  return { version: m[1] as string, arch: m[2] as 'x86-64' | 'arm64' };
}

/** Usable only when the sysext's architecture matches the machine (systemd-sysext refuses others). */
export function usableSysext(fs: VirtualFs, arch: 'x64' | 'Arm64'): SysextInfo | undefined {
  const s = kubernetesSysext(fs);
  if (!s) return undefined;
  return (s.arch === 'arm64') === (arch === 'Arm64') ? s : undefined;
}

export function parseVersion(v: string): [number, number, number] {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : [0, 0, 0];
}

export function minorOf(v: string): number {
  return parseVersion(v)[1];
}
