// The simulated cluster's etcd: every object by type (`group/plural`) and `namespace/name`, one
// resourceVersion counter for all writes, and a bounded history of changes so a watch can start
// from a resourceVersion a list returned (older than the history: 410 Expired, as etcd's
// compaction makes it). The snapshot is plain JSON, kept inside the control plane's node state.
import type { KObj } from './types';

export interface StoreSnapshot {
  rv: number;
  objects: Record<string, Record<string, KObj>>;
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: EventType;
  /** `group/plural` */
  key: string;
  obj: KObj;
  /** The object before a MODIFIED event. */
  old?: KObj;
  rv: number;
}

/** Changes kept for watches that resume from a resourceVersion. */
const HISTORY = 4000;

export function objKey(ns: string | undefined, name: string): string {
  return `${ns ?? ''}/${name}`;
}

export class ObjectStore {
  private history: StoreEvent[] = [];
  private listeners = new Set<(e: StoreEvent) => void>();
  /** Called after every write (persistence, controllers). */
  onWrite: (e: StoreEvent) => void = () => {};

  constructor(readonly snap: StoreSnapshot) {}

  get rv(): number {
    return this.snap.rv;
  }

  /** The stored object itself: callers must not change it (use put). */
  peek(key: string, ns: string | undefined, name: string): KObj | undefined {
    return this.snap.objects[key]?.[objKey(ns, name)];
  }

  /** Stored objects of a type (all namespaces when ns is undefined), by namespace then name. */
  list(key: string, ns?: string): KObj[] {
    const all = Object.values(this.snap.objects[key] ?? {});
    const items = ns === undefined ? all : all.filter((o) => (o.metadata.namespace ?? '') === ns);
    return items.sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || (a.metadata.name as string).localeCompare(b.metadata.name as string));
  }

  /** Writes an object (its metadata.resourceVersion is set here) and tells the watchers. */
  put(key: string, obj: KObj): KObj {
    const ns = obj.metadata.namespace;
    const name = obj.metadata.name as string;
    const bucket = (this.snap.objects[key] ??= {});
    const old = bucket[objKey(ns, name)];
    this.snap.rv++;
    obj.metadata.resourceVersion = String(this.snap.rv);
    bucket[objKey(ns, name)] = obj;
    this.emit({ type: old ? 'MODIFIED' : 'ADDED', key, obj, ...(old ? { old } : {}), rv: this.snap.rv });
    return obj;
  }

  remove(key: string, obj: KObj): void {
    const bucket = this.snap.objects[key];
    const k = objKey(obj.metadata.namespace, obj.metadata.name as string);
    if (!bucket?.[k]) return;
    delete bucket[k];
    this.snap.rv++;
    // A deleted object is reported with the resourceVersion of its deletion.
    const gone = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(this.snap.rv) } };
    this.emit({ type: 'DELETED', key, obj: gone, rv: this.snap.rv });
  }

  private emit(e: StoreEvent): void {
    this.history.push(e);
    if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
    for (const l of [...this.listeners]) l(e);
    this.onWrite(e);
  }

  /** Changes after `rv`, or 'expired' when the history no longer reaches back that far. */
  since(rv: number): StoreEvent[] | 'expired' {
    if (rv >= this.snap.rv) return [];
    const first = this.history[0];
    if (!first || first.rv > rv + 1) return 'expired';
    return this.history.filter((e) => e.rv > rv);
  }

  subscribe(l: (e: StoreEvent) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
