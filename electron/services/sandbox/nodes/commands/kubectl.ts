// kubectl [--kubeconfig F] [-n NS] [--timeout D] apply|create -f URL|FILE|- | get nodes|pods |
// rollout status | wait | logs | version. Global flags may come anywhere, as with real kubectl.
// The kubeconfig decides which cluster answers: its server address is looked
// up in this node's virtual network, and its client certificate must be
// signed by that cluster's CA, as the real API server would require.
import { X509Certificate } from 'node:crypto';
import { parse } from 'yaml';
import type { CommandContext, CommandFn } from '../command-types';
import { abs, canRead } from '../fs-access';
import { applyOrCreate, canonicalResource, type Target } from './kubectl-objects';
import { getPods } from './kubectl-pods';
import { logs } from './kubectl-logs';
import { badDuration, parseGoDuration, rollout, waitCmd } from './kubectl-wait';
import { cniReadyNow, memberCondition, nodeList, nodeObject } from '../cluster-view';
import { CONTAINERD_VERSION, FLATCAR_VERSION, KERNEL_VERSION } from '../flatcar-os';

function refused(ctx: CommandContext, server: string): number {
  const hostPort = server.replace(/^https?:\/\//, '');
  ctx.io.stderr(`E0000 00:00:00.000000 memcache.go:265] "Unhandled Error" err="couldn't get current server API group list: Get \\"${server}/api?timeout=32s\\": dial tcp ${hostPort}: connect: connection refused"\nThe connection to the server ${hostPort} was refused - did you specify the right host or port?\n`);
  return 1;
}

/** The cluster a kubeconfig reaches from this node (also used by the cilium CLI), or exit status 1. */
export function resolveCluster(ctx: CommandContext, kubeconfig: string | undefined): Target | number {
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

const USAGE = 'kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\nUsage:\n  kubectl [flags] [options]\n';

/** Subcommands that reach the API server in this simulation. */
const SIMULATED = new Set(['apply', 'create', 'get', 'version', 'rollout', 'wait', 'logs']);

/** Real kubectl subcommands this simulation does not implement (they fail with a clear message). */
const NOT_SIMULATED = new Set(['delete', 'describe', 'exec', 'edit', 'patch', 'label', 'annotate', 'scale', 'drain', 'cordon', 'uncordon', 'taint', 'top', 'cluster-info', 'config', 'explain', 'api-resources', 'replace', 'port-forward', 'proxy', 'cp', 'run', 'expose', 'set', 'auth', 'debug', 'events', 'diff', 'kustomize', 'certificate', 'attach', 'autoscale', 'plugin', 'completion', 'alpha']);

interface GlobalFlags {
  kubeconfig: string | undefined;
  namespace: string | undefined;
  allNamespaces: boolean;
  timeout: string | undefined;
  rest: string[];
}

/** Global flags may appear anywhere on the command line (cobra's persistent flags). */
function parseGlobals(args: string[], env: Record<string, string>): GlobalFlags | string {
  const g: GlobalFlags = { kubeconfig: env.KUBECONFIG, namespace: undefined, allNamespaces: false, timeout: undefined, rest: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      g.rest.push(...args.slice(i));
      break;
    }
    if (a === '--kubeconfig' || a === '-n' || a === '--namespace' || a === '--timeout') {
      const v = args[++i];
      if (v === undefined) return `error: flag needs an argument: ${a === '-n' ? "'n' in -n" : a}`;
      if (a === '--kubeconfig') g.kubeconfig = v;
      else if (a === '--timeout') g.timeout = v;
      else g.namespace = v;
    } else if (a.startsWith('--kubeconfig=')) g.kubeconfig = a.slice(13);
    else if (a.startsWith('--namespace=')) g.namespace = a.slice(12);
    else if (a.startsWith('--timeout=')) g.timeout = a.slice(10);
    else if (a.startsWith('-n') && a.length > 2 && !a.startsWith('--')) g.namespace = a.slice(2).replace(/^=/, '');
    else if (a === '-A' || a === '--all-namespaces' || a === '--all-namespaces=true') g.allNamespaces = true;
    else g.rest.push(a);
  }
  return g;
}

export const kubectl: CommandFn = async (args, ctx) => {
  const g = parseGlobals(args, ctx.env);
  if (typeof g === 'string') {
    ctx.io.stderr(`${g}\nSee 'kubectl --help' for usage.\n`);
    return 1;
  }
  const [verb, ...vargs] = g.rest;
  if (verb === 'version' && vargs.includes('--client')) {
    ctx.io.stdout(`Client Version: ${ctx.node.sysext()?.version}\nKustomize Version: v5.7.1\n`);
    return 0;
  }
  if (!verb) {
    ctx.io.stderr(USAGE);
    return 1;
  }
  if (!SIMULATED.has(verb)) {
    ctx.io.stderr(NOT_SIMULATED.has(verb) ? `error: "kubectl ${verb}" is not simulated on this sandbox node\n` : `error: unknown command "${verb}" for "kubectl"\n`);
    return 1;
  }
  let timeoutMs: number | undefined;
  if (g.timeout !== undefined) {
    timeoutMs = parseGoDuration(g.timeout);
    if (timeoutMs === undefined) return badDuration(ctx, g.timeout);
  }
  const t = resolveCluster(ctx, g.kubeconfig);
  if (typeof t === 'number') return t;
  switch (verb) {
    case 'version':
      ctx.io.stdout(`Client Version: ${ctx.node.sysext()?.version}\nKustomize Version: v5.7.1\nServer Version: ${t.cluster.kubernetesVersion}\n`);
      return 0;
    case 'apply':
    case 'create':
      return applyOrCreate(verb, vargs, t, ctx, g.namespace);
    case 'rollout':
      return rollout(vargs, t, ctx, g.namespace, timeoutMs);
    case 'wait':
      return waitCmd(vargs, t, ctx, g.namespace, timeoutMs);
    case 'logs':
      return logs(vargs, t, ctx, g.namespace);
  }
  const [resource, ...gargs] = vargs;
  if (resource === undefined) {
    ctx.io.stderr("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n");
    return 1;
  }
  const kind = canonicalResource(resource);
  if (kind === 'node') return getNodes(gargs, t, ctx);
  if (kind === 'pod') return getPods(gargs, t, ctx, g.namespace, g.allNamespaces);
  ctx.io.stderr(`error: the server doesn't have a resource type "${resource}" (only nodes and pods are simulated)\n`);
  return 1;
};
