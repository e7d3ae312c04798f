// kubectl [--kubeconfig F] apply -f URL|FILE | get nodes [-o wide|json|name] | version.
// The kubeconfig decides which cluster answers: its server address is looked
// up in this node's virtual network, and its client certificate must be
// signed by that cluster's CA, as the real API server would require.
import { X509Certificate } from 'node:crypto';
import { parse, parseAllDocuments } from 'yaml';
import type { CommandContext, CommandFn } from '../command-types';
import type { ClusterRecord } from '../node-state';
import type { SimNode } from '../sim-node';
import { abs, canRead } from '../fs-access';
import { cniReadyNow, memberCondition, nodeList, nodeObject } from '../cluster-view';
import { CONTAINERD_VERSION, FLATCAR_VERSION, KERNEL_VERSION } from '../flatcar-os';

const CNI_MANIFESTS: Record<string, string[]> = {
  flannel: [
    'namespace/kube-flannel',
    'serviceaccount/flannel',
    'clusterrole.rbac.authorization.k8s.io/flannel',
    'clusterrolebinding.rbac.authorization.k8s.io/flannel',
    'configmap/kube-flannel-cfg',
    'daemonset.apps/kube-flannel-ds',
  ],
  calico: [
    'namespace/tigera-operator',
    'customresourcedefinition.apiextensions.k8s.io/installations.operator.tigera.io',
    'customresourcedefinition.apiextensions.k8s.io/ippools.crd.projectcalico.org',
    'serviceaccount/tigera-operator',
    'clusterrole.rbac.authorization.k8s.io/tigera-operator',
    'clusterrolebinding.rbac.authorization.k8s.io/tigera-operator',
    'deployment.apps/tigera-operator',
  ],
  cilium: [
    'serviceaccount/cilium',
    'serviceaccount/cilium-operator',
    'configmap/cilium-config',
    'clusterrole.rbac.authorization.k8s.io/cilium',
    'clusterrolebinding.rbac.authorization.k8s.io/cilium',
    'daemonset.apps/cilium',
    'deployment.apps/cilium-operator',
  ],
};

function detectCni(text: string): string | undefined {
  const t = text.toLowerCase();
  if (t.includes('flannel')) return 'flannel';
  if (t.includes('calico') || t.includes('tigera')) return 'calico';
  if (t.includes('cilium')) return 'cilium';
  return undefined;
}

function refused(ctx: CommandContext, server: string): number {
  const hostPort = server.replace(/^https?:\/\//, '');
  ctx.io.stderr(`E0000 00:00:00.000000 memcache.go:265] "Unhandled Error" err="couldn't get current server API group list: Get \\"${server}/api?timeout=32s\\": dial tcp ${hostPort}: connect: connection refused"\nThe connection to the server ${hostPort} was refused - did you specify the right host or port?\n`);
  return 1;
}

interface Target {
  cp: SimNode;
  cluster: ClusterRecord;
}

function resolveCluster(ctx: CommandContext, kubeconfig: string | undefined): Target | number {
  if (!kubeconfig) return refused(ctx, 'http://localhost:8080');
  const path = abs(ctx, kubeconfig);
  if (!ctx.node.fs.stat(path)) {
    ctx.io.stderr(`error: stat ${kubeconfig}: no such file or directory\n`);
    return 1;
  }
  if (!canRead(ctx, path)) {
    ctx.io.stderr(`error: error loading config file "${kubeconfig}": open ${kubeconfig}: permission denied\n`);
    return 1;
  }
  let cfg: { clusters?: { cluster?: Record<string, string> }[]; users?: { user?: Record<string, string> }[] };
  try {
    cfg = parse(ctx.node.fs.readText(path) ?? '') ?? {};
  } catch (e) {
    ctx.io.stderr(`error: error loading config file "${kubeconfig}": ${(e as Error).message.split('\n')[0]}\n`);
    return 1;
  }
  const server = cfg.clusters?.[0]?.cluster?.server ?? 'http://localhost:8080';
  const host = /^https?:\/\/\[?([^\]/:]+)\]?(?::(\d+))?/.exec(server);
  const cp = host ? ctx.dir.findByAddress(ctx.node.state.networkId, host[1] as string) : undefined;
  const cluster = cp?.state.cluster;
  if (!cp || !cluster || (host?.[2] ?? '443') !== '6443') return refused(ctx, server);
  try {
    const cert = new X509Certificate(Buffer.from(cfg.users?.[0]?.user?.['client-certificate-data'] ?? '', 'base64'));
    if (!cert.verify(new X509Certificate(cluster.caCertPem).publicKey)) throw new Error('not signed by the cluster CA');
  } catch {
    ctx.io.stderr('error: You must be logged in to the server (Unauthorized)\n');
    return 1;
  }
  return { cp, cluster };
}

async function readSource(ctx: CommandContext, src: string): Promise<{ text: string; cni?: string } | number> {
  if (/^https?:\/\//.test(src)) {
    // No internet: known CNI manifests are recognised by URL and applied as simulated objects.
    const cni = detectCni(src);
    if (!cni) {
      ctx.io.stderr(`error: unable to read URL "${src}", server reported 404 Not Found, status code=404\n`);
      return 1;
    }
    return { text: '', cni };
  }
  if (src === '-') return { text: await ctx.io.readStdin() };
  const p = abs(ctx, src);
  const text = ctx.node.fs.readText(p);
  if (text === undefined) {
    ctx.io.stderr(`error: the path "${src}" does not exist\n`);
    return 1;
  }
  if (!canRead(ctx, p)) {
    ctx.io.stderr(`error: open ${src}: permission denied\n`);
    return 1;
  }
  return { text };
}

async function apply(args: string[], t: Target, ctx: CommandContext): Promise<number> {
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-f' || a === '--filename') files.push(args[++i] ?? '');
    else if (a.startsWith('--filename=')) files.push(a.slice(11));
  }
  if (files.length === 0) {
    ctx.io.stderr("error: must specify one of -f and -k\n\nSee 'kubectl apply -h' for help and examples\n");
    return 1;
  }
  for (const f of files) {
    const src = await readSource(ctx, f);
    if (typeof src === 'number') return src;
    const cni = src.cni ?? detectCni(src.text);
    let objects: string[];
    if (src.cni) objects = CNI_MANIFESTS[src.cni] ?? [];
    else {
      objects = [];
      for (const d of parseAllDocuments(src.text)) {
        const o = d.toJSON() as { kind?: string; apiVersion?: string; metadata?: { name?: string } } | null;
        if (!o) continue;
        if (!o.kind || !o.metadata?.name) {
          ctx.io.stderr(`error: error validating "${f}": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false\n`);
          return 1;
        }
        const group = o.apiVersion?.includes('/') ? '.' + o.apiVersion.split('/')[0] : '';
        objects.push(`${o.kind.toLowerCase()}${group}/${o.metadata.name}`);
      }
    }
    await ctx.sleep('kubectl-apply');
    const again = cni !== undefined && t.cluster.cni?.name === cni;
    for (const o of objects) ctx.io.stdout(`${o} ${again ? 'unchanged' : 'created'}\n`);
    if (cni && !again) {
      t.cluster.cni = { name: cni, appliedAt: new Date().toISOString() };
      t.cp.journal('kubelet.service', 'kubelet[2001]', `I0000 00:00:00.000000 kubelet_node_status.go:501] "Fast updating node status as it just became ready" cni="${cni}"`);
      t.cp.save();
    }
  }
  return 0;
}

function age(iso: string): string {
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s / 3600)}h`;
}

function getNodes(args: string[], t: Target, ctx: CommandContext): number {
  let output = '';
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-o' || a === '--output') output = args[++i] ?? '';
    else if (a.startsWith('-o')) output = a.slice(2).replace(/^=/, '');
    else if (a.startsWith('--output=')) output = a.slice(9);
    else if (!a.startsWith('-')) names.push(a);
  }
  const cniReady = cniReadyNow(t.cluster, ctx.pace.delayMs('cni-ready'));
  const members = names.length ? t.cluster.members.filter((m) => names.includes(m.name)) : t.cluster.members;
  for (const n of names) {
    if (!members.some((m) => m.name === n)) {
      ctx.io.stderr(`Error from server (NotFound): nodes "${n}" not found\n`);
      return 1;
    }
  }
  if (output === 'json') {
    const list = nodeList(t.cluster, ctx.dir, cniReady) as { items: unknown[] };
    const body = names.length === 1 ? nodeObject(t.cluster, members[0]!, ctx.dir, cniReady) : { ...list, kind: 'List', items: list.items.filter((_, i) => members.includes(t.cluster.members[i]!)) };
    ctx.io.stdout(JSON.stringify(body, null, 4) + '\n');
    return 0;
  }
  if (output === 'name') {
    members.forEach((m) => ctx.io.stdout(`node/${m.name}\n`));
    return 0;
  }
  if (output !== '' && output !== 'wide') {
    ctx.io.stderr(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,wide,yaml\n`);
    return 1;
  }
  const rows = members.map((m) => {
    const c = memberCondition(t.cluster, m, ctx.dir, cniReady);
    const node = ctx.dir.get(m.vmId);
    const base = [m.name, c.ready ? 'Ready' : 'NotReady', m.role === 'control-plane' ? 'control-plane' : '<none>', age(m.joinedAt), m.kubeletVersion];
    if (output === 'wide') {
      base.push(m.ip, node?.state.publicIp ?? '<none>', `Flatcar Container Linux by Kinvolk ${FLATCAR_VERSION} (Oklo)`, KERNEL_VERSION, `containerd://${CONTAINERD_VERSION}`);
    }
    return base;
  });
  const header = ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'];
  if (output === 'wide') header.push('INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME');
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  for (const r of all) ctx.io.stdout(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd((widths[i] as number) + 3))).join('') + '\n');
  return 0;
}

export const kubectl: CommandFn = async (args, ctx) => {
  let kubeconfig = ctx.env.KUBECONFIG;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--kubeconfig') kubeconfig = args[++i];
    else if (a.startsWith('--kubeconfig=')) kubeconfig = a.slice(13);
    else rest.push(a);
  }
  const [verb, ...vargs] = rest;
  if (verb === 'version' && vargs.includes('--client')) {
    ctx.io.stdout(`Client Version: ${ctx.node.sysext()?.version}\nKustomize Version: v5.7.1\n`);
    return 0;
  }
  if (!verb) {
    ctx.io.stderr('kubectl controls the Kubernetes cluster manager.\n\nUsage:\n  kubectl [flags] [options]\n');
    return 1;
  }
  if (verb !== 'apply' && verb !== 'get' && verb !== 'version') {
    ctx.io.stderr(`error: unknown command "${verb}" for "kubectl"\n`);
    return 1;
  }
  const t = resolveCluster(ctx, kubeconfig);
  if (typeof t === 'number') return t;
  if (verb === 'version') {
    ctx.io.stdout(`Client Version: ${ctx.node.sysext()?.version}\nKustomize Version: v5.7.1\nServer Version: ${t.cluster.kubernetesVersion}\n`);
    return 0;
  }
  if (verb === 'apply') return apply(vargs, t, ctx);
  const [resource, ...gargs] = vargs;
  if (resource === 'nodes' || resource === 'node' || resource === 'no') return getNodes(gargs, t, ctx);
  if (resource === undefined) {
    ctx.io.stderr("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n");
    return 1;
  }
  ctx.io.stderr(`error: the server doesn't have a resource type "${resource}" (only nodes are simulated)\n`);
  return 1;
};
