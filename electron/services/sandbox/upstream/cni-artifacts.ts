/**
 * The pod network add-ons' release files, as github.com and raw.githubusercontent.com serve
 * them, for the sandbox's simulated nodes: Flannel's kube-flannel.yml, Calico's
 * tigera-operator.yaml, and the cilium CLI's release tarballs with their `.sha256sum` files.
 *
 * They are small generated stand-ins shaped like the real files: the manifests carry the
 * objects the real ones create (abridged: fewer CRDs and rules, illustrative image tags), with
 * Flannel's net-conf.json written exactly as upstream writes it, so the same `sed` rewrite of
 * "Network" works; a tarball is a real gzip'd ustar archive holding one ELF stand-in named
 * `cilium`, and its `.sha256sum` is the real sha256 of those bytes, in sha256sum's format.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { UpstreamFile, UpstreamProvider } from './internet';
import { elfStandIn, type ElfMachine } from '../nodes/commands/elf';
import { packTar } from '../nodes/commands/ustar';

/** Release versions the sandbox publishes (each project's recent releases, newest last). */
export const CNI_ARTIFACT_VERSIONS = {
  flannel: ['v0.26.7', 'v0.27.4'],
  calico: ['v3.29.5', 'v3.30.3'],
  ciliumCli: ['v0.18.6', 'v0.18.7'],
} as const;

export const CILIUM_CLI_ARCHES = ['amd64', 'arm64'] as const;
export type CiliumCliArch = (typeof CILIUM_CLI_ARCHES)[number];

const MACHINE: Record<CiliumCliArch, ElfMachine> = { amd64: 'x86_64', arm64: 'aarch64' };
/** A fixed mtime keeps the archives (and so their checksums) the same on every start. */
const RELEASE_MTIME = 1_757_000_000;

export function flannelManifest(version: string): string {
  return `# Flatkube sandbox stand-in for flannel ${version} kube-flannel.yml (abridged; same objects and net-conf.json)
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
        image: ghcr.io/flannel-io/flannel-cni-plugin:v1.7.1-flannel1
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

function crd(group: string, kind: string, plural: string, scope: 'Cluster' | 'Namespaced', version: string): string {
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
  - name: ${version}
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;
}

export function tigeraOperatorManifest(version: string): string {
  const crds = [
    crd('crd.projectcalico.org', 'BGPConfiguration', 'bgpconfigurations', 'Cluster', 'v1'),
    crd('crd.projectcalico.org', 'FelixConfiguration', 'felixconfigurations', 'Cluster', 'v1'),
    crd('crd.projectcalico.org', 'IPPool', 'ippools', 'Cluster', 'v1'),
    crd('operator.tigera.io', 'APIServer', 'apiservers', 'Cluster', 'v1'),
    crd('operator.tigera.io', 'Installation', 'installations', 'Cluster', 'v1'),
    crd('operator.tigera.io', 'TigeraStatus', 'tigerastatuses', 'Cluster', 'v1'),
  ];
  return `# Flatkube sandbox stand-in for Calico ${version} tigera-operator.yaml (abridged: the real one carries every CRD)
apiVersion: v1
kind: Namespace
metadata:
  name: tigera-operator
  labels:
    name: tigera-operator
    pod-security.kubernetes.io/enforce: privileged
${crds.join('')}---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: tigera-operator
  namespace: tigera-operator
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: tigera-operator
rules:
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
        image: quay.io/tigera/operator:v1.38.6
        command:
        - operator
        env:
        - name: TIGERA_OPERATOR_INIT_IMAGE_VERSION
          value: ${version}
`;
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
        const m = /^\/projectcalico\/calico\/([^/]+)\/manifests\/tigera-operator\.yaml$/.exec(url.pathname);
        return has(CNI_ARTIFACT_VERSIONS.calico, m?.[1]) ? text(tigeraOperatorManifest(m[1] as string)) : undefined;
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
