// `kubectl rollout status` and `kubectl wait` on a simulated cluster. Both
// poll the simulated state: a CNI daemonset is available on a node once its
// kubelet runs and the CNI's start-up delay (pace `cni-ready`) has passed;
// a CRD is established as soon as it exists. A wait that cannot succeed in
// time fails like kubectl's, after the shorter of its --timeout and the
// pace's `kubeadm-timeout` (failing waits are shortened in the sandbox).
import type { CommandContext } from '../command-types';
import type { ClusterMember } from '../node-state';
import { cniReadyNow, memberCondition } from '../cluster-view';
import { canonicalResource, findObject, pluralResource, type Target } from './kubectl-objects';

const POLL_MS = 200;

/** Go's time.ParseDuration, as kubectl parses --timeout. */
export function parseGoDuration(s: string): number | undefined {
  if (s === '0') return 0;
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(s);
  if (!m) return undefined;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const part of s.slice(m[1]?.length ?? 0).matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(part[1]) * (unit[part[2] as string] ?? 0);
  return m[1] === '-' ? -total : total;
}

export function badDuration(ctx: CommandContext, s: string): number {
  const why = /^[-+]?[\d.]+$/.test(s) ? `time: missing unit in duration "${s}"` : `time: invalid duration "${s}"`;
  ctx.io.stderr(`error: invalid argument "${s}" for "--timeout" flag: ${why}\n`);
  return 1;
}

export interface Probe {
  done: boolean;
  /** Printed each time it changes (rollout status's "Waiting for ..." lines). */
  progress?: string;
  /** When only the CNI's start-up delay stands in the way: milliseconds until done. */
  readyInMs?: number;
}

function sleepMs(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, Math.max(0, ms));
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Polls `probe` until done (true), the timeout passes or the channel closes (false). Also `cilium status --wait`'s loop. */
export async function pollUntil(ctx: CommandContext, timeoutMs: number, probe: () => Probe): Promise<boolean> {
  const start = Date.now();
  // Negative: "wait for a week", which for a sandbox means the shortened failing wait.
  const limit = timeoutMs < 0 ? Number.POSITIVE_INFINITY : timeoutMs;
  const failAfter = Math.min(limit, ctx.pace.delayMs('kubeadm-timeout'));
  let last: string | undefined;
  for (;;) {
    const p = probe();
    if (p.progress !== undefined && p.progress !== last) ctx.io.stdout(p.progress + '\n');
    last = p.progress;
    if (p.done) return true;
    if (ctx.io.signal.aborted) return false;
    const elapsed = Date.now() - start;
    if (p.readyInMs !== undefined && elapsed + p.readyInMs <= limit) {
      await sleepMs(p.readyInMs + 1, ctx.io.signal);
      continue;
    }
    if (elapsed >= failAfter) return false;
    await sleepMs(Math.min(POLL_MS, failAfter - elapsed), ctx.io.signal);
  }
}

/** Ready nodes now, and (if only the CNI's start-up delay is missing) when all would be. */
export function membersReady(ctx: CommandContext, t: Target, members: ClusterMember[]): { ready: number; readyInMs?: number } {
  const delay = ctx.pace.delayMs('cni-ready');
  const cniReady = cniReadyNow(t.cluster, delay);
  const ready = members.filter((m) => memberCondition(t.cluster, m, ctx.dir, cniReady).ready).length;
  if (ready === members.length || cniReady || !t.cluster.cni) return { ready };
  const allOnceUp = members.every((m) => memberCondition(t.cluster, m, ctx.dir, true).ready);
  if (!allOnceUp) return { ready };
  return { ready, readyInMs: Math.max(0, new Date(t.cluster.cni.appliedAt).getTime() + delay - Date.now()) };
}

/** `kubectl rollout status (daemonset|deployment)/NAME [--timeout D] [--watch=false]` */
export async function rollout(args: string[], t: Target, ctx: CommandContext, namespace: string | undefined, timeoutMs: number | undefined): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'status') {
    ctx.io.stderr(sub ? `error: unknown command "${sub}" for "kubectl rollout"\n` : 'error: Required resource not specified.\n');
    return 1;
  }
  let watch = true;
  const words: string[] = [];
  for (const a of rest) {
    if (a === '-w' || a === '--watch' || a === '--watch=true') watch = true;
    else if (a === '--watch=false' || a === '-w=false') watch = false;
    else if (a.startsWith('-')) {
      ctx.io.stderr(`error: unknown flag: ${a.split('=')[0]}\nSee 'kubectl rollout status --help' for usage.\n`);
      return 1;
    } else words.push(a);
  }
  const [typed, maybeName] = words[0]?.includes('/') ? (words[0].split('/', 2) as [string, string]) : [words[0], words[1]];
  if (!typed || !maybeName) {
    ctx.io.stderr("error: required resource not specified\nSee 'kubectl rollout status -h' for help and examples\n");
    return 1;
  }
  const resource = canonicalResource(typed);
  const ns = namespace ?? 'default';
  const obj = findObject(t.cluster, resource, maybeName, ns);
  if (!obj) {
    ctx.io.stderr(`Error from server (NotFound): ${pluralResource(resource)} "${maybeName}" not found\n`);
    return 1;
  }
  let probe: () => Probe;
  if (resource === 'daemonset.apps') {
    probe = () => {
      const members = t.cluster.members;
      const r = membersReady(ctx, t, members);
      const done = r.ready === members.length;
      return { done, ...(done ? {} : { progress: `Waiting for daemon set "${maybeName}" rollout to finish: ${r.ready} of ${members.length} updated pods are available...` }), ...(r.readyInMs !== undefined ? { readyInMs: r.readyInMs } : {}) };
    };
  } else if (resource === 'deployment.apps') {
    // Operators (tigera-operator, cilium-operator) use the host network: up once their pod started.
    probe = () => {
      const readyAt = new Date(obj.createdAt).getTime() + ctx.pace.delayMs('cni-ready');
      const node = t.cluster.members.some((m) => ctx.dir.get(m.vmId)?.state.units['kubelet.service']?.active === 'active');
      const done = node && readyAt <= Date.now();
      return { done, ...(done ? {} : { progress: `Waiting for deployment "${maybeName}" rollout to finish: 0 of 1 updated replicas are available...` }), ...(node ? { readyInMs: Math.max(0, readyAt - Date.now()) } : {}) };
    };
  } else {
    ctx.io.stderr(`error: no status viewer has been implemented for ${resource.split('.')[0]}\n`);
    return 1;
  }
  if (!watch) {
    const p = probe();
    ctx.io.stdout(p.done ? `${resource === 'daemonset.apps' ? 'daemon set' : 'deployment'} "${maybeName}" successfully rolled out\n` : `${p.progress ?? ''}\n`);
    return 0;
  }
  // rollout status: --timeout 0 (the default) means wait forever.
  const ok = await pollUntil(ctx, timeoutMs === undefined || timeoutMs === 0 ? -1 : timeoutMs, probe);
  if (ctx.io.signal.aborted) return 1;
  if (!ok) {
    ctx.io.stderr('error: timed out waiting for the condition\n');
    return 1;
  }
  ctx.io.stdout(`${resource === 'daemonset.apps' ? 'daemon set' : 'deployment'} "${maybeName}" successfully rolled out\n`);
  return 0;
}

/** `kubectl wait --for condition=NAME[=VALUE] (crd/NAME | nodes --all | node/NAME ...) [--timeout D]` */
export async function waitCmd(args: string[], t: Target, ctx: CommandContext, namespace: string | undefined, timeoutMs: number | undefined): Promise<number> {
  let forSpec: string | undefined;
  let all = false;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--for') forSpec = args[++i];
    else if (a.startsWith('--for=')) forSpec = a.slice(6);
    else if (a === '--all' || a === '--all=true') all = true;
    else if (a.startsWith('-')) {
      ctx.io.stderr(`error: unknown flag: ${a.split('=')[0]}\nSee 'kubectl wait --help' for usage.\n`);
      return 1;
    } else words.push(a);
  }
  if (!forSpec) {
    ctx.io.stderr("error: --for must be specified\nSee 'kubectl wait -h' for help and examples\n");
    return 1;
  }
  const cond = /^condition=([^=]+)(?:=(.*))?$/i.exec(forSpec);
  if (!cond) {
    ctx.io.stderr(`error: unrecognized condition: "${forSpec}"\n`);
    return 1;
  }
  const condName = (cond[1] as string).toLowerCase();
  const condValue = (cond[2] ?? 'True').toLowerCase();
  // Resources: TYPE/NAME ... or TYPE [NAME ...] [--all].
  const targets: { resource: string; name: string }[] = [];
  let typeOnly: string | undefined;
  for (const w of words) {
    if (w.includes('/')) {
      const [r, n] = w.split('/', 2) as [string, string];
      targets.push({ resource: canonicalResource(r), name: n });
    } else if (typeOnly === undefined && targets.length === 0) typeOnly = canonicalResource(w);
    else if (typeOnly !== undefined) targets.push({ resource: typeOnly, name: w });
    else {
      ctx.io.stderr('error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form\n');
      return 1;
    }
  }
  if (typeOnly !== undefined && all) {
    if (typeOnly !== 'node') {
      ctx.io.stderr(`error: the server doesn't have a resource type "${typeOnly}" that --all can list in this simulation\n`);
      return 1;
    }
    for (const m of t.cluster.members) targets.push({ resource: 'node', name: m.name });
    if (targets.length === 0) {
      ctx.io.stderr('error: no matching resources found\n');
      return 1;
    }
  }
  if (targets.length === 0) {
    ctx.io.stderr(typeOnly ? 'error: resource(s) were provided, but no name was specified\n' : "error: you must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n");
    return 1;
  }
  const budget = timeoutMs ?? 30_000; // kubectl wait's default --timeout is 30s
  for (const tg of targets) {
    let probe: () => Probe;
    if (tg.resource === 'node') {
      const m = t.cluster.members.find((x) => x.name === tg.name);
      if (!m) {
        ctx.io.stderr(`Error from server (NotFound): nodes "${tg.name}" not found\n`);
        return 1;
      }
      probe = () => {
        if (condName === 'ready') {
          const r = membersReady(ctx, t, [m]);
          const isTrue = r.ready === 1;
          return { done: isTrue === (condValue === 'true'), ...(condValue === 'true' && r.readyInMs !== undefined ? { readyInMs: r.readyInMs } : {}) };
        }
        const alwaysFalse = ['memorypressure', 'diskpressure', 'pidpressure', 'networkunavailable'].includes(condName);
        return { done: alwaysFalse && condValue === 'false' };
      };
    } else if (tg.resource === 'customresourcedefinition.apiextensions.k8s.io') {
      if (!findObject(t.cluster, tg.resource, tg.name, undefined)) {
        ctx.io.stderr(`Error from server (NotFound): ${pluralResource(tg.resource)} "${tg.name}" not found\n`);
        return 1;
      }
      // The API server establishes a CRD within moments of its creation.
      probe = () => ({ done: (condName === 'established' || condName === 'namesaccepted') === (condValue === 'true') });
    } else {
      const obj = findObject(t.cluster, tg.resource, tg.name, namespace);
      ctx.io.stderr(obj ? `error: waiting on ${tg.resource.split('.')[0]} conditions is not simulated\n` : `Error from server (NotFound): ${pluralResource(tg.resource)} "${tg.name}" not found\n`);
      return 1;
    }
    const ok = await pollUntil(ctx, budget, probe);
    if (ctx.io.signal.aborted) return 1;
    const shown = tg.resource === 'node' ? 'nodes' : pluralResource(tg.resource);
    if (!ok) {
      ctx.io.stderr(`error: timed out waiting for the condition on ${shown}/${tg.name}\n`);
      return 1;
    }
    ctx.io.stdout(`${tg.resource}/${tg.name} condition met\n`);
  }
  return 0;
}
