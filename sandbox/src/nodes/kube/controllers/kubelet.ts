// The kubelet of every simulated node: mirror pods for the control plane's static pods, then
// each pod bound to the node through sandbox creation (a pod IP from the node's podCIDR, or the
// node's address with hostNetwork), image pulls (from images.ts's catalogue, with kubelet's
// events and back-off), containers started, run and restarted as their programs say
// (programs.ts), readiness, and graceful termination. Nothing runs: states, timings and
// events are generated, at the sandbox's pace. A node whose kubelet is not active changes
// nothing, as a dead kubelet would.
import { createHash, randomBytes } from 'node:crypto';
import { goSeconds, pullImage } from '../images';
import { programOf, type Program } from '../programs';
import { isoSeconds, type KObj } from '../types';
import type { ControllerCtx } from './context';
import { cniReadyNow, memberCondition } from '../../cluster-view';
import type { ClusterMember } from '../../node-state';
import { intToIp, parseCidr } from '../../../providers/network/ip-math';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

type Phase = 'pending' | 'pulling' | 'pull-failed' | 'creating' | 'running' | 'terminated' | 'backoff';

interface CState {
  phase: Phase;
  since: number;
  nextAt?: number;
  pullAttempts: number;
  pullFailed?: string;
  restarts: number;
  startedAt?: number;
  containerId?: string;
  term?: { exitCode: number; reason: string; startedAt: number; finishedAt: number; containerId: string };
  last?: { exitCode: number; reason: string; startedAt: number; finishedAt: number; containerId: string };
  image?: { normalized: string; imageId: string };
  /** Log of the current and the previous instance. */
  /** Log of the current and the previous instance (`times` for lines written after start-up). */
  log?: { at: number; lines: string[]; times?: number[] };
  prevLog?: { at: number; lines: string[]; times?: number[] };
  displayReason?: string;
}

export interface PodPlan {
  node: string;
  start: number;
  sandboxAt?: number;
  ip?: string;
  cs: Record<string, CState>;
  killAt?: number;
}

interface KubeletState {
  pods: Record<string, PodPlan>;
  /** Images on each node: normalized ref -> [imageId, size]. */
  images: Record<string, Record<string, [string, number]>>;
}

export function kubeletState(c: { state: Record<string, unknown> }): KubeletState {
  const s = (c.state.kubelet ??= { pods: {}, images: {} }) as KubeletState;
  s.pods ??= {};
  s.images ??= {};
  return s;
}

/** The pods the simulated CNIs run on every node (their start and health follow the pod network). */
export function cniAgent(pod: KObj): boolean {
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller);
  if (owner?.kind !== 'DaemonSet') return false;
  const key = `${pod.metadata.namespace}/${owner.name}`;
  return key === 'kube-flannel/kube-flannel-ds' || key === 'calico-system/calico-node' || key === 'kube-system/cilium';
}

function kubeletUp(c: ControllerCtx, m: ClusterMember): boolean {
  return c.dir.get(m.vmId)?.state.units['kubelet.service']?.active === 'active';
}

function networkReady(c: ControllerCtx, m: ClusterMember): boolean {
  return memberCondition(c.rec, m, c.dir, cniReadyNow(c.rec, c.pace.delayMs('cni-ready'), c.now)).ready;
}

function containerId(): string {
  return `containerd://${randomBytes(32).toString('hex')}`;
}

/** kubelet's back-off (10 s doubling to 5 min), in simulated seconds; never below 20 ms each so an instant pace does not spin. */
function backoffMs(c: ControllerCtx, attempt: number): number {
  return Math.min(300, 10 * 2 ** attempt) * Math.max(c.second, 20);
}

function allocateIp(node: Readonly<KObj>, plans: Record<string, PodPlan>): string | undefined {
  const cidr = parseCidr(String(node.spec?.podCIDR ?? ''));
  if (!cidr) return undefined;
  const used = new Set(Object.values(plans).filter((p) => p.node === node.metadata.name && p.ip).map((p) => p.ip));
  for (let i = 2; i < 2 ** (32 - cidr.prefix) - 1; i++) {
    const ip = intToIp(cidr.base + i);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

interface Ev {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  fieldPath?: string;
}

/** Runs one container's state machine up to `now`; returns events and the time it next changes. */
function advance(c: ControllerCtx, pod: KObj, spec: Any, st: CState, kind: 'init' | 'app', nodeImages: Record<string, [string, number]>, program: () => Program & { gate?: () => boolean }, ev: (e: Ev) => void): void {
  const fieldPath = `spec.${kind === 'init' ? 'initContainers' : 'containers'}{${spec.name}}`;
  const restartPolicy = pod.spec?.restartPolicy ?? 'Always';
  const unit = c.second;
  for (let guard = 0; guard < 50; guard++) {
    if (st.nextAt !== undefined && st.nextAt > c.now) return c.wake(st.nextAt - c.now);
    switch (st.phase) {
      case 'pending': {
        const r = pullImage(spec.image ?? '');
        const present = r.ok && !!nodeImages[r.ref.normalized];
        const policy = spec.imagePullPolicy ?? 'IfNotPresent';
        if (present && policy !== 'Always' && r.ok) {
          st.image = { normalized: r.ref.normalized, imageId: r.imageId };
          ev({ type: 'Normal', reason: 'Pulled', message: `Container image "${spec.image}" already present on machine`, fieldPath });
          st.phase = 'creating';
          st.since = st.nextAt ?? c.now;
          st.nextAt = st.since + c.pace.delayMs('container-start');
          break;
        }
        if (policy === 'Never') {
          st.pullFailed = `Container image "${spec.image}" is not present with pull policy of Never`;
          ev({ type: 'Warning', reason: 'ErrImageNeverPull', message: st.pullFailed, fieldPath });
          st.phase = 'pull-failed';
          st.displayReason = 'ErrImageNeverPull';
          st.since = c.now;
          st.nextAt = undefined;
          return;
        }
        ev({ type: 'Normal', reason: 'Pulling', message: `Pulling image "${spec.image}"`, fieldPath });
        st.phase = 'pulling';
        st.since = st.nextAt ?? c.now;
        const size = r.ok ? r.size : 0;
        const pullMs = present ? Math.round(c.pace.delayMs('image-pull') * 0.1) : Math.round(c.pace.delayMs('image-pull') * Math.min(3, Math.max(0.2, size / (60 * 1024 * 1024))));
        st.nextAt = st.since + pullMs;
        break;
      }
      case 'pulling': {
        const r = pullImage(spec.image ?? '');
        const took = (st.nextAt ?? c.now) - st.since;
        if (!r.ok) {
          st.pullAttempts++;
          const code = /not found$/.test(r.message) ? 'NotFound' : 'Unknown';
          st.pullFailed = `rpc error: code = ${code} desc = ${r.message}`;
          ev({ type: 'Warning', reason: 'Failed', message: `Failed to pull image "${spec.image}": ${st.pullFailed}`, fieldPath });
          ev({ type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull', fieldPath });
          st.phase = 'pull-failed';
          st.displayReason = 'ErrImagePull';
          st.since = st.nextAt ?? c.now;
          st.nextAt = st.since + Math.min(unit, backoffMs(c, st.pullAttempts - 1) / 2);
          break;
        }
        nodeImages[r.ref.normalized] = [r.imageId, r.size];
        st.image = { normalized: r.ref.normalized, imageId: r.imageId };
        ev({ type: 'Normal', reason: 'Pulled', message: `Successfully pulled image "${spec.image}" in ${goSeconds(took)} (${goSeconds(took)} including waiting). Image size: ${r.size} bytes.`, fieldPath });
        st.pullFailed = undefined;
        st.phase = 'creating';
        st.since = st.nextAt ?? c.now;
        st.nextAt = st.since + c.pace.delayMs('container-start');
        break;
      }
      case 'pull-failed': {
        if (st.displayReason === 'ErrImageNeverPull') return;
        if (st.displayReason === 'ErrImagePull') {
          st.displayReason = 'ImagePullBackOff';
          ev({ type: 'Normal', reason: 'BackOff', message: `Back-off pulling image "${spec.image}"`, fieldPath });
          ev({ type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff', fieldPath });
          st.nextAt = st.since + backoffMs(c, st.pullAttempts - 1);
          break;
        }
        st.phase = 'pending';
        st.since = st.nextAt ?? c.now;
        break;
      }
      case 'creating': {
        const at = st.nextAt ?? c.now;
        st.containerId = containerId();
        st.startedAt = at;
        ev({ type: 'Normal', reason: 'Created', message: `Created container: ${spec.name}`, fieldPath });
        ev({ type: 'Normal', reason: 'Started', message: `Started container ${spec.name}`, fieldPath });
        const p = program();
        if (st.log) st.prevLog = st.log;
        st.log = { at, lines: p.startup };
        st.phase = 'running';
        st.since = at;
        st.nextAt = p.exitAfterSeconds !== undefined ? at + p.exitAfterSeconds * c.second : undefined;
        if (p.gate) st.nextAt = undefined;
        break;
      }
      case 'running': {
        const p = program();
        if (p.gate) {
          if (!p.gate()) return;
        } else if (p.exitAfterSeconds === undefined) return;
        if (st.nextAt === undefined && !p.gate) return;
        const at = p.gate ? c.now : (st.nextAt as number);
        st.term = { exitCode: p.exitCode, reason: p.exitCode === 0 ? 'Completed' : 'Error', startedAt: st.startedAt ?? at, finishedAt: at, containerId: st.containerId ?? '' };
        st.phase = 'terminated';
        st.since = at;
        const restart = kind === 'app' ? restartPolicy === 'Always' || (restartPolicy === 'OnFailure' && p.exitCode !== 0) : p.exitCode !== 0 && restartPolicy !== 'Never';
        st.nextAt = restart ? at + Math.min(unit, backoffMs(c, st.restarts)) : undefined;
        if (!restart) return;
        break;
      }
      case 'terminated': {
        // Not restarted (completed init container, restartPolicy Never/OnFailure): stays so.
        if (st.nextAt === undefined) return;
        // Restarting: back-off first (CrashLoopBackOff), then a new instance.
        const at = st.nextAt;
        st.phase = 'backoff';
        st.since = at;
        st.nextAt = (st.term?.finishedAt ?? at) + backoffMs(c, st.restarts);
        ev({ type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container ${spec.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`, fieldPath });
        break;
      }
      case 'backoff': {
        st.last = st.term;
        st.term = undefined;
        st.restarts++;
        ev({ type: 'Normal', reason: 'Pulled', message: `Container image "${spec.image}" already present on machine`, fieldPath });
        st.phase = 'creating';
        st.since = st.nextAt ?? c.now;
        st.nextAt = st.since;
        break;
      }
    }
  }
}

function stateJson(st: CState, spec: Any, kind: 'init' | 'app', pod: KObj, initDone: boolean, now: number, second: number): Any {
  const base = { name: spec.name, image: st.image?.normalized ?? spec.image, imageID: st.image?.imageId ?? '', restartCount: st.restarts };
  const last = st.last ? { terminated: { exitCode: st.last.exitCode, reason: st.last.reason, startedAt: isoSeconds(st.last.startedAt), finishedAt: isoSeconds(st.last.finishedAt), containerID: st.last.containerId } } : {};
  let state: Any;
  let ready = false;
  let started = false;
  switch (st.phase) {
    case 'running': {
      state = { running: { startedAt: isoSeconds(st.startedAt ?? now) } };
      started = true;
      const delay = Number(spec.readinessProbe?.initialDelaySeconds ?? 0) * second;
      ready = kind === 'app' ? (st.startedAt ?? now) + delay <= now : false;
      break;
    }
    case 'terminated':
      state = { terminated: { exitCode: st.term?.exitCode ?? 0, reason: st.term?.reason ?? 'Completed', startedAt: isoSeconds(st.term?.startedAt ?? now), finishedAt: isoSeconds(st.term?.finishedAt ?? now), containerID: st.term?.containerId } };
      break;
    case 'backoff':
      state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${goSeconds(Math.min(300, 10 * 2 ** Math.max(0, st.restarts)) * 1000).replace(/\.?0+s$/, 's')} restarting failed container=${spec.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})` } };
      break;
    case 'pull-failed':
      state = { waiting: st.displayReason === 'ImagePullBackOff' ? { reason: 'ImagePullBackOff', message: `Back-off pulling image "${spec.image}": ErrImagePull: ${st.pullFailed}` } : { reason: st.displayReason ?? 'ErrImagePull', message: st.pullFailed } };
      break;
    default:
      state = { waiting: { reason: st.pullAttempts > 0 ? 'ImagePullBackOff' : kind === 'app' && (initDone || !(pod.spec?.initContainers ?? []).length) ? 'ContainerCreating' : 'PodInitializing', ...(st.pullAttempts > 0 ? { message: `Back-off pulling image "${spec.image}": ErrImagePull: ${st.pullFailed ?? ''}` } : {}) } };
  }
  return { ...base, state, lastState: last, ready, started, ...(st.containerId && st.phase !== 'pending' && st.phase !== 'pulling' && st.phase !== 'pull-failed' ? { containerID: st.containerId } : {}), volumeMounts: (spec.volumeMounts ?? []).map((m: Any) => ({ name: m.name, mountPath: m.mountPath, ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}) })) };
}

function condition(pod: KObj, type: string, ok: boolean, now: number, reason?: string): Any {
  const prev = (pod.status?.conditions ?? []).find((x: Any) => x.type === type);
  const status = ok ? 'True' : 'False';
  return { type, status, lastProbeTime: null, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : isoSeconds(now), ...(reason && !ok ? { reason } : {}), ...(pod.metadata.generation ? { observedGeneration: pod.metadata.generation } : {}) };
}

/** The pod's status as the kubelet reports it from the plan. */
function podStatus(c: ControllerCtx, pod: KObj, plan: PodPlan, node: Readonly<KObj>, initDone: boolean): Any {
  const spec = pod.spec ?? {};
  const inits = (spec.initContainers ?? []) as Any[];
  const apps = (spec.containers ?? []) as Any[];
  const cs = apps.map((x) => stateJson(plan.cs[`c:${x.name}`] ?? { phase: 'pending', since: plan.start, pullAttempts: 0, restarts: 0 }, x, 'app', pod, initDone, c.now, c.second));
  const ics = inits.map((x) => stateJson(plan.cs[`i:${x.name}`] ?? { phase: 'pending', since: plan.start, pullAttempts: 0, restarts: 0 }, x, 'init', pod, false, c.now, c.second));
  const allReady = cs.length > 0 && cs.every((x: Any) => x.ready);
  const appStates = apps.map((x) => plan.cs[`c:${x.name}`]);
  const anyStarted = appStates.some((s) => s && ['running', 'terminated', 'backoff'].includes(s.phase));
  const restarting = appStates.some((s) => s && (s.phase === 'backoff' || (s.phase === 'terminated' && s.nextAt !== undefined)));
  const allTerminated = appStates.length > 0 && appStates.every((s) => s?.phase === 'terminated' && s.nextAt === undefined);
  let phase = 'Pending';
  if (allTerminated) phase = appStates.every((s) => s?.term?.exitCode === 0) ? 'Succeeded' : 'Failed';
  else if (initDone && (anyStarted || restarting)) phase = 'Running';
  const hostIp = (node.status?.addresses ?? []).find((a: Any) => a.type === 'InternalIP')?.address;
  const ip = spec.hostNetwork ? hostIp : plan.ip;
  const sandbox = plan.sandboxAt !== undefined && plan.sandboxAt <= c.now;
  const notReadyApps = cs.filter((x: Any) => !x.ready).map((x: Any) => x.name);
  const conditions = [
    condition(pod, 'PodReadyToStartContainers', sandbox, c.now),
    condition(pod, 'Initialized', initDone, c.now, 'ContainersNotInitialized'),
    { ...condition(pod, 'Ready', allReady && phase === 'Running', c.now, phase === 'Succeeded' ? 'PodCompleted' : 'ContainersNotReady'), ...(!(allReady && phase === 'Running') && phase !== 'Succeeded' ? { message: `containers with unready status: [${notReadyApps.join(' ')}]` } : {}) },
    { ...condition(pod, 'ContainersReady', allReady && phase === 'Running', c.now, phase === 'Succeeded' ? 'PodCompleted' : 'ContainersNotReady'), ...(!(allReady && phase === 'Running') && phase !== 'Succeeded' ? { message: `containers with unready status: [${notReadyApps.join(' ')}]` } : {}) },
    (pod.status?.conditions ?? []).find((x: Any) => x.type === 'PodScheduled') ?? condition(pod, 'PodScheduled', true, c.now),
  ];
  if (!initDone) {
    const pending = inits.filter((x) => plan.cs[`i:${x.name}`]?.term?.exitCode !== 0).map((x) => x.name);
    conditions[1].message = `containers with incomplete status: [${pending.join(' ')}]`;
  }
  return {
    ...(pod.status ?? {}),
    observedGeneration: pod.metadata.generation,
    phase,
    conditions,
    hostIP: hostIp,
    hostIPs: hostIp ? [{ ip: hostIp }] : [],
    ...(ip && (sandbox || spec.hostNetwork) ? { podIP: ip, podIPs: [{ ip }] } : {}),
    startTime: isoSeconds(plan.start),
    ...(inits.length ? { initContainerStatuses: ics } : {}),
    containerStatuses: cs,
  };
}

/** Mirror pods of a control-plane node's static pods (/etc/kubernetes/manifests). */
function staticPods(c: ControllerCtx, m: ClusterMember, node: Readonly<KObj>): void {
  const sim = c.dir.get(m.vmId);
  if (!sim) return;
  const tp = c.t('', 'pods');
  const version = c.rec.kubernetesVersion;
  const images: Record<string, string> = {
    'kube-apiserver': `registry.k8s.io/kube-apiserver:${version}`,
    'kube-controller-manager': `registry.k8s.io/kube-controller-manager:${version}`,
    'kube-scheduler': `registry.k8s.io/kube-scheduler:${version}`,
    etcd: 'registry.k8s.io/etcd:3.6.5-0',
  };
  const imgs = kubeletState(c).images[m.name] ?? {};
  for (const [component, image] of Object.entries(images)) {
    if (!sim.fs.stat(`/etc/kubernetes/manifests/${component}.yaml`)) continue;
    const name = `${component}-${m.name}`;
    if (c.api.peek(tp, 'kube-system', name)) continue;
    // kubeadm pulled the control plane's images during preflight.
    const r = pullImage(image);
    if (r.ok) imgs[r.ref.normalized] = [r.imageId, r.size];
    const hash = createHash('md5').update(`${component}${m.vmId}`).digest('hex');
    const cps = c.rec.members.filter((x) => x.role === 'control-plane');
    const etcdPeers = cps.slice(0, cps.indexOf(m) + 1).map((x) => `${x.name}=https://${x.ip}:2380`);
    const command: Record<string, string[]> = {
      'kube-apiserver': ['kube-apiserver', `--advertise-address=${m.ip}`, '--allow-privileged=true', '--authorization-mode=Node,RBAC', '--client-ca-file=/etc/kubernetes/pki/ca.crt', '--enable-admission-plugins=NodeRestriction', '--etcd-servers=https://127.0.0.1:2379', `--service-cluster-ip-range=${c.rec.serviceSubnet}`, '--secure-port=6443'],
      'kube-controller-manager': ['kube-controller-manager', '--allocate-node-cidrs=true', ...(c.rec.podSubnet ? [`--cluster-cidr=${c.rec.podSubnet}`] : []), '--kubeconfig=/etc/kubernetes/controller-manager.conf', '--leader-elect=true', `--service-cluster-ip-range=${c.rec.serviceSubnet}`, '--use-service-account-credentials=true'],
      'kube-scheduler': ['kube-scheduler', '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf', '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true'],
      // A stacked etcd member joining later lists the members before it and itself, state existing (as kubeadm's etcd phase writes it).
      etcd: ['etcd', `--advertise-client-urls=https://${m.ip}:2379`, '--data-dir=/var/lib/etcd', `--initial-advertise-peer-urls=https://${m.ip}:2380`, `--initial-cluster=${etcdPeers.join(',')}`, ...(etcdPeers.length > 1 ? ['--initial-cluster-state=existing'] : []), `--listen-client-urls=https://127.0.0.1:2379,https://${m.ip}:2379`, `--name=${m.name}`],
    };
    const pod: KObj = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: 'kube-system',
        labels: { component, tier: 'control-plane' },
        annotations: {
          'kubernetes.io/config.hash': hash,
          'kubernetes.io/config.mirror': hash,
          'kubernetes.io/config.seen': new Date(m.joinedAt).toISOString(),
          'kubernetes.io/config.source': 'file',
          ...(component === 'kube-apiserver' ? { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${m.ip}:6443` } : {}),
          ...(component === 'etcd' ? { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${m.ip}:2379` } : {}),
        },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: m.name, uid: node.metadata.uid as string, controller: true }],
      },
      spec: {
        containers: [{ name: component, image, imagePullPolicy: 'IfNotPresent', command: command[component], resources: { requests: { cpu: component === 'kube-apiserver' ? '250m' : component === 'kube-controller-manager' ? '200m' : '100m', ...(component === 'etcd' ? { memory: '100Mi' } : {}) } } }],
        hostNetwork: true,
        nodeName: m.name,
        priority: 2000001000,
        priorityClassName: 'system-node-critical',
        automountServiceAccountToken: false,
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
      },
    };
    c.api.create(tp, 'kube-system', pod);
  }
  kubeletState(c).images[m.name] = imgs;
}

/** The kubelet controller: static pods, then every pod bound to a node whose kubelet runs. */
export function kubelet(c: ControllerCtx): void {
  const tp = c.t('', 'pods');
  const nodeTp = c.t('', 'nodes');
  const ks = kubeletState(c);
  const members = new Map(c.rec.members.map((m) => [m.name, m]));
  for (const m of c.rec.members) {
    const node = c.api.peek(nodeTp, undefined, m.name);
    if (node && kubeletUp(c, m) && m.role === 'control-plane') staticPods(c, m, node);
  }
  const seen = new Set<string>();
  for (const stored of c.api.list(tp)) {
    const nodeName = stored.spec?.nodeName;
    if (!nodeName) continue;
    const uid = stored.metadata.uid as string;
    seen.add(uid);
    const m = members.get(nodeName);
    const node = c.api.peek(nodeTp, undefined, nodeName);
    if (!m || !node || !kubeletUp(c, m)) continue;
    const pod = JSON.parse(JSON.stringify(stored)) as KObj;
    const plan = (ks.pods[uid] ??= { node: nodeName, start: c.now, cs: {} });
    const images = (ks.images[nodeName] ??= {});
    const events: (Ev & { at?: number })[] = [];
    const ev = (e: Ev) => events.push(e);
    if (pod.metadata.deletionTimestamp) {
      if (plan.killAt === undefined) {
        plan.killAt = c.now;
        for (const x of pod.spec?.containers ?? []) {
          if (plan.cs[`c:${x.name}`]?.phase === 'running') ev({ type: 'Normal', reason: 'Killing', message: `Stopping container ${x.name}`, fieldPath: `spec.containers{${x.name}}` });
        }
      }
      const started = Object.values(plan.cs).some((s) => s.phase === 'running');
      const doneAt = plan.killAt + (started ? Math.min(Number(pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000, c.pace.delayMs('pod-terminate')) : 0);
      for (const e of events) c.event(pod, e.type, e.reason, e.message, { component: 'kubelet', host: nodeName }, e.fieldPath);
      if (doneAt <= c.now) {
        delete ks.pods[uid];
        c.api.delete(tp, pod.metadata.namespace, pod.metadata.name as string, { gracePeriodSeconds: 0, preconditions: { uid } });
      } else c.wake(doneAt - c.now);
      continue;
    }
    if (['Succeeded', 'Failed'].includes(pod.status?.phase) && Object.keys(plan.cs).length === 0) continue;
    // The pod sandbox: needs the node's pod network unless the pod uses the host's.
    if (plan.sandboxAt === undefined) {
      if (!pod.spec?.hostNetwork && !networkReady(c, m)) {
        const prev = (pod.status?.conditions ?? []).some((x: Any) => x.type === 'PodReadyToStartContainers');
        if (!prev) ev({ type: 'Warning', reason: 'FailedCreatePodSandBox', message: `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${randomBytes(32).toString('hex')}": plugin type="${c.rec.cni?.name ?? 'bridge'}" failed (add): ${c.rec.cni?.name === 'flannel' ? 'loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory' : 'network plugin is not ready: cni config uninitialized'}` });
        c.wake(5 * c.second);
      } else {
        plan.sandboxAt = c.now + c.pace.delayMs('pod-sandbox');
        if (!pod.spec?.hostNetwork) plan.ip = allocateIp(node, ks.pods);
      }
    }
    let initDone = false;
    if (plan.sandboxAt !== undefined && plan.sandboxAt <= c.now) {
      const cniPod = cniAgent(pod);
      const problem = () => {
        const sim = c.dir.get(m.vmId);
        return sim ? memberCondition(c.rec, m, c.dir, true).ready === false : false;
      };
      const prog = (x: Any, kind: 'init' | 'app') => (): Program & { gate?: () => boolean } => {
        if (cniPod && kind === 'init') return { exitCode: 0, startup: [], gate: () => cniReadyNow(c.rec, c.pace.delayMs('cni-ready'), c.now) };
        if (cniPod && kind === 'app') return problem() ? { exitAfterSeconds: 0, exitCode: 1, startup: [] } : { exitCode: 0, startup: [] };
        return programOf(x, { podIp: plan.ip ?? m.ip, startedAt: c.now });
      };
      initDone = true;
      let prevDoneAt = plan.sandboxAt;
      for (const x of (pod.spec?.initContainers ?? []) as Any[]) {
        const key = `i:${x.name}`;
        const st = (plan.cs[key] ??= { phase: 'pending', since: Math.max(prevDoneAt, plan.sandboxAt), nextAt: Math.max(prevDoneAt, plan.sandboxAt), pullAttempts: 0, restarts: 0 });
        if (x.restartPolicy === 'Always') {
          advance(c, pod, x, st, 'app', images, prog(x, 'app'), ev);
          if (st.phase !== 'running') {
            initDone = false;
            break;
          }
          continue;
        }
        advance(c, pod, x, st, 'init', images, prog(x, 'init'), ev);
        if (!(st.phase === 'terminated' && st.term?.exitCode === 0)) {
          initDone = false;
          break;
        }
        prevDoneAt = st.term.finishedAt;
      }
      if (initDone) {
        for (const x of (pod.spec?.containers ?? []) as Any[]) {
          const key = `c:${x.name}`;
          const st = (plan.cs[key] ??= { phase: 'pending', since: prevDoneAt, nextAt: prevDoneAt, pullAttempts: 0, restarts: 0 });
          // A CNI agent whose problem went away (its ConfigMap fixed) comes back at once: the
          // sandbox does not make a fixed pod network wait out a crash loop's back-off.
          if (cniPod && st.phase === 'backoff' && !problem()) st.nextAt = c.now;
          advance(c, pod, x, st, 'app', images, prog(x, 'app'), ev);
        }
      }
    } else if (plan.sandboxAt !== undefined) c.wake(plan.sandboxAt - c.now);
    for (const e of events) c.event(pod, e.type, e.reason, e.message, { component: 'kubelet', host: nodeName }, e.fieldPath);
    const status = podStatus(c, pod, plan, node, initDone);
    if (JSON.stringify(status) !== JSON.stringify(stored.status)) c.api.update(tp, pod.metadata.namespace, pod.metadata.name as string, { ...pod, status }, { subresource: 'status' });
    // Readiness that arrives later (initialDelaySeconds) needs another look.
    for (const x of (pod.spec?.containers ?? []) as Any[]) {
      const st = plan.cs[`c:${x.name}`];
      const delay = Number(x.readinessProbe?.initialDelaySeconds ?? 0) * c.second;
      if (st?.phase === 'running' && (st.startedAt ?? 0) + delay > c.now) c.wake((st.startedAt ?? 0) + delay - c.now);
    }
  }
  for (const uid of Object.keys(ks.pods)) if (!seen.has(uid)) delete ks.pods[uid];
}

/** Adds a line to a running container's log (what it writes later: access logs); false when it has none. */
export function appendContainerLog(c: { state: Record<string, unknown> }, pod: KObj, container: string, line: string, at: number): boolean {
  const st = kubeletState(c).pods[pod.metadata.uid as string]?.cs[`c:${container}`];
  if (!st?.log || st.phase !== 'running') return false;
  const log = st.log;
  log.times ??= log.lines.map((_, i) => log.at + i);
  log.lines.push(line);
  log.times.push(at);
  // A bounded log, as the kubelet rotates container logs.
  if (log.lines.length > 5000) {
    log.lines.splice(0, log.lines.length - 5000);
    log.times.splice(0, log.times.length - 5000);
  }
  return true;
}

/** The log lines of a container instance (current or previous), with their times. */
export function containerLog(c: { state: Record<string, unknown> }, pod: KObj, container: string, previous: boolean): { at: number; lines: string[]; times?: number[] } | 'waiting' | 'no-previous' {
  const plan = kubeletState(c).pods[pod.metadata.uid as string];
  const key = (pod.spec?.initContainers ?? []).some((x: Any) => x.name === container) ? `i:${container}` : `c:${container}`;
  const st = plan?.cs[key];
  if (previous) return st?.prevLog ?? 'no-previous';
  if (!st?.log) return 'waiting';
  return st.log;
}
