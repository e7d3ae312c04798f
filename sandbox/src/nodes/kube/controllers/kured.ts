// Kured (kubereboot/kured), simulated: what its DaemonSet's pods do together, from
// cmd/kured/main.go and pkg/daemonsetlock at tag 1.23.0. Only while a DaemonSet kube-system/kured
// exists (as `kubectl apply` of kured-ds.yaml makes it), and on a node only while its kured pod runs.
// - The sentinel: `--reboot-sentinel` (default /var/run/reboot-required) read inside the pod, where
//   kured-ds.yaml mounts the host's /var/run at /sentinel; on Flatcar /var/run is /run, where
//   update-engine writes reboot-required (update-engine.ts). A flag that misses the mount finds
//   nothing, as in kubereboot/kured#962.
// - `--annotate-nodes`: a node that needs a reboot gets weave.works/kured-reboot-in-progress and
//   weave.works/kured-most-recent-reboot-needed; the first goes once the node rebooted.
// - The lock: the annotation weave.works/kured-node-lock on the DaemonSet, JSON
//   {nodeID, metadata: {unschedulable}, created, TTL} (daemonsetlock.LockAnnotationValue); one
//   holder at a time (`--concurrency` 1). A node that cannot take it waits.
// - The holder cordons and drains its node (kubectl's drain helper with Force, IgnoreAllDaemonSets,
//   DeleteEmptyDirData: every pod but DaemonSet and mirror pods is evicted, budgets respected)
//   and runs `systemctl reboot`. After the boot its pod uncordons the node unless it was
//   cordoned before the lock (metadata.unschedulable), and releases the lock.
// Real Kured looks every `--period` (1 h, jittered); here a pass looks whenever the cluster
// reconciles, so the sandbox's announced update rolls through at the pace's speed.
import type { KObj } from '../types';
import type { ControllerCtx } from './context';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const KURED_NS = 'kube-system';
export const KURED_DS = 'kured';
export const LOCK_ANNOTATION = 'weave.works/kured-node-lock';
export const IN_PROGRESS_ANNOTATION = 'weave.works/kured-reboot-in-progress';
export const MOST_RECENT_ANNOTATION = 'weave.works/kured-most-recent-reboot-needed';
const DEFAULT_SENTINEL = '/var/run/reboot-required';

/** The reboot Kured is in the middle of (kept with the controllers' state). */
interface KuredRun {
  node: string;
  vmId: string;
  phase: 'draining' | 'rebooting';
  /** The node's boot before the reboot: another one means it came back. */
  bootId: string;
  unschedulableBefore: boolean;
}

function flag(args: string[], name: string): string | undefined {
  for (const a of args) if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  return undefined;
}

/** Where on the host the pod's sentinel is, through its hostPath mounts; undefined: not on the host. */
export function hostSentinel(ds: KObj): { path: string; annotate: boolean } | undefined {
  const pod = ds.spec?.template?.spec ?? {};
  const container = (pod.containers ?? []).find((c: Any) => c.name === 'kured') ?? pod.containers?.[0];
  if (!container) return undefined;
  const args = [...(container.command ?? []), ...(container.args ?? [])] as string[];
  const sentinel = flag(args, 'reboot-sentinel') ?? DEFAULT_SENTINEL;
  const annotate = flag(args, 'annotate-nodes') === 'true' || args.includes('--annotate-nodes');
  for (const m of container.volumeMounts ?? []) {
    const vol = (pod.volumes ?? []).find((v: Any) => v.name === m.name);
    const mount = String(m.mountPath).replace(/\/+$/, '');
    if (!vol?.hostPath || !sentinel.startsWith(`${mount}/`)) continue;
    const host = `${String(vol.hostPath.path).replace(/\/+$/, '')}${sentinel.slice(mount.length)}`;
    // Flatcar's /var/run is a link to /run.
    return { path: host.replace(/^\/var\/run\//, '/run/'), annotate };
  }
  return undefined;
}

function runningPodOn(c: ControllerCtx, ds: KObj, node: string): boolean {
  return c.api.list(c.t('', 'pods'), KURED_NS).some((p) => p.spec?.nodeName === node && p.status?.phase === 'Running' && p.metadata.ownerReferences?.some((r) => r.uid === ds.metadata.uid));
}

/** What a drain evicts from a node: every pod but DaemonSet and mirror pods, and finished ones. */
function drainable(c: ControllerCtx, node: string): KObj[] {
  return c.api.list(c.t('', 'pods')).filter((p) => {
    if (p.spec?.nodeName !== node || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') return false;
    if (p.metadata.annotations?.['kubernetes.io/config.mirror']) return false;
    return !p.metadata.ownerReferences?.some((r) => r.controller && r.kind === 'DaemonSet');
  });
}

function setLock(c: ControllerCtx, ds: KObj, value: string | undefined): void {
  const annotations = { ...(ds.metadata.annotations ?? {}) };
  if (value === undefined) delete annotations[LOCK_ANNOTATION];
  else annotations[LOCK_ANNOTATION] = value;
  c.api.systemPut(c.t('apps', 'daemonsets'), { ...ds, metadata: { ...ds.metadata, annotations } });
}

function patchNode(c: ControllerCtx, name: string, edit: (n: KObj) => KObj): void {
  const tp = c.t('', 'nodes');
  const n = c.api.find(tp, undefined, name);
  if (n) c.api.systemPut(tp, edit(n));
}

function withAnnotations(n: KObj, set: Record<string, string>, drop: string[] = []): KObj {
  const annotations = { ...(n.metadata.annotations ?? {}), ...set };
  for (const k of drop) delete annotations[k];
  return { ...n, metadata: { ...n.metadata, annotations } };
}

function ready(n: KObj | undefined): boolean {
  return (n?.status?.conditions ?? []).some((x: Any) => x.type === 'Ready' && x.status === 'True');
}

export function kured(c: ControllerCtx): void {
  const dsTp = c.t('apps', 'daemonsets');
  const ds = c.api.find(dsTp, KURED_NS, KURED_DS);
  const run = c.state.kured as KuredRun | undefined;
  if (!ds) {
    if (run) delete c.state.kured;
    return;
  }
  const sentinel = hostSentinel(ds);
  const nodeTp = c.t('', 'nodes');
  const poll = () => c.wake(Math.max(c.second, 50));

  if (run) {
    const member = c.rec.members.find((m) => m.name === run.node);
    const sim = member ? c.dir.get(member.vmId) : undefined;
    if (!member) {
      // The node left the cluster: nothing to finish.
      delete c.state.kured;
      setLock(c, ds, undefined);
      return;
    }
    if (run.phase === 'draining') {
      patchNode(c, run.node, (n) => (n.spec?.unschedulable ? n : { ...n, spec: { ...(n.spec ?? {}), unschedulable: true } }));
      const left = drainable(c, run.node);
      for (const p of left) {
        if (p.metadata.deletionTimestamp) continue;
        try {
          c.evict(p);
        } catch {
          // A disruption budget says no for now: kubectl's drain retries the eviction.
        }
      }
      if (drainable(c, run.node).length > 0) return poll();
      c.state.kured = { ...run, phase: 'rebooting', bootId: sim?.state.bootId ?? run.bootId };
      c.event(c.api.find(nodeTp, undefined, run.node) ?? ds, 'Normal', 'Rebooting', `Kured: rebooting node ${run.node}`, { component: 'kured', host: run.node });
      // systemctl reboot in the host's namespaces, after this pass (the node's API server may be this one).
      const reboot = c.dir.reboot;
      if (reboot) setImmediate(() => void reboot(member.vmId).catch(() => {}));
      return poll();
    }
    // Rebooting: done once the node runs a new boot, is Ready and its kured pod runs again.
    const node = c.api.find(nodeTp, undefined, run.node);
    if (!sim || sim.state.bootId === run.bootId || !ready(node) || !runningPodOn(c, ds, run.node)) return poll();
    const stillRequired = !!sentinel && !!sim.fs.stat(sentinel.path);
    patchNode(c, run.node, (n) => {
      const spec = { ...(n.spec ?? {}) };
      if (!run.unschedulableBefore) delete spec.unschedulable;
      const back = { ...n, spec };
      return stillRequired ? back : withAnnotations(back, {}, [IN_PROGRESS_ANNOTATION]);
    });
    delete c.state.kured;
    setLock(c, c.api.find(dsTp, KURED_NS, KURED_DS) as KObj, undefined);
    return;
  }

  if (!sentinel) return;
  const wanting = c.rec.members
    .filter((m) => {
      const sim = c.dir.get(m.vmId);
      return !!sim && !!sim.fs.stat(sentinel.path) && runningPodOn(c, ds, m.name);
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const stamp = new Date(c.now).toISOString().replace(/\.\d+Z$/, 'Z');
  if (sentinel.annotate) {
    for (const m of wanting) {
      const n = c.api.find(nodeTp, undefined, m.name);
      if (n && n.metadata.annotations?.[IN_PROGRESS_ANNOTATION] === undefined) patchNode(c, m.name, (x) => withAnnotations(x, { [IN_PROGRESS_ANNOTATION]: stamp, [MOST_RECENT_ANNOTATION]: stamp }));
    }
  }
  // Someone holds the lock (a run this controller lost, or a person): wait for it.
  if (ds.metadata.annotations?.[LOCK_ANNOTATION] !== undefined) return;
  const next = wanting[0];
  if (!next) return;
  const node = c.api.find(nodeTp, undefined, next.name);
  if (!node) return;
  const unschedulable = !!node.spec?.unschedulable;
  setLock(c, ds, JSON.stringify({ nodeID: next.name, metadata: { unschedulable }, created: stamp, TTL: 0 }));
  c.state.kured = { node: next.name, vmId: next.vmId, phase: 'draining', bootId: c.dir.get(next.vmId)?.state.bootId ?? '', unschedulableBefore: unschedulable } satisfies KuredRun;
  poll();
}
