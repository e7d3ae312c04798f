// kubectl [--kubeconfig F] [-n NS] [--timeout D] apply|create -f URL|FILE|- | get TYPE |
// rollout status | wait | logs | version. Global flags may come anywhere, as with real kubectl.
// The kubeconfig decides which cluster answers: its server address is looked
// up in this node's virtual network, and its client certificate must be
// signed by that cluster's CA, as the real API server would require.
import { X509Certificate } from 'node:crypto';
import { parse } from 'yaml';
import type { CommandContext, CommandFn } from '../command-types';
import { abs, canRead } from '../fs-access';
import { applyOrCreate, type Target } from './kubectl-objects';
import { getCmd } from './kubectl-get';
import { logs } from './kubectl-logs';
import { badDuration, parseGoDuration, rollout, waitCmd } from './kubectl-wait';
import { reachApiServer } from '../net/reach';
import { noSuchHost } from '../net/resolve';

function refused(ctx: CommandContext, server: string): number {
  const hostPort = server.replace(/^https?:\/\//, '');
  ctx.io.stderr(`E0000 00:00:00.000000 memcache.go:265] "Unhandled Error" err="couldn't get current server API group list: Get \\"${server}/api?timeout=32s\\": dial tcp ${hostPort}: connect: connection refused"\nThe connection to the server ${hostPort} was refused - did you specify the right host or port?\n`);
  return 1;
}

/** A name that does not resolve, or an address that never answers (kubectl's "Unable to connect"). */
function unreachable(ctx: CommandContext, server: string, reason: string): number {
  ctx.io.stderr(`E0000 00:00:00.000000 memcache.go:265] "Unhandled Error" err="couldn't get current server API group list: Get \\"${server}/api?timeout=32s\\": ${reason}"\nUnable to connect to the server: ${reason}\n`);
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
  if (!host) return refused(ctx, server);
  const port = Number(host[2] ?? '443');
  const reach = reachApiServer(ctx.node, ctx.dir, host[1] as string, port);
  if (!reach.ok) {
    if (reach.why === 'no-such-host') return unreachable(ctx, server, noSuchHost(host[1] as string));
    if (reach.why === 'timeout') return unreachable(ctx, server, `dial tcp ${reach.ip}:${port}: i/o timeout`);
    return refused(ctx, server);
  }
  const { cp } = reach;
  const cluster = cp.state.cluster!;
  try {
    const cert = new X509Certificate(Buffer.from(cfg.users?.[0]?.user?.['client-certificate-data'] ?? '', 'base64'));
    if (!cert.verify(new X509Certificate(cluster.caCertPem).publicKey)) throw new Error('not signed by the cluster CA');
  } catch {
    ctx.io.stderr('error: You must be logged in to the server (Unauthorized)\n');
    return 1;
  }
  return { cp, cluster };
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
  return getCmd(vargs, t, ctx, g.namespace, g.allNamespaces);
};
