import { stringify } from 'yaml';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';

/**
 * Pod network add-ons we offer, with pinned manifest URLs and the commands the control plane runs
 * after `kubeadm init`. All three use VXLAN: Azure's SDN drops IP-in-IP (protocol 4) and does not
 * carry BGP-learned routes, so Calico's default IPIP/BGP mode leaves pods on different nodes unable
 * to talk. Intra-VNet UDP 8472 (VXLAN) is allowed by Azure's default NSG rule.
 *
 * Versions are pinned on purpose (no "latest" URL: a manifest change must be a reviewed bump).
 * They were chosen without internet access: check each URL resolves before a release.
 */

/** Runs on the control plane as `core`; admin.conf is root-only, hence sudo. */
export const KUBECTL = 'sudo kubectl --kubeconfig=/etc/kubernetes/admin.conf';

/**
 * Azure MTU note: Flatkube budgets a 1400-byte underlay for encapsulated traffic (BOOTSTRAP.md,
 * "Azure's VXLAN MTU needs headroom"); VXLAN adds 50 bytes, so pods get 1350.
 */
export const AZURE_UNDERLAY_MTU = 1400;
export const VXLAN_OVERHEAD = 50;
export const POD_MTU = AZURE_UNDERLAY_MTU - VXLAN_OVERHEAD;

export type CniName = ClusterSpec['cni'];

export interface CniPlan {
  name: CniName;
  displayName: string;
  version: string;
  /** Pinned upstream manifest URLs the commands fetch. */
  manifests: string[];
  /** Shell commands, in order, for the control plane (also copied into the az script). */
  commands: string[];
  mtuNote: string;
  notes: string[];
}

export const CNI_VERSIONS = { flannel: 'v0.27.4', calico: 'v3.30.3', cilium: '1.18.2', ciliumCli: 'v0.18.7' } as const;

/** Flannel's manifest hard-codes this network in net-conf.json (and kubeadm's podSubnet must match). */
export const FLANNEL_DEFAULT_NETWORK = '10.244.0.0/16';

function heredocApply(yamlText: string): string {
  return `${KUBECTL} apply -f - <<'FLATKUBE_EOF'\n${yamlText}FLATKUBE_EOF`;
}

function flannel(spec: Pick<ClusterSpec, 'network'>): CniPlan {
  const url = `https://github.com/flannel-io/flannel/releases/download/${CNI_VERSIONS.flannel}/kube-flannel.yml`;
  const pod = spec.network.podCidr;
  const apply =
    pod === FLANNEL_DEFAULT_NETWORK
      ? `${KUBECTL} apply -f ${url}`
      : // Flannel reads the pod network from its ConfigMap, not from kubeadm: rewrite it to match.
        `curl -fsSL ${url} | sed 's#"Network": "${FLANNEL_DEFAULT_NETWORK}"#"Network": "${pod}"#' | ${KUBECTL} apply -f -`;
  return {
    name: 'flannel',
    displayName: 'Flannel (VXLAN)',
    version: CNI_VERSIONS.flannel,
    manifests: [url],
    commands: [apply, `${KUBECTL} -n kube-flannel rollout status daemonset/kube-flannel-ds --timeout=180s`],
    mtuNote: `Flannel's VXLAN backend derives its MTU from eth0 minus ${VXLAN_OVERHEAD} bytes; keep eth0 at Azure's default.`,
    notes: [
      `Pod network ${pod} must equal kubeadm's podSubnet (both come from the spec).`,
      'Needs br_netfilter loaded (Ignition writes /etc/modules-load.d/k8s.conf).',
    ],
  };
}

function calico(spec: Pick<ClusterSpec, 'network'>): CniPlan {
  const operator = `https://raw.githubusercontent.com/projectcalico/calico/${CNI_VERSIONS.calico}/manifests/tigera-operator.yaml`;
  const installation = {
    apiVersion: 'operator.tigera.io/v1',
    kind: 'Installation',
    metadata: { name: 'default' },
    spec: {
      calicoNetwork: {
        // No BGP and no IP-in-IP on Azure: VXLAN for every pod-to-pod packet across nodes.
        bgp: 'Disabled',
        mtu: POD_MTU,
        ipPools: [
          {
            name: 'default-ipv4-ippool',
            cidr: spec.network.podCidr,
            encapsulation: 'VXLAN',
            natOutgoing: 'Enabled',
            nodeSelector: 'all()',
          },
        ],
      },
    },
  };
  return {
    name: 'calico',
    displayName: 'Calico (VXLAN, BGP off)',
    version: CNI_VERSIONS.calico,
    manifests: [operator],
    commands: [
      // create, not apply: the operator CRDs exceed kubectl apply's annotation size limit.
      `${KUBECTL} create -f ${operator}`,
      `${KUBECTL} wait --for condition=established --timeout=120s crd/installations.operator.tigera.io`,
      heredocApply(stringify(installation, { lineWidth: 0 })),
    ],
    mtuNote: `Calico pods use MTU ${POD_MTU} (${AZURE_UNDERLAY_MTU} underlay minus ${VXLAN_OVERHEAD} VXLAN).`,
    notes: ['encapsulation VXLAN: Azure drops IP-in-IP, which is Calico\'s default.'],
  };
}

/** Where the cilium CLI's release files are downloaded to and checked, before /opt/bin. */
const CILIUM_CLI_TMP = '/tmp/flatkube-cilium-cli';

function cilium(spec: Pick<ClusterSpec, 'network' | 'architecture'>): CniPlan {
  const tarball = `cilium-linux-${spec.architecture === 'Arm64' ? 'arm64' : 'amd64'}.tar.gz`;
  const release = `https://github.com/cilium/cilium-cli/releases/download/${CNI_VERSIONS.ciliumCli}`;
  return {
    name: 'cilium',
    displayName: 'Cilium (VXLAN tunnel)',
    version: CNI_VERSIONS.cilium,
    manifests: [`${release}/${tarball}`, `${release}/${tarball}.sha256sum`],
    commands: [
      // As the cilium docs install the CLI: the tarball and its published .sha256sum into a fresh
      // directory, `sha256sum --check`, then extract; a wrong download stops the chain before
      // anything is installed. Flatcar has no package manager and /usr is read-only: /opt/bin.
      [
        'sudo mkdir -p /opt/bin',
        `rm -rf ${CILIUM_CLI_TMP}`,
        `mkdir ${CILIUM_CLI_TMP}`,
        `cd ${CILIUM_CLI_TMP}`,
        `curl -fsSL -O ${release}/${tarball} -O ${release}/${tarball}.sha256sum`,
        `sha256sum --check ${tarball}.sha256sum`,
        `sudo tar -xzf ${tarball} -C /opt/bin cilium`,
        'cd',
        `rm -rf ${CILIUM_CLI_TMP}`,
      ].join(' && '),
      [
        `sudo KUBECONFIG=/etc/kubernetes/admin.conf /opt/bin/cilium install --version ${CNI_VERSIONS.cilium}`,
        '--set routingMode=tunnel --set tunnelProtocol=vxlan',
        '--set ipam.mode=cluster-pool',
        `--set ipam.operator.clusterPoolIPv4PodCIDRList=${spec.network.podCidr}`,
        // The chart's value is `MTU` (a lower-case `mtu` is silently ignored) and it is the
        // underlay's MTU: Cilium takes the VXLAN overhead off itself, so pods get POD_MTU.
        `--set MTU=${AZURE_UNDERLAY_MTU}`,
      ].join(' '),
      'sudo KUBECONFIG=/etc/kubernetes/admin.conf /opt/bin/cilium status --wait',
    ],
    mtuNote: `Cilium gets Azure's ${AZURE_UNDERLAY_MTU}-byte underlay MTU and subtracts VXLAN's ${VXLAN_OVERHEAD} bytes itself: pods get ${POD_MTU}.`,
    notes: [
      `Downloads the cilium CLI (${spec.architecture === 'Arm64' ? 'arm64' : 'amd64'} build) from GitHub on the control plane and checks it against its published sha256 before installing it to /opt/bin.`,
    ],
  };
}

export function cniPlan(spec: Pick<ClusterSpec, 'cni' | 'network' | 'architecture'>): CniPlan {
  switch (spec.cni) {
    case 'flannel':
      return flannel(spec);
    case 'calico':
      return calico(spec);
    case 'cilium':
      return cilium(spec);
  }
}
