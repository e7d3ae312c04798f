import { parse, stringify } from 'yaml';
import { writeSecretFile } from '../secrets/write-secret-file';

/**
 * The cluster's admin kubeconfig as Flatkube keeps it: fetched from the control plane
 * (/etc/kubernetes/admin.conf), pointed at the endpoint the desktop can reach (the public IP on
 * Azure, whose address is one of the API server certificate's SANs; a loopback port in the
 * sandbox), and renamed so merging it into the user's kubeconfig cannot clash with their entries.
 */

export interface KubeconfigCluster {
  name: string;
  cluster: { server: string; 'certificate-authority-data'?: string; [k: string]: unknown };
}
export interface KubeconfigUser {
  name: string;
  user: { 'client-certificate-data'?: string; 'client-key-data'?: string; [k: string]: unknown };
}
export interface KubeconfigContext {
  name: string;
  context: { cluster: string; user: string; namespace?: string; [k: string]: unknown };
}
export interface Kubeconfig {
  apiVersion: 'v1';
  kind: 'Config';
  clusters: KubeconfigCluster[];
  users: KubeconfigUser[];
  contexts: KubeconfigContext[];
  'current-context'?: string;
  preferences?: Record<string, unknown>;
  [k: string]: unknown;
}

export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
}

/** Names Flatkube uses for a cluster's entries (context = cluster entry = "flatkube-<name>"). */
export function kubeconfigNames(cluster: string): { context: string; cluster: string; user: string } {
  return { context: `flatkube-${cluster}`, cluster: `flatkube-${cluster}`, user: `flatkube-${cluster}-admin` };
}

export function parseKubeconfig(text: string): Kubeconfig {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new KubeconfigError(`not a readable kubeconfig: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) doc = {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new KubeconfigError('not a kubeconfig (expected a YAML mapping)');
  const cfg = doc as Partial<Kubeconfig>;
  return {
    ...cfg,
    apiVersion: 'v1',
    kind: 'Config',
    clusters: Array.isArray(cfg.clusters) ? cfg.clusters : [],
    users: Array.isArray(cfg.users) ? cfg.users : [],
    contexts: Array.isArray(cfg.contexts) ? cfg.contexts : [],
  };
}

export function stringifyKubeconfig(cfg: Kubeconfig): string {
  return stringify(cfg, { lineWidth: 0 });
}

/** base64 text as kubeadm writes it (one line, standard alphabet). */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** One credential of admin.conf: present, a string and base64, else a KubeconfigError naming it. */
function credential(entry: Record<string, unknown> | undefined, field: string, what: string): string {
  const value = entry?.[field];
  if (value === undefined || value === null || value === '') throw new KubeconfigError(`admin.conf has no ${what} (${field})`);
  if (typeof value !== 'string' || !BASE64.test(value)) throw new KubeconfigError(`admin.conf's ${field} is not base64 text`);
  return value;
}

/**
 * admin.conf -> Flatkube's kubeconfig for `cluster`: one cluster, user and context, renamed,
 * with `server` replaced (e.g. https://20.1.2.3:6443). Throws when admin.conf lacks its parts.
 *
 * admin.conf comes from a machine on the internet, so its entries are rebuilt from an allow-list
 * rather than copied: kubectl acts on many more fields (tokenFile reads a local file and sends it
 * as a bearer token, proxy-url and tls-server-name redirect or re-name the connection, exec and
 * auth-provider run programs), and a compromised control plane could plant any of them.
 */
export function prepareKubeconfig(adminConf: string, opts: { cluster: string; server: string; tlsServerName?: string }): string {
  const src = parseKubeconfig(adminConf);
  const srcContextName = src['current-context'] ?? src.contexts[0]?.name;
  const srcContext = src.contexts.find((c) => c.name === srcContextName) ?? src.contexts[0];
  const srcCluster = src.clusters.find((c) => c.name === srcContext?.context.cluster) ?? src.clusters[0];
  const srcUser = src.users.find((u) => u.name === srcContext?.context.user) ?? src.users[0];
  const cluster = {
    server: opts.server,
    // Flatkube's own value, never admin.conf's: the name the API server certificate is checked for
    // when the address dialled is not that name (the sandbox's loopback port for a load balancer).
    ...(opts.tlsServerName ? { 'tls-server-name': opts.tlsServerName } : {}),
    'certificate-authority-data': credential(srcCluster?.cluster, 'certificate-authority-data', 'cluster CA'),
  };
  const user = {
    'client-certificate-data': credential(srcUser?.user, 'client-certificate-data', 'client certificate'),
    'client-key-data': credential(srcUser?.user, 'client-key-data', 'client key'),
  };
  const names = kubeconfigNames(opts.cluster);
  const out: Kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: names.cluster, cluster }],
    users: [{ name: names.user, user }],
    contexts: [{ name: names.context, context: { cluster: names.cluster, user: names.user } }],
    'current-context': names.context,
    preferences: {},
  };
  return stringifyKubeconfig(out);
}

/** Writes a kubeconfig 0600 (atomically; its folder 0700 when created). */
export function saveKubeconfig(path: string, text: string): Promise<void> {
  return writeSecretFile(path, text);
}

/** The credentials and endpoint of a kubeconfig's current context (for a plain HTTPS client). */
export interface KubeAccess {
  server: string;
  /**
   * The cluster's `tls-server-name`: the name the API server's certificate is checked for, when
   * it is not the server URL's host ("TLSServerName is used to check server certificate. If
   * TLSServerName is empty, the hostname used to contact the server is used.":
   * https://kubernetes.io/docs/reference/config-api/kubeconfig.v1/#Cluster).
   */
  serverName?: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

export function kubeAccess(text: string): KubeAccess {
  const cfg = parseKubeconfig(text);
  const ctxName = cfg['current-context'] ?? cfg.contexts[0]?.name;
  const ctx = cfg.contexts.find((c) => c.name === ctxName) ?? cfg.contexts[0];
  const cluster = cfg.clusters.find((c) => c.name === ctx?.context.cluster) ?? cfg.clusters[0];
  const user = cfg.users.find((u) => u.name === ctx?.context.user) ?? cfg.users[0];
  const dec = (s: unknown) => (typeof s === 'string' ? Buffer.from(s, 'base64').toString('utf8') : '');
  const serverName = cluster?.cluster['tls-server-name'];
  const access = {
    server: cluster?.cluster.server ?? '',
    ...(typeof serverName === 'string' && serverName ? { serverName } : {}),
    caPem: dec(cluster?.cluster['certificate-authority-data']),
    certPem: dec(user?.user['client-certificate-data']),
    keyPem: dec(user?.user['client-key-data']),
  };
  if (!access.server || !access.caPem || !access.certPem || !access.keyPem) {
    throw new KubeconfigError('the kubeconfig lacks a server, CA or client certificate');
  }
  return access;
}

/**
 * The same kubeconfig pointing at another API server address: a sandbox started again serves
 * the cluster's API on a new loopback port, and a saved kubeconfig still names the old one. With
 * `tlsServerName` the certificate is checked for that name (set, or replaced); without, by the
 * address's host (any `tls-server-name` goes).
 */
export function withServer(text: string, server: string, tlsServerName?: string): string {
  const cfg = parseKubeconfig(text);
  if (cfg.clusters.every((c) => c.cluster.server === server && c.cluster['tls-server-name'] === tlsServerName)) return text;
  return stringifyKubeconfig({
    ...cfg,
    clusters: cfg.clusters.map((c) => {
      const { 'tls-server-name': _old, ...rest } = c.cluster;
      return { ...c, cluster: { ...rest, server, ...(tlsServerName ? { 'tls-server-name': tlsServerName } : {}) } };
    }),
  });
}
