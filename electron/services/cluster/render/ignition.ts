import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { AZURE_JSON_PATH } from './azure-json';
import { controlPlaneName, type NodeInfo } from '../../../../shared/domain/cluster-layout';
import { hasLoadBalancedApi, loadBalancedControlPlaneEndpoint } from '../../../../shared/domain/api-endpoint';
import { toCustomData } from './custom-data';
import { HOST_KEY_UNIT, hostKeyUnitContents, SSHD_AFTER_HOST_KEY_DROPIN } from './host-key-announce';
import { renderInitConfig } from './kubeadm';
import { checkSysextPin, sysextArch, sysextFileName, type SysextPin } from './sysext';

/**
 * Per-node Ignition config (spec 3.4.0), the node's only first-boot provisioning on Flatcar.
 * Output is deterministic for the same input (nothing random or time-based), so re-rendering
 * after a restart yields the same custom data.
 *
 * No secret travels in it: Azure's API reference says of customData "Do not pass any secrets or
 * passwords in customData property", and the VM agent keeps the decoded copy on the VM. The node
 * makes its own SSH host keys (Flatcar's sshd-keygen.service) and announces the public one on its
 * serial console (host-key-announce.ts), where Flatkube reads and pins it before connecting.
 */

export const IGNITION_VERSION = '3.4.0';
/** The node's own ed25519 host key, made on the node at first boot (never in Ignition). */
export const HOST_KEY_PATH = '/etc/ssh/ssh_host_ed25519_key';
export const INIT_CONFIG_PATH = '/etc/kubeadm/init.yaml';
export const SYSEXT_LINK_PATH = '/etc/extensions/kubernetes.raw';

/**
 * Stands in for the control plane's public IP when it is not known yet (the az script allocates the
 * IP, then replaces this token with sed before creating the VM). Only letters and underscores, so it
 * survives the data-URL percent-encoding unchanged.
 */
export const PUBLIC_IP_PLACEHOLDER = 'FLATKUBE_CP0_PUBLIC_IP';

export interface IgnitionInput {
  spec: ClusterSpec;
  node: NodeInfo;
  /**
   * Required for the control plane of a one-control-plane cluster (API server certificate SAN);
   * ignored for other nodes and with three control planes (whose endpoint is the load balancer's
   * name, known from the spec: shared/domain/api-endpoint.ts).
   */
  controlPlanePublicIp?: string;
  /**
   * The Kubernetes sysext image's URL and sha256, resolved from the bakery's SHA256SUMS for this
   * deployment (sysext-checksums.ts). Ignition refuses the image when the hash does not match.
   */
  pin: SysextPin;
  /**
   * The Azure integration's cloud config (render/azure-json.ts), written to every node: the cloud
   * provider and the disk driver read it from the host. No secret in it.
   */
  azureJson?: string;
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
  contents?: string;
  dropins?: { name: string; contents: string }[];
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

function requiredPublicIp(input: IgnitionInput): string {
  if (!input.controlPlanePublicIp) throw new Error('controlPlanePublicIp is required to render the control plane');
  return input.controlPlanePublicIp;
}

export function renderIgnition(input: IgnitionInput): IgnitionConfig {
  const { spec, node } = input;

  const arch = sysextArch(spec.architecture);
  const pin = checkSysextPin(input.pin, spec.kubernetesVersion, arch);
  const sysextPath = `/opt/extensions/kubernetes/${sysextFileName(spec.kubernetesVersion, arch)}`;

  const files: IgnitionFile[] = [
    textFile('/etc/hostname', 0o644, `${node.name}\n`, true),
    textFile('/etc/modules-load.d/k8s.conf', 0o644, MODULES),
    textFile('/etc/sysctl.d/k8s.conf', 0o644, SYSCTL),
    {
      path: sysextPath,
      mode: 0o644,
      contents: { source: pin.url, verification: { hash: pin.hash } },
    },
  ];

  if (input.azureJson !== undefined) files.push(textFile(AZURE_JSON_PATH, 0o644, input.azureJson));

  if (node.name === controlPlaneName(0)) {
    // The first control plane runs kubeadm init; the others join (their JoinConfiguration holds
    // the token and the certificate key, so it comes over SSH, never in custom data).
    const init = hasLoadBalancedApi(spec)
      ? renderInitConfig({ spec, nodeName: node.name, privateIp: node.privateIp, controlPlaneEndpoint: loadBalancedControlPlaneEndpoint(spec), cloudProviderExternal: spec.azureIntegration.cloudProvider })
      : renderInitConfig({ spec, nodeName: node.name, privateIp: node.privateIp, publicIp: requiredPublicIp(input), cloudProviderExternal: spec.azureIntegration.cloudProvider });
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
        // No multi-user.target.wants/kubelet.service link: the sysext starts kubelet itself on every
        // boot. flatcar/sysext-bakery kubernetes.sysext/files/usr/lib/systemd/system/
        // multi-user.target.d/10-kubelet-service.conf is `[Unit] Upholds=kubelet.service`, and the
        // image reloads systemd on merge (create.sh: RELOAD_SERVICES_ON_MERGE). kubeadm's preflight
        // then warns "kubelet service is not enabled" (it asks `systemctl is-enabled`); harmless.
      ],
    },
    systemd: {
      units: [
        // Flatcar OS updates (docs/operations.md#flatcar-updates): update-engine stays on and
        // downloads each update to the passive partition; the reboot into it is Kured's, one node
        // at a time after a drain (render/kured.ts), or the user's when reboots are off. Flatcar's
        // own reboot manager, locksmithd, would reboot each node about five minutes after an
        // update without draining it (flatcar/flatcar-website
        // content/docs/latest/updates-releases/releases/update-strategies.md: "The default
        // behavior is `reboot`"), so it is masked, as Flatcar's Kubernetes guide does for Kured
        // (getting-started-with-kubernetes.md: `locksmithd.service` "mask: true", "To coordinate
        // the node reboot in this context, we recommend to use Kured") and flatcar/flatcar-website#697
        // says: "To let kured handle the reboot, you will need to disable locksmithd.service by
        // masking it". Enabled explicitly so the config says what the node relies on.
        { name: 'update-engine.service', enabled: true },
        { name: 'locksmithd.service', mask: true },
        // The node's own SSH host key, announced on the serial console for Flatkube to pin.
        { name: HOST_KEY_UNIT, enabled: true, contents: hostKeyUnitContents() },
        { name: 'sshd@.service', dropins: [SSHD_AFTER_HOST_KEY_DROPIN] },
      ],
    },
  };
}

/** Compact JSON (what goes into custom data). Key order is fixed by construction. */
export function renderIgnitionJson(input: IgnitionInput): string {
  return JSON.stringify(renderIgnition(input));
}

/** Base64 custom data for the node's VM; throws CustomDataTooLargeError over Azure's limit. */
export function renderCustomData(input: IgnitionInput): string {
  return toCustomData(renderIgnitionJson(input));
}
