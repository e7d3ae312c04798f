// Server-side printing: the meta.k8s.io Table form of lists and objects, with the columns and
// cell logic of kube-apiserver's printers (pkg/printers/internalversion/printers.go): every
// column is sent (priority 1 is what `-o wide` adds), cells are computed from the objects the
// way kubectl has shown them since printing moved to the server. Also renders a Table as
// kubectl's text printer does, for the nodes' own simulated kubectl.
import type { PrinterColumn, ResourceType } from './resources';
import { labelSelectorMatcher, selectorString, type LabelSelectorObject } from './selectors';
import type { KObj } from './types';

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

type Cell = string | number | boolean;

interface Printer {
  columns: [name: string, type?: string, priority?: number, format?: string][];
  row(o: KObj, now: number): Cell[];
  conditions?(o: KObj): { type: string; status: string }[] | undefined;
}

/** Go's duration.HumanDuration (k8s.io/apimachinery/pkg/util/duration). */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${Math.trunc(hours / 24 / 365)}y` : `${Math.trunc(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

export function since(ts: string | undefined, now: number): string {
  if (!ts) return '<unknown>';
  return humanDuration(now - new Date(ts).getTime());
}

/** labels.FormatLabels: sorted `k=v` pairs, `<none>` when empty. */
export function formatLabels(m: Record<string, string> | undefined): string {
  const keys = Object.keys(m ?? {}).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${(m as Record<string, string>)[k]}`).join(',');
}

/** labels.Selector.String(): requirements sorted by key. */
function selectorText(sel: LabelSelectorObject | undefined): string {
  if (!sel) return '<none>';
  const parts = selectorString(sel).split(',').filter(Boolean);
  const key = (p: string) => p.replace(/^!/, '').split(/[=! ]/)[0] as string;
  parts.sort((a, b) => key(a).localeCompare(key(b)));
  return parts.length ? parts.join(',') : '<none>';
}

function containerCells(containers: { name?: string; image?: string }[] | undefined): [string, string] {
  const cs = containers ?? [];
  return [cs.map((c) => c.name ?? '').join(','), cs.map((c) => c.image ?? '').join(',')];
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const age = (o: KObj, now: number) => since(o.metadata.creationTimestamp, now);

/** printPod's STATUS and READY logic. */
export function podStatusCells(pod: KObj): { ready: string; reason: string; restarts: number; lastRestart?: string } {
  const spec = pod.spec ?? {};
  const st = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let total = (spec.containers ?? []).length;
  let readyCount = 0;
  let lastRestart: string | undefined;
  let lastRestartableInitRestart: string | undefined;
  let reason: string = st.reason || st.phase || '';
  for (const c of st.conditions ?? []) if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  const initSpecs = new Map<string, { restartPolicy?: string }>((spec.initContainers ?? []).map((c: { name: string }) => [c.name, c]));
  const restartable = (name: string) => initSpecs.get(name)?.restartPolicy === 'Always';
  for (const c of spec.initContainers ?? []) if (c.restartPolicy === 'Always') total++;
  let initializing = false;
  const initStatuses = st.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += c.restartCount ?? 0;
    const lastTerm = c.lastState?.terminated?.finishedAt;
    if (lastTerm && (!lastRestart || lastTerm > lastRestart)) lastRestart = lastTerm;
    if (restartable(c.name)) {
      restartableInitRestarts += c.restartCount ?? 0;
      if (lastTerm && (!lastRestartableInitRestart || lastTerm > lastRestartableInitRestart)) lastRestartableInitRestart = lastTerm;
    }
    if (c.state?.terminated && c.state.terminated.exitCode === 0) continue;
    if (restartable(c.name) && c.started) {
      if (c.ready) readyCount++;
      continue;
    }
    if (c.state?.terminated) reason = c.state.terminated.reason ? `Init:${c.state.terminated.reason}` : c.state.terminated.signal ? `Init:Signal:${c.state.terminated.signal}` : `Init:ExitCode:${c.state.terminated.exitCode}`;
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    initializing = true;
    break;
  }
  const initializedTrue = (st.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const cs = st.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      restarts += c.restartCount ?? 0;
      const lastTerm = c.lastState?.terminated?.finishedAt;
      if (lastTerm && (!lastRestart || lastTerm > lastRestart)) lastRestart = lastTerm;
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
      else if (c.state?.terminated) reason = c.state.terminated.signal ? `Signal:${c.state.terminated.signal}` : `ExitCode:${c.state.terminated.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyCount++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = (st.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
  }
  if (pod.metadata.deletionTimestamp && st.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && st.phase !== 'Succeeded' && st.phase !== 'Failed') reason = 'Terminating';
  return { ready: `${readyCount}/${total}`, reason, restarts, ...(lastRestart ? { lastRestart } : {}) };
}

function nodeRoles(node: KObj): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const r = k.slice('node-role.kubernetes.io/'.length);
      if (r) roles.add(r);
    } else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

function nodeAddress(node: KObj, type: string): string {
  return (node.status?.addresses ?? []).find((a: { type: string }) => a.type === type)?.address ?? '<none>';
}

function accessModes(modes: string[] | undefined): string {
  const short: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };
  const order = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
  return order.filter((m) => (modes ?? []).includes(m)).map((m) => short[m]).join(',');
}

function servicePorts(ports: { port: number; nodePort?: number; protocol?: string }[] | undefined): string {
  const s = (ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
  return s || '<none>';
}

function serviceExternalIp(svc: KObj): string {
  const spec = svc.spec ?? {};
  const external: string[] = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = ((svc.status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string }[]).map((i) => i.ip || i.hostname || '').filter(Boolean);
      const all = [...lb, ...external];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
  }
  return '<unknown>';
}

function endpointsCell(ep: KObj): string {
  const subsets = (ep as { subsets?: { addresses?: { ip: string }[]; ports?: { port: number }[] }[] }).subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  let more = false;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    if (!ss.ports?.length) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === 3) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const p of ss.ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === 3) {
          more = true;
          break;
        }
        list.push(a.ip.includes(':') ? `[${a.ip}]:${p.port}` : `${a.ip}:${p.port}`);
      }
    }
  }
  return more ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

function sliceEndpoints(es: KObj): string {
  const eps = (es as { endpoints?: { addresses?: string[] }[] }).endpoints ?? [];
  const list: string[] = [];
  let count = 0;
  let more = false;
  for (const e of eps) {
    for (const a of e.addresses ?? []) {
      count++;
      if (list.length === 3) more = true;
      else list.push(a);
    }
  }
  if (count === 0) return '<unset>';
  return more ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

function eventCells(ev: KObj, now: number): Cell[] {
  const e = ev as KObj & { firstTimestamp?: string; lastTimestamp?: string; eventTime?: string; count?: number; series?: { count?: number; lastObservedTime?: string }; type?: string; reason?: string; message?: string; involvedObject?: { kind?: string; name?: string; fieldPath?: string }; source?: { component?: string; host?: string }; reportingComponent?: string; reportingInstance?: string };
  const first = e.firstTimestamp ? since(e.firstTimestamp, now) : since(e.eventTime, now);
  let last = e.lastTimestamp ? since(e.lastTimestamp, now) : first;
  let count = e.count ?? 0;
  if (e.series) {
    last = since(e.series.lastObservedTime, now);
    count = e.series.count ?? 0;
  } else if (count === 0) count = 1;
  const io = e.involvedObject ?? {};
  const target = io.name ? `${(io.kind ?? '').toLowerCase()}/${io.name}` : (io.kind ?? '').toLowerCase();
  const component = e.source?.component || e.reportingComponent || '';
  const host = e.source?.host || e.reportingInstance || '';
  return [last, e.type ?? '', e.reason ?? '', target, io.fieldPath ?? '', host ? `${component}, ${host}` : component, (e.message ?? '').trim(), first, count, ev.metadata.name as string];
}

const PRINTERS: Record<string, Printer> = {
  '/pods': {
    columns: [['Name', 'string', 0, 'name'], ['Ready'], ['Status'], ['Restarts', 'string'], ['Age'], ['IP', 'string', 1], ['Node', 'string', 1], ['Nominated Node', 'string', 1], ['Readiness Gates', 'string', 1]],
    row(o, now) {
      const c = podStatusCells(o);
      const restarts = c.restarts !== 0 && c.lastRestart ? `${c.restarts} (${since(c.lastRestart, now)} ago)` : String(c.restarts);
      const gates = (o.spec?.readinessGates ?? []) as { conditionType: string }[];
      const gatesCell = gates.length ? `${gates.filter((g) => (o.status?.conditions ?? []).some((x: { type: string; status: string }) => x.type === g.conditionType && x.status === 'True')).length}/${gates.length}` : '<none>';
      return [o.metadata.name as string, c.ready, c.reason, restarts, age(o, now), o.status?.podIPs?.[0]?.ip || o.status?.podIP || '<none>', o.spec?.nodeName || '<none>', o.status?.nominatedNodeName || '<none>', gatesCell];
    },
    conditions(o) {
      if (o.status?.phase === 'Succeeded') return [{ type: 'Completed', status: 'True' }];
      if (o.status?.phase === 'Failed') return [{ type: 'Completed', status: 'True' }];
      return undefined;
    },
  },
  '/nodes': {
    columns: [['Name', 'string', 0, 'name'], ['Status'], ['Roles'], ['Age'], ['Version'], ['Internal-IP', 'string', 1], ['External-IP', 'string', 1], ['OS-Image', 'string', 1], ['Kernel-Version', 'string', 1], ['Container-Runtime', 'string', 1]],
    row(o, now) {
      const ready = (o.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
      const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
      if (o.spec?.unschedulable) status.push('SchedulingDisabled');
      const info = o.status?.nodeInfo ?? {};
      return [o.metadata.name as string, status.join(','), nodeRoles(o), age(o, now), info.kubeletVersion ?? '', nodeAddress(o, 'InternalIP'), nodeAddress(o, 'ExternalIP'), info.osImage || '<unknown>', info.kernelVersion || '<unknown>', info.containerRuntimeVersion || '<unknown>'];
    },
  },
  'apps/deployments': {
    columns: [['Name', 'string', 0, 'name'], ['Ready'], ['Up-to-date', 'integer'], ['Available', 'integer'], ['Age'], ['Containers', 'string', 1], ['Images', 'string', 1], ['Selector', 'string', 1]],
    row(o, now) {
      const [c, i] = containerCells(o.spec?.template?.spec?.containers);
      return [o.metadata.name as string, `${num(o.status?.readyReplicas)}/${num(o.spec?.replicas)}`, num(o.status?.updatedReplicas), num(o.status?.availableReplicas), age(o, now), c, i, selectorText(o.spec?.selector)];
    },
  },
  'apps/replicasets': {
    columns: [['Name', 'string', 0, 'name'], ['Desired', 'integer'], ['Current', 'integer'], ['Ready', 'integer'], ['Age'], ['Containers', 'string', 1], ['Images', 'string', 1], ['Selector', 'string', 1]],
    row(o, now) {
      const [c, i] = containerCells(o.spec?.template?.spec?.containers);
      return [o.metadata.name as string, num(o.spec?.replicas), num(o.status?.replicas), num(o.status?.readyReplicas), age(o, now), c, i, selectorText(o.spec?.selector)];
    },
  },
  'apps/daemonsets': {
    columns: [['Name', 'string', 0, 'name'], ['Desired', 'integer'], ['Current', 'integer'], ['Ready', 'integer'], ['Up-to-date', 'integer'], ['Available', 'integer'], ['Node Selector'], ['Age'], ['Containers', 'string', 1], ['Images', 'string', 1], ['Selector', 'string', 1]],
    row(o, now) {
      const s = o.status ?? {};
      const [c, i] = containerCells(o.spec?.template?.spec?.containers);
      return [o.metadata.name as string, num(s.desiredNumberScheduled), num(s.currentNumberScheduled), num(s.numberReady), num(s.updatedNumberScheduled), num(s.numberAvailable), formatLabels(o.spec?.template?.spec?.nodeSelector), age(o, now), c, i, selectorText(o.spec?.selector)];
    },
  },
  'apps/statefulsets': {
    columns: [['Name', 'string', 0, 'name'], ['Ready'], ['Age'], ['Containers', 'string', 1], ['Images', 'string', 1]],
    row(o, now) {
      const [c, i] = containerCells(o.spec?.template?.spec?.containers);
      return [o.metadata.name as string, `${num(o.status?.readyReplicas)}/${num(o.spec?.replicas)}`, age(o, now), c, i];
    },
  },
  'apps/controllerrevisions': {
    columns: [['Name', 'string', 0, 'name'], ['Controller'], ['Revision', 'integer'], ['Age']],
    row(o, now) {
      const owner = o.metadata.ownerReferences?.find((r) => r.controller);
      return [o.metadata.name as string, owner ? `${owner.kind.toLowerCase()}.${owner.apiVersion.split('/')[0]}/${owner.name}` : '<none>', num((o as { revision?: number }).revision), age(o, now)];
    },
  },
  '/services': {
    columns: [['Name', 'string', 0, 'name'], ['Type'], ['Cluster-IP'], ['External-IP'], ['Port(s)'], ['Age'], ['Selector', 'string', 1]],
    row(o, now) {
      return [o.metadata.name as string, o.spec?.type ?? 'ClusterIP', o.spec?.clusterIPs?.[0] ?? o.spec?.clusterIP ?? '<none>', serviceExternalIp(o), servicePorts(o.spec?.ports), age(o, now), formatLabels(o.spec?.selector)];
    },
  },
  '/endpoints': {
    columns: [['Name', 'string', 0, 'name'], ['Endpoints'], ['Age']],
    row: (o, now) => [o.metadata.name as string, endpointsCell(o), age(o, now)],
  },
  'discovery.k8s.io/endpointslices': {
    columns: [['Name', 'string', 0, 'name'], ['AddressType'], ['Ports'], ['Endpoints'], ['Age']],
    row(o, now) {
      const ports = ((o as { ports?: { port?: number }[] }).ports ?? []).map((p) => (p.port === undefined ? '<unset>' : String(p.port)));
      return [o.metadata.name as string, String((o as { addressType?: string }).addressType ?? ''), ports.length ? ports.join(',') : '<unset>', sliceEndpoints(o), age(o, now)];
    },
  },
  '/configmaps': {
    columns: [['Name', 'string', 0, 'name'], ['Data', 'integer'], ['Age']],
    row: (o, now) => [o.metadata.name as string, Object.keys((o.data as object) ?? {}).length + Object.keys((o.binaryData as object) ?? {}).length, age(o, now)],
  },
  '/secrets': {
    columns: [['Name', 'string', 0, 'name'], ['Type'], ['Data', 'integer'], ['Age']],
    row: (o, now) => [o.metadata.name as string, String(o.type ?? 'Opaque'), Object.keys((o.data as object) ?? {}).length, age(o, now)],
  },
  '/serviceaccounts': {
    columns: [['Name', 'string', 0, 'name'], ['Secrets', 'integer'], ['Age']],
    row: (o, now) => [o.metadata.name as string, ((o.secrets as unknown[]) ?? []).length, age(o, now)],
  },
  '/namespaces': {
    columns: [['Name', 'string', 0, 'name'], ['Status'], ['Age']],
    row: (o, now) => [o.metadata.name as string, o.status?.phase ?? '', age(o, now)],
  },
  '/events': {
    columns: [['Last Seen'], ['Type'], ['Reason'], ['Object'], ['Subobject', 'string', 1], ['Source', 'string', 1], ['Message'], ['First Seen', 'string', 1], ['Count', 'string', 1], ['Name', 'string', 1, 'name']],
    row: eventCells,
  },
  '/persistentvolumes': {
    columns: [['Name', 'string', 0, 'name'], ['Capacity'], ['Access Modes'], ['Reclaim Policy'], ['Status'], ['Claim'], ['StorageClass'], ['VolumeAttributesClass'], ['Reason'], ['Age'], ['VolumeMode', 'string', 1]],
    row(o, now) {
      const s = o.spec ?? {};
      const claim = s.claimRef ? `${s.claimRef.namespace ?? ''}/${s.claimRef.name ?? ''}` : '';
      return [o.metadata.name as string, s.capacity?.storage ?? '', accessModes(s.accessModes), s.persistentVolumeReclaimPolicy ?? '', o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? ''), claim, s.storageClassName ?? '', s.volumeAttributesClassName ?? '<unset>', o.status?.reason ?? '', age(o, now), s.volumeMode ?? '<unset>'];
    },
  },
  '/persistentvolumeclaims': {
    columns: [['Name', 'string', 0, 'name'], ['Status'], ['Volume'], ['Capacity'], ['Access Modes'], ['StorageClass'], ['VolumeAttributesClass'], ['Age'], ['VolumeMode', 'string', 1]],
    row(o, now) {
      const s = o.spec ?? {};
      const bound = o.status?.phase === 'Bound';
      return [o.metadata.name as string, o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? ''), s.volumeName ?? '', bound ? (o.status?.capacity?.storage ?? '') : '', bound ? accessModes(o.status?.accessModes) : '', s.storageClassName ?? '', s.volumeAttributesClassName ?? '<unset>', age(o, now), s.volumeMode ?? '<unset>'];
    },
  },
  'storage.k8s.io/storageclasses': {
    columns: [['Name', 'string', 0, 'name'], ['Provisioner'], ['ReclaimPolicy'], ['VolumeBindingMode'], ['AllowVolumeExpansion'], ['Age']],
    row(o, now) {
      const def = o.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' || o.metadata.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
      return [`${o.metadata.name}${def ? ' (default)' : ''}`, String(o.provisioner ?? ''), String(o.reclaimPolicy ?? 'Delete'), String(o.volumeBindingMode ?? 'Immediate'), Boolean(o.allowVolumeExpansion), age(o, now)];
    },
  },
  'coordination.k8s.io/leases': {
    columns: [['Name', 'string', 0, 'name'], ['Holder'], ['Age']],
    row: (o, now) => [o.metadata.name as string, o.spec?.holderIdentity ?? '', age(o, now)],
  },
  'batch/jobs': {
    columns: [['Name', 'string', 0, 'name'], ['Status'], ['Completions'], ['Duration'], ['Age'], ['Containers', 'string', 1], ['Images', 'string', 1], ['Selector', 'string', 1]],
    row(o, now) {
      const s = o.status ?? {};
      const completions = o.spec?.completions;
      const comp = completions === undefined || completions === null ? `${num(s.succeeded)}/1 of ${o.spec?.parallelism ?? 1}` : `${num(s.succeeded)}/${completions}`;
      const conds = (s.conditions ?? []) as { type: string; status: string }[];
      const status = conds.some((c) => c.type === 'Complete' && c.status === 'True') ? 'Complete' : conds.some((c) => c.type === 'Failed' && c.status === 'True') ? 'Failed' : s.active ? 'Running' : 'Pending';
      const dur = s.startTime ? humanDuration((s.completionTime ? new Date(s.completionTime).getTime() : now) - new Date(s.startTime).getTime()) : '';
      const [c, i] = containerCells(o.spec?.template?.spec?.containers);
      return [o.metadata.name as string, status, completions === undefined ? `${num(s.succeeded)}/1` : comp, dur, age(o, now), c, i, selectorText(o.spec?.selector)];
    },
  },
  'batch/cronjobs': {
    columns: [['Name', 'string', 0, 'name'], ['Schedule'], ['Timezone'], ['Suspend', 'boolean'], ['Active', 'integer'], ['Last Schedule'], ['Age'], ['Containers', 'string', 1], ['Images', 'string', 1], ['Selector', 'string', 1]],
    row(o, now) {
      const [c, i] = containerCells(o.spec?.jobTemplate?.spec?.template?.spec?.containers);
      return [o.metadata.name as string, o.spec?.schedule ?? '', o.spec?.timeZone ?? '<none>', Boolean(o.spec?.suspend), (o.status?.active ?? []).length, o.status?.lastScheduleTime ? since(o.status.lastScheduleTime, now) : '<none>', age(o, now), c, i, selectorText(o.spec?.jobTemplate?.spec?.selector)];
    },
  },
  'networking.k8s.io/ingresses': {
    columns: [['Name', 'string', 0, 'name'], ['Class'], ['Hosts'], ['Address'], ['Ports'], ['Age']],
    row(o, now) {
      const hosts = (o.spec?.rules ?? []).map((r: { host?: string }) => r.host || '*');
      const addr = (o.status?.loadBalancer?.ingress ?? []).map((i: { ip?: string; hostname?: string }) => i.ip || i.hostname).join(',');
      return [o.metadata.name as string, o.spec?.ingressClassName ?? '<none>', hosts.length ? hosts.join(',') : '*', addr, o.spec?.tls?.length ? '80, 443' : '80', age(o, now)];
    },
  },
  'policy/poddisruptionbudgets': {
    columns: [['Name', 'string', 0, 'name'], ['Min Available'], ['Max Unavailable'], ['Allowed Disruptions', 'integer'], ['Age']],
    row: (o, now) => [o.metadata.name as string, o.spec?.minAvailable !== undefined ? String(o.spec.minAvailable) : 'N/A', o.spec?.maxUnavailable !== undefined ? String(o.spec.maxUnavailable) : 'N/A', num(o.status?.disruptionsAllowed), age(o, now)],
  },
  'scheduling.k8s.io/priorityclasses': {
    columns: [['Name', 'string', 0, 'name'], ['Value', 'integer'], ['Global-Default', 'boolean'], ['Age'], ['PreemptionPolicy', 'string', 1]],
    row: (o, now) => [o.metadata.name as string, num(o.value), Boolean(o.globalDefault), age(o, now), String(o.preemptionPolicy ?? 'PreemptLowerPriority')],
  },
  'rbac.authorization.k8s.io/rolebindings': {
    columns: [['Name', 'string', 0, 'name'], ['Role'], ['Age'], ['Users', 'string', 1], ['Groups', 'string', 1], ['ServiceAccounts', 'string', 1]],
    row: bindingRow,
  },
  'rbac.authorization.k8s.io/clusterrolebindings': {
    columns: [['Name', 'string', 0, 'name'], ['Role'], ['Age'], ['Users', 'string', 1], ['Groups', 'string', 1], ['ServiceAccounts', 'string', 1]],
    row: bindingRow,
  },
  'autoscaling/horizontalpodautoscalers': {
    columns: [['Name', 'string', 0, 'name'], ['Reference'], ['Targets'], ['MinPods', 'string'], ['MaxPods', 'integer'], ['Replicas', 'integer'], ['Age']],
    row: (o, now) => [o.metadata.name as string, `${o.spec?.scaleTargetRef?.kind ?? ''}/${o.spec?.scaleTargetRef?.name ?? ''}`, '<unknown>', String(o.spec?.minReplicas ?? 1), num(o.spec?.maxReplicas), num(o.status?.currentReplicas), age(o, now)],
  },
  'certificates.k8s.io/certificatesigningrequests': {
    columns: [['Name', 'string', 0, 'name'], ['Age'], ['SignerName'], ['Requestor'], ['RequestedDuration'], ['Condition']],
    row(o, now) {
      const conds = ((o.status?.conditions ?? []) as { type: string }[]).map((c) => c.type);
      if (o.status?.certificate) conds.push('Issued');
      return [o.metadata.name as string, age(o, now), o.spec?.signerName ?? '', o.spec?.username ?? '', '<none>', conds.length ? conds.join(',') : 'Pending'];
    },
  },
  'apiregistration.k8s.io/apiservices': {
    columns: [['Name', 'string', 0, 'name'], ['Service'], ['Available'], ['Age']],
    row(o, now) {
      const svc = o.spec?.service ? `${o.spec.service.namespace}/${o.spec.service.name}` : 'Local';
      const avail = (o.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Available');
      return [o.metadata.name as string, svc, avail ? (avail.status === 'True' ? 'True' : `${avail.status} (${avail.reason})`) : 'Unknown', age(o, now)];
    },
  },
  'networking.k8s.io/ingressclasses': {
    columns: [['Name', 'string', 0, 'name'], ['Controller'], ['Parameters'], ['Age']],
    row: (o, now) => [o.metadata.name as string, o.spec?.controller ?? '', '<none>', age(o, now)],
  },
  'node.k8s.io/runtimeclasses': {
    columns: [['Name', 'string', 0, 'name'], ['Handler'], ['Age']],
    row: (o, now) => [o.metadata.name as string, String(o.handler ?? ''), age(o, now)],
  },
  'networking.k8s.io/networkpolicies': {
    columns: [['Name', 'string', 0, 'name'], ['Pod-Selector'], ['Age']],
    row: (o, now) => [o.metadata.name as string, selectorText(o.spec?.podSelector).replace('<none>', ''), age(o, now)],
  },
};

function bindingRow(o: KObj, now: number): Cell[] {
  const subjects = ((o.subjects as { kind: string; name: string; namespace?: string }[]) ?? []);
  const pick = (k: string) => subjects.filter((s) => s.kind === k).map((s) => (k === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name)).join(', ');
  const ref = o.roleRef as { kind?: string; name?: string } | undefined;
  return [o.metadata.name as string, `${ref?.kind ?? ''}/${ref?.name ?? ''}`, age(o, now), pick('User'), pick('Group'), pick('ServiceAccount')];
}

const DEFAULT: Printer = {
  columns: [['Name', 'string', 0, 'name'], ['Created At', 'date', 0, 'date-time']],
  row: (o) => [o.metadata.name as string, o.metadata.creationTimestamp ?? ''],
};

const DESCRIPTIONS: Record<string, string> = {
  Name: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  Age: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
};

/** A CRD's printer columns (or Name/Age) as the apiextensions-apiserver builds them. */
function crdPrinter(tp: ResourceType, version: string): Printer {
  const cols = tp.crd?.printerColumns[version] ?? [];
  if (cols.length === 0) return { columns: [['Name', 'string', 0, 'name'], ['Age', 'date']], row: (o, now) => [o.metadata.name as string, age(o, now)] };
  return {
    columns: [['Name', 'string', 0, 'name'], ...cols.map((c: PrinterColumn) => [c.name, c.type, c.priority ?? 0, c.format ?? ''] as [string, string, number, string])],
    row: (o, now) => [o.metadata.name as string, ...cols.map((c) => jsonPathCell(o, c, now))],
  };
}

function jsonPathCell(o: KObj, c: PrinterColumn, now: number): Cell {
  let cur: unknown = o;
  for (const p of c.jsonPath.replace(/^\./, '').split('.')) {
    const m = /^(\w[\w-]*)\[(\d+)\]$/.exec(p);
    if (m) cur = ((cur as Record<string, unknown[]>)?.[m[1] as string] ?? [])[Number(m[2])];
    else cur = (cur as Record<string, unknown>)?.[p];
  }
  if (cur === undefined || cur === null) return '';
  if (c.type === 'date') return since(String(cur), now);
  if (typeof cur === 'object') return JSON.stringify(cur);
  return cur as Cell;
}

function printerFor(tp: ResourceType, version: string): Printer {
  if (tp.crd) return crdPrinter(tp, version);
  return PRINTERS[`${tp.group}/${tp.plural}`] ?? DEFAULT;
}

export function columnDefinitions(tp: ResourceType, version: string): ColumnDefinition[] {
  return printerFor(tp, version).columns.map(([name, type = 'string', priority = 0, format = '']) => ({ name, type, format, description: DESCRIPTIONS[name] ?? name, priority }));
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** The Table of `items` (one row each), for `as=Table` requests. */
export function toTable(tp: ResourceType, version: string, items: KObj[], opts: { resourceVersion?: string; include: IncludeObject; tableVersion: 'v1' | 'v1beta1'; now?: number; noHeaders?: boolean; continueToken?: string }): Record<string, unknown> {
  const p = printerFor(tp, version);
  const now = opts.now ?? Date.now();
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${opts.tableVersion}`,
    metadata: { ...(opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {}), ...(opts.continueToken ? { continue: opts.continueToken } : {}) },
    columnDefinitions: opts.noHeaders ? null : columnDefinitions(tp, version),
    rows: items.map((o) => {
      const conds = p.conditions?.(o);
      return {
        cells: p.row(o, now),
        ...(conds ? { conditions: conds } : {}),
        object: opts.include === 'None' ? null : opts.include === 'Object' ? o : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
      };
    }),
  };
}

/** kubectl's text table: upper-case headers, cells padded to the widest plus 3 (tabwriter, min width 6). */
export function renderTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(6, ...all.map((r) => (r[i] ?? '').length + 3)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] as number))).join('') + '\n').join('');
}

/** The rows kubectl prints for a Table (`-o wide` keeps priority-1 columns; `-A` adds NAMESPACE). */
export function tableText(table: { columnDefinitions: ColumnDefinition[] | null; rows: { cells: Cell[]; object?: { metadata?: { namespace?: string } } | null }[] }, opts: { wide: boolean; withNamespace: boolean; noHeaders?: boolean }): string {
  const cols = (table.columnDefinitions ?? []).map((c, i) => ({ c, i })).filter(({ c }) => opts.wide || c.priority === 0);
  const header = [...(opts.withNamespace ? ['NAMESPACE'] : []), ...cols.map(({ c }) => c.name.toUpperCase())];
  const rows = table.rows.map((r) => [...(opts.withNamespace ? [r.object?.metadata?.namespace ?? ''] : []), ...cols.map(({ i }) => cellText(r.cells[i]))]);
  if (opts.noHeaders) return rows.length ? renderTable(rows[0] as string[], rows.slice(1)) : '';
  return renderTable(header, rows);
}

function cellText(v: Cell | undefined): string {
  if (v === undefined || v === null) return '<none>';
  return String(v);
}

/** True when `selector` picks the object's labels (used by printers of selector-based kinds). */
export function selects(sel: LabelSelectorObject | undefined, o: KObj): boolean {
  return labelSelectorMatcher(sel)(o.metadata.labels);
}
