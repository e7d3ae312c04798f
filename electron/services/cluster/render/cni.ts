import { stringify } from 'yaml';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';

/**
 * Pod network add-ons we offer, with pinned manifest URLs and the commands the control plane runs
 * after `kubeadm init`. All three use VXLAN: Azure's SDN drops IP-in-IP (protocol 4) and does not
 * carry BGP-learned routes, so Calico's default IPIP/BGP mode leaves pods on different nodes unable
 * to talk. Intra-VNet UDP 8472 (VXLAN) is allowed by Azure's default NSG rule.
 *
 * Versions are pinned on purpose (no "latest" URL: a manifest change must be a reviewed bump).
 * They were chosen without internet access, from snapshots of the upstream repositories; the facts
 * they rest on (objects, asset names, sha256, embedded charts) are recorded with their sources in
 * test/fixtures/upstream/ (README.md there: how to extract them again and how to move a pin), and
 * tests hold this file and the sandbox's stand-ins to them.
 */

/** Runs on the control plane as `core`; admin.conf is root-only, hence sudo. */
export const KUBECTL = 'sudo kubectl --kubeconfig=/etc/kubernetes/admin.conf';

/**
 * Azure MTU note: Flatkube budgets a 1400-byte underlay for encapsulated traffic (docs/bootstrap.md#cni,
 * after CAPZ's Calico values for Azure); VXLAN adds 50 bytes, so pods get 1350.
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

/**
 * - flannel v0.28.9: the newest release (tag 2026-08-07).
 * - Calico v3.31.7: the newest patch of 3.31 (tag 2026-08-20; operator v1.40.15); 3.31 is the
 *   line Calico's maintainers say they test on Kubernetes 1.35 (projectcalico discussion #11717).
 * - cilium CLI v0.19.7: the newest release, what cilium-cli's stable.txt names.
 * - Cilium 1.19.5: the chart cilium CLI v0.19.7 embeds and installs by default (the newest
 *   non-pre-release chart it vendors from cilium/charts; its helm.GetDefaultVersionString). An
 *   embedded chart comes inside the checked CLI tarball; any other version (1.19.6, 1.20.0) makes
 *   the CLI pull the chart from https://helm.cilium.io, a download nothing here pins.
 */
export const CNI_VERSIONS = { flannel: 'v0.28.9', calico: 'v3.31.7', cilium: '1.19.5', ciliumCli: 'v0.19.7' } as const;

/** sha256 (hex) of each file a CNI plan downloads and checks, by URL. */
export type CniPins = Readonly<Record<string, string>>;

export function calicoManifestUrl(version: string, file: 'operator-crds.yaml' | 'tigera-operator.yaml'): string {
  return `https://raw.githubusercontent.com/projectcalico/calico/${version}/manifests/${file}`;
}

/**
 * The real files' sha256. What upstream publishes and what it does not:
 * - Calico's manifests: no checksum file is published. raw.githubusercontent.com serves the git
 *   blob at the tag, so the sha256 below is the downloaded file's, computed from the tag in a
 *   checkout of projectcalico/calico (v3.31.7 = commit 94bd1d5b0e04459d4d1c83653e0335a9201248b8):
 *   `git show v3.31.7:manifests/operator-crds.yaml | sha256sum` (2,638,943 bytes) and
 *   `git show v3.31.7:manifests/tigera-operator.yaml | sha256sum` (15,635 bytes).
 * - Flannel's kube-flannel.yml: not pinned. The release asset is built at release time
 *   (`kubectl kustomize` in flannel's Makefile target release-manifest, uploaded by
 *   .github/workflows/release.yml); its bytes are not in git and no checksum file is published,
 *   so there is no sha256 to pin without downloading it.
 * - The cilium CLI: upstream publishes `<asset>.sha256sum` beside each tarball (its Makefile
 *   target local-release), which the plan downloads and checks with `sha256sum --check`. That
 *   catches a damaged download, not a replaced release: the tarball's own sha256 was not
 *   available here (release assets are not in git) and is not pinned.
 */
export const UPSTREAM_CNI_PINS: CniPins = {
  [calicoManifestUrl('v3.31.7', 'operator-crds.yaml')]: '380414d5756e9a1af29ddb1ad70cada07aa344ae7a2680ba7355248621f8adbf',
  [calicoManifestUrl('v3.31.7', 'tigera-operator.yaml')]: '092c10b3d0cb73617aca51367ca59755348f4647e6d2e63fa4e5b81266203214',
};

export interface CniPlanOptions {
  /**
   * The sha256 of each pinned download (default: upstream's). The sandbox's simulated internet
   * serves stand-ins at the same URLs, with their own sha256 (sandbox/upstream/cni-artifacts.ts).
   */
  pins?: CniPins;
}

function pinFor(pins: CniPins, url: string): string {
  const sha = pins[url];
  if (!sha || !/^[0-9a-f]{64}$/.test(sha)) throw new Error(`no sha256 pin for ${url}`);
  return sha;
}

/** Flannel's manifest hard-codes this network in net-conf.json (and kubeadm's podSubnet must match). */
export const FLANNEL_DEFAULT_NETWORK = '10.244.0.0/16';

function heredocApply(yamlText: string): string {
  return `${KUBECTL} apply -f - <<'FLATKUBE_EOF'\n${yamlText}FLATKUBE_EOF`;
}

/** Not pinned by sha256: flannel publishes no checksum for kube-flannel.yml (see UPSTREAM_CNI_PINS). */
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

/** Where Calico's manifests are downloaded to and checked before kubectl reads them. */
export const CALICO_DOWNLOADS = '/tmp/flatkube-calico';

function calico(spec: Pick<ClusterSpec, 'network'>, pins: CniPins): CniPlan {
  // Since Calico 3.30 tigera-operator.yaml carries no CustomResourceDefinitions (release notes
  // v3.30.0: "tigera-operator.yaml no longer includes CustomResourceDefinitions"); they are in
  // operator-crds.yaml, which Calico's install docs create first. The operator would also install
  // them once its pod runs (-manage-crds=true), but a wait for the Installation CRD right after
  // creating the operator alone can answer NotFound at once.
  const files = ['operator-crds.yaml', 'tigera-operator.yaml'] as const;
  const urls = files.map((f) => calicoManifestUrl(CNI_VERSIONS.calico, f));
  const checks = files.map((f, i) => `echo '${pinFor(pins, urls[i] as string)}  ${f}' | sha256sum --check --strict`);
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
    manifests: urls,
    commands: [
      // Both files into a fresh directory and checked against their pins before kubectl reads
      // them; a wrong download stops the chain (only &&) before anything is created.
      [`rm -rf ${CALICO_DOWNLOADS}`, `mkdir ${CALICO_DOWNLOADS}`, `cd ${CALICO_DOWNLOADS}`, `curl -fsSL ${urls.map((u) => `-O ${u}`).join(' ')}`, ...checks, 'cd'].join(' && '),
      // create, not apply, as Calico's install docs do (operator-crds.yaml is 2.6 MB of CRDs).
      // One command each: a re-run accepts AlreadyExists per file (ssh-steps.ts).
      ...files.map((f) => `${KUBECTL} create -f ${CALICO_DOWNLOADS}/${f}`),
      `${KUBECTL} wait --for condition=established --timeout=120s crd/installations.operator.tigera.io`,
      heredocApply(stringify(installation, { lineWidth: 0 })),
      `rm -rf ${CALICO_DOWNLOADS}`,
    ],
    mtuNote: `Calico pods use MTU ${POD_MTU} (${AZURE_UNDERLAY_MTU} underlay minus ${VXLAN_OVERHEAD} VXLAN).`,
    notes: [
      'encapsulation VXLAN: Azure drops IP-in-IP, which is Calico\'s default.',
      'Creates operator-crds.yaml before tigera-operator.yaml (Calico 3.30+ ships the CRDs apart), both checked against their pinned sha256 first.',
    ],
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
      // As cilium-cli's README installs the CLI: the tarball and its published .sha256sum into a fresh
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

export function cniPlan(spec: Pick<ClusterSpec, 'cni' | 'network' | 'architecture'>, opts: CniPlanOptions = {}): CniPlan {
  switch (spec.cni) {
    case 'flannel':
      return flannel(spec);
    case 'calico':
      return calico(spec, opts.pins ?? UPSTREAM_CNI_PINS);
    case 'cilium':
      return cilium(spec);
  }
}
