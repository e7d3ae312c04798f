// The container registries the simulated nodes can pull from: a catalogue of well-known public
// images (Docker Hub's official images and a few popular ones, registry.k8s.io, the CNIs'), with
// believable sizes and digests. Anything else fails as containerd reports it: a Docker Hub
// repository that does not exist, a tag that does not, or a registry the node cannot resolve.
import { createHash } from 'node:crypto';

export type ImageFamily = 'debian' | 'alpine' | 'busybox' | 'distroless';

interface Repo {
  /** Compressed size in bytes, what kubelet's "Image size" reports. */
  size: number;
  family: ImageFamily;
}

const MB = 1024 * 1024;

/** Docker Hub official images (docker.io/library/...). */
const LIBRARY: Record<string, Repo> = {
  nginx: { size: 72 * MB, family: 'debian' },
  httpd: { size: 59 * MB, family: 'debian' },
  redis: { size: 49 * MB, family: 'debian' },
  busybox: { size: 2 * MB, family: 'busybox' },
  alpine: { size: 4 * MB, family: 'alpine' },
  ubuntu: { size: 29 * MB, family: 'debian' },
  debian: { size: 48 * MB, family: 'debian' },
  postgres: { size: 158 * MB, family: 'debian' },
  mysql: { size: 230 * MB, family: 'debian' },
  mariadb: { size: 120 * MB, family: 'debian' },
  memcached: { size: 33 * MB, family: 'debian' },
  mongo: { size: 260 * MB, family: 'debian' },
  rabbitmq: { size: 110 * MB, family: 'debian' },
  python: { size: 400 * MB, family: 'debian' },
  node: { size: 390 * MB, family: 'debian' },
  golang: { size: 290 * MB, family: 'debian' },
  'eclipse-temurin': { size: 190 * MB, family: 'debian' },
  php: { size: 180 * MB, family: 'debian' },
  wordpress: { size: 250 * MB, family: 'debian' },
  traefik: { size: 50 * MB, family: 'alpine' },
  caddy: { size: 20 * MB, family: 'alpine' },
  'hello-world': { size: 13_000, family: 'distroless' },
  perl: { size: 330 * MB, family: 'debian' },
};

/** Other repositories, by full name without the docker.io prefix for Hub users. */
const OTHERS: Record<string, Repo> = {
  'nginxdemos/hello': { size: 10 * MB, family: 'alpine' },
  'hashicorp/http-echo': { size: 4 * MB, family: 'distroless' },
  'traefik/whoami': { size: 3 * MB, family: 'distroless' },
  'kennethreitz/httpbin': { size: 170 * MB, family: 'debian' },
  'paulbouwer/hello-kubernetes': { size: 30 * MB, family: 'alpine' },
  'stefanprodan/podinfo': { size: 10 * MB, family: 'alpine' },
  'ghcr.io/stefanprodan/podinfo': { size: 10 * MB, family: 'alpine' },
  'curlimages/curl': { size: 9 * MB, family: 'alpine' },
  'nicolaka/netshoot': { size: 180 * MB, family: 'alpine' },
  'gcr.io/google-samples/hello-app': { size: 11 * MB, family: 'distroless' },
  'us-docker.pkg.dev/google-samples/containers/gke/hello-app': { size: 11 * MB, family: 'distroless' },
  'registry.k8s.io/pause': { size: 320_000, family: 'distroless' },
  'registry.k8s.io/coredns/coredns': { size: 20 * MB, family: 'distroless' },
  'registry.k8s.io/etcd': { size: 23 * MB, family: 'distroless' },
  'registry.k8s.io/kube-apiserver': { size: 30 * MB, family: 'distroless' },
  'registry.k8s.io/kube-controller-manager': { size: 27 * MB, family: 'distroless' },
  'registry.k8s.io/kube-scheduler': { size: 21 * MB, family: 'distroless' },
  'registry.k8s.io/kube-proxy': { size: 31 * MB, family: 'debian' },
  'registry.k8s.io/e2e-test-images/agnhost': { size: 51 * MB, family: 'alpine' },
  'registry.k8s.io/e2e-test-images/busybox': { size: 1 * MB, family: 'busybox' },
  'registry.k8s.io/metrics-server/metrics-server': { size: 19 * MB, family: 'distroless' },
  'registry.k8s.io/ingress-nginx/controller': { size: 105 * MB, family: 'alpine' },
  'ghcr.io/flannel-io/flannel': { size: 32 * MB, family: 'alpine' },
  'ghcr.io/flannel-io/flannel-cni-plugin': { size: 5 * MB, family: 'alpine' },
  // kubereboot/kured's Dockerfile at 1.23.0: alpine with the kured binary (size: ours, not measured).
  'ghcr.io/kubereboot/kured': { size: 25 * MB, family: 'alpine' },
  'quay.io/tigera/operator': { size: 30 * MB, family: 'distroless' },
  'docker.io/calico/node': { size: 150 * MB, family: 'debian' },
  'docker.io/calico/cni': { size: 95 * MB, family: 'debian' },
  'docker.io/calico/kube-controllers': { size: 35 * MB, family: 'distroless' },
  'docker.io/calico/typha': { size: 30 * MB, family: 'distroless' },
  'docker.io/calico/csi': { size: 9 * MB, family: 'distroless' },
  'docker.io/calico/node-driver-registrar': { size: 12 * MB, family: 'distroless' },
  'docker.io/calico/pod2daemon-flexvol': { size: 7 * MB, family: 'distroless' },
  'quay.io/cilium/cilium': { size: 180 * MB, family: 'debian' },
  'quay.io/cilium/operator-generic': { size: 30 * MB, family: 'distroless' },
  'quay.io/cilium/cilium-envoy': { size: 60 * MB, family: 'debian' },
  // The Azure integration (Flatkube's render/azure-addons.ts): cloud-provider-azure and the Azure Disk CSI driver with its sidecars.
  'mcr.microsoft.com/oss/v2/kubernetes/azure-cloud-controller-manager': { size: 30 * MB, family: 'distroless' },
  'mcr.microsoft.com/oss/v2/kubernetes/azure-cloud-node-manager': { size: 25 * MB, family: 'distroless' },
  'mcr.microsoft.com/oss/v2/kubernetes-csi/azuredisk-csi': { size: 80 * MB, family: 'debian' },
  'mcr.microsoft.com/oss/v2/kubernetes-csi/csi-provisioner': { size: 30 * MB, family: 'distroless' },
  'mcr.microsoft.com/oss/v2/kubernetes-csi/csi-attacher': { size: 28 * MB, family: 'distroless' },
  'mcr.microsoft.com/oss/v2/kubernetes-csi/csi-node-driver-registrar': { size: 12 * MB, family: 'distroless' },
  'mcr.microsoft.com/oss/v2/kubernetes-csi/livenessprobe': { size: 11 * MB, family: 'distroless' },
};

const TAG_WORDS = 'latest|stable|mainline|edge|alpine|slim|bookworm|bullseye|trixie|noble|jammy|focal|perl|otel|musl|glibc|uclibc|lts|jdk|jre|fpm|apache|cli|management|distroless';
const TAG_RE = new RegExp(`^(?:v?\\d+(?:\\.\\d+){0,3}(?:[-._+][a-z0-9]+)*|(?:${TAG_WORDS})(?:-[a-z0-9.]+)*)$`);

export interface ImageRef {
  /** What `docker.io/library/nginx:latest`-style normalisation gives (containerStatuses[].image). */
  normalized: string;
  registry: string;
  repository: string;
  tag: string;
  digest?: string;
}

/** containerd's normalisation of an image reference. */
export function parseImage(image: string): ImageRef | undefined {
  const m = /^(?:([^/]+\.[^/]+|localhost(?::\d+)?|[^/]+:\d+)\/)?([a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$/.exec(image);
  if (!m) return undefined;
  const registry = m[1] ?? 'docker.io';
  let repository = m[2] as string;
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  const tag = m[3] ?? (m[4] ? '' : 'latest');
  return { registry, repository, tag, ...(m[4] ? { digest: m[4] } : {}), normalized: `${registry}/${repository}${tag ? `:${tag}` : ''}${m[4] ? `@${m[4]}` : ''}` };
}

export type PullResult =
  | { ok: true; ref: ImageRef; size: number; imageId: string; family: ImageFamily }
  | { ok: false; ref?: ImageRef; message: string };

function lookup(ref: ImageRef): Repo | undefined {
  if (ref.registry === 'docker.io' && ref.repository.startsWith('library/')) return LIBRARY[ref.repository.slice(8)];
  if (ref.registry === 'docker.io') return OTHERS[ref.repository] ?? OTHERS[`docker.io/${ref.repository}`];
  return OTHERS[`${ref.registry}/${ref.repository}`];
}

const KNOWN_REGISTRIES = new Set(['docker.io', 'registry.k8s.io', 'ghcr.io', 'quay.io', 'gcr.io', 'us-docker.pkg.dev', 'mcr.microsoft.com', 'public.ecr.aws']);

/** What a node's containerd makes of pulling `image`. */
export function pullImage(image: string): PullResult {
  const ref = parseImage(image);
  if (!ref) return { ok: false, message: `failed to pull and unpack image "${image}": failed to resolve reference "${image}": invalid reference format` };
  const repo = lookup(ref);
  const full = ref.normalized;
  if (!KNOWN_REGISTRIES.has(ref.registry)) {
    const host = ref.registry.replace(/:\d+$/, '');
    return { ok: false, ref, message: `failed to pull and unpack image "${full}": failed to resolve reference "${full}": failed to do request: Head "https://${ref.registry}/v2/${ref.repository}/manifests/${ref.tag || ref.digest}": dial tcp: lookup ${host} on 168.63.129.16:53: no such host` };
  }
  if (!repo) {
    if (ref.registry === 'docker.io') return { ok: false, ref, message: `failed to pull and unpack image "${full}": failed to resolve reference "${full}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed` };
    return { ok: false, ref, message: `failed to pull and unpack image "${full}": failed to resolve reference "${full}": ${full}: not found` };
  }
  if (ref.tag && !TAG_RE.test(ref.tag)) return { ok: false, ref, message: `failed to pull and unpack image "${full}": failed to resolve reference "${full}": ${full}: not found` };
  const digest = ref.digest ?? `sha256:${createHash('sha256').update(full).digest('hex')}`;
  return { ok: true, ref, size: repo.size + (createHash('sha256').update(full).digest()[0] as number) * 4096, imageId: `${ref.registry}/${ref.repository}@${digest}`, family: repo.family };
}

/** kubelet's "in 4.2s" style durations. */
export function goSeconds(ms: number): string {
  if (ms < 1000) return `${Math.max(1, Math.round(ms))}ms`;
  return `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;
}
