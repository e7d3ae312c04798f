// What every simulated controller gets: the API, the time of this pass, the cluster record and
// the nodes behind it, persisted private state, an event recorder (core/v1 Events, counted and
// deduplicated like client-go's recorder) and a way to ask for the next pass.
import type { KubeApi } from '../api';
import type { ResourceType } from '../resources';
import { isoSeconds, type KObj } from '../types';
import type { NodeDirectory } from '../../command-types';
import type { ClusterRecord } from '../../node-state';
import type { NodePace } from '../../types';

export interface EventSource {
  component: string;
  host?: string;
}

export interface ControllerCtx {
  api: KubeApi;
  now: number;
  rec: ClusterRecord;
  dir: NodeDirectory;
  pace: NodePace;
  /** Controllers' own persisted state (kubelet plans, ...), kept with the objects. */
  state: Record<string, unknown>;
  event(involved: KObj, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, fieldPath?: string): void;
  /** Evicts a pod as the eviction subresource does (disruption budgets checked; throws ApiError 429). */
  evict(pod: KObj): void;
  /** Asks for another pass in `ms` (the earliest request wins). */
  wake(ms: number): void;
  t(group: string, plural: string): ResourceType;
  /** One simulated second in ms (pace `second`; a small floor when instant, so back-offs do not spin). */
  second: number;
}

export type Controller = (c: ControllerCtx) => void;

const EVENT_TYPE = (api: KubeApi) => api.type('', 'events');
let seq = Math.floor(Math.random() * 1000);

/** Records an Event the way client-go's EventRecorder does (same reason+message on the same object: count++). */
export function recordEvent(api: KubeApi, now: number, involved: KObj, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, fieldPath?: string): void {
  const tp = EVENT_TYPE(api);
  const ns = involved.metadata.namespace || 'default';
  const ref = {
    kind: involved.kind,
    namespace: involved.metadata.namespace,
    name: involved.metadata.name,
    uid: involved.metadata.uid,
    apiVersion: involved.apiVersion,
    resourceVersion: involved.metadata.resourceVersion,
    ...(fieldPath ? { fieldPath } : {}),
  };
  const same = api.list(tp, ns).find((e) => {
    const io = e.involvedObject as { uid?: string; fieldPath?: string } | undefined;
    return io?.uid === involved.metadata.uid && io?.fieldPath === fieldPath && e.reason === reason && e.message === message && e.type === type;
  });
  const ts = isoSeconds(now);
  if (same) {
    api.systemPut(tp, { ...same, count: Number(same.count ?? 1) + 1, lastTimestamp: ts, metadata: { ...same.metadata } });
    return;
  }
  // client-go names an event after its object and the time in nanoseconds, in hex: they list in order.
  const name = `${involved.metadata.name}.${(BigInt(now) * 1000000n + BigInt(seq++ % 1000000)).toString(16)}`;
  api.systemPut(tp, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns, uid: crypto.randomUUID(), creationTimestamp: ts },
    involvedObject: ref,
    reason,
    message,
    source,
    firstTimestamp: ts,
    lastTimestamp: ts,
    count: 1,
    type,
    eventTime: null,
    reportingComponent: source.component,
    reportingInstance: source.host ?? '',
  } as KObj);
}

/** Events are kept for an hour, as kube-apiserver's --event-ttl does. */
export function pruneEvents(c: ControllerCtx): void {
  const tp = c.t('', 'events');
  const horizon = c.now - 3600_000;
  for (const e of c.api.list(tp)) {
    const last = new Date(String(e.lastTimestamp ?? e.metadata.creationTimestamp)).getTime();
    if (last < horizon) c.api.remove(tp, e);
  }
}
