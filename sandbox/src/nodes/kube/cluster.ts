// One simulated cluster's API: its object store (kept in the control planes' shared cluster
// record, so it persists with each control plane's state under --state-dir, as etcd keeps a copy
// on every member), the API over it, and the controllers that make it alive, run after every
// write, when a timer they asked for fires, and before every read (so what a client sees is the
// cluster as of that moment). Every control plane's HTTPS server (kube-api.ts) and the nodes' own
// kubectl use the same instance; it lives while one of its control planes holds it.
import type { KubeApi } from './api';
import { clusterData, type KubeSnapshot } from './data';
import type { ObjectStore } from './store';
import { ApiError, type KObj } from './types';
import type { DeleteOptions } from './api';
import type { LogOptions, LogStream } from './http';
import type { StreamBackend } from './exec-protocol';
import type { PortForwardBackend } from './portforward';
import { recordEvent, pruneEvents, type Controller, type ControllerCtx } from './controllers/context';
import { nodes } from './controllers/nodes';
import { garbageCollector, namespaces } from './controllers/lifecycle';
import { daemonSets, deployments, jobs, replicaSets, statefulSets } from './controllers/workloads';
import { scheduler } from './controllers/scheduler';
import { cronJobs } from './controllers/cronjobs';
import { appendContainerLog, cniAgent, containerLog, kubelet } from './controllers/kubelet';
import { endpoints } from './controllers/endpoints';
import { cniOperators } from './controllers/cni';
import { kured } from './controllers/kured';
import { cloudProvider } from './controllers/cloud-provider';
import { labelSelectorMatcher } from './selectors';
import type { ExecIO, NodeDirectory } from '../command-types';
import { ContainerExec } from './container-exec';
import { cniProblem } from '../cluster-view';
import { cniPodLog, MAIN_CONTAINER, type CniPodKind } from '../commands/cni-pod-logs';
import type { ClusterRecord } from '../node-state';
import type { SimNode } from '../sim-node';
import type { NodePace } from '../types';

const CONTROLLERS: [string, Controller][] = [
  ['nodes', nodes],
  ['namespaces', namespaces],
  ['cni-operators', cniOperators],
  ['deployments', deployments],
  ['replicasets', replicaSets],
  ['daemonsets', daemonSets],
  ['statefulsets', statefulSets],
  ['cronjobs', cronJobs],
  ['jobs', jobs],
  ['cloud-provider', cloudProvider],
  ['scheduler', scheduler],
  ['kubelet', kubelet],
  ['kured', kured],
  ['endpoints', endpoints],
  ['garbage-collector', garbageCollector],
  ['events', pruneEvents],
];

export class KubeCluster implements StreamBackend, PortForwardBackend {
  readonly store: ObjectStore;
  readonly api: KubeApi;
  private readonly snap: KubeSnapshot;
  private timer: NodeJS.Timeout | undefined;
  private dueAt = Number.POSITIVE_INFINITY;
  private reconciling = false;
  private saveTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly logListeners = new Set<() => void>();
  /** The control planes serving this cluster (each holds `rec` in its state; saves go to all). */
  readonly holders = new Set<SimNode>();

  constructor(
    readonly rec: ClusterRecord,
    cp: SimNode,
    private readonly dir: NodeDirectory,
    private readonly pace: NodePace,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.holders.add(cp);
    const d = clusterData(rec);
    this.store = d.store;
    this.api = d.api;
    this.snap = d.snap;
    this.store.onWrite = () => {
      this.scheduleSave();
      if (!this.reconciling) this.wakeIn(0);
      for (const l of this.logListeners) l();
    };
    this.wakeIn(0);
  }

  node(vmId: string): SimNode | undefined {
    return this.dir.get(vmId);
  }

  get k8sVersion(): string {
    return this.rec.kubernetesVersion;
  }

  get serverAddress(): string {
    return this.rec.endpoint;
  }

  /** Holders that still have this cluster (a `kubeadm reset` drops it from one). */
  private live(): SimNode[] {
    return [...this.holders].filter((h) => h.state.cluster === this.rec);
  }

  private saveAll(): void {
    for (const h of this.live()) h.save();
  }

  private scheduleSave(): void {
    if (this.saveTimer || this.closed) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.saveAll();
    }, 250);
    this.saveTimer.unref();
  }

  private wakeIn(ms: number): void {
    if (this.closed) return;
    const at = Date.now() + Math.max(0, ms);
    if (at >= this.dueAt) return;
    this.dueAt = at;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.dueAt = Number.POSITIVE_INFINITY;
      this.reconcile();
    }, Math.max(0, ms));
    this.timer.unref();
  }

  /** Runs the controllers until nothing changes (bounded), then sleeps until one asked to be woken. */
  reconcile(): void {
    if (this.reconciling || this.closed || this.live().length === 0) return;
    this.reconciling = true;
    let next = Number.POSITIVE_INFINITY;
    try {
      for (let pass = 0; pass < 12; pass++) {
        const before = this.store.rv;
        const now = Date.now();
        next = Number.POSITIVE_INFINITY;
        const ctx: ControllerCtx = {
          api: this.api,
          now,
          rec: this.rec,
          dir: this.dir,
          pace: this.pace,
          state: this.snap.controllers,
          second: this.pace.delayMs('second'),
          event: (inv, type, reason, message, source, fieldPath) => recordEvent(this.api, now, inv, type, reason, message, source, fieldPath),
          wake: (ms) => {
            next = Math.min(next, now + Math.max(1, ms));
          },
          t: (g, p) => this.api.type(g, p),
          evict: (pod) => this.evict(pod, {}),
        };
        for (const [name, run] of CONTROLLERS) {
          try {
            run(ctx);
          } catch (e) {
            this.log(`kube: controller ${name}: ${(e as Error).message}`);
          }
        }
        if (this.store.rv === before) break;
        next = Math.min(next, Date.now());
      }
    } finally {
      this.reconciling = false;
    }
    if (Number.isFinite(next)) this.wakeIn(next - Date.now());
  }

  settle(): void {
    this.reconcile();
  }

  async podLogs(pod: KObj, container: string, opts: LogOptions, out: LogStream): Promise<void> {
    const render = (l: { at: number; lines: string[]; times?: number[] }, from = 0) => {
      let lines = l.lines.map((text, i) => ({ text, at: l.times?.[i] ?? l.at + i })).slice(from);
      if (opts.sinceSeconds !== undefined) lines = lines.filter((x) => x.at >= Date.now() - opts.sinceSeconds! * 1000);
      if (opts.sinceTime) lines = lines.filter((x) => x.at >= new Date(opts.sinceTime as string).getTime());
      if (opts.tailLines !== undefined) lines = opts.tailLines <= 0 ? [] : lines.slice(-opts.tailLines);
      let text = lines.map((x) => `${opts.timestamps ? `${new Date(x.at).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z')} ` : ''}${x.text}\n`).join('');
      if (opts.limitBytes !== undefined) text = text.slice(0, opts.limitBytes);
      return text;
    };
    const got = containerLog({ state: this.snap.controllers }, pod, container, opts.previous);
    const cniLog = cniPodLines(this, pod, container, typeof got === 'object' ? got : undefined);
    if (cniLog) {
      out.write(render(cniLog));
      return;
    }
    if (got === 'no-previous') throw new ApiError(400, 'BadRequest', `previous terminated container "${container}" in pod "${pod.metadata.name}" not found`);
    if (got === 'waiting') {
      const st = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((x: { name: string }) => x.name === container);
      const reason = st?.state?.waiting?.reason ?? 'ContainerCreating';
      const why = reason === 'ImagePullBackOff' || reason === 'ErrImagePull' ? 'trying and failing to pull image' : reason;
      throw new ApiError(400, 'BadRequest', `container "${container}" in pod "${pod.metadata.name}" is waiting to start: ${why}`);
    }
    out.write(render(got));
    if (!opts.follow) return;
    // Following: what the container writes later (access logs) until the client leaves or the
    // container's instance ends.
    let sent = got.lines.length;
    await new Promise<void>((resolve) => {
      const check = () => {
        const now = containerLog({ state: this.snap.controllers }, pod, container, false);
        if (typeof now === 'object' && now.lines.length > sent) {
          out.write(render(now, sent));
          sent = now.lines.length;
        }
        const p = this.api.find(this.api.type('', 'pods'), pod.metadata.namespace, pod.metadata.name as string);
        const st = p?.status?.containerStatuses?.find((x: { name: string }) => x.name === container);
        if (!p || p.metadata.uid !== pod.metadata.uid || !st?.state?.running) done();
      };
      const done = () => {
        this.logListeners.delete(check);
        resolve();
      };
      this.logListeners.add(check);
      out.signal.addEventListener('abort', done, { once: true });
    });
  }

  private execs?: ContainerExec;

  private exec(): ContainerExec {
    return (this.execs ??= new ContainerExec(this.api, this.rec.caCertPem, this.dir, this.pace));
  }

  execCheck(pod: KObj, container: string, argv: string[]): string | undefined {
    return this.exec().check(pod, container, argv);
  }

  execRun(pod: KObj, container: string, argv: string[], io: ExecIO): Promise<{ exitCode: number }> {
    return this.exec().run(pod, container, argv, io);
  }

  containerFile(pod: KObj, container: string, path: string): Buffer | undefined {
    return this.exec().readFile(pod, container, path);
  }

  appendLog(pod: KObj, container: string, line: string): void {
    if (appendContainerLog({ state: this.snap.controllers }, pod, container, line, Date.now())) {
      this.scheduleSave();
      for (const l of this.logListeners) l();
    }
  }

  evict(pod: KObj, deleteOptions: DeleteOptions): void {
    const pdbTp = this.api.type('policy', 'poddisruptionbudgets');
    const podTp = this.api.type('', 'pods');
    if (!pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed') {
      for (const pdb of this.api.list(pdbTp, pod.metadata.namespace)) {
        if (!labelSelectorMatcher(pdb.spec?.selector)(pod.metadata.labels)) continue;
        if (Number(pdb.status?.disruptionsAllowed ?? 0) <= 0) {
          throw new ApiError(429, 'TooManyRequests', 'Cannot evict pod as it would violate the pod\'s disruption budget.', { causes: [{ reason: 'DisruptionBudget', message: `The disruption budget ${pdb.metadata.name} needs ${pdb.status?.desiredHealthy ?? 0} healthy pods and has ${pdb.status?.currentHealthy ?? 0} currently` }] });
        }
      }
    }
    this.api.delete(podTp, pod.metadata.namespace, pod.metadata.name as string, deleteOptions);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      this.saveAll();
    }
  }
}

/** The pod network's pods log what cni-pod-logs.ts says (where a pod network problem is explained). */
function cniPodLines(k: KubeCluster, pod: KObj, container: string, started: { at: number } | undefined): { at: number; lines: string[] } | undefined {
  if (!started) return undefined;
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller)?.name ?? '';
  const kind: CniPodKind | undefined = cniAgent(pod)
    ? pod.metadata.namespace === 'kube-flannel'
      ? 'flannel'
      : pod.metadata.namespace === 'calico-system'
        ? 'calico-node'
        : 'cilium'
    : pod.metadata.namespace === 'tigera-operator' && owner.startsWith('tigera-operator')
      ? 'tigera-operator'
      : undefined;
  if (!kind || MAIN_CONTAINER[kind] !== container) return undefined;
  const m = k.rec.members.find((x) => x.name === pod.spec?.nodeName);
  if (!m) return undefined;
  const node = k.node(m.vmId);
  const problem = node ? cniProblem(k.rec, m, node) : undefined;
  return { at: started.at, lines: cniPodLog(kind, k.rec, m, problem) };
}

const clusters = new WeakMap<ClusterRecord, KubeCluster>();
/** The cluster a control plane serves (kept even when a reset took the record from its state). */
const servedBy = new WeakMap<SimNode, KubeCluster>();

/**
 * The live cluster behind a control plane (undefined when it has none, e.g. after kubeadm reset).
 * Every control plane of one cluster holds the same record, so they all get the same instance.
 */
export function kubeClusterFor(cp: SimNode, dir: NodeDirectory, pace: NodePace, log?: (line: string) => void): KubeCluster | undefined {
  const rec = cp.state.cluster;
  if (!rec) return undefined;
  let k = clusters.get(rec);
  if (!k) {
    k = new KubeCluster(rec, cp, dir, pace, log);
    clusters.set(rec, k);
  }
  k.holders.add(cp);
  servedBy.set(cp, k);
  return k;
}

/** A control plane stops serving (its API server closes): the cluster stops with its last one. */
export function closeKubeCluster(cp: SimNode): void {
  const k = servedBy.get(cp);
  if (!k) return;
  servedBy.delete(cp);
  if (k.holders.size > 1) {
    k.holders.delete(cp);
    return;
  }
  // The last holder stays until close() has flushed a pending save into its state: removing
  // it first left nothing to save to, and a restart lost the last 250 ms of writes.
  k.close();
  k.holders.delete(cp);
  if (clusters.get(k.rec) === k) clusters.delete(k.rec);
}
