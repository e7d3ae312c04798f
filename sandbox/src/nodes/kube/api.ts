// The apiserver's request handling below HTTP: create, update (main resource or status), patch,
// delete (graceful pods, finalizers, foreground/orphan propagation, namespaces), with
// defaulting, admission (namespace lifecycle, ServiceAccount, Service IP allocation, CRD
// establishment), validation, resourceVersion preconditions and generation. Controllers use
// this same API, as real controllers use kube-apiserver.
import { randomUUID } from 'node:crypto';
import { admitPod, applyDefaults } from './defaults';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, serverSideApply } from './patch';
import { TypeRegistry, typeKey, type ResourceType } from './resources';
import { ObjectStore } from './store';
import { ApiError, alreadyExists, badRequest, clone, conflict, isObject, isoSeconds, notFound, randomSuffix, type KObj } from './types';
import { validate } from './validation';
import { cidrSize, intToIp, parseCidr } from '../../providers/network/ip-math';

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  /** `status` (or another subresource) for writes through a subresource. */
  subresource?: string;
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface ApiSettings {
  serviceSubnet: string;
  now?: () => number;
}

/** Types whose status the server resets on create (PrepareForCreate). */
const RESET_STATUS = new Set(['apps/deployments', 'apps/replicasets', 'apps/daemonsets', 'apps/statefulsets', 'batch/jobs', 'batch/cronjobs', '/services', '/pods', '/persistentvolumeclaims', '/persistentvolumes', 'autoscaling/horizontalpodautoscalers', 'policy/poddisruptionbudgets', 'networking.k8s.io/ingresses']);

function nsKey(tp: ResourceType, ns: string | undefined): string | undefined {
  return tp.namespaced ? ns : undefined;
}

/** What changed apart from metadata and status (generation is bumped for it). */
function specOf(o: KObj): string {
  const { metadata: _m, status: _s, ...rest } = o;
  return JSON.stringify(rest);
}

export class KubeApi {
  readonly types = new TypeRegistry();
  private readonly now: () => number;

  constructor(
    readonly store: ObjectStore,
    private readonly settings: ApiSettings,
  ) {
    this.now = settings.now ?? Date.now;
    this.refreshCrds();
  }

  refreshCrds(): void {
    this.types.setCrds(this.store.list('apiextensions.k8s.io/customresourcedefinitions'));
  }

  type(group: string, plural: string): ResourceType {
    const tp = this.types.get(group, plural);
    if (!tp) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    return tp;
  }

  /** The object as served at `version` (objects are stored at the type's storage version). */
  view(tp: ResourceType, o: KObj, version = tp.version): KObj {
    const out = clone(o);
    out.apiVersion = tp.group ? `${tp.group}/${version}` : version;
    return out;
  }

  get(tp: ResourceType, ns: string | undefined, name: string): KObj {
    const o = this.store.peek(typeKey(tp), nsKey(tp, ns), name);
    if (!o) throw notFound(tp.plural, tp.group, name);
    return clone(o);
  }

  find(tp: ResourceType, ns: string | undefined, name: string): KObj | undefined {
    const o = this.store.peek(typeKey(tp), nsKey(tp, ns), name);
    return o ? clone(o) : undefined;
  }

  /**
   * The stored object, not a copy: for reading only, as list() gives. The kubelet controller reads
   * a pod's node once per pod and pass; a deep copy each time (find) cost more CPU than anything
   * else of the simulated nodes (V8 profiles of a test run: clone under find, under kubelet).
   */
  peek(tp: ResourceType, ns: string | undefined, name: string): Readonly<KObj> | undefined {
    return this.store.peek(typeKey(tp), nsKey(tp, ns), name);
  }

  /** Stored objects (not copies: callers must not change them). */
  list(tp: ResourceType, ns?: string): KObj[] {
    return this.store.list(typeKey(tp), tp.namespaced ? ns : undefined);
  }

  private checkNamespace(tp: ResourceType, ns: string | undefined, name: string): void {
    if (!tp.namespaced) return;
    if (!ns) throw badRequest('the server could not find the requested resource');
    const n = this.store.peek('/namespaces', undefined, ns);
    if (!n) throw new ApiError(404, 'NotFound', `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' });
    if (n.metadata.deletionTimestamp) {
      throw new ApiError(403, 'Forbidden', `${tp.plural}${tp.group ? `.${tp.group}` : ''} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`, { name, ...(tp.group ? { group: tp.group } : {}), kind: tp.plural, causes: [{ reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' }] });
    }
  }

  private checkBody(tp: ResourceType, o: unknown, ns: string | undefined): KObj {
    if (!isObject(o)) throw badRequest('Object \'Kind\' is missing in \'null\'');
    const obj = clone(o) as KObj;
    obj.metadata ??= {};
    if (!isObject(obj.metadata)) throw badRequest('metadata must be an object');
    const want = tp.group ? `${tp.group}/` : '';
    if (obj.apiVersion && want && !String(obj.apiVersion).startsWith(want)) {
      throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${tp.group}/${tp.version})`);
    }
    if (obj.kind && obj.kind !== tp.kind) throw badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${tp.kind})`);
    if (tp.namespaced) {
      if (obj.metadata.namespace && ns && obj.metadata.namespace !== ns) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      obj.metadata.namespace = ns;
    } else delete obj.metadata.namespace;
    obj.apiVersion = tp.group ? `${tp.group}/${tp.version}` : tp.version;
    obj.kind = tp.kind;
    return obj;
  }

  private priorityOf = (className: string | undefined): number | undefined => {
    if (!className) return 0;
    const pc = this.store.peek('scheduling.k8s.io/priorityclasses', undefined, className);
    if (!pc) throw new ApiError(403, 'Forbidden', `pods "" is forbidden: no PriorityClass with name ${className} was found`);
    return Number(pc.value ?? 0);
  };

  /** Admission of a new object: defaults, per-type plugins, validation. */
  private admitCreate(tp: ResourceType, obj: KObj): void {
    const key = typeKey(tp);
    applyDefaults(key, obj);
    if (key === '/pods') admitPod(obj, randomSuffix(5), this.priorityOf);
    if (key === '/services') this.allocateService(obj);
    if (key === '/persistentvolumeclaims') this.defaultStorageClass(obj);
    if (key === 'apiextensions.k8s.io/customresourcedefinitions') this.establishCrd(obj);
    validate(tp, obj);
  }

  create(tp: ResourceType, ns: string | undefined, body: unknown, opts: WriteOptions = {}): KObj {
    const obj = this.checkBody(tp, body, nsKey(tp, ns));
    if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = `${obj.metadata.generateName}${randomSuffix(5)}`;
    const name = obj.metadata.name ?? '';
    this.checkNamespace(tp, nsKey(tp, ns), name);
    for (const k of ['uid', 'resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink'] as const) delete obj.metadata[k];
    if (RESET_STATUS.has(typeKey(tp)) || (tp.crd && tp.statusSubresource)) delete obj.status;
    this.admitCreate(tp, obj);
    if (this.store.peek(typeKey(tp), nsKey(tp, ns), name)) throw alreadyExists(tp.plural, tp.group, name);
    obj.metadata.uid = randomUUID();
    obj.metadata.creationTimestamp = isoSeconds(this.now());
    if (tp.generation) obj.metadata.generation = 1;
    else delete obj.metadata.generation;
    if (opts.dryRun) return clone(obj);
    this.store.put(typeKey(tp), obj);
    if (typeKey(tp) === 'apiextensions.k8s.io/customresourcedefinitions') this.refreshCrds();
    return clone(obj);
  }

  /** PUT of the main resource or of a subresource (`status`). */
  update(tp: ResourceType, ns: string | undefined, name: string, body: unknown, opts: WriteOptions = {}): KObj {
    const current = this.store.peek(typeKey(tp), nsKey(tp, ns), name);
    if (!current) throw notFound(tp.plural, tp.group, name);
    const incoming = this.checkBody(tp, body, nsKey(tp, ns));
    if (incoming.metadata.name && incoming.metadata.name !== name) throw badRequest(`the name of the object (${incoming.metadata.name}) does not match the name on the URL (${name})`);
    incoming.metadata.name = name;
    const rv = incoming.metadata.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) throw conflict(tp.plural, tp.group, name);
    let next: KObj;
    if (opts.subresource === 'status') {
      next = { ...clone(current), status: incoming.status };
    } else {
      next = incoming;
      if (tp.statusSubresource) {
        if (current.status !== undefined) next.status = clone(current.status);
        else delete next.status;
      }
      applyDefaults(typeKey(tp), next);
    }
    const m = next.metadata;
    m.uid = current.metadata.uid;
    m.creationTimestamp = current.metadata.creationTimestamp;
    m.namespace = current.metadata.namespace;
    if (current.metadata.deletionTimestamp) {
      m.deletionTimestamp = current.metadata.deletionTimestamp;
      if (current.metadata.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = current.metadata.deletionGracePeriodSeconds;
    } else {
      delete m.deletionTimestamp;
      delete m.deletionGracePeriodSeconds;
    }
    if (typeKey(tp) === '/services') this.keepServiceIps(current, next);
    if (typeKey(tp) === '/namespaces' && opts.subresource !== 'finalize') next.spec = clone(current.spec);
    if (typeKey(tp) === 'apiextensions.k8s.io/customresourcedefinitions' && opts.subresource !== 'status') {
      next.status = clone(current.status);
      this.establishCrd(next);
    }
    if (opts.subresource !== 'status') validate(tp, next, current);
    if (tp.generation) {
      m.generation = Number(current.metadata.generation ?? 1);
      if (opts.subresource !== 'status' && specOf(next) !== specOf(current)) m.generation++;
    } else delete m.generation;
    return this.commit(tp, current, next, opts);
  }

  private commit(tp: ResourceType, current: KObj, next: KObj, opts: WriteOptions): KObj {
    // The last finalizer removed from an object being deleted: it goes now (a pod in its grace
    // period waits for its kubelet, a namespace for its spec.finalizers).
    const key = typeKey(tp);
    const waiting = (key === '/pods' && (current.metadata.deletionGracePeriodSeconds ?? 0) > 0) || (key === '/namespaces' && (next.spec?.finalizers ?? []).length > 0);
    if (next.metadata.deletionTimestamp && !(next.metadata.finalizers?.length) && !waiting) {
      if (opts.dryRun) return clone(next);
      this.store.remove(typeKey(tp), current);
      if (typeKey(tp) === 'apiextensions.k8s.io/customresourcedefinitions') this.refreshCrds();
      return clone(next);
    }
    next.metadata.resourceVersion = current.metadata.resourceVersion;
    if (JSON.stringify(next) === JSON.stringify(current)) return clone(current);
    if (opts.dryRun) return clone(next);
    this.store.put(typeKey(tp), next);
    if (typeKey(tp) === 'apiextensions.k8s.io/customresourcedefinitions') this.refreshCrds();
    return clone(next);
  }

  patch(tp: ResourceType, ns: string | undefined, name: string, type: PatchType, patch: unknown, opts: WriteOptions & { force?: boolean } = {}): KObj {
    const current = this.store.peek(typeKey(tp), nsKey(tp, ns), name);
    if (type === 'apply') {
      if (!isObject(patch)) throw badRequest('error decoding YAML: the applied configuration is not an object');
      const applied = patch as KObj;
      if (!opts.fieldManager) throw badRequest('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
      if (applied.metadata?.name && applied.metadata.name !== name) throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
      const now = isoSeconds(this.now());
      if (!current) {
        const created = serverSideApply(undefined, clone(applied) as Record<string, unknown>, opts.fieldManager, now) as KObj;
        created.metadata.name = name;
        return this.create(tp, ns, created, opts);
      }
      const merged = serverSideApply(clone(current) as Record<string, unknown>, clone(applied) as Record<string, unknown>, opts.fieldManager, now) as KObj;
      return this.update(tp, ns, name, { ...merged, metadata: { ...merged.metadata, resourceVersion: current.metadata.resourceVersion } }, opts);
    }
    if (!current) throw notFound(tp.plural, tp.group, name);
    const base = this.view(tp, current);
    let patched: unknown;
    if (type === 'json') patched = applyJsonPatch(base, patch);
    else if (type === 'merge') patched = applyMergePatch(base, patch);
    else {
      if (tp.crd) throw new ApiError(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
      patched = applyStrategicMergePatch(base, patch);
    }
    if (!isObject(patched)) throw badRequest('the patch did not produce an object');
    const p = patched as KObj;
    p.metadata ??= {};
    return this.update(tp, ns, name, p, opts);
  }

  /** DELETE: the object (still there, being deleted) or undefined when it is gone. */
  delete(tp: ResourceType, ns: string | undefined, name: string, opts: DeleteOptions = {}): { obj: KObj; gone: boolean } {
    const current = this.store.peek(typeKey(tp), nsKey(tp, ns), name);
    if (!current) throw notFound(tp.plural, tp.group, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid) throw conflict(tp.plural, tp.group, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
    if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) throw conflict(tp.plural, tp.group, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
    const key = typeKey(tp);
    const next = clone(current);
    const now = this.now();
    if (key === '/namespaces') {
      if (['default', 'kube-system', 'kube-public'].includes(name)) throw new ApiError(403, 'Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' });
      if (current.metadata.deletionTimestamp) return { obj: clone(current), gone: false };
      next.metadata.deletionTimestamp = isoSeconds(now);
      next.metadata.deletionGracePeriodSeconds = 0;
      next.status = { ...(next.status ?? {}), phase: 'Terminating' };
      return { obj: opts.dryRun ? next : this.put(key, next), gone: false };
    }
    if (key === '/pods') {
      const terminal = ['Succeeded', 'Failed'].includes(current.status?.phase);
      const grace = opts.gracePeriodSeconds ?? current.spec?.terminationGracePeriodSeconds ?? 30;
      const graceful = grace > 0 && !!current.spec?.nodeName && !terminal;
      if (graceful) {
        const prevGrace = current.metadata.deletionGracePeriodSeconds;
        if (current.metadata.deletionTimestamp && prevGrace !== undefined && prevGrace <= grace) return { obj: clone(current), gone: false };
        next.metadata.deletionTimestamp = isoSeconds(now + grace * 1000);
        next.metadata.deletionGracePeriodSeconds = grace;
        return { obj: opts.dryRun ? next : this.put(key, next), gone: false };
      }
    }
    const policy = opts.propagationPolicy ?? 'Background';
    const finalizers = [...(current.metadata.finalizers ?? [])];
    if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    if (finalizers.length > 0) {
      if (current.metadata.deletionTimestamp && JSON.stringify(finalizers) === JSON.stringify(current.metadata.finalizers)) return { obj: clone(current), gone: false };
      next.metadata.finalizers = finalizers;
      next.metadata.deletionTimestamp ??= isoSeconds(now);
      next.metadata.deletionGracePeriodSeconds ??= 0;
      return { obj: opts.dryRun ? next : this.put(key, next), gone: false };
    }
    if (!opts.dryRun) this.remove(tp, current);
    return { obj: clone(current), gone: true };
  }

  /** Removes an object for good (after grace or finalizers); CRDs take their instances along. */
  remove(tp: ResourceType, o: KObj): void {
    const key = typeKey(tp);
    if (key === 'apiextensions.k8s.io/customresourcedefinitions') {
      const defined = this.types.all().find((x) => x.crd?.name === o.metadata.name);
      if (defined) for (const cr of this.list(defined)) this.store.remove(typeKey(defined), cr);
    }
    this.store.remove(key, o);
    if (key === 'apiextensions.k8s.io/customresourcedefinitions') this.refreshCrds();
  }

  private put(key: string, o: KObj): KObj {
    return clone(this.store.put(key, o));
  }

  /** A write by the system (controllers, kubelet): no admission, no preconditions. */
  systemPut(tp: ResourceType, o: KObj): KObj {
    const key = typeKey(tp);
    const cur = this.store.peek(key, nsKey(tp, o.metadata.namespace), o.metadata.name as string);
    if (cur) {
      o.metadata.resourceVersion = cur.metadata.resourceVersion;
      if (JSON.stringify(o) === JSON.stringify(cur)) return o;
    }
    return this.store.put(key, o);
  }

  // ---------- admission helpers ----------

  /**
   * DefaultStorageClass, on by default in kube-apiserver: a new claim that names no class (the
   * field absent; "" asks for none) gets the class marked storageclass.kubernetes.io/is-default-class,
   * the newest one when several are (https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#defaultstorageclass).
   */
  private defaultStorageClass(pvc: KObj): void {
    if (pvc.spec?.storageClassName !== undefined && pvc.spec?.storageClassName !== null) return;
    const defaults = this.store
      .list('storage.k8s.io/storageclasses')
      .filter((c) => c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' || c.metadata.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true')
      .sort((a, b) => String(b.metadata.creationTimestamp ?? '').localeCompare(String(a.metadata.creationTimestamp ?? '')) || String(a.metadata.name).localeCompare(String(b.metadata.name)));
    if (defaults[0]) (pvc.spec ??= {}).storageClassName = defaults[0].metadata.name;
  }

  private allocateService(svc: KObj): void {
    const s = svc.spec;
    if (s.type === 'ExternalName') {
      delete s.clusterIP;
      delete s.clusterIPs;
      return;
    }
    if (s.clusterIP === 'None') s.clusterIPs = ['None'];
    else {
      const used = new Set(this.store.list('/services').map((x) => x.spec?.clusterIP));
      if (s.clusterIP) {
        if (used.has(s.clusterIP)) throw new ApiError(422, 'Invalid', `Service "${svc.metadata.name}" is invalid: spec.clusterIPs: Invalid value: []string{"${s.clusterIP}"}: failed to allocate IP ${s.clusterIP}: provided IP is already allocated`);
      } else s.clusterIP = this.freeServiceIp(used);
      s.clusterIPs = [s.clusterIP];
    }
    if (s.type === 'NodePort' || s.type === 'LoadBalancer') {
      const usedPorts = new Set(this.store.list('/services').flatMap((x) => (x.spec?.ports ?? []).map((p: { nodePort?: number }) => p.nodePort)));
      for (const p of s.ports ?? []) {
        if (!p.nodePort) {
          let port;
          do port = 30000 + Math.floor(Math.random() * 2768);
          while (usedPorts.has(port));
          p.nodePort = port;
        }
        usedPorts.add(p.nodePort);
      }
    }
  }

  private freeServiceIp(used: Set<string>): string {
    const c = parseCidr(this.settings.serviceSubnet.split(',')[0] ?? '10.96.0.0/12') ?? (parseCidr('10.96.0.0/12') as NonNullable<ReturnType<typeof parseCidr>>);
    const size = Math.min(cidrSize(c), 1 << 20);
    for (let tries = 0; tries < 1000; tries++) {
      const ip = intToIp(c.base + 1 + Math.floor(Math.random() * Math.max(1, size - 2)));
      if (!used.has(ip) && !ip.endsWith('.0') && ip !== intToIp(c.base + 10)) return ip;
    }
    throw new ApiError(500, 'InternalError', 'Internal error occurred: failed to allocate a serviceIP: range is full');
  }

  private keepServiceIps(current: KObj, next: KObj): void {
    const s = next.spec ?? (next.spec = {});
    if (!s.clusterIP && current.spec?.clusterIP) s.clusterIP = current.spec.clusterIP;
    if (!s.clusterIPs && current.spec?.clusterIPs) s.clusterIPs = current.spec.clusterIPs;
    const curPorts = (current.spec?.ports ?? []) as { port: number; protocol?: string; nodePort?: number }[];
    if (s.type === 'NodePort' || s.type === 'LoadBalancer') {
      for (const p of s.ports ?? []) {
        if (!p.nodePort) p.nodePort = curPorts.find((c) => c.port === p.port && (c.protocol ?? 'TCP') === (p.protocol ?? 'TCP'))?.nodePort;
      }
      if ((s.ports ?? []).some((p: { nodePort?: number }) => !p.nodePort)) this.allocateService({ ...next, spec: { ...s, clusterIP: s.clusterIP } } as KObj);
    }
  }

  private establishCrd(crd: KObj): void {
    const names = crd.spec?.names ?? {};
    const storage = (crd.spec?.versions ?? []).find((v: { storage?: boolean }) => v.storage)?.name;
    const t = isoSeconds(this.now());
    crd.status = {
      acceptedNames: { kind: names.kind, listKind: names.listKind ?? `${names.kind}List`, plural: names.plural, singular: names.singular ?? String(names.kind ?? '').toLowerCase(), ...(names.shortNames ? { shortNames: names.shortNames } : {}), ...(names.categories ? { categories: names.categories } : {}) },
      conditions: [
        { type: 'NamesAccepted', status: 'True', lastTransitionTime: crd.status?.conditions?.[0]?.lastTransitionTime ?? t, reason: 'NoConflicts', message: 'no conflicts found' },
        { type: 'Established', status: 'True', lastTransitionTime: crd.status?.conditions?.[1]?.lastTransitionTime ?? t, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
      ],
      storedVersions: [...new Set([...(crd.status?.storedVersions ?? []), ...(storage ? [storage] : [])])],
    };
  }
}
