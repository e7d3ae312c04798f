// The parts of a stock Flatcar image the simulator needs: base files, the
// units systemd starts at boot, and how the Kubernetes sysext shows up.
import type { VirtualFs } from './vfs';

export const SIMULATED_LABEL = 'Flatkube sandbox: simulated Flatcar node';
export const FLATCAR_VERSION = '4459.2.1';
export const KERNEL_VERSION = '6.12.54-flatcar';
export const CONTAINERD_VERSION = '2.0.6';
export const SYSEXT_LINK = '/etc/extensions/kubernetes.raw';

export function writeBaseImage(fs: VirtualFs, arch: 'x64' | 'Arm64'): void {
  writeOsRelease(fs);
  fs.writeFile('/etc/motd', `${SIMULATED_LABEL} (Flatcar Container Linux ${FLATCAR_VERSION}, ${arch === 'Arm64' ? 'arm64' : 'amd64'})\n`);
  fs.writeFile('/usr/share/containerd/config.toml', 'version = 2\n[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\n  SystemdCgroup = true\n');
  fs.mkdirp('/home/core', 'core', 0o755);
  fs.mkdirp('/tmp', 'core', 0o1777);
  fs.mkdirp('/var/lib/kubelet');
  fs.mkdirp('/etc/kubernetes/manifests');
}

/** The release the node runs, as os-release names it (a booted update rewrites it: update-engine.ts). */
export function writeOsRelease(fs: VirtualFs, version: string = FLATCAR_VERSION): void {
  fs.writeFile(
    '/etc/os-release',
    [
      'NAME="Flatcar Container Linux by Kinvolk"',
      'ID=flatcar',
      `VERSION=${version}`,
      `VERSION_ID=${version}`,
      `PRETTY_NAME="Flatcar Container Linux by Kinvolk ${version} (Oklo)"`,
      'HOME_URL="https://flatcar.org/"',
      `FLATKUBE_SANDBOX="${SIMULATED_LABEL}"`,
      '',
    ].join('\n'),
  );
}

/**
 * What merging Flatcar's Kubernetes sysext adds to a node, as flatcar/sysext-bakery's
 * kubernetes.sysext builds it (create.sh and files/; the facts, with their source, are in
 * test/fixtures/upstream/sysext-bakery-kubernetes.json and upstream-facts.test.ts holds this to
 * them). The unit files are abridged stand-ins carrying the settings that matter here: kubelet is
 * started by multi-user.target's `Upholds=` (no enablement link needed), its ExecStartPre creates
 * the volume plugin dir under /var, and the read-only /usr's default plugin dir links there.
 */
export const KUBERNETES_SYSEXT = {
  source: 'https://github.com/flatcar/sysext-bakery/tree/80959c19db97e799be85d070e658217700067025/kubernetes.sysext',
  binaries: ['/usr/bin/kubectl', '/usr/bin/kubeadm', '/usr/bin/kubelet'],
  files: [
    {
      path: '/usr/lib/systemd/system/kubelet.service',
      settings: ['WantedBy=multi-user.target'],
      text: '# Flatkube sandbox stand-in (abridged) for the bakery sysext\'s kubelet.service\n[Unit]\nDescription=kubelet: The Kubernetes Node Agent\n\n[Service]\nExecStart=/usr/bin/kubelet\nRestart=always\nRestartSec=10\n\n[Install]\nWantedBy=multi-user.target\n',
    },
    {
      path: '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf',
      settings: ['ExecStartPre=/usr/bin/mkdir -p /var/kubernetes/kubelet-plugins/volume/exec/'],
      text: '# Flatkube sandbox stand-in (abridged) for the bakery sysext\'s 10-kubeadm.conf\n[Service]\nEnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\nExecStartPre=/usr/bin/mkdir -p /var/kubernetes/kubelet-plugins/volume/exec/\n',
    },
    {
      path: '/usr/lib/systemd/system/multi-user.target.d/10-kubelet-service.conf',
      settings: ['Upholds=kubelet.service'],
      text: '[Unit]\nUpholds=kubelet.service\n',
    },
  ],
  symlinks: [{ path: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec', target: '/var/kubernetes/kubelet-plugins/volume/exec' }],
} as const;

/** systemd-sysext merging the Kubernetes sysext: its unit files and symlink appear under /usr. */
export function mergeKubernetesSysext(fs: VirtualFs): void {
  for (const f of KUBERNETES_SYSEXT.files) fs.writeFile(f.path, f.text, { mode: 0o644 });
  for (const l of KUBERNETES_SYSEXT.symlinks) fs.symlink(l.path, l.target);
}

/** The units a target upholds (`Upholds=` in its drop-ins under /usr/lib and /etc). */
export function upheldBy(fs: VirtualFs, target: string): string[] {
  const units: string[] = [];
  for (const dir of [`/usr/lib/systemd/system/${target}.d`, `/etc/systemd/system/${target}.d`]) {
    for (const p of fs.list(dir).filter((x) => x.endsWith('.conf'))) {
      for (const m of (fs.readText(p) ?? '').matchAll(/^Upholds=(.+)$/gm)) units.push(...(m[1] as string).trim().split(/\s+/));
    }
  }
  return units;
}

/** Whether `systemctl enable` (or an Ignition link) enabled a unit for multi-user.target. */
export function enabledForMultiUser(fs: VirtualFs, unit: string): boolean {
  return fs.lstat(`/etc/systemd/system/multi-user.target.wants/${unit}`) !== undefined;
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
  return sysextOfImage(real);
}

/** Version and architecture from an image's bakery file name (`kubernetes-v1.35.3-x86-64.raw`). */
export function sysextOfImage(path: string): SysextInfo | undefined {
  const m = /kubernetes-(v\d+\.\d+\.\d+)-(x86-64|arm64)\.raw$/.exec(path);
  if (!m) return undefined;
  return { version: m[1] as string, arch: m[2] as 'x86-64' | 'arm64' };
}

/**
 * The image merged into /usr: systemd-sysext mounts the image when it merges (at boot, or when
 * `systemctl restart systemd-sysext` reloads the extensions: flatcar/flatcar-website
 * content/docs/latest/sys-ext/_index.md, "You can reload the sysext images at runtime by
 * executing `systemctl restart systemd-sysext`"), so re-pointing /etc/extensions/kubernetes.raw
 * changes nothing in /usr until then. Nodes that recorded no merge read the link.
 */
export function mergedSysext(fs: VirtualFs, merged: string | undefined, arch: 'x64' | 'Arm64'): SysextInfo | undefined {
  if (merged === undefined) return usableSysext(fs, arch);
  const s = sysextOfImage(merged);
  return s && (s.arch === 'arm64') === (arch === 'Arm64') ? s : undefined;
}

/** Usable only when the sysext's architecture matches the machine (systemd-sysext refuses others). */
export function usableSysext(fs: VirtualFs, arch: 'x64' | 'Arm64'): SysextInfo | undefined {
  const s = kubernetesSysext(fs);
  if (!s) return undefined;
  return (s.arch === 'arm64') === (arch === 'Arm64') ? s : undefined;
}

/** Numeric compare of dotted Flatcar versions (3815.2.0 < 4152.2.3 < 4230.10.0), as ARM orders them. */
export function compareFlatcarVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function parseVersion(v: string): [number, number, number] {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : [0, 0, 0];
}

export function minorOf(v: string): number {
  return parseVersion(v)[1];
}
