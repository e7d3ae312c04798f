// `kubectl rollout status` and `kubectl wait` on a simulated cluster. Both
// poll the simulated state: a CNI daemonset is available on a node once its
// kubelet runs and the CNI's start-up delay (pace `cni-ready`) has passed;
// a CRD is established as soon as it exists. A wait that cannot succeed in
// time fails like kubectl's, after the shorter of its --timeout and the
// pace's `kubeadm-timeout` (failing waits are shortened in the sandbox).
import type { CommandContext } from '../command-types';
import type { ClusterMember } from '../node-state';
import { cniReadyNow, memberCondition } from '../cluster-view';
import { canonicalResource, typeOfResource, type Target } from './kubectl-objects';
import { kubeClusterFor } from '../kube/cluster';
import type { KObj } from '../kube/types';

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
  const kube = kubeClusterFor(t.cp, ctx.dir, ctx.pace);
  const tp = kube ? typeOfResource(kube.api, resource) : undefined;
  if (!kube || !tp) {
    ctx.io.stderr(`error: the server doesn't have a resource type "${typed}"\n`);
    return 1;
  }
  kube.settle();
  if (!kube.api.find(tp, ns, maybeName)) {
    ctx.io.stderr(`Error from server (NotFound): ${tp.plural}${tp.group ? `.${tp.group}` : ''} "${maybeName}" not found\n`);
    return 1;
  }
  const viewer = statusViewer(tp.kind);
  if (!viewer) {
    ctx.io.stderr(`error: no status viewer has been implemented for ${tp.kind}\n`);
    return 1;
  }
  let failure: string | undefined;
  const probe = (): Probe => {
    kube.settle();
    const o = kube.api.find(tp, ns, maybeName);
    if (!o) return { done: false, progress: `Waiting for ${tp.kind === 'DaemonSet' ? 'daemon set' : tp.kind.toLowerCase()} "${maybeName}" rollout to finish` };
    const v = viewer(o);
    if (v.error) failure = v.error;
    // A CNI's daemon set waits for the pod network's start-up only: say when it will be up.
    const hint = tp.kind === 'DaemonSet' && !v.done ? membersReady(ctx, t, t.cluster.members).readyInMs : undefined;
    return { done: v.done || !!v.error, ...(v.done ? {} : { progress: v.message.trimEnd() }), ...(hint !== undefined ? { readyInMs: hint } : {}) };
  };
  const doneMessage = () => viewer(kube.api.find(tp, ns, maybeName) as KObj).message;
  if (!watch) {
    const p = probe();
    if (failure) {
      ctx.io.stderr(`error: ${failure}\n`);
      return 1;
    }
    ctx.io.stdout(p.done ? doneMessage() : `${p.progress ?? ''}\n`);
    return 0;
  }
  // rollout status: --timeout 0 (the default) means wait forever.
  const ok = await pollUntil(ctx, timeoutMs === undefined || timeoutMs === 0 ? -1 : timeoutMs, probe);
  if (ctx.io.signal.aborted) return 1;
  if (!ok) {
    ctx.io.stderr('error: timed out waiting for the condition\n');
    return 1;
  }
  if (failure) {
    ctx.io.stderr(`error: ${failure}\n`);
    return 1;
  }
  ctx.io.stdout(doneMessage());
  return 0;
}

interface Viewed {
  message: string;
  done: boolean;
  error?: string;
}

/** kubectl's rollout status viewers (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go). */
export function statusViewer(kind: string): ((o: KObj) => Viewed) | undefined {
  switch (kind) {
    case 'Deployment':
      return (d) => {
        const st = d.status ?? {};
        const want = d.spec?.replicas ?? 1;
        if ((d.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
        const prog = (st.conditions ?? []).find((c: { type: string }) => c.type === 'Progressing');
        if (prog?.reason === 'ProgressDeadlineExceeded') return { message: '', done: false, error: `deployment "${d.metadata.name}" exceeded its progress deadline` };
        if ((st.updatedReplicas ?? 0) < want) return { message: `Waiting for deployment "${d.metadata.name}" rollout to finish: ${st.updatedReplicas ?? 0} out of ${want} new replicas have been updated...\n`, done: false };
        if ((st.replicas ?? 0) > (st.updatedReplicas ?? 0)) return { message: `Waiting for deployment "${d.metadata.name}" rollout to finish: ${(st.replicas ?? 0) - (st.updatedReplicas ?? 0)} old replicas are pending termination...\n`, done: false };
        if ((st.availableReplicas ?? 0) < (st.updatedReplicas ?? 0)) return { message: `Waiting for deployment "${d.metadata.name}" rollout to finish: ${st.availableReplicas ?? 0} of ${st.updatedReplicas ?? 0} updated replicas are available...\n`, done: false };
        return { message: `deployment "${d.metadata.name}" successfully rolled out\n`, done: true };
      };
    case 'DaemonSet':
      return (ds) => {
        const st = ds.status ?? {};
        if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return { message: '', done: false, error: 'rollout status is only available for RollingUpdate strategy type' };
        if ((ds.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
        if ((st.updatedNumberScheduled ?? 0) < (st.desiredNumberScheduled ?? 0)) return { message: `Waiting for daemon set "${ds.metadata.name}" rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${st.desiredNumberScheduled ?? 0} new pods have been updated...\n`, done: false };
        if ((st.numberAvailable ?? 0) < (st.desiredNumberScheduled ?? 0)) return { message: `Waiting for daemon set "${ds.metadata.name}" rollout to finish: ${st.numberAvailable ?? 0} of ${st.desiredNumberScheduled ?? 0} updated pods are available...\n`, done: false };
        return { message: `daemon set "${ds.metadata.name}" successfully rolled out\n`, done: true };
      };
    case 'StatefulSet':
      return (s) => {
        const st = s.status ?? {};
        const want = s.spec?.replicas ?? 1;
        if (!st.observedGeneration || (s.metadata.generation ?? 0) > st.observedGeneration) return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
        if ((st.readyReplicas ?? 0) < want) return { message: `Waiting for ${want - (st.readyReplicas ?? 0)} pods to be ready...\n`, done: false };
        const partition = s.spec?.updateStrategy?.rollingUpdate?.partition;
        if (partition !== undefined) {
          if ((st.updatedReplicas ?? 0) < want - partition) return { message: `Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${want - partition} new pods have been updated...\n`, done: false };
          return { message: `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...\n`, done: true };
        }
        return { message: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...\n`, done: true };
      };
  }
  return undefined;
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
  const kube = kubeClusterFor(t.cp, ctx.dir, ctx.pace);
  if (!kube) return 1;
  kube.settle();
  const ns = namespace ?? 'default';
  if (typeOnly !== undefined && all) {
    const tp = typeOfResource(kube.api, typeOnly);
    if (!tp) {
      ctx.io.stderr(`error: the server doesn't have a resource type "${typeOnly}"\n`);
      return 1;
    }
    for (const o of kube.api.list(tp, tp.namespaced ? ns : undefined)) targets.push({ resource: typeOnly, name: o.metadata.name as string });
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
    const tp = typeOfResource(kube.api, tg.resource);
    if (!tp) {
      ctx.io.stderr(`error: the server doesn't have a resource type "${tg.resource}"\n`);
      return 1;
    }
    const where = tp.namespaced ? ns : undefined;
    if (!kube.api.find(tp, where, tg.name)) {
      ctx.io.stderr(`Error from server (NotFound): ${tp.plural}${tp.group ? `.${tp.group}` : ''} "${tg.name}" not found\n`);
      return 1;
    }
    const member = tp.plural === 'nodes' ? t.cluster.members.find((x) => x.name === tg.name) : undefined;
    const probe = (): Probe => {
      kube.settle();
      const o = kube.api.find(tp, where, tg.name);
      const c = ((o?.status?.conditions ?? []) as { type: string; status: string }[]).find((x) => x.type.toLowerCase() === condName);
      const done = !!c && c.status.toLowerCase() === condValue;
      // A node that waits only for its pod network's start-up: say when it will be Ready.
      const hint = member && condName === 'ready' && condValue === 'true' && !done ? membersReady(ctx, t, [member]).readyInMs : undefined;
      return { done, ...(hint !== undefined ? { readyInMs: hint } : {}) };
    };
    const ok = await pollUntil(ctx, budget, probe);
    if (ctx.io.signal.aborted) return 1;
    const shown = `${tp.plural}${tp.group ? `.${tp.group}` : ''}`;
    if (!ok) {
      ctx.io.stderr(`error: timed out waiting for the condition on ${shown}/${tg.name}\n`);
      return 1;
    }
    ctx.io.stdout(`${tp.kind.toLowerCase()}${tp.group ? `.${tp.group}` : ''}/${tg.name} condition met\n`);
  }
  return 0;
}
