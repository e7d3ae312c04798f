/**
 * The pod network add-ons' release files, as github.com and raw.githubusercontent.com serve
 * them, for the sandbox's simulated nodes: Flannel's kube-flannel.yml, Calico's
 * operator-crds.yaml and tigera-operator.yaml, and the cilium CLI's release tarballs with their
 * `.sha256sum` files.
 *
 * They are small generated stand-ins shaped like the real files. Each manifest's first line names
 * the upstream file and release it stands in for, and carries the same objects (kind, name,
 * namespace; CRDs defining the same types), abridged inside (fewer RBAC rules, open schemas),
 * with the real images and Flannel's net-conf.json written exactly as upstream writes it, so the
 * same `sed` rewrite of "Network" works. A tarball is a real gzip'd ustar archive holding one ELF
 * stand-in named `cilium`, and its `.sha256sum` is the real sha256 of those bytes, in
 * sha256sum's format. sandbox/test/unit/upstream-facts.test.ts holds all of this to the facts
 * recorded from the real files in test/fixtures/upstream/ (with their sources).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { UpstreamFile, UpstreamProvider } from './internet';
import { elfStandIn, type ElfMachine } from '../nodes/commands/elf';
import { packTar } from '../nodes/commands/ustar';

/**
 * Release versions the sandbox publishes (each project's two newest releases, newest last). Every
 * one has its facts file in test/fixtures/upstream/; add both when moving a pin.
 */
export const CNI_ARTIFACT_VERSIONS = {
  flannel: ['v0.28.8', 'v0.28.9'],
  calico: ['v3.30.7', 'v3.31.7'],
  ciliumCli: ['v0.19.6', 'v0.19.7'],
} as const;

/** Per release: the images the real manifests name (test/fixtures/upstream/flannel-*.json, calico-*-tigera-operator.json). */
const FLANNEL_CNI_PLUGIN_IMAGE: Record<string, string> = {
  'v0.28.8': 'ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel2',
  'v0.28.9': 'ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3',
};
const TIGERA_OPERATOR_IMAGE: Record<string, string> = {
  'v3.30.7': 'quay.io/tigera/operator:v1.38.13',
  'v3.31.7': 'quay.io/tigera/operator:v1.40.15',
};

/**
 * The Cilium Helm charts each cilium CLI release embeds: go.mod's github.com/cilium/charts
 * (v0.0.0-20260616122432-1c427957de0a for both), vendored under vendor/github.com/cilium/charts.
 * Only the 1.18+ lines are listed (the CLI embeds older charts too). test/fixtures/upstream/cilium-cli-*.json.
 */
const CHARTS_20260616 = [
  ...['pre.0', 'pre.1', 'pre.2', 'pre.3', 'rc.0', 'rc.1'].map((p) => `1.18.0-${p}`),
  ...Array.from({ length: 12 }, (_, i) => `1.18.${i}`),
  ...['pre.0', 'pre.1', 'pre.2', 'pre.3', 'pre.4', 'rc.0', 'rc.1'].map((p) => `1.19.0-${p}`),
  ...Array.from({ length: 6 }, (_, i) => `1.19.${i}`),
  ...['pre.0', 'pre.1', 'pre.2', 'pre.3'].map((p) => `1.20.0-${p}`),
] as const;
export const CILIUM_CLI_EMBEDDED_CHARTS: Record<string, readonly string[]> = {
  'v0.19.6': CHARTS_20260616,
  'v0.19.7': CHARTS_20260616,
};

/**
 * The Cilium version a CLI release installs without --version: the newest embedded chart that
 * is not a pre-release (cilium-cli's helm.GetDefaultVersionString). Undefined for unknown releases.
 */
export function ciliumCliDefaultVersion(cliVersion: string): string | undefined {
  return CILIUM_CLI_EMBEDDED_CHARTS[cliVersion]?.filter((v) => !v.includes('-')).at(-1);
}

export const CILIUM_CLI_ARCHES = ['amd64', 'arm64'] as const;
export type CiliumCliArch = (typeof CILIUM_CLI_ARCHES)[number];

const MACHINE: Record<CiliumCliArch, ElfMachine> = { amd64: 'x86_64', arm64: 'aarch64' };
/** A fixed mtime keeps the archives (and so their checksums) the same on every start. */
const RELEASE_MTIME = 1_757_000_000;

export function flannelManifest(version: string): string {
  return `# Flatkube sandbox stand-in for https://github.com/flannel-io/flannel/releases/download/${version}/kube-flannel.yml (abridged; same objects, images and net-conf.json)
---
kind: Namespace
apiVersion: v1
metadata:
  name: kube-flannel
  labels:
    k8s-app: flannel
    pod-security.kubernetes.io/enforce: privileged
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  labels:
    k8s-app: flannel
  name: flannel
rules:
- apiGroups:
  - ""
  resources:
  - nodes
  verbs:
  - get
  - list
  - watch
- apiGroups:
  - ""
  resources:
  - nodes/status
  verbs:
  - patch
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  labels:
    k8s-app: flannel
  name: flannel
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: flannel
subjects:
- kind: ServiceAccount
  name: flannel
  namespace: kube-flannel
---
apiVersion: v1
kind: ServiceAccount
metadata:
  labels:
    k8s-app: flannel
  name: flannel
  namespace: kube-flannel
---
kind: ConfigMap
apiVersion: v1
metadata:
  name: kube-flannel-cfg
  namespace: kube-flannel
  labels:
    tier: node
    k8s-app: flannel
    app: flannel
data:
  cni-conf.json: |
    {
      "name": "cbr0",
      "cniVersion": "0.3.1",
      "plugins": [
        {
          "type": "flannel",
          "delegate": {
            "hairpinMode": true,
            "isDefaultGateway": true
          }
        },
        {
          "type": "portmap",
          "capabilities": {
            "portMappings": true
          }
        }
      ]
    }
  net-conf.json: |
    {
      "Network": "10.244.0.0/16",
      "EnableNFTables": false,
      "Backend": {
        "Type": "vxlan"
      }
    }
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kube-flannel-ds
  namespace: kube-flannel
  labels:
    tier: node
    app: flannel
    k8s-app: flannel
spec:
  selector:
    matchLabels:
      app: flannel
  template:
    metadata:
      labels:
        tier: node
        app: flannel
    spec:
      hostNetwork: true
      priorityClassName: system-node-critical
      tolerations:
      - operator: Exists
        effect: NoSchedule
      serviceAccountName: flannel
      initContainers:
      - name: install-cni-plugin
        image: ${FLANNEL_CNI_PLUGIN_IMAGE[version] ?? 'ghcr.io/flannel-io/flannel-cni-plugin:unknown'}
        command: ["cp", "-f", "/flannel", "/opt/cni/bin/flannel"]
      - name: install-cni
        image: ghcr.io/flannel-io/flannel:${version}
        command: ["cp", "-f", "/etc/kube-flannel/cni-conf.json", "/etc/cni/net.d/10-flannel.conflist"]
      containers:
      - name: kube-flannel
        image: ghcr.io/flannel-io/flannel:${version}
        command: ["/opt/bin/flanneld", "--ip-masq", "--kube-subnet-mgr"]
        volumeMounts:
        - name: flannel-cfg
          mountPath: /etc/kube-flannel/
      volumes:
      - name: flannel-cfg
        configMap:
          name: kube-flannel-cfg
`;
}

function crd(group: string, kind: string, plural: string, scope: 'Cluster' | 'Namespaced'): string {
  return `---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.${group}
spec:
  group: ${group}
  names:
    kind: ${kind}
    listKind: ${kind}List
    plural: ${plural}
    singular: ${kind.toLowerCase()}
  scope: ${scope}
  versions:
  - name: ${group === 'policy.networking.k8s.io' ? 'v1alpha1' : 'v1'}
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;
}

/**
 * The CRDs of Calico's manifests/operator-crds.yaml, in file order: the same 32 at v3.30.7 and
 * v3.31.7 (test/fixtures/upstream/calico-*-operator-crds.json). [group, kind, plural, scope].
 */
const OPERATOR_CRDS: [string, string, string, 'Cluster' | 'Namespaced'][] = [
  ...(
    [
      ['APIServer', 'apiservers'],
      ['GatewayAPI', 'gatewayapis'],
      ['Goldmane', 'goldmanes'],
      ['ImageSet', 'imagesets'],
      ['Installation', 'installations'],
      ['ManagementClusterConnection', 'managementclusterconnections'],
      ['TigeraStatus', 'tigerastatuses'],
      ['Whisker', 'whiskers'],
    ] as const
  ).map(([k, p]) => ['operator.tigera.io', k, p, 'Cluster'] as [string, string, string, 'Cluster']),
  ...(
    [
      ['BGPConfiguration', 'bgpconfigurations', 'Cluster'],
      ['BGPFilter', 'bgpfilters', 'Cluster'],
      ['BGPPeer', 'bgppeers', 'Cluster'],
      ['BlockAffinity', 'blockaffinities', 'Cluster'],
      ['CalicoNodeStatus', 'caliconodestatuses', 'Cluster'],
      ['ClusterInformation', 'clusterinformations', 'Cluster'],
      ['FelixConfiguration', 'felixconfigurations', 'Cluster'],
      ['GlobalNetworkPolicy', 'globalnetworkpolicies', 'Cluster'],
      ['GlobalNetworkSet', 'globalnetworksets', 'Cluster'],
      ['HostEndpoint', 'hostendpoints', 'Cluster'],
      ['IPAMBlock', 'ipamblocks', 'Cluster'],
      ['IPAMConfig', 'ipamconfigs', 'Cluster'],
      ['IPAMHandle', 'ipamhandles', 'Cluster'],
      ['IPPool', 'ippools', 'Cluster'],
      ['IPReservation', 'ipreservations', 'Cluster'],
      ['KubeControllersConfiguration', 'kubecontrollersconfigurations', 'Cluster'],
      ['NetworkPolicy', 'networkpolicies', 'Namespaced'],
      ['NetworkSet', 'networksets', 'Namespaced'],
      ['StagedGlobalNetworkPolicy', 'stagedglobalnetworkpolicies', 'Cluster'],
      ['StagedKubernetesNetworkPolicy', 'stagedkubernetesnetworkpolicies', 'Namespaced'],
      ['StagedNetworkPolicy', 'stagednetworkpolicies', 'Namespaced'],
      ['Tier', 'tiers', 'Cluster'],
    ] as const
  ).map(([k, p, scope]) => ['crd.projectcalico.org', k, p, scope] as [string, string, string, 'Cluster' | 'Namespaced']),
  ['policy.networking.k8s.io', 'AdminNetworkPolicy', 'adminnetworkpolicies', 'Cluster'],
  ['policy.networking.k8s.io', 'BaselineAdminNetworkPolicy', 'baselineadminnetworkpolicies', 'Cluster'],
];

export function operatorCrdsManifest(version: string): string {
  return `# Flatkube sandbox stand-in for https://github.com/projectcalico/calico/blob/${version}/manifests/operator-crds.yaml (the same CRDs; schemas left open)
${OPERATOR_CRDS.map(([g, k, p, scope]) => crd(g, k, p, scope)).join('')}`;
}

/**
 * Since Calico v3.30.0 this file has no CRDs (they are in operator-crds.yaml). The real operator
 * runs with -manage-crds=true and would also create them once its pod is up; the simulated one
 * does not, so only operator-crds.yaml makes them exist here.
 */
export function tigeraOperatorManifest(version: string): string {
  return `# Flatkube sandbox stand-in for https://github.com/projectcalico/calico/blob/${version}/manifests/tigera-operator.yaml (abridged rules; no CRDs, as upstream since v3.30.0)
apiVersion: v1
kind: Namespace
metadata:
  name: tigera-operator
  labels:
    name: tigera-operator
    pod-security.kubernetes.io/enforce: privileged
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: tigera-operator
  namespace: tigera-operator
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: tigera-operator-secrets
rules:
- apiGroups:
  - ""
  resources:
  - secrets
  verbs:
  - get
  - list
  - watch
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: tigera-operator
rules:
- apiGroups:
  - apiextensions.k8s.io
  resources:
  - customresourcedefinitions
  verbs:
  - get
  - list
  - watch
  - create
- apiGroups:
  - operator.tigera.io
  resources:
  - '*'
  verbs:
  - '*'
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: tigera-operator
subjects:
- kind: ServiceAccount
  name: tigera-operator
  namespace: tigera-operator
roleRef:
  kind: ClusterRole
  name: tigera-operator
  apiGroup: rbac.authorization.k8s.io
---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: tigera-operator-secrets
  namespace: tigera-operator
subjects:
- kind: ServiceAccount
  name: tigera-operator
  namespace: tigera-operator
roleRef:
  kind: ClusterRole
  name: tigera-operator-secrets
  apiGroup: rbac.authorization.k8s.io
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: tigera-operator
  namespace: tigera-operator
  labels:
    k8s-app: tigera-operator
spec:
  replicas: 1
  selector:
    matchLabels:
      name: tigera-operator
  template:
    metadata:
      labels:
        name: tigera-operator
        k8s-app: tigera-operator
    spec:
      hostNetwork: true
      serviceAccountName: tigera-operator
      tolerations:
      - effect: NoExecute
        operator: Exists
      - effect: NoSchedule
        operator: Exists
      containers:
      - name: tigera-operator
        image: ${TIGERA_OPERATOR_IMAGE[version] ?? 'quay.io/tigera/operator:unknown'}
        command:
        - operator
        args:
        - -manage-crds=true
        env:
        - name: TIGERA_OPERATOR_INIT_IMAGE_VERSION
          value: ${version}
`;
}

const CALICO_FILES = { 'operator-crds.yaml': operatorCrdsManifest, 'tigera-operator.yaml': tigeraOperatorManifest } as const;

/**
 * The sha256 of the stand-ins Flatkube's CNI plans pin (cni.ts CniPins), by URL: what the engine
 * checks downloads against when it deploys into the sandbox, as it checks the real files' sha256 on
 * Azure. Calico's manifests are the pinned ones.
 */
export function sandboxCniPins(): Record<string, string> {
  const pins: Record<string, string> = {};
  for (const v of CNI_ARTIFACT_VERSIONS.calico) {
    for (const [file, make] of Object.entries(CALICO_FILES)) {
      pins[`https://raw.githubusercontent.com/projectcalico/calico/${v}/manifests/${file}`] = sha256Hex(Buffer.from(make(v)));
    }
  }
  return pins;
}

/** The `cilium` binary of one release (a stand-in ELF for that CPU). */
export function ciliumCliBinary(version: string, arch: CiliumCliArch): Buffer {
  return elfStandIn(MACHINE[arch], { program: 'cilium', version }, `BUILD=linux/${arch}`);
}

export function ciliumCliTarball(version: string, arch: CiliumCliArch): Buffer {
  const tar = packTar([{ name: 'cilium', type: 'file', mode: 0o755, mtime: RELEASE_MTIME, uname: 'root', gname: 'root', data: ciliumCliBinary(version, arch) }]);
  return gzipSync(tar, { level: 9 });
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function text(body: string): UpstreamFile {
  return { body: Buffer.from(body), contentType: 'text/plain; charset=utf-8' };
}

/** A corrupted download (checksums catching it) is the sandbox's `download-corrupted` fault, applied by SandboxInternet. */
export function cniArtifacts(): UpstreamProvider {
  const tarballs = new Map<string, Buffer>();
  const tarball = (version: string, arch: CiliumCliArch) => {
    const key = `${version}/${arch}`;
    let t = tarballs.get(key);
    if (!t) tarballs.set(key, (t = ciliumCliTarball(version, arch)));
    return t;
  };
  const has = (list: readonly string[], v: string | undefined): v is string => v !== undefined && list.includes(v);
  // GitHub's /releases/latest/download/FILE redirects to the newest release's FILE; the simulated
  // internet has no redirects, so it answers with that file directly (what a client ends up with).
  const release = (path: string) => path.replace(/^(\/[^/]+\/[^/]+\/releases)\/latest\/download\//, (_, repo: string) => `${repo}/download/latest/`);
  const version = (list: readonly string[], v: string | undefined) => (v === 'latest' ? list.at(-1) : v);
  return {
    name: 'cni-artifacts',
    hosts: () => ['github.com', 'raw.githubusercontent.com'],
    get(url) {
      if (url.host === 'raw.githubusercontent.com') {
        const m = /^\/projectcalico\/calico\/([^/]+)\/manifests\/(operator-crds\.yaml|tigera-operator\.yaml)$/.exec(url.pathname);
        return has(CNI_ARTIFACT_VERSIONS.calico, m?.[1]) ? text(CALICO_FILES[m[2] as keyof typeof CALICO_FILES](m[1] as string)) : undefined;
      }
      const path = release(url.pathname);
      const flannel = /^\/flannel-io\/flannel\/releases\/download\/([^/]+)\/kube-flannel\.yml$/.exec(path);
      if (flannel) {
        const v = version(CNI_ARTIFACT_VERSIONS.flannel, flannel[1]);
        return has(CNI_ARTIFACT_VERSIONS.flannel, v) ? text(flannelManifest(v)) : undefined;
      }
      const cli = /^\/cilium\/cilium-cli\/releases\/download\/([^/]+)\/cilium-linux-(amd64|arm64)\.tar\.gz(\.sha256sum)?$/.exec(path);
      const v = version(CNI_ARTIFACT_VERSIONS.ciliumCli, cli?.[1]);
      if (!cli || !has(CNI_ARTIFACT_VERSIONS.ciliumCli, v)) return undefined;
      const arch = cli[2] as CiliumCliArch;
      if (cli[3]) return text(`${sha256Hex(tarball(v, arch))}  cilium-linux-${arch}.tar.gz\n`);
      return { body: tarball(v, arch), contentType: 'application/octet-stream' };
    },
  };
}
