// `kubectl logs [-n NS] (POD | ds/NAME | deploy/NAME | -l SELECTOR) [-c C] [--tail N]` for the
// pod network's pods, which is where a CNI says why it does not work (cni-pod-logs.ts). Logs
// of the other simulated pods (control plane, kube-proxy, CoreDNS) are not simulated.
import type { CommandContext } from '../command-types';
import { cniProblem } from '../cluster-view';
import { cniPodLog, MAIN_CONTAINER, type CniPodKind } from './cni-pod-logs';
import { canonicalResource, type Target } from './kubectl-objects';
import { matchesSelector, simulatedPods, type Pod } from './kubectl-pods';

function kindOf(p: Pod): CniPodKind | undefined {
  if (p.labels.app === 'flannel') return 'flannel';
  const app = p.labels['k8s-app'];
  return app === 'calico-node' || app === 'tigera-operator' || app === 'cilium' ? app : undefined;
}

interface LogArgs {
  target?: string;
  selector?: string;
  container?: string;
  tail?: number;
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
function printLog(p: Pod, a: LogArgs, t: Target, ctx: CommandContext): boolean {
  const kind = kindOf(p);
  if (!kind || !p.member) {
    ctx.io.stderr(`error: logs of pod "${p.name}" are not simulated on this sandbox node (only the pod network's pods)\n`);
    return false;
  }
  const container = a.container ?? MAIN_CONTAINER[kind];
  if (container !== MAIN_CONTAINER[kind]) {
    ctx.io.stderr(`error: container ${container} is not valid for pod ${p.name}\n`);
    return false;
  }
  if (p.status !== 'Running' && p.status !== 'CrashLoopBackOff') {
    ctx.io.stderr(`Error from server (BadRequest): container "${container}" in pod "${p.name}" is waiting to start: PodInitializing\n`);
    return false;
  }
  const node = ctx.dir.get(p.member.vmId);
  const problem = node ? cniProblem(t.cluster, p.member, node) : undefined;
  let lines = cniPodLog(kind, t.cluster, p.member, problem);
  // kubectl's default tail is "all" for one pod and 10 per pod for a selector.
  const tail = a.tail ?? (a.selector !== undefined ? 10 : -1);
  if (tail >= 0) lines = tail === 0 ? [] : lines.slice(-tail);
  for (const l of lines) ctx.io.stdout(`${l}\n`);
  return true;
}

export function logs(args: string[], t: Target, ctx: CommandContext, namespace: string | undefined): number {
  const a = parseArgs(args);
  if (typeof a === 'string') {
    ctx.io.stderr(`${a}\n`);
    return 1;
  }
  const ns = namespace ?? 'default';
  const pods = simulatedPods(ctx, t).filter((p) => p.namespace === ns);
  if (a.selector !== undefined) {
    const chosen = pods.filter((p) => matchesSelector(p.labels, a.selector as string));
    if (chosen.length === 0) {
      ctx.io.stderr(`No resources found in ${ns} namespace.\n`);
      return 0;
    }
    return chosen.map((p) => printLog(p, a, t, ctx)).every(Boolean) ? 0 : 1;
  }
  const target = a.target as string;
  let pod: Pod | undefined;
  if (target.includes('/')) {
    const [type, name] = target.split('/', 2) as [string, string];
    const resource = canonicalResource(type);
    const owned = resource === 'pod' ? pods.filter((p) => p.name === name) : pods.filter((p) => p.name.startsWith(`${name}-`));
    if (owned.length === 0) {
      ctx.io.stderr(`error: ${resource === 'pod' ? `pods "${name}" not found` : `no pods found for ${resource.split('.')[0]}/${name} in namespace ${ns}`}\n`);
      return 1;
    }
    if (owned.length > 1) ctx.io.stderr(`Found ${owned.length} pods, using pod/${owned[0]?.name}\n`);
    pod = owned[0];
  } else {
    pod = pods.find((p) => p.name === target);
    if (!pod) {
      ctx.io.stderr(`Error from server (NotFound): pods "${target}" not found\n`);
      return 1;
    }
  }
  return printLog(pod as Pod, a, t, ctx) ? 0 : 1;
}
