import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { NodeInfo } from '../../../../shared/domain/cluster-layout';
import { toCustomData } from './custom-data';
import { renderInitConfig } from './kubeadm';
import { checkSysextPin, sysextArch, sysextFileName, type SysextPin } from './sysext';

/**
 * Per-node Ignition config (spec 3.4.0), the node's only first-boot provisioning on Flatcar.
 * Output is deterministic for the same input (keys are passed in, nothing random or time-based),
 * so re-rendering after a restart yields the same custom data.
 *
 * Note: the node's SSH host private key travels in custom data. Azure keeps custom data with the VM
 * model (not exposed through IMDS); it is the price of strict host-key checking from the first
 * connection, and the key is only good for that one node.
 */

export const IGNITION_VERSION = '3.4.0';
export const HOST_KEY_PATH = '/etc/ssh/ssh_host_ed25519_key';
export const INIT_CONFIG_PATH = '/etc/kubeadm/init.yaml';
export const SYSEXT_LINK_PATH = '/etc/extensions/kubernetes.raw';

/**
 * Stands in for the control plane's public IP when it is not known yet (the az script allocates the
 * IP, then replaces this token with sed before creating the VM). Only letters and underscores, so it
 * survives the data-URL percent-encoding unchanged.
 */
export const PUBLIC_IP_PLACEHOLDER = 'FLATKUBE_CP0_PUBLIC_IP';

export interface HostKeyPair {
  /** OpenSSH private key (PEM-like text). Never logged. */
  privateKey: string;
  /** "ssh-ed25519 AAAA... comment" */
  publicKey: string;
}

export interface IgnitionInput {
  spec: ClusterSpec;
  node: NodeInfo;
  hostKey: HostKeyPair;
  /** Required for the control plane (API server certificate SAN); ignored for workers. */
  controlPlanePublicIp?: string;
  /**
   * The Kubernetes sysext image's URL and sha256, resolved from the bakery's SHA256SUMS for this
   * deployment (sysext-checksums.ts). Ignition refuses the image when the hash does not match.
   */
  pin: SysextPin;
}

// Minimal typed subset of the Ignition 3.4.0 config we emit.
export interface IgnitionFile {
  path: string;
  mode: number;
  overwrite?: boolean;
  contents: { source: string; verification?: { hash: string } };
}
export interface IgnitionLink {
  path: string;
  target: string;
  hard: boolean;
  overwrite?: boolean;
}
export interface IgnitionUnit {
  name: string;
  mask?: boolean;
  enabled?: boolean;
}
export interface IgnitionConfig {
  ignition: { version: string };
  passwd: { users: { name: string; sshAuthorizedKeys: string[] }[] };
  storage: { files: IgnitionFile[]; links: IgnitionLink[] };
  systemd: { units: IgnitionUnit[] };
}

/** RFC 2397 data URL, percent-encoded (readable, and what Butane emits for small text files). */
export function dataUrl(text: string): string {
  return `data:,${encodeURIComponent(text)}`;
}

function textFile(path: string, mode: number, text: string, overwrite = false): IgnitionFile {
  return { path, mode, ...(overwrite ? { overwrite: true } : {}), contents: { source: dataUrl(text) } };
}

const MODULES = 'br_netfilter\noverlay\n';
// Bridged pod traffic must pass iptables (kube-proxy, Flannel) and nodes must route pod packets.
const SYSCTL = [
  'net.ipv4.ip_forward = 1',
  'net.bridge.bridge-nf-call-iptables = 1',
  'net.bridge.bridge-nf-call-ip6tables = 1',
  '',
].join('\n');
// HostKey is additive in sshd_config; with only this line sshd loads only our pinned key, so the
// fingerprint the desktop expects is the only one the node can present.
const SSHD_DROPIN = `# Flatkube: present only the host key pinned by the desktop app\nHostKey ${HOST_KEY_PATH}\n`;

export function renderIgnition(input: IgnitionInput): IgnitionConfig {
  const { spec, node, hostKey } = input;
  if (/PRIVATE KEY/.test(hostKey.publicKey) || !/^ssh-ed25519 /.test(hostKey.publicKey)) {
    throw new Error('hostKey.publicKey must be an ssh-ed25519 public key line');
  }
  if (!/PRIVATE KEY-----/.test(hostKey.privateKey)) throw new Error('hostKey.privateKey must be an OpenSSH private key');

  const arch = sysextArch(spec.architecture);
  const pin = checkSysextPin(input.pin, spec.kubernetesVersion, arch);
  const sysextPath = `/opt/extensions/kubernetes/${sysextFileName(spec.kubernetesVersion, arch)}`;

  const files: IgnitionFile[] = [
    textFile('/etc/hostname', 0o644, `${node.name}\n`, true),
    textFile(HOST_KEY_PATH, 0o600, ensureNewline(hostKey.privateKey), true),
    textFile(`${HOST_KEY_PATH}.pub`, 0o644, ensureNewline(hostKey.publicKey), true),
    textFile('/etc/ssh/sshd_config.d/10-flatkube-hostkey.conf', 0o600, SSHD_DROPIN),
    textFile('/etc/modules-load.d/k8s.conf', 0o644, MODULES),
    textFile('/etc/sysctl.d/k8s.conf', 0o644, SYSCTL),
    {
      path: sysextPath,
      mode: 0o644,
      contents: { source: pin.url, verification: { hash: pin.hash } },
    },
  ];

  if (node.role === 'control-plane') {
    const publicIp = input.controlPlanePublicIp;
    if (!publicIp) throw new Error('controlPlanePublicIp is required to render the control plane');
    const init = renderInitConfig({ spec, nodeName: node.name, privateIp: node.privateIp, publicIp });
    files.push(textFile(INIT_CONFIG_PATH, 0o600, init));
  }

  return {
    ignition: { version: IGNITION_VERSION },
    passwd: { users: [{ name: spec.ssh.user, sshAuthorizedKeys: [spec.ssh.publicKey] }] },
    storage: {
      files,
      links: [
        // systemd-sysext merges /etc/extensions/*.raw into /usr at boot: kubeadm, kubelet, CNI plugins.
        { path: SYSEXT_LINK_PATH, target: sysextPath, hard: false, overwrite: true },
        // Start kubelet on every boot once kubeadm has configured it (the unit comes from the sysext;
        // the link dangles harmlessly until the sysext is merged).
        {
          path: '/etc/systemd/system/multi-user.target.wants/kubelet.service',
          target: '/usr/lib/systemd/system/kubelet.service',
          hard: false,
          overwrite: true,
        },
      ],
    },
    systemd: {
      units: [
        // No automatic reboots for updates while a demo cluster runs (BOOTSTRAP.md step 7).
        { name: 'locksmithd.service', mask: true },
      ],
    },
  };
}

function ensureNewline(s: string): string {
  return s.endsWith('\n') ? s : `${s}\n`;
}

/** Compact JSON (what goes into custom data). Key order is fixed by construction. */
export function renderIgnitionJson(input: IgnitionInput): string {
  return JSON.stringify(renderIgnition(input));
}

/** Base64 custom data for the node's VM; throws CustomDataTooLargeError over Azure's limit. */
export function renderCustomData(input: IgnitionInput): string {
  return toCustomData(renderIgnitionJson(input));
}
