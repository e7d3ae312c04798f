// The API objects `kubectl apply` / `kubectl create` leave in a simulated
// cluster: enough bookkeeping for `get`, `wait` and `rollout status` to answer
// like a real API server (NotFound, AlreadyExists, missing CRDs), to tell
// which CNI is installed, and the content the CNIs read their pod network from
// (ConfigMap data, custom resources' spec; see pod-network.ts). Manifests given
// by URL are downloaded from the sandbox's simulated internet. Nodes are not
// stored here: they come from the cluster's members (cluster-view.ts).
import { parseAllDocuments } from 'yaml';
import type { CommandContext } from '../command-types';
import type { ApiObjectRecord, ClusterRecord } from '../node-state';
import type { SimNode } from '../sim-node';
import { abs, canRead } from '../fs-access';

export interface Target {
  cp: SimNode;
  cluster: ClusterRecord;
}

/** An object as a manifest declares it: `resource` is `kind[.group]` in lower case. */
export interface ObjectDecl {
  resource: string;
  name: string;
  namespace?: string;
  /** As written in the manifest (for error messages). */
  kind?: string;
  apiVersion?: string;
  data?: Record<string, string>;
  spec?: unknown;
}

type Known = [resource: string, name: string, namespace?: string];

/**
 * The objects of each CNI's upstream manifests (calico: operator-crds.yaml and
 * tigera-operator.yaml), abridged to those that matter for the simulation: only for cluster
 * records saved before objects were tracked (objectsOf).
 */
const KNOWN_MANIFESTS: Record<string, Known[]> = {
  flannel: [
    ['namespace', 'kube-flannel'],
    ['serviceaccount', 'flannel', 'kube-flannel'],
    ['clusterrole.rbac.authorization.k8s.io', 'flannel'],
    ['clusterrolebinding.rbac.authorization.k8s.io', 'flannel'],
    ['configmap', 'kube-flannel-cfg', 'kube-flannel'],
    ['daemonset.apps', 'kube-flannel-ds', 'kube-flannel'],
  ],
  calico: [
    ['namespace', 'tigera-operator'],
    ['customresourcedefinition.apiextensions.k8s.io', 'apiservers.operator.tigera.io'],
    ['customresourcedefinition.apiextensions.k8s.io', 'installations.operator.tigera.io'],
    ['customresourcedefinition.apiextensions.k8s.io', 'ippools.crd.projectcalico.org'],
    ['customresourcedefinition.apiextensions.k8s.io', 'tigerastatuses.operator.tigera.io'],
    ['serviceaccount', 'tigera-operator', 'tigera-operator'],
    ['clusterrole.rbac.authorization.k8s.io', 'tigera-operator'],
    ['clusterrolebinding.rbac.authorization.k8s.io', 'tigera-operator'],
    ['deployment.apps', 'tigera-operator', 'tigera-operator'],
  ],
  cilium: [
    ['serviceaccount', 'cilium', 'kube-system'],
    ['serviceaccount', 'cilium-operator', 'kube-system'],
    ['configmap', 'cilium-config', 'kube-system'],
    ['clusterrole.rbac.authorization.k8s.io', 'cilium'],
    ['clusterrolebinding.rbac.authorization.k8s.io', 'cilium'],
    ['daemonset.apps', 'cilium', 'kube-system'],
    ['deployment.apps', 'cilium-operator', 'kube-system'],
  ],
};

/** The objects that make each CNI work once they exist (calico: the operator acts on the Installation). */
const CNI_MARKERS: [cni: string, refs: string[]][] = [
  ['flannel', ['daemonset.apps/kube-flannel-ds']],
  ['calico', ['deployment.apps/tigera-operator', 'installation.operator.tigera.io/default']],
  ['cilium', ['daemonset.apps/cilium']],
];

const CLUSTER_SCOPED = new Set([
  'namespace',
  'node',
  'persistentvolume',
  'clusterrole.rbac.authorization.k8s.io',
  'clusterrolebinding.rbac.authorization.k8s.io',
  'customresourcedefinition.apiextensions.k8s.io',
  'storageclass.storage.k8s.io',
  'priorityclass.scheduling.k8s.io',
  'validatingwebhookconfiguration.admissionregistration.k8s.io',
  'mutatingwebhookconfiguration.admissionregistration.k8s.io',
  'apiservice.apiregistration.k8s.io',
  'installation.operator.tigera.io',
  'apiserver.operator.tigera.io',
  'tigerastatus.operator.tigera.io',
  'ippool.crd.projectcalico.org',
  'felixconfiguration.crd.projectcalico.org',
]);

/** API groups a fresh kubeadm cluster serves without any CRD. */
const BUILTIN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'rbac.authorization.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'admissionregistration.k8s.io',
  'networking.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'certificates.k8s.io',
  'node.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'resource.k8s.io',
]);

const BUILTIN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** Short names and plurals kubectl accepts on the command line -> `kind[.group]`. */
const ALIASES: Record<string, string> = {
  ds: 'daemonset.apps',
  daemonset: 'daemonset.apps',
  daemonsets: 'daemonset.apps',
  deploy: 'deployment.apps',
  deployment: 'deployment.apps',
  deployments: 'deployment.apps',
  sts: 'statefulset.apps',
  statefulset: 'statefulset.apps',
  statefulsets: 'statefulset.apps',
  crd: 'customresourcedefinition.apiextensions.k8s.io',
  crds: 'customresourcedefinition.apiextensions.k8s.io',
  customresourcedefinition: 'customresourcedefinition.apiextensions.k8s.io',
  customresourcedefinitions: 'customresourcedefinition.apiextensions.k8s.io',
  no: 'node',
  nodes: 'node',
  ns: 'namespace',
  namespaces: 'namespace',
  po: 'pod',
  pods: 'pod',
  cm: 'configmap',
  configmaps: 'configmap',
  sa: 'serviceaccount',
  serviceaccounts: 'serviceaccount',
};

/** `daemonsets.apps/x`, `ds`, `daemonset.apps` -> `daemonset.apps`; unknown names are returned lower-cased. */
export function canonicalResource(word: string): string {
  const w = word.toLowerCase();
  if (ALIASES[w]) return ALIASES[w];
  const dot = w.indexOf('.');
  if (dot > 0) {
    const head = ALIASES[w.slice(0, dot)];
    if (head) return head.split('.')[0] + w.slice(dot);
  }
  return w;
}

function pluralKind(kind: string): string {
  if (/(s|x|ch|sh)$/.test(kind)) return `${kind}es`;
  if (/[^aeiou]y$/.test(kind)) return `${kind.slice(0, -1)}ies`;
  return `${kind}s`;
}

/** `daemonset.apps` -> `daemonsets.apps`, as API errors name resources. */
export function pluralResource(resource: string): string {
  const dot = resource.indexOf('.');
  return dot < 0 ? pluralKind(resource) : pluralKind(resource.slice(0, dot)) + resource.slice(dot);
}

export function isClusterScoped(resource: string): boolean {
  return CLUSTER_SCOPED.has(resource);
}

export function refOf(d: ObjectDecl): string {
  return `${d.resource}/${d.name}`;
}

/** Objects of a cluster; records from before objects were tracked get their CNI's manifest back. */
export function objectsOf(cluster: ClusterRecord): ApiObjectRecord[] {
  if (!cluster.objects) {
    const known = cluster.cni ? (KNOWN_MANIFESTS[cluster.cni.name] ?? []) : [];
    const createdAt = cluster.cni?.appliedAt ?? new Date().toISOString();
    cluster.objects = known.map(([r, n, ns]) => ({ ref: `${r}/${n}`, ...(ns ? { namespace: ns } : {}), createdAt }));
  }
  return cluster.objects;
}

export function findObject(cluster: ClusterRecord, resource: string, name: string, namespace: string | undefined): ApiObjectRecord | undefined {
  const ref = `${resource}/${name}`;
  const ns = isClusterScoped(resource) ? undefined : (namespace ?? 'default');
  return objectsOf(cluster).find((o) => o.ref === ref && o.namespace === ns);
}

function namespaceExists(cluster: ClusterRecord, ns: string): boolean {
  return BUILTIN_NAMESPACES.has(ns) || objectsOf(cluster).some((o) => o.ref === `namespace/${ns}`);
}

/** Where a manifest comes from, as kubectl names it in errors ("STDIN" for `-f -`). */
interface Source {
  label: string;
  decls: ObjectDecl[];
}

async function readSource(ctx: CommandContext, src: string, defaultNs: string | undefined): Promise<Source | number> {
  let text: string;
  if (/^https?:\/\//.test(src)) {
    await ctx.sleep('download');
    const r = ctx.dir.internet.fetch(src);
    if (!r.ok) {
      const host = /^https?:\/\/([^/:]+)/.exec(src)?.[1] ?? src;
      ctx.io.stderr(r.status === 404 ? `error: unable to read URL "${src}", server reported 404 Not Found, status code=404\n` : `error: Get "${src}": dial tcp: lookup ${host}: no such host\n`);
      return 1;
    }
    text = r.file.body.toString('utf8');
  } else if (src === '-') text = await ctx.io.readStdin();
  else {
    const p = abs(ctx, src);
    const t = ctx.node.fs.readText(p);
    if (t === undefined) {
      ctx.io.stderr(`error: the path "${src}" does not exist\n`);
      return 1;
    }
    if (!canRead(ctx, p)) {
      ctx.io.stderr(`error: open ${src}: permission denied\n`);
      return 1;
    }
    text = t;
  }
  const label = src === '-' ? 'STDIN' : src;
  const decls: ObjectDecl[] = [];
  for (const d of parseAllDocuments(text)) {
    if (d.errors.length > 0) {
      ctx.io.stderr(`error: error parsing ${label}: error converting YAML to JSON: yaml: ${d.errors[0]?.message.split('\n')[0] ?? 'invalid document'}\n`);
      return 1;
    }
    const o = d.toJSON() as { kind?: string; apiVersion?: string; metadata?: { name?: string; namespace?: string }; data?: Record<string, unknown>; spec?: unknown } | null;
    if (!o) continue;
    if (!o.kind || !o.apiVersion) {
      const missing = [...(o.apiVersion ? [] : ['apiVersion not set']), ...(o.kind ? [] : ['kind not set'])].join(', ');
      ctx.io.stderr(`error: error validating "${label}": error validating data: [${missing}]; if you choose to ignore these errors, turn validation off with --validate=false\n`);
      return 1;
    }
    if (!o.metadata?.name) {
      ctx.io.stderr(`error: error when retrieving current configuration of:\nResource: "${o.apiVersion}, Kind=${o.kind}"\nfrom server for: "${label}": resource name may not be empty\n`);
      return 1;
    }
    const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
    const resource = o.kind.toLowerCase() + (group ? `.${group}` : '');
    const ns = isClusterScoped(resource) ? undefined : (o.metadata.namespace ?? defaultNs ?? 'default');
    decls.push({ resource, name: o.metadata.name, kind: o.kind, apiVersion: o.apiVersion, ...(ns ? { namespace: ns } : {}), ...contentOf(resource, o) });
  }
  return { label, decls };
}

/** What the simulation keeps of an object's content: ConfigMap data, a custom resource's spec. */
function contentOf(resource: string, o: { data?: Record<string, unknown>; spec?: unknown }): Pick<ObjectDecl, 'data' | 'spec'> {
  if (resource === 'configmap' && o.data) return { data: Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, String(v)])) };
  const dot = resource.indexOf('.');
  if (dot > 0 && !BUILTIN_GROUPS.has(resource.slice(dot + 1)) && o.spec !== undefined) return { spec: o.spec };
  return {};
}

/** An object record as stored, with the content the simulation reads. */
export function recordOf(d: ObjectDecl, createdAt = new Date().toISOString()): ApiObjectRecord {
  return { ref: refOf(d), ...(d.namespace ? { namespace: d.namespace } : {}), createdAt, ...(d.data ? { data: d.data } : {}), ...(d.spec !== undefined ? { spec: d.spec } : {}) };
}

/** The check the API server makes before storing an object: its type and namespace must exist. */
function admissionError(cluster: ClusterRecord, d: ObjectDecl, label: string): string | undefined {
  const dot = d.resource.indexOf('.');
  const group = dot < 0 ? '' : d.resource.slice(dot + 1);
  if (!BUILTIN_GROUPS.has(group)) {
    const crdName = `${pluralKind(d.resource.slice(0, dot))}.${group}`;
    if (!findObject(cluster, 'customresourcedefinition.apiextensions.k8s.io', crdName, undefined)) {
      return `error: resource mapping not found for name: "${d.name}" namespace: "${d.namespace ?? ''}" from "${label}": no matches for kind "${d.kind ?? d.resource.slice(0, dot)}" in version "${d.apiVersion ?? group}"\nensure CRDs are installed first\n`;
    }
  }
  if (d.namespace && !namespaceExists(cluster, d.namespace)) {
    return `Error from server (NotFound): error when creating "${label}": namespaces "${d.namespace}" not found\n`;
  }
  return undefined;
}

/** Updates `cluster.cni` when the objects that make a CNI work have just come into existence. */
export function noticeCni(t: Target): void {
  if (t.cluster.cni) return;
  const refs = new Set(objectsOf(t.cluster).map((o) => o.ref));
  const found = CNI_MARKERS.find(([, need]) => need.every((r) => refs.has(r)));
  if (!found) return;
  t.cluster.cni = { name: found[0], appliedAt: new Date().toISOString() };
  t.cp.journal('kubelet.service', 'kubelet[2001]', `I0000 00:00:00.000000 kubelet_node_status.go:501] "Fast updating node status as it just became ready" cni="${found[0]}"`);
}

function sameContent(r: ApiObjectRecord, d: ObjectDecl): boolean {
  // Records from before content was kept have none: treat them as the manifest applied then.
  if (r.data === undefined && r.spec === undefined) return true;
  return JSON.stringify(r.data ?? null) === JSON.stringify(d.data ?? null) && JSON.stringify(r.spec ?? null) === JSON.stringify(d.spec ?? null);
}

/**
 * `kubectl apply -f ...` (mode apply: existing objects are "unchanged") and `kubectl create -f ...`
 * (mode create: an existing object is an AlreadyExists error, the others are still created and
 * the exit status is 1, as real kubectl does).
 */
export async function applyOrCreate(mode: 'apply' | 'create', args: string[], t: Target, ctx: CommandContext, namespace: string | undefined): Promise<number> {
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-f' || a === '--filename') files.push(args[++i] ?? '');
    else if (a.startsWith('--filename=')) files.push(a.slice(11));
    else if (a.startsWith('-f') && a.length > 2) files.push(a.slice(2).replace(/^=/, ''));
  }
  if (files.length === 0) {
    ctx.io.stderr(`error: must specify one of -f and -k\n\nSee 'kubectl ${mode} -h' for help and examples\n`);
    return 1;
  }
  let status = 0;
  for (const f of files) {
    const src = await readSource(ctx, f, namespace);
    if (typeof src === 'number') return src;
    await ctx.sleep('kubectl-apply');
    const errors: string[] = [];
    for (const d of src.decls) {
      const err = admissionError(t.cluster, d, src.label);
      if (err) {
        errors.push(err);
        continue;
      }
      const exists = findObject(t.cluster, d.resource, d.name, d.namespace);
      if (exists) {
        if (mode === 'create') errors.push(`Error from server (AlreadyExists): error when creating "${src.label}": ${pluralResource(d.resource)} "${d.name}" already exists\n`);
        else if (sameContent(exists, d)) ctx.io.stdout(`${refOf(d)} unchanged\n`);
        else {
          // A changed ConfigMap or spec is stored; pods that read it see it, as after a restart.
          Object.assign(exists, recordOf(d, exists.createdAt));
          ctx.io.stdout(`${refOf(d)} configured\n`);
        }
        continue;
      }
      objectsOf(t.cluster).push(recordOf(d));
      ctx.io.stdout(`${refOf(d)} created\n`);
    }
    noticeCni(t);
    t.cp.save();
    for (const e of errors) ctx.io.stderr(e);
    if (errors.length > 0) status = 1;
  }
  return status;
}
