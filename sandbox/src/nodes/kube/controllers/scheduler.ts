// default-scheduler: binds each pending pod to a node that passes the filters kube-scheduler
// runs in this order (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity,
// NodeResourcesFit, VolumeBinding), preferring nodes with fewer pods of the same owner and
// fewer pods overall; explains a pod it cannot place with the scheduler's own message.
import { isoSeconds, type KObj } from '../types';
import type { ControllerCtx } from './context';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

export function tolerates(tolerations: Toleration[] | undefined, t: Taint): boolean {
  return (tolerations ?? []).some((tol) => {
    if (tol.effect && tol.effect !== t.effect) return false;
    if ((tol.operator ?? 'Equal') === 'Exists') return !tol.key || tol.key === t.key;
    return tol.key === t.key && (tol.value ?? '') === (t.value ?? '');
  });
}

/** Kubernetes quantities: cpu in millicores, memory in bytes. */
export function quantity(q: unknown, cpu: boolean): number {
  if (typeof q === 'number') return cpu ? q * 1000 : q;
  const m = /^([0-9.]+(?:e\d+)?)([a-zA-Z]*)$/.exec(String(q ?? '0').trim());
  if (!m) return 0;
  const n = Number(m[1]);
  const suffix: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
  const v = n * (suffix[m[2] as string] ?? 1);
  return cpu ? Math.round(v * 1000) : Math.round(v);
}

export function podRequests(pod: KObj): { cpu: number; memory: number } {
  const sum = (cs: Any[]) => cs.reduce((a, c) => ({ cpu: a.cpu + quantity(c.resources?.requests?.cpu ?? 0, true), memory: a.memory + quantity(c.resources?.requests?.memory ?? 0, false) }), { cpu: 0, memory: 0 });
  const apps = sum(pod.spec?.containers ?? []);
  const init = (pod.spec?.initContainers ?? []).reduce((a: { cpu: number; memory: number }, c: Any) => ({ cpu: Math.max(a.cpu, quantity(c.resources?.requests?.cpu ?? 0, true)), memory: Math.max(a.memory, quantity(c.resources?.requests?.memory ?? 0, false)) }), { cpu: 0, memory: 0 });
  return { cpu: Math.max(apps.cpu, init.cpu), memory: Math.max(apps.memory, init.memory) };
}

function matchExpr(value: string | undefined, e: { operator: string; values?: string[] }): boolean {
  switch (e.operator) {
    case 'In':
      return value !== undefined && (e.values ?? []).includes(value);
    case 'NotIn':
      return value === undefined || !(e.values ?? []).includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(e.values?.[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(e.values?.[0]);
  }
  return false;
}

export function nodeAffinityMatches(pod: KObj, node: KObj): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries((pod.spec?.nodeSelector ?? {}) as Record<string, string>)) if (labels[k] !== v) return false;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as Any[] | undefined;
  if (!terms || terms.length === 0) return true;
  return terms.some(
    (t) =>
      (t.matchExpressions ?? []).every((e: Any) => matchExpr(labels[e.key], e)) &&
      (t.matchFields ?? []).every((e: Any) => (e.key === 'metadata.name' ? matchExpr(node.metadata.name, e) : false)),
  );
}

function allocatable(node: KObj): { cpu: number; memory: number; pods: number } {
  const a = node.status?.allocatable ?? {};
  return { cpu: quantity(a.cpu ?? '2', true), memory: quantity(a.memory ?? '4Gi', false), pods: Number(a.pods ?? 110) };
}

/** Why `node` cannot take `pod` (the first failing filter, in kube-scheduler's words), or undefined. */
function filter(c: ControllerCtx, pod: KObj, node: KObj, used: { cpu: number; memory: number; pods: number }): string | undefined {
  const tols = pod.spec?.tolerations as Toleration[] | undefined;
  if (node.spec?.unschedulable && !tolerates(tols, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) return 'node(s) were unschedulable';
  for (const t of (node.spec?.taints ?? []) as Taint[]) {
    if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tols, t)) return `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;
  }
  if (!nodeAffinityMatches(pod, node)) return "node(s) didn't match Pod's node affinity/selector";
  const req = podRequests(pod);
  const alloc = allocatable(node);
  if (used.pods + 1 > alloc.pods) return 'Too many pods';
  if (req.cpu > 0 && used.cpu + req.cpu > alloc.cpu) return 'Insufficient cpu';
  if (req.memory > 0 && used.memory + req.memory > alloc.memory) return 'Insufficient memory';
  void c;
  return undefined;
}

/** VolumeBinding's check, before any node is looked at. */
function volumeProblem(c: ControllerCtx, pod: KObj): string | undefined {
  const pvcTp = c.t('', 'persistentvolumeclaims');
  for (const v of (pod.spec?.volumes ?? []) as Any[]) {
    const claim = v.persistentVolumeClaim?.claimName;
    if (!claim) continue;
    const pvc = c.api.find(pvcTp, pod.metadata.namespace, claim);
    if (!pvc) return `persistentvolumeclaim "${claim}" not found`;
    if (pvc.status?.phase !== 'Bound') return 'pod has unbound immediate PersistentVolumeClaims';
  }
  return undefined;
}

export function scheduler(c: ControllerCtx): void {
  const podTp = c.t('', 'pods');
  const nodes = c.api.list(c.t('', 'nodes'));
  const all = c.api.list(podTp);
  const pending = all
    .filter((p) => !p.spec?.nodeName && !p.metadata.deletionTimestamp && (p.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler' && !(p.spec?.schedulingGates ?? []).length && !['Succeeded', 'Failed'].includes(p.status?.phase))
    .sort((a, b) => Number(b.spec?.priority ?? 0) - Number(a.spec?.priority ?? 0) || String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
  if (pending.length === 0) return;
  const used = new Map<string, { cpu: number; memory: number; pods: number; owners: Map<string, number> }>();
  for (const n of nodes) used.set(n.metadata.name as string, { cpu: 0, memory: 0, pods: 0, owners: new Map() });
  for (const p of all) {
    const u = p.spec?.nodeName ? used.get(p.spec.nodeName) : undefined;
    if (!u || ['Succeeded', 'Failed'].includes(p.status?.phase)) continue;
    const r = podRequests(p);
    u.cpu += r.cpu;
    u.memory += r.memory;
    u.pods++;
    const owner = p.metadata.ownerReferences?.find((o) => o.controller)?.uid;
    if (owner) u.owners.set(owner, (u.owners.get(owner) ?? 0) + 1);
  }
  for (const pod of pending) {
    const fresh = c.api.find(podTp, pod.metadata.namespace, pod.metadata.name as string);
    if (!fresh || fresh.spec?.nodeName) continue;
    const reasons = new Map<string, number>();
    const volume = volumeProblem(c, fresh);
    const feasible = volume
      ? []
      : nodes.filter((n) => {
          const why = filter(c, fresh, n, used.get(n.metadata.name as string) as { cpu: number; memory: number; pods: number });
          if (why) reasons.set(why, (reasons.get(why) ?? 0) + 1);
          return !why;
        });
    if (feasible.length === 0) {
      const parts = [...reasons].sort(([a], [b]) => a.localeCompare(b)).map(([r, n]) => `${n} ${r}`);
      const total = nodes.length;
      const message = volume
        ? `0/${total} nodes are available: ${volume}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`
        : `0/${total} nodes are available${parts.length ? `: ${parts.join(', ')}` : ''}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
      const cond = (fresh.status?.conditions ?? []).find((x: Any) => x.type === 'PodScheduled');
      if (cond?.message !== message) {
        c.api.update(podTp, fresh.metadata.namespace, fresh.metadata.name as string, { ...fresh, status: { ...(fresh.status ?? {}), phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: isoSeconds(c.now), reason: 'Unschedulable', message, ...(fresh.metadata.generation ? { observedGeneration: fresh.metadata.generation } : {}) }] } }, { subresource: 'status' });
        c.event(fresh, 'Warning', 'FailedScheduling', message, { component: 'default-scheduler' });
      }
      continue;
    }
    const owner = fresh.metadata.ownerReferences?.find((o) => o.controller)?.uid;
    const score = (n: KObj) => {
      const u = used.get(n.metadata.name as string) as { pods: number; owners: Map<string, number> };
      return (owner ? (u.owners.get(owner) ?? 0) * 1000 : 0) + u.pods;
    };
    const best = [...feasible].sort((a, b) => score(a) - score(b) || (a.metadata.name as string).localeCompare(b.metadata.name as string))[0] as KObj;
    const nodeName = best.metadata.name as string;
    const u = used.get(nodeName) as { cpu: number; memory: number; pods: number; owners: Map<string, number> };
    const r = podRequests(fresh);
    u.cpu += r.cpu;
    u.memory += r.memory;
    u.pods++;
    if (owner) u.owners.set(owner, (u.owners.get(owner) ?? 0) + 1);
    const bound = c.api.systemPut(podTp, { ...fresh, spec: { ...fresh.spec, nodeName } });
    const conditions = [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: isoSeconds(c.now), ...(fresh.metadata.generation ? { observedGeneration: fresh.metadata.generation } : {}) }];
    c.api.update(podTp, bound.metadata.namespace, bound.metadata.name as string, { ...JSON.parse(JSON.stringify(bound)), status: { ...(bound.status ?? {}), phase: 'Pending', conditions } }, { subresource: 'status' });
    c.event(fresh, 'Normal', 'Scheduled', `Successfully assigned ${fresh.metadata.namespace}/${fresh.metadata.name} to ${nodeName}`, { component: 'default-scheduler' });
  }
}
