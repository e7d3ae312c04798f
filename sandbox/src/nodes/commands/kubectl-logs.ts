// `kubectl logs [-n NS] (POD | TYPE/NAME | -l SELECTOR) [-c C] [--tail N] [--timestamps]
// [--previous]` on a simulated node: the same container logs the API serves (kube/cluster.ts),
// where the pod network's pods say why a CNI does not work (cni-pod-logs.ts).
import type { CommandContext } from '../command-types';
import { kubeClusterFor, type KubeCluster } from '../kube/cluster';
import { labelSelectorMatcher, parseLabelSelector } from '../kube/selectors';
import { ApiError, type KObj } from '../kube/types';
import { typeOfResource, type Target } from './kubectl-objects';

interface LogArgs {
  target?: string;
  selector?: string;
  container?: string;
  tail?: number;
  timestamps?: boolean;
  previous?: boolean;
}

function parseArgs(args: string[]): LogArgs | string {
  const a: LogArgs = {};
  for (let i = 0; i < args.length; i++) {
    const w = args[i] as string;
    const value = () => args[++i];
    if (w === '-c' || w === '--container') a.container = value();
    else if (w.startsWith('--container=')) a.container = w.slice(12);
    else if (w === '-l' || w === '--selector') a.selector = value();
    else if (w.startsWith('--selector=')) a.selector = w.slice(11);
    else if (w === '--timestamps' || w === '--timestamps=true') a.timestamps = true;
    else if (w === '-p' || w === '--previous' || w === '--previous=true') a.previous = true;
    else if (w === '--tail' || w.startsWith('--tail=')) {
      const v = w === '--tail' ? value() : w.slice(7);
      if (!/^-?\d+$/.test(v ?? '')) return `error: invalid argument "${v ?? ''}" for "--tail" flag: strconv.ParseInt: parsing "${v ?? ''}": invalid syntax`;
      a.tail = Number(v);
    } else if (w.startsWith('-')) return `error: unknown flag: ${w.split('=')[0]}\nSee 'kubectl logs --help' for usage.`;
    else if (a.target === undefined) a.target = w;
    else a.container = w;
  }
  if (a.target === undefined && a.selector === undefined) return "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";
  return a;
}

/** Prints one pod's log; returns false (after kubectl's error) when it has none to show. */
async function printLog(kube: KubeCluster, pod: KObj, a: LogArgs, ctx: CommandContext): Promise<boolean> {
  const names = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c: { name: string }) => c.name);
  const container = a.container ?? pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ?? (pod.spec?.containers?.[0]?.name as string);
  if (!names.includes(container)) {
    ctx.io.stderr(`error: container ${container} is not valid for pod ${pod.metadata.name}\n`);
    return false;
  }
  // kubectl's default tail is "all" for one pod and 10 per pod for a selector.
  const tail = a.tail ?? (a.selector !== undefined ? 10 : -1);
  try {
    await kube.podLogs(pod, container, { follow: false, timestamps: !!a.timestamps, previous: !!a.previous, ...(tail >= 0 ? { tailLines: tail } : {}) }, { write: (s) => ctx.io.stdout(s), signal: ctx.io.signal });
    return true;
  } catch (e) {
    if (e instanceof ApiError) ctx.io.stderr(`Error from server (${e.reason}): ${e.message}\n`);
    else throw e;
    return false;
  }
}

export async function logs(args: string[], t: Target, ctx: CommandContext, namespace: string | undefined): Promise<number> {
  const a = parseArgs(args);
  if (typeof a === 'string') {
    ctx.io.stderr(`${a}\n`);
    return 1;
  }
  const kube = kubeClusterFor(t.cp, ctx.dir, ctx.pace);
  if (!kube) return 1;
  kube.settle();
  const api = kube.api;
  const ns = namespace ?? 'default';
  const pods = api.list(api.type('', 'pods'), ns);
  if (a.selector !== undefined) {
    const sel = parseLabelSelector(a.selector);
    const chosen = pods.filter((p) => sel(p.metadata.labels));
    if (chosen.length === 0) {
      ctx.io.stderr(`No resources found in ${ns} namespace.\n`);
      return 0;
    }
    let ok = true;
    for (const p of chosen) ok = (await printLog(kube, p, a, ctx)) && ok;
    return ok ? 0 : 1;
  }
  const target = a.target as string;
  let pod: KObj | undefined;
  if (target.includes('/')) {
    const [type, name] = target.split('/', 2) as [string, string];
    const tp = typeOfResource(api, type);
    if (!tp) {
      ctx.io.stderr(`error: the server doesn't have a resource type "${type}"\n`);
      return 1;
    }
    if (tp.plural === 'pods') pod = pods.find((p) => p.metadata.name === name);
    else {
      const owner = api.find(tp, ns, name);
      if (!owner) {
        ctx.io.stderr(`Error from server (NotFound): ${tp.plural}${tp.group ? `.${tp.group}` : ''} "${name}" not found\n`);
        return 1;
      }
      const sel = labelSelectorMatcher(owner.spec?.selector);
      const owned = pods.filter((p) => sel(p.metadata.labels)).sort((x, y) => String(x.metadata.creationTimestamp).localeCompare(String(y.metadata.creationTimestamp)));
      if (owned.length === 0) {
        ctx.io.stderr(`error: timed out waiting for the condition\n`);
        return 1;
      }
      if (owned.length > 1) ctx.io.stderr(`Found ${owned.length} pods, using pod/${owned[0]?.metadata.name}\n`);
      pod = owned[0];
    }
    if (!pod) {
      ctx.io.stderr(`Error from server (NotFound): pods "${name}" not found\n`);
      return 1;
    }
  } else {
    pod = pods.find((p) => p.metadata.name === target);
    if (!pod) {
      ctx.io.stderr(`Error from server (NotFound): pods "${target}" not found\n`);
      return 1;
    }
  }
  return (await printLog(kube, pod, a, ctx)) ? 0 : 1;
}
