// The workload controllers of kube-controller-manager: Deployment (ReplicaSets per pod
// template, rolling update with maxSurge/maxUnavailable or Recreate, revisions, conditions,
// progress deadline), ReplicaSet (pods from the template), DaemonSet (a pod per eligible node,
// rolling update, ControllerRevisions), StatefulSet (ordered pods and their claims) and Job
// (pods run to completion). Their status fields are the ones kubectl's rollout status and
// printers read.
import { labelSelectorMatcher } from '../selectors';
import { hashSuffix, isoSeconds, ownerRef, type KObj } from '../types';
import type { ControllerCtx } from './context';
import { nodeAffinityMatches, tolerates, type Taint, type Toleration } from './scheduler';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const REVISION = 'deployment.kubernetes.io/revision';

function owned(c: ControllerCtx, owner: KObj, items: KObj[]): KObj[] {
  return items.filter((o) => o.metadata.ownerReferences?.some((r) => r.controller && r.uid === owner.metadata.uid));
}

function active(p: KObj): boolean {
  return !p.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes(p.status?.phase);
}

export function podReady(p: KObj): boolean {
  return (p.status?.conditions ?? []).some((x: Any) => x.type === 'Ready' && x.status === 'True');
}

function podAvailable(p: KObj, minReadySeconds: number, now: number, second: number): boolean {
  if (!podReady(p)) return false;
  if (!minReadySeconds) return true;
  const t = new Date((p.status?.conditions ?? []).find((x: Any) => x.type === 'Ready')?.lastTransitionTime ?? 0).getTime();
  return t + minReadySeconds * second <= now;
}

/** The pod-template-hash of a template (stable across the label it adds itself). */
export function templateHash(template: Any): string {
  const t = JSON.parse(JSON.stringify(template ?? {}));
  if (t.metadata?.labels) delete t.metadata.labels['pod-template-hash'];
  return hashSuffix(JSON.stringify(t), 10);
}

function podFrom(template: Any, owner: KObj, name: string, extraLabels: Record<string, string> = {}, extra: Partial<Any> = {}): KObj {
  const t = JSON.parse(JSON.stringify(template ?? {}));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(name.endsWith('-') ? { generateName: name } : { name }),
      labels: { ...(t.metadata?.labels ?? {}), ...extraLabels },
      ...(t.metadata?.annotations ? { annotations: t.metadata.annotations } : {}),
      ownerReferences: [ownerRef(owner)],
    },
    spec: { ...(t.spec ?? {}), ...(extra.spec ?? {}) },
  };
}

function intOrPercent(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v ?? '0'));
  if (!m) return Number(v) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

function setCondition(conds: Any[], type: string, status: string, reason: string, message: string, now: number): Any[] {
  const prev = conds.find((x) => x.type === type);
  const t = isoSeconds(now);
  const next = { type, status, lastUpdateTime: prev && prev.reason === reason && prev.message === message ? prev.lastUpdateTime : t, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : t, reason, message };
  return [...conds.filter((x) => x.type !== type), next];
}

// ---------- ReplicaSet ----------

export function replicaSets(c: ControllerCtx): void {
  const rsTp = c.t('apps', 'replicasets');
  const podTp = c.t('', 'pods');
  for (const rs of c.api.list(rsTp)) {
    if (rs.metadata.deletionTimestamp) continue;
    const ns = rs.metadata.namespace as string;
    const pods = owned(c, rs, c.api.list(podTp, ns));
    const live = pods.filter(active);
    const want = Number(rs.spec?.replicas ?? 1);
    if (live.length < want) {
      for (let i = live.length; i < want; i++) {
        const pod = c.api.create(podTp, ns, podFrom(rs.spec?.template, rs, `${rs.metadata.name}-`));
        c.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, { component: 'replicaset-controller' });
      }
    } else if (live.length > want) {
      const rank = (p: KObj) => (!p.spec?.nodeName ? 0 : p.status?.phase === 'Pending' ? 1 : !podReady(p) ? 2 : 3);
      const victims = [...live].sort((a, b) => rank(a) - rank(b) || String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp))).slice(0, live.length - want);
      for (const p of victims) {
        c.api.delete(podTp, ns, p.metadata.name as string, {});
        c.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, { component: 'replicaset-controller' });
      }
    }
    const after = owned(c, rs, c.api.list(podTp, ns));
    const act = after.filter(active);
    const sel = labelSelectorMatcher(rs.spec?.selector);
    const status: Any = {
      replicas: act.length,
      fullyLabeledReplicas: act.filter((p) => sel(p.metadata.labels)).length,
      readyReplicas: act.filter(podReady).length,
      availableReplicas: act.filter((p) => podAvailable(p, Number(rs.spec?.minReadySeconds ?? 0), c.now, c.second)).length,
      terminatingReplicas: after.filter((p) => p.metadata.deletionTimestamp).length,
      observedGeneration: rs.metadata.generation,
    };
    for (const k of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'terminatingReplicas']) if (!status[k]) delete status[k];
    const cur = c.api.find(rsTp, ns, rs.metadata.name as string) as KObj;
    if (JSON.stringify(status) !== JSON.stringify(cur.status)) c.api.update(rsTp, ns, rs.metadata.name as string, { ...cur, status }, { subresource: 'status' });
  }
}

// ---------- Deployment ----------

export function deployments(c: ControllerCtx): void {
  const dTp = c.t('apps', 'deployments');
  const rsTp = c.t('apps', 'replicasets');
  for (const d0 of c.api.list(dTp)) {
    if (d0.metadata.deletionTimestamp) continue;
    const d = JSON.parse(JSON.stringify(d0)) as KObj;
    const ns = d.metadata.namespace as string;
    const name = d.metadata.name as string;
    const replicas = Number(d.spec?.replicas ?? 1);
    const hash = templateHash(d.spec?.template);
    let rses = owned(c, d, c.api.list(rsTp, ns));
    const rev = (rs: KObj) => Number(rs.metadata.annotations?.[REVISION] ?? 0);
    let newRs = rses.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    const maxRev = Math.max(0, ...rses.map(rev));
    const strategy = d.spec?.strategy?.type ?? 'RollingUpdate';
    const maxSurge = strategy === 'RollingUpdate' ? intOrPercent(d.spec?.strategy?.rollingUpdate?.maxSurge ?? '25%', replicas, true) : 0;
    let maxUnavailable = strategy === 'RollingUpdate' ? intOrPercent(d.spec?.strategy?.rollingUpdate?.maxUnavailable ?? '25%', replicas, false) : replicas;
    if (strategy === 'RollingUpdate' && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
    let conds: Any[] = d.status?.conditions ?? [];
    const scale = (rs: KObj, to: number) => {
      const from = Number(rs.spec?.replicas ?? 0);
      if (from === to) return rs;
      const cur = c.api.find(rsTp, ns, rs.metadata.name as string) as KObj;
      const annotations = { ...(cur.metadata.annotations ?? {}), 'deployment.kubernetes.io/desired-replicas': String(replicas), 'deployment.kubernetes.io/max-replicas': String(replicas + maxSurge) };
      const updated = c.api.update(rsTp, ns, rs.metadata.name as string, { ...cur, metadata: { ...cur.metadata, annotations }, spec: { ...cur.spec, replicas: to } });
      c.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`, { component: 'deployment-controller' });
      return updated;
    };
    if (!d.spec?.paused) {
      if (!newRs) {
        const oldTotal = rses.reduce((a, rs) => a + Number(rs.spec?.replicas ?? 0), 0);
        const initial = strategy === 'Recreate' ? (oldTotal > 0 ? 0 : replicas) : Math.max(0, Math.min(replicas, replicas + maxSurge - oldTotal));
        const template = JSON.parse(JSON.stringify(d.spec?.template ?? {}));
        template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash } };
        const selector = JSON.parse(JSON.stringify(d.spec?.selector ?? {}));
        selector.matchLabels = { ...(selector.matchLabels ?? {}), 'pod-template-hash': hash };
        newRs = c.api.create(rsTp, ns, {
          metadata: {
            name: `${name}-${hash}`,
            labels: template.metadata.labels,
            annotations: { 'deployment.kubernetes.io/desired-replicas': String(replicas), 'deployment.kubernetes.io/max-replicas': String(replicas + maxSurge), [REVISION]: String(maxRev + 1) },
            ownerReferences: [ownerRef(d)],
          },
          spec: { replicas: initial, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
        });
        if (initial > 0) c.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${newRs.metadata.name} from 0 to ${initial}`, { component: 'deployment-controller' });
        conds = setCondition(conds, 'Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${newRs.metadata.name}"`, c.now);
        rses = [...rses, newRs];
      } else if (rev(newRs) < maxRev) {
        // A rollback to an older template: it becomes the newest revision.
        const cur = c.api.find(rsTp, ns, newRs.metadata.name as string) as KObj;
        newRs = c.api.update(rsTp, ns, newRs.metadata.name as string, { ...cur, metadata: { ...cur.metadata, annotations: { ...(cur.metadata.annotations ?? {}), [REVISION]: String(maxRev + 1) } } });
      }
      const olds = rses.filter((rs) => rs.metadata.uid !== newRs?.metadata.uid);
      const nr = newRs as KObj;
      if (strategy === 'Recreate') {
        for (const rs of olds) scale(rs, 0);
        const oldPods = olds.reduce((a, rs) => a + Number(rs.status?.replicas ?? 0), 0);
        if (oldPods === 0) newRs = scale(nr, replicas);
      } else {
        const oldActive = olds.filter((rs) => Number(rs.spec?.replicas ?? 0) > 0);
        if (oldActive.length === 0) newRs = scale(nr, replicas);
        else {
          const total = rses.reduce((a, rs) => a + Number(rs.spec?.replicas ?? 0), 0);
          const up = Math.min(replicas, Number(nr.spec?.replicas ?? 0) + Math.max(0, replicas + maxSurge - total));
          newRs = scale(nr, up);
          const allPods = rses.reduce((a, rs) => a + Number(rs.spec?.replicas ?? 0), 0) + (up - Number(nr.spec?.replicas ?? 0));
          const minAvailable = replicas - maxUnavailable;
          const newUnavailable = up - Number(nr.status?.availableReplicas ?? 0);
          let canDown = Math.max(0, allPods - minAvailable - newUnavailable);
          // Unhealthy old replicas go first, then the rest as availability allows.
          for (const rs of [...oldActive].sort((a, b) => rev(a) - rev(b))) {
            const cur = Number(rs.spec?.replicas ?? 0);
            const unhealthy = cur - Number(rs.status?.availableReplicas ?? 0);
            const down = Math.min(cur, Math.max(unhealthy, canDown));
            if (down > 0) {
              scale(rs, cur - down);
              canDown = Math.max(0, canDown - down);
            }
          }
        }
      }
      // Old revisions beyond revisionHistoryLimit are cleaned up.
      const limit = Number(d.spec?.revisionHistoryLimit ?? 10);
      const idle = owned(c, d, c.api.list(rsTp, ns))
        .filter((rs) => rs.metadata.uid !== newRs?.metadata.uid && Number(rs.spec?.replicas ?? 0) === 0 && Number(rs.status?.replicas ?? 0) === 0)
        .sort((a, b) => rev(a) - rev(b));
      for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) c.api.delete(rsTp, ns, rs.metadata.name as string, {});
    }
    // Status, from the replica sets as they are now.
    const all = owned(c, d, c.api.list(rsTp, ns));
    const sum = (f: (rs: KObj) => number) => all.reduce((a, rs) => a + f(rs), 0);
    const nrs = all.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    const st: Any = {
      observedGeneration: d.metadata.generation,
      replicas: sum((rs) => Number(rs.status?.replicas ?? 0)),
      updatedReplicas: Number(nrs?.status?.replicas ?? 0),
      readyReplicas: sum((rs) => Number(rs.status?.readyReplicas ?? 0)),
      availableReplicas: sum((rs) => Number(rs.status?.availableReplicas ?? 0)),
    };
    st.unavailableReplicas = Math.max(0, replicas - st.availableReplicas);
    const minAvail = replicas - maxUnavailable;
    conds = setCondition(conds, 'Available', st.availableReplicas >= minAvail ? 'True' : 'False', st.availableReplicas >= minAvail ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', st.availableReplicas >= minAvail ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.', c.now);
    const complete = st.updatedReplicas === replicas && st.replicas === replicas && st.availableReplicas === replicas && Number(nrs?.spec?.replicas ?? -1) === replicas;
    const prog = conds.find((x) => x.type === 'Progressing');
    if (d.spec?.paused) conds = setCondition(conds, 'Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', c.now);
    else if (complete) conds = setCondition(conds, 'Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${nrs?.metadata.name}" has successfully progressed.`, c.now);
    else if (prog?.reason !== 'ProgressDeadlineExceeded') {
      const deadline = Number(d.spec?.progressDeadlineSeconds ?? 600) * Math.max(c.second, 10);
      const since = new Date(prog?.lastUpdateTime ?? d.metadata.creationTimestamp).getTime();
      const changed = JSON.stringify([st.updatedReplicas, st.availableReplicas, st.replicas]) !== JSON.stringify([d.status?.updatedReplicas, d.status?.availableReplicas, d.status?.replicas]);
      if (!changed && prog?.reason === 'ReplicaSetUpdated' && since + deadline <= c.now) {
        conds = setCondition(conds, 'Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${nrs?.metadata.name}" has timed out progressing.`, c.now);
        c.event(d, 'Warning', 'ProgressDeadlineExceeded', `Deployment "${name}" has timed out progressing.`, { component: 'deployment-controller' });
      } else {
        if (changed || prog?.reason !== 'ReplicaSetUpdated') conds = setCondition(conds.filter((x) => !(x.type === 'Progressing' && changed)), 'Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${nrs?.metadata.name}" is progressing.`, c.now);
        c.wake(deadline);
      }
    }
    st.conditions = [conds.find((x) => x.type === 'Available'), conds.find((x) => x.type === 'Progressing')].filter(Boolean);
    for (const k of ['readyReplicas', 'availableReplicas', 'unavailableReplicas', 'updatedReplicas', 'replicas']) if (!st[k]) delete st[k];
    const cur = c.api.find(dTp, ns, name) as KObj;
    const annotations = { ...(cur.metadata.annotations ?? {}), ...(nrs ? { [REVISION]: String(nrs.metadata.annotations?.[REVISION] ?? '1') } : {}) };
    if (JSON.stringify(annotations) !== JSON.stringify(cur.metadata.annotations ?? {})) c.api.systemPut(dTp, { ...cur, metadata: { ...cur.metadata, annotations } });
    const latest = c.api.find(dTp, ns, name) as KObj;
    if (JSON.stringify(st) !== JSON.stringify(latest.status)) c.api.update(dTp, ns, name, { ...latest, status: st }, { subresource: 'status' });
  }
}

// ---------- DaemonSet ----------

const DS_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

function dsTolerations(template: Any): Toleration[] {
  const own = [...((template?.spec?.tolerations ?? []) as Toleration[])];
  const extra = template?.spec?.hostNetwork ? [...DS_TOLERATIONS, { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' }] : DS_TOLERATIONS;
  for (const t of extra) if (!own.some((o) => o.key === t.key && o.effect === t.effect)) own.push(t);
  return own;
}

function ensureRevision(c: ControllerCtx, owner: KObj, hash: string, template: Any): number {
  const crTp = c.t('apps', 'controllerrevisions');
  const ns = owner.metadata.namespace as string;
  const mine = owned(c, owner, c.api.list(crTp, ns));
  const found = mine.find((r) => r.metadata.labels?.['controller-revision-hash'] === hash);
  if (found) return Number(found.revision ?? 1);
  const revision = Math.max(0, ...mine.map((r) => Number(r.revision ?? 0))) + 1;
  c.api.create(crTp, ns, { metadata: { name: `${owner.metadata.name}-${hash}`, labels: { ...(template?.metadata?.labels ?? {}), 'controller-revision-hash': hash }, annotations: {}, ownerReferences: [ownerRef(owner)] }, data: { spec: { template: { $patch: 'replace', ...template } } }, revision });
  return revision;
}

export function daemonSets(c: ControllerCtx): void {
  const dsTp = c.t('apps', 'daemonsets');
  const podTp = c.t('', 'pods');
  const nodes = c.api.list(c.t('', 'nodes'));
  for (const ds of c.api.list(dsTp)) {
    if (ds.metadata.deletionTimestamp) continue;
    const ns = ds.metadata.namespace as string;
    const template = ds.spec?.template ?? {};
    const hash = hashSuffix(JSON.stringify(template), 10).slice(0, 9);
    ensureRevision(c, ds, hash, template);
    const gen = String(ds.metadata.generation ?? 1);
    const tolerations = dsTolerations(template);
    const pods = owned(c, ds, c.api.list(podTp, ns));
    const target = (p: KObj) => p.spec?.nodeName ?? p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0];
    const maxUnavailable = intOrPercent(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, nodes.length, true) || 1;
    let desired = 0;
    let current = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    let missched = 0;
    let unavailableNow = 0;
    const plans: { node: KObj; pods: KObj[]; run: boolean }[] = [];
    for (const node of nodes) {
      const nodeName = node.metadata.name as string;
      const probe = { ...ds, spec: { ...template.spec, tolerations } } as KObj;
      const run = nodeAffinityMatches(probe, node) && ((node.spec?.taints ?? []) as Taint[]).every((t) => t.effect === 'PreferNoSchedule' || tolerates(tolerations, t));
      const mine = pods.filter((p) => target(p) === nodeName && active(p));
      plans.push({ node, pods: mine, run });
      if (run && !mine.some(podReady)) unavailableNow++;
    }
    for (const { node, pods: mine, run } of plans) {
      const nodeName = node.metadata.name as string;
      if (run) {
        desired++;
        if (mine.length === 0) {
          const pod = podFrom(template, ds, `${ds.metadata.name}-`, { 'controller-revision-hash': hash, 'pod-template-generation': gen }, {
            spec: { tolerations, affinity: { ...(template.spec?.affinity ?? {}), nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] } } } },
          });
          const created = c.api.create(podTp, ns, pod);
          c.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, { component: 'daemonset-controller' });
          continue;
        }
        current++;
        const [keep, ...extra] = [...mine].sort((a, b) => Number(podReady(b)) - Number(podReady(a)));
        for (const p of extra) c.api.delete(podTp, ns, p.metadata.name as string, {});
        const k = keep as KObj;
        if (k.metadata.labels?.['controller-revision-hash'] === hash) {
          updated++;
          if (podReady(k)) {
            ready++;
            if (podAvailable(k, Number(ds.spec?.minReadySeconds ?? 0), c.now, c.second)) available++;
          }
        } else {
          if (podReady(k)) {
            ready++;
            available++;
          }
          // Rolling update: replace old pods, at most maxUnavailable at a time.
          if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && (unavailableNow < maxUnavailable || !podReady(k))) {
            if (podReady(k)) unavailableNow++;
            c.api.delete(podTp, ns, k.metadata.name as string, {});
            c.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${k.metadata.name}`, { component: 'daemonset-controller' });
          }
        }
      } else if (mine.length > 0) {
        missched++;
        for (const p of mine) {
          c.api.delete(podTp, ns, p.metadata.name as string, {});
          c.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, { component: 'daemonset-controller' });
        }
      }
    }
    const status: Any = { currentNumberScheduled: current, desiredNumberScheduled: desired, numberMisscheduled: missched, numberReady: ready, observedGeneration: ds.metadata.generation, updatedNumberScheduled: updated, numberAvailable: available, numberUnavailable: desired - available };
    for (const k of ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable']) if (!status[k]) delete status[k];
    const cur = c.api.find(dsTp, ns, ds.metadata.name as string) as KObj;
    if (JSON.stringify(status) !== JSON.stringify(cur.status)) c.api.update(dsTp, ns, ds.metadata.name as string, { ...cur, status }, { subresource: 'status' });
  }
}

// ---------- StatefulSet ----------

export function statefulSets(c: ControllerCtx): void {
  const stsTp = c.t('apps', 'statefulsets');
  const podTp = c.t('', 'pods');
  const pvcTp = c.t('', 'persistentvolumeclaims');
  for (const sts of c.api.list(stsTp)) {
    if (sts.metadata.deletionTimestamp) continue;
    const ns = sts.metadata.namespace as string;
    const name = sts.metadata.name as string;
    const replicas = Number(sts.spec?.replicas ?? 1);
    const hash = hashSuffix(JSON.stringify(sts.spec?.template ?? {}), 10);
    const revision = `${name}-${hash}`;
    ensureRevision(c, sts, hash, sts.spec?.template);
    const ordered = (sts.spec?.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
    const pods = owned(c, sts, c.api.list(podTp, ns));
    const byOrdinal = new Map<number, KObj>();
    for (const p of pods) byOrdinal.set(Number(/-(\d+)$/.exec(p.metadata.name as string)?.[1] ?? -1), p);
    for (let i = 0; i < replicas; i++) {
      const p = byOrdinal.get(i);
      if (p) {
        if (ordered && (!podReady(p) || p.metadata.deletionTimestamp)) break;
        continue;
      }
      const podName = `${name}-${i}`;
      const volumes = [...((sts.spec?.template?.spec?.volumes ?? []) as Any[])];
      for (const t of (sts.spec?.volumeClaimTemplates ?? []) as Any[]) {
        const claim = `${t.metadata?.name}-${podName}`;
        if (!c.api.find(pvcTp, ns, claim)) {
          c.api.create(pvcTp, ns, { metadata: { name: claim, labels: { ...(t.metadata?.labels ?? {}), ...(sts.spec?.selector?.matchLabels ?? {}) } }, spec: t.spec ?? {} });
          c.event(sts, 'Normal', 'SuccessfulCreate', `create Claim ${claim} Pod ${podName} in StatefulSet ${name} success`, { component: 'statefulset-controller' });
        }
        if (!volumes.some((v) => v.name === t.metadata?.name)) volumes.push({ name: t.metadata?.name, persistentVolumeClaim: { claimName: claim } });
      }
      const pod = podFrom(sts.spec?.template, sts, podName, { 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': podName, 'apps.kubernetes.io/pod-index': String(i) }, { spec: { hostname: podName, ...(sts.spec?.serviceName ? { subdomain: sts.spec.serviceName } : {}), ...(volumes.length ? { volumes } : {}) } });
      c.api.create(podTp, ns, pod);
      c.event(sts, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${name} successful`, { component: 'statefulset-controller' });
      if (ordered) break;
    }
    const extra = [...byOrdinal.entries()].filter(([i, p]) => i >= replicas && !p.metadata.deletionTimestamp).sort(([a], [b]) => b - a);
    for (const [, p] of ordered ? extra.slice(0, 1) : extra) {
      c.api.delete(podTp, ns, p.metadata.name as string, {});
      c.event(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${name} successful`, { component: 'statefulset-controller' });
    }
    const now = owned(c, sts, c.api.list(podTp, ns)).filter(active);
    const status: Any = { observedGeneration: sts.metadata.generation, replicas: now.length, readyReplicas: now.filter(podReady).length, currentReplicas: now.length, updatedReplicas: now.length, currentRevision: revision, updateRevision: revision, collisionCount: 0, availableReplicas: now.filter(podReady).length };
    if (!status.readyReplicas) delete status.readyReplicas;
    const cur = c.api.find(stsTp, ns, name) as KObj;
    if (JSON.stringify(status) !== JSON.stringify(cur.status)) c.api.update(stsTp, ns, name, { ...cur, status }, { subresource: 'status' });
  }
}

// ---------- Job ----------

export function jobs(c: ControllerCtx): void {
  const jobTp = c.t('batch', 'jobs');
  const podTp = c.t('', 'pods');
  for (const job of c.api.list(jobTp)) {
    if (job.metadata.deletionTimestamp) continue;
    const ns = job.metadata.namespace as string;
    const name = job.metadata.name as string;
    const pods = owned(c, job, c.api.list(podTp, ns));
    const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded').length;
    const failed = pods.filter((p) => p.status?.phase === 'Failed').length;
    const act = pods.filter(active);
    const completions = job.spec?.completions ?? 1;
    const parallelism = job.spec?.parallelism ?? 1;
    const backoffLimit = job.spec?.backoffLimit ?? 6;
    const conds: Any[] = job.status?.conditions ?? [];
    const finished = conds.some((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
    const st: Any = { ...(job.status ?? {}) };
    st.startTime ??= isoSeconds(c.now);
    if (!finished && !job.spec?.suspend) {
      if (failed > backoffLimit) {
        const t = isoSeconds(c.now);
        st.conditions = [
          { type: 'FailureTarget', status: 'True', lastProbeTime: t, lastTransitionTime: t, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
          { type: 'Failed', status: 'True', lastProbeTime: t, lastTransitionTime: t, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
        ];
        c.event(job, 'Warning', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', { component: 'job-controller' });
      } else if (succeeded >= completions) {
        const t = isoSeconds(c.now);
        st.conditions = [
          { type: 'SuccessCriteriaMet', status: 'True', lastProbeTime: t, lastTransitionTime: t, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
          { type: 'Complete', status: 'True', lastProbeTime: t, lastTransitionTime: t, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
        ];
        st.completionTime = t;
        c.event(job, 'Normal', 'Completed', 'Job completed', { component: 'job-controller' });
      } else {
        const want = Math.min(parallelism, completions - succeeded) - act.length;
        for (let i = 0; i < want; i++) {
          const labels = { 'batch.kubernetes.io/controller-uid': job.metadata.uid as string, 'batch.kubernetes.io/job-name': name, 'controller-uid': job.metadata.uid as string, 'job-name': name };
          const pod = c.api.create(podTp, ns, podFrom(job.spec?.template, job, `${name}-`, labels));
          c.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, { component: 'job-controller' });
        }
      }
    }
    const after = owned(c, job, c.api.list(podTp, ns));
    st.active = after.filter(active).length;
    st.ready = after.filter((p) => active(p) && podReady(p)).length;
    st.succeeded = after.filter((p) => p.status?.phase === 'Succeeded').length;
    st.failed = after.filter((p) => p.status?.phase === 'Failed').length;
    st.terminating = after.filter((p) => p.metadata.deletionTimestamp).length;
    st.uncountedTerminatedPods = {};
    for (const k of ['active', 'succeeded', 'failed']) if (!st[k]) delete st[k];
    const cur = c.api.find(jobTp, ns, name) as KObj;
    if (JSON.stringify(st) !== JSON.stringify(cur.status)) c.api.update(jobTp, ns, name, { ...cur, status: st }, { subresource: 'status' });
  }
}
