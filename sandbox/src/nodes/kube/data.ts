// One cluster's API data: its object store (kept in the control plane's cluster record, so it
// persists with the node's state under --state-dir) and the API over it, created on first use
// (seeded with what kubeadm init leaves, and with the records of older sandbox state). The
// controllers that make it alive are in cluster.ts.
import { KubeApi } from './api';
import { migrateRecords, seedCluster } from './bootstrap';
import { ObjectStore, type StoreSnapshot } from './store';
import type { ClusterRecord } from '../node-state';

/** The persisted part of a cluster's API: objects, resourceVersion, controllers' state. */
export interface KubeSnapshot extends StoreSnapshot {
  controllers: Record<string, unknown>;
}

interface ClusterData {
  store: ObjectStore;
  api: KubeApi;
  snap: KubeSnapshot;
}

const data = new WeakMap<ClusterRecord, ClusterData>();

/**
 * The store and API of a cluster record, created (seeded with what kubeadm init leaves, and
 * with the records of older sandbox state) on first use.
 */
export function clusterData(rec: ClusterRecord): ClusterData {
  let d = data.get(rec);
  if (d) return d;
  const fresh = !rec.kube;
  const snap = (rec.kube ??= { rv: 1, objects: {}, controllers: {} }) as KubeSnapshot;
  snap.controllers ??= {};
  const store = new ObjectStore(snap);
  const cp = rec.members.find((m) => m.role === 'control-plane');
  if (fresh) {
    // The objects kubeadm created exist since the cluster does.
    const seedApi = new KubeApi(store, { serviceSubnet: rec.serviceSubnet, now: () => new Date(cp?.joinedAt ?? Date.now()).getTime() });
    seedCluster(seedApi, rec);
    if (rec.objects?.length) migrateRecords(new KubeApi(store, { serviceSubnet: rec.serviceSubnet, now: () => new Date(rec.cni?.appliedAt ?? cp?.joinedAt ?? Date.now()).getTime() }), rec.objects);
    delete rec.objects;
  }
  const api = new KubeApi(store, { serviceSubnet: rec.serviceSubnet });
  d = { store, api, snap };
  data.set(rec, d);
  return d;
}

