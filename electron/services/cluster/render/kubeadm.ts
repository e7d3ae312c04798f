import { parse, stringify } from 'yaml';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';

/**
 * kubeadm configuration files in API kubeadm.k8s.io/v1beta4 (v1beta3 was removed in 1.36;
 * field names checked against kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/).
 * v1beta4 changed every extraArgs map into a list of {name, value}, which allows repeated flags.
 */

export const KUBEADM_API = 'kubeadm.k8s.io/v1beta4';
export const KUBELET_API = 'kubelet.config.k8s.io/v1beta1';
/** Flatcar's own containerd; kubeadm must not guess (Flatcar also has Docker's socket). */
export const CRI_SOCKET = 'unix:///run/containerd/containerd.sock';
export const API_SERVER_PORT = 6443;
/*
 * No volume plugin (FlexVolume) dir overrides: Flatcar's Kubernetes sysext makes the default one
 * writable. flatcar/sysext-bakery kubernetes.sysext/create.sh links
 * /usr/libexec/kubernetes/kubelet-plugins/volume/exec to /var/kubernetes/kubelet-plugins/volume/exec,
 * which its kubelet unit creates (kubelet.service.d/10-kubeadm.conf: ExecStartPre=/usr/bin/mkdir -p
 * /var/kubernetes/kubelet-plugins/volume/exec/). kubelet's default --volume-plugin-dir, kubeadm's
 * flexvolume-dir hostPath for kube-controller-manager and Calico's default flexVolumePath all name
 * that path, so they agree; an /opt/libexec override (Flatcar's docs use one only for plain
 * binaries without the sysext) would send kubelet and the controller manager elsewhere than
 * Calico's operator. Facts: test/fixtures/upstream/sysext-bakery-kubernetes.json.
 */

export interface Arg {
  name: string;
  value: string;
}

export interface InitConfigInput {
  spec: Pick<ClusterSpec, 'name' | 'kubernetesVersion' | 'network'>;
  nodeName: string;
  privateIp: string;
  /**
   * One control plane: its public IP, for the API server certificate (kubectl from the desktop).
   * Not with a load-balanced endpoint, where the desktop uses the endpoint's name.
   */
  publicIp?: string;
  /**
   * Three control planes: the load balancer's `<fqdn>:6443` (shared/domain/api-endpoint.ts).
   * kubeadm puts the host into every control plane's API server certificate ("add cluster
   * controlPlaneEndpoint if present (dns or ip)": kubernetes/kubernetes
   * cmd/kubeadm/app/util/pkiutil/pki_helpers.go, GetAPIServerAltNames), and a joining control
   * plane needs it (kubeadm join's preflight, checkIfReadyForAdditionalControlPlane in
   * cmd/kubeadm/app/cmd/phases/join/preflight.go: "unable to add a new control plane instance
   * [to] a cluster that doesn't have a stable controlPlaneEndpoint address").
   */
  controlPlaneEndpoint?: string;
  /**
   * The key `kubeadm init --upload-certs` encrypts the shared certificates with (InitConfiguration
   * `certificateKey`). A secret: only in the copy the engine writes over SSH stdin into a 0600
   * file, never in Ignition (custom data) and never on a command line.
   */
  certificateKey?: string;
  /** The out-of-tree Azure cloud provider runs in the cluster (cloudProviderArgs). */
  cloudProviderExternal?: boolean;
}

/**
 * With the out-of-tree cloud provider, kubelet and kube-controller-manager run with
 * `--cloud-provider=external`; kube-apiserver takes no such flag (kubernetes-sigs/cloud-provider-azure
 * documentation content/en/install/azure-ccm.md, https://cloud-provider-azure.sigs.k8s.io/install/azure-ccm/).
 * In kubeadm v1beta4 both are `{name, value}` extra args.
 */
export const CLOUD_PROVIDER_EXTERNAL: Arg = { name: 'cloud-provider', value: 'external' };

/**
 * "hex encoded string that is an AES key of size 32 bytes" (kubeadm init phase upload-certs,
 * --certificate-key: https://kubernetes.io/docs/reference/setup-tools/kubeadm/generated/kubeadm_init_phase_upload-certs/).
 */
export const CERTIFICATE_KEY = /^[0-9a-f]{64}$/;

function checkCertificateKey(key: string): string {
  if (!CERTIFICATE_KEY.test(key)) throw new Error('certificate key must be 64 lower-case hex digits (32 bytes)');
  return key;
}

function doc(value: unknown): string {
  // lineWidth 0: never fold long strings (hashes, URLs) across lines.
  return stringify(value, { lineWidth: 0 });
}

function nodeRegistration(nodeName: string, nodeIp: string, cloudProviderExternal = false) {
  return {
    name: nodeName,
    criSocket: CRI_SOCKET,
    // node-ip: Azure NICs have one private address, but say it explicitly so the kubelet never
    // picks a CNI or docker0 address after a reboot.
    kubeletExtraArgs: [{ name: 'node-ip', value: nodeIp }, ...(cloudProviderExternal ? [CLOUD_PROVIDER_EXTERNAL] : [])] satisfies Arg[],
  };
}

/** KubeletConfiguration shared by init (kubeadm stores it in the cluster for joiners). */
function kubeletConfiguration() {
  return {
    apiVersion: KUBELET_API,
    kind: 'KubeletConfiguration',
    // Flatcar's containerd config sets SystemdCgroup = true; kubelet must match.
    cgroupDriver: 'systemd',
  };
}

/** /etc/kubeadm/init.yaml for the control plane: Init + Cluster + Kubelet configuration. */
export function renderInitConfig(input: InitConfigInput): string {
  const { spec, nodeName, privateIp, publicIp } = input;
  if (!input.controlPlaneEndpoint && !publicIp) throw new Error('renderInitConfig needs the public IP of a single control plane, or the controlPlaneEndpoint of several');
  const init = {
    apiVersion: KUBEADM_API,
    kind: 'InitConfiguration',
    ...(input.certificateKey !== undefined ? { certificateKey: checkCertificateKey(input.certificateKey) } : {}),
    localAPIEndpoint: { advertiseAddress: privateIp, bindPort: API_SERVER_PORT },
    nodeRegistration: nodeRegistration(nodeName, privateIp, input.cloudProviderExternal),
  };
  const cluster = {
    apiVersion: KUBEADM_API,
    kind: 'ClusterConfiguration',
    clusterName: spec.name,
    kubernetesVersion: `v${spec.kubernetesVersion}`,
    // One control plane: its private IP (workers reach the API server inside the VNet; kubectl
    // uses the public IP, a certSAN). Several: the load balancer's name, which every node and the
    // desktop use, and which kubeadm adds to the certificate itself.
    controlPlaneEndpoint: input.controlPlaneEndpoint ?? `${privateIp}:${API_SERVER_PORT}`,
    networking: {
      podSubnet: spec.network.podCidr,
      serviceSubnet: spec.network.serviceCidr,
      dnsDomain: 'cluster.local',
    },
    ...(publicIp ? { apiServer: { certSANs: [publicIp, privateIp] } } : {}),
    ...(input.cloudProviderExternal ? { controllerManager: { extraArgs: [CLOUD_PROVIDER_EXTERNAL] } } : {}),
  };
  return [doc(init), doc(cluster), doc(kubeletConfiguration())].join('---\n');
}

export interface JoinConfigInput {
  /** host:port of the control plane, e.g. 10.0.1.4:6443 */
  apiServerEndpoint: string;
  /** Bootstrap token [a-z0-9]{6}.[a-z0-9]{16} */
  token: string;
  /** sha256:<64 hex> of the cluster CA's public key */
  caCertHash: string;
  nodeName: string;
  /** The worker's private IP (kubelet node-ip); optional. */
  nodeIp?: string;
  /** The out-of-tree Azure cloud provider runs in the cluster: kubelet with --cloud-provider=external. */
  cloudProviderExternal?: boolean;
}

export const BOOTSTRAP_TOKEN = /^[a-z0-9]{6}\.[a-z0-9]{16}$/;
export const CA_CERT_HASH = /^sha256:[a-f0-9]{64}$/;

/** Where a worker keeps its JoinConfiguration while kubeadm join reads it (removed afterwards). */
export const JOIN_CONFIG_PATH = '/etc/kubeadm/join.yaml';

/** JoinConfiguration written to a worker over SSH (never into Ignition: the token is a secret). */
export function renderJoinConfig(input: JoinConfigInput): string {
  if (!BOOTSTRAP_TOKEN.test(input.token)) throw new Error('bootstrap token must look like abcdef.0123456789abcdef');
  if (!CA_CERT_HASH.test(input.caCertHash)) throw new Error('CA cert hash must look like sha256:<64 hex digits>');
  if (!/^[^\s:]+:\d{1,5}$/.test(input.apiServerEndpoint)) throw new Error('apiServerEndpoint must be host:port');
  return joinConfigTemplate(input);
}

/**
 * The JoinConfiguration document without the checks: the az script renders it with shell
 * variables for the endpoint, token and hash, which it checks itself once it has them.
 */
export function joinConfigTemplate(input: JoinConfigInput): string {
  const registration = input.nodeIp
    ? nodeRegistration(input.nodeName, input.nodeIp, input.cloudProviderExternal)
    : { name: input.nodeName, criSocket: CRI_SOCKET, ...(input.cloudProviderExternal ? { kubeletExtraArgs: [CLOUD_PROVIDER_EXTERNAL] } : {}) };
  return doc({
    apiVersion: KUBEADM_API,
    kind: 'JoinConfiguration',
    discovery: {
      bootstrapToken: {
        apiServerEndpoint: input.apiServerEndpoint,
        token: input.token,
        caCertHashes: [input.caCertHash],
      },
    },
    nodeRegistration: registration,
  });
}

export interface ControlPlaneJoinInput extends JoinConfigInput {
  /** The joining control plane's private IP: its API server and etcd member advertise it. */
  nodeIp: string;
  /** The key the first control plane uploaded the shared certificates with (a secret). */
  certificateKey: string;
}

/**
 * JoinConfiguration of a control plane (`kubeadm join --control-plane`): the worker's, plus
 * `controlPlane.localAPIEndpoint` (its own API server's address) and `controlPlane.certificateKey`,
 * with which kubeadm downloads and decrypts the certificates `init --upload-certs` left in the
 * kube-system/kubeadm-certs Secret (kubeadm.k8s.io/v1beta4 JoinControlPlane:
 * https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/#kubeadm-k8s-io-v1beta4-JoinControlPlane;
 * the flow: https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/high-availability/).
 * Carries the token and the key: written over SSH stdin into a 0600 file, like the worker's.
 */
export function renderControlPlaneJoinConfig(input: ControlPlaneJoinInput): string {
  renderJoinConfig(input); // the same checks as a worker's
  checkCertificateKey(input.certificateKey);
  return controlPlaneJoinConfigTemplate(input);
}

/** The control plane's JoinConfiguration without the checks (the az script fills in shell variables). */
export function controlPlaneJoinConfigTemplate(input: ControlPlaneJoinInput): string {
  const worker = parse(joinConfigTemplate(input)) as Record<string, unknown>;
  return doc({
    ...worker,
    controlPlane: {
      localAPIEndpoint: { advertiseAddress: input.nodeIp, bindPort: API_SERVER_PORT },
      certificateKey: input.certificateKey,
    },
  });
}

export interface JoinCommand {
  apiServerEndpoint: string;
  token: string;
  caCertHash: string;
}

/** Parses the line printed by `kubeadm token create --print-join-command`. */
export function parseJoinCommand(output: string): JoinCommand | undefined {
  const m =
    /kubeadm join\s+(\S+)\s+--token\s+(\S+)\s+--discovery-token-ca-cert-hash\s+(\S+)/.exec(output);
  if (!m) return undefined;
  const [, apiServerEndpoint, token, caCertHash] = m as unknown as [string, string, string, string];
  if (!BOOTSTRAP_TOKEN.test(token) || !CA_CERT_HASH.test(caCertHash)) return undefined;
  return { apiServerEndpoint, token, caCertHash };
}
