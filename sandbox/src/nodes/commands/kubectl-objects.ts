// `kubectl apply -f` / `kubectl create -f` on a simulated node: manifests (files, stdin, or URLs
// downloaded from the sandbox's simulated internet) go into the cluster's API (kube/), the same
// store and admission the control plane's HTTPS API serves, so what the bootstrap applies is what
// a user later sees. Also the lookups the CNI simulation reads (ConfigMap data, custom
// resources' spec) and which CNI the applied objects make work.
import { parseAllDocuments } from 'yaml';
import type { CommandContext } from '../command-types';
import type { ClusterRecord } from '../node-state';
import type { SimNode } from '../sim-node';
import { abs, canRead } from '../fs-access';
import { kubeClusterFor } from '../kube/cluster';
import { clusterData } from '../kube/data';
import { findObject } from '../kube/lookup';
import { applyMergePatch } from '../kube/patch';
import { ApiError, clone, isObject, type KObj } from '../kube/types';

export { canonicalResource, findObject, pluralResource, typeOfResource, type ObjectView } from '../kube/lookup';

export interface Target {
  cp: SimNode;
  cluster: ClusterRecord;
}

/** The objects that make each CNI work once they exist (calico: the operator acts on the Installation). */
const CNI_MARKERS: [cni: string, refs: [resource: string, name: string, ns?: string][]][] = [
  ['flannel', [['daemonset.apps', 'kube-flannel-ds', 'kube-flannel']]],
  ['calico', [['deployment.apps', 'tigera-operator', 'tigera-operator'], ['installation.operator.tigera.io', 'default']]],
  ['cilium', [['daemonset.apps', 'cilium', 'kube-system']]],
];

/** Updates `cluster.cni` when the objects that make a CNI work have just come into existence. */
export function noticeCni(t: Target): void {
  if (t.cluster.cni) return;
  const found = CNI_MARKERS.find(([, need]) => need.every(([r, n, ns]) => findObject(t.cluster, r, n, ns)));
  if (!found) return;
  t.cluster.cni = { name: found[0], appliedAt: new Date().toISOString() };
  t.cp.journal('kubelet.service', 'kubelet[2001]', `I0000 00:00:00.000000 kubelet_node_status.go:501] "Fast updating node status as it just became ready" cni="${found[0]}"`);
}

/** Where a manifest comes from, as kubectl names it in errors ("STDIN" for `-f -`). */
interface Source {
  label: string;
  docs: KObj[];
}

async function readSource(ctx: CommandContext, src: string): Promise<Source | number> {
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
  const docs: KObj[] = [];
  for (const d of parseAllDocuments(text)) {
    if (d.errors.length > 0) {
      ctx.io.stderr(`error: error parsing ${label}: error converting YAML to JSON: yaml: ${d.errors[0]?.message.split('\n')[0] ?? 'invalid document'}\n`);
      return 1;
    }
    const o = d.toJSON() as KObj | null;
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
    docs.push(o);
  }
  return { label, docs };
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** A JSON merge patch taking `from` to `to` (removed keys become null), as kubectl's three-way apply computes for what it last applied. */
function mergeDiff(from: unknown, to: unknown): unknown {
  if (!isObject(from) || !isObject(to)) return to;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(from)) if (!(k in to)) out[k] = null;
  for (const [k, v] of Object.entries(to)) {
    if (JSON.stringify(from[k]) === JSON.stringify(v)) continue;
    out[k] = isObject(v) && isObject(from[k]) ? mergeDiff(from[k], v) : v;
  }
  return out;
}

function apiErrorLine(e: unknown, verb: 'creating' | 'patching', label: string): string {
  if (e instanceof ApiError) return `Error from server (${e.reason}): error when ${verb} "${label}": ${e.message}\n`;
  return `error: ${(e as Error).message}\n`;
}

/**
 * `kubectl apply -f ...` (mode apply: existing objects are "unchanged" or "configured") and
 * `kubectl create -f ...` (mode create: an existing object is an AlreadyExists error, the others
 * are still created and the exit status is 1, as real kubectl does).
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
  const kube = kubeClusterFor(t.cp, ctx.dir, ctx.pace);
  const api = clusterData(t.cluster).api;
  let status = 0;
  for (const f of files) {
    const src = await readSource(ctx, f);
    if (typeof src === 'number') return src;
    await ctx.sleep('kubectl-apply');
    const errors: string[] = [];
    for (const doc of src.docs) {
      const group = doc.apiVersion.includes('/') ? doc.apiVersion.split('/')[0] : '';
      const tp = api.types.byKind(group as string, doc.kind);
      const ref = `${doc.kind.toLowerCase()}${group ? `.${group}` : ''}/${doc.metadata.name}`;
      if (!tp) {
        errors.push(`error: resource mapping not found for name: "${doc.metadata.name}" namespace: "${doc.metadata.namespace ?? ''}" from "${src.label}": no matches for kind "${doc.kind}" in version "${doc.apiVersion}"\nensure CRDs are installed first\n`);
        continue;
      }
      const ns = tp.namespaced ? (doc.metadata.namespace ?? namespace ?? 'default') : undefined;
      const name = doc.metadata.name as string;
      const manifest = clone(doc);
      if (ns) manifest.metadata.namespace = ns;
      try {
        const current = api.find(tp, ns, name);
        if (current) {
          if (mode === 'create') {
            errors.push(`Error from server (AlreadyExists): error when creating "${src.label}": ${tp.plural}${tp.group ? `.${tp.group}` : ''} "${name}" already exists\n`);
            continue;
          }
          const applied = JSON.stringify(manifest);
          const last = current.metadata.annotations?.[LAST_APPLIED];
          const before = last ? (JSON.parse(last) as unknown) : undefined;
          if (last === undefined || last.trimEnd() !== applied) {
            const patch = mergeDiff(before ?? {}, manifest) as KObj;
            const next = applyMergePatch(current, patch) as KObj;
            next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [LAST_APPLIED]: `${applied}\n` };
            api.update(tp, ns, name, next);
            ctx.io.stdout(`${ref} configured\n`);
          } else ctx.io.stdout(`${ref} unchanged\n`);
          continue;
        }
        const body = clone(manifest);
        if (mode === 'apply') body.metadata.annotations = { ...(body.metadata.annotations ?? {}), [LAST_APPLIED]: `${JSON.stringify(manifest)}\n` };
        api.create(tp, ns, body, { fieldManager: mode === 'apply' ? 'kubectl-client-side-apply' : 'kubectl-create' });
        ctx.io.stdout(`${ref} created\n`);
      } catch (e) {
        errors.push(apiErrorLine(e, 'creating', src.label));
      }
    }
    noticeCni(t);
    kube?.settle();
    t.cp.save();
    for (const e of errors) ctx.io.stderr(e);
    if (errors.length > 0) status = 1;
  }
  return status;
}

/** Objects a tool installs without a manifest (the cilium CLI's chart): created through the API. */
export function createObjects(t: Target, objects: KObj[]): void {
  const api = clusterData(t.cluster).api;
  for (const o of objects) {
    const group = o.apiVersion.includes('/') ? (o.apiVersion.split('/')[0] as string) : '';
    const tp = api.types.byKind(group, o.kind);
    if (!tp) continue;
    const ns = tp.namespaced ? (o.metadata.namespace ?? 'default') : undefined;
    if (!api.find(tp, ns, o.metadata.name as string)) api.create(tp, ns, o);
  }
}
