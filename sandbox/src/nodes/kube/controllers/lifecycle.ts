// Object lifecycle controllers of kube-controller-manager: the garbage collector (owner
// references; background, foreground and orphan deletion), the namespace controller (a
// terminating namespace is emptied, then finalized), and what every namespace gets (the
// `default` ServiceAccount, the `kube-root-ca.crt` ConfigMap).
import { typeKey } from '../resources';
import type { KObj } from '../types';
import type { ControllerCtx } from './context';

export function garbageCollector(c: ControllerCtx): void {
  const types = c.api.types.all();
  const byUid = new Map<string, { obj: KObj; key: string }>();
  const withOwners: { obj: KObj; tpKey: string }[] = [];
  for (const tp of types) {
    for (const o of c.api.list(tp)) {
      byUid.set(o.metadata.uid as string, { obj: o, key: typeKey(tp) });
      if (o.metadata.ownerReferences?.length) withOwners.push({ obj: o, tpKey: typeKey(tp) });
    }
  }
  const typeOf = new Map(types.map((t) => [typeKey(t), t]));
  const dependents = new Map<string, { obj: KObj; tpKey: string }[]>();
  for (const d of withOwners) {
    for (const r of d.obj.metadata.ownerReferences ?? []) {
      const list = dependents.get(r.uid) ?? [];
      list.push(d);
      dependents.set(r.uid, list);
    }
  }
  // Dependents whose owners are all gone are deleted (in the background).
  for (const d of withOwners) {
    if (d.obj.metadata.deletionTimestamp) continue;
    const refs = d.obj.metadata.ownerReferences ?? [];
    const alive = refs.filter((r) => byUid.has(r.uid));
    if (alive.length > 0) continue;
    const tp = typeOf.get(d.tpKey);
    if (!tp) continue;
    try {
      c.api.delete(tp, d.obj.metadata.namespace, d.obj.metadata.name as string, { propagationPolicy: 'Background', preconditions: { uid: d.obj.metadata.uid as string } });
    } catch {
      // gone meanwhile
    }
  }
  // Owners being deleted in the foreground or orphaning.
  for (const [uid, { obj, key }] of byUid) {
    if (!obj.metadata.deletionTimestamp) continue;
    const fin = obj.metadata.finalizers ?? [];
    const tp = typeOf.get(key);
    if (!tp) continue;
    const deps = (dependents.get(uid) ?? []).filter((d) => c.api.find(typeOf.get(d.tpKey) ?? tp, d.obj.metadata.namespace, d.obj.metadata.name as string));
    if (fin.includes('orphan')) {
      for (const d of deps) {
        const dt = typeOf.get(d.tpKey);
        const cur = dt ? c.api.find(dt, d.obj.metadata.namespace, d.obj.metadata.name as string) : undefined;
        if (!dt || !cur) continue;
        const refs = (cur.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        const meta = { ...cur.metadata };
        if (refs.length) meta.ownerReferences = refs;
        else delete meta.ownerReferences;
        c.api.systemPut(dt, { ...cur, metadata: meta });
      }
      const cur = c.api.find(tp, obj.metadata.namespace, obj.metadata.name as string);
      if (cur) c.api.update(tp, cur.metadata.namespace, cur.metadata.name as string, { ...cur, metadata: { ...cur.metadata, finalizers: (cur.metadata.finalizers ?? []).filter((f) => f !== 'orphan') } });
      continue;
    }
    if (fin.includes('foregroundDeletion')) {
      const blocking = deps.filter((d) => (d.obj.metadata.ownerReferences ?? []).some((r) => r.uid === uid && r.blockOwnerDeletion));
      for (const d of deps) {
        const dt = typeOf.get(d.tpKey);
        if (!dt || d.obj.metadata.deletionTimestamp) continue;
        try {
          c.api.delete(dt, d.obj.metadata.namespace, d.obj.metadata.name as string, { propagationPolicy: 'Foreground' });
        } catch {
          // gone meanwhile
        }
      }
      if (blocking.length === 0) {
        const cur = c.api.find(tp, obj.metadata.namespace, obj.metadata.name as string);
        if (cur) c.api.update(tp, cur.metadata.namespace, cur.metadata.name as string, { ...cur, metadata: { ...cur.metadata, finalizers: (cur.metadata.finalizers ?? []).filter((f) => f !== 'foregroundDeletion') } });
      }
    }
  }
}

export function namespaces(c: ControllerCtx): void {
  const nsTp = c.t('', 'namespaces');
  const saTp = c.t('', 'serviceaccounts');
  const cmTp = c.t('', 'configmaps');
  const namespaced = c.api.types.all().filter((t) => t.namespaced && t.verbs.includes('list'));
  for (const ns of c.api.list(nsTp)) {
    const name = ns.metadata.name as string;
    if (ns.metadata.deletionTimestamp) {
      let left = 0;
      for (const tp of namespaced) {
        for (const o of c.api.list(tp, name)) {
          left++;
          if (tp.plural === 'events') {
            c.api.remove(tp, o);
            continue;
          }
          try {
            if (!o.metadata.deletionTimestamp) c.api.delete(tp, name, o.metadata.name as string, { propagationPolicy: 'Background' });
          } catch {
            // gone meanwhile
          }
        }
      }
      const cur = c.api.find(nsTp, undefined, name);
      if (!cur) continue;
      const conditions = [
        { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', lastTransitionTime: cur.metadata.deletionTimestamp, reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
        { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', lastTransitionTime: cur.metadata.deletionTimestamp, reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
        { type: 'NamespaceDeletionContentFailure', status: 'False', lastTransitionTime: cur.metadata.deletionTimestamp, reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
        { type: 'NamespaceContentRemaining', status: left ? 'True' : 'False', lastTransitionTime: cur.metadata.deletionTimestamp, reason: left ? 'SomeResourcesRemain' : 'ContentRemoved', message: left ? `Some resources are remaining: ${left} resources instances` : 'All content successfully removed' },
      ];
      if (JSON.stringify(cur.status?.conditions) !== JSON.stringify(conditions)) c.api.update(nsTp, undefined, name, { ...cur, status: { phase: 'Terminating', conditions } }, { subresource: 'status' });
      if (left === 0) {
        const latest = c.api.find(nsTp, undefined, name);
        if (latest) c.api.update(nsTp, undefined, name, { ...latest, spec: { ...latest.spec, finalizers: [] } }, { subresource: 'finalize' });
      } else c.wake(Math.max(c.second, 20));
      continue;
    }
    if (!c.api.find(saTp, name, 'default')) c.api.create(saTp, name, { metadata: { name: 'default' } });
    if (!c.api.find(cmTp, name, 'kube-root-ca.crt')) {
      c.api.create(cmTp, name, { metadata: { name: 'kube-root-ca.crt', annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } }, data: { 'ca.crt': c.rec.caCertPem } });
    }
  }
}
