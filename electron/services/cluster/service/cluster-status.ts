import type { ClusterStatus } from '../../../../shared/ipc/channels/cluster';
import { kubeAccess } from '../../kube/kubeconfig';
import { listNodeStatus, type NodeStatus } from '../../kube/node-status';
import { locateApiServer } from '../engine/api-endpoint';
import { refreshKubeconfig } from '../engine/cluster-api';
import { readJournal } from '../engine/journal';
import { lockHolder, type LockEnvironment } from '../lock/cluster-lock';
import type { ClusterRecord } from '../store/cluster-record';
import type { ClusterStore } from '../store/cluster-store';
import type { ClusterServiceDeps } from './cluster-service';
import { readFile } from 'node:fs/promises';

/**
 * A cluster as `flatkube status` shows it: its state (running while an operation holds the lock,
 * unfinished when one died), its nodes from the record with what the Kubernetes API says of each
 * (Ready, kubelet and Flatcar versions; false and null when the API does not answer), and its
 * operation history.
 */
export interface StatusDeps {
  store: ClusterStore;
  connect: ClusterServiceDeps['connect'];
  isActive: (name: string) => boolean;
  /** The releases the cluster may upgrade to next, nearest first (the bakery's; [] when unknown). */
  upgrades?: (rec: ClusterRecord) => Promise<string[]>;
  lockEnv?: LockEnvironment;
}

export async function clusterStatus(deps: StatusDeps, name: string, signal?: AbortSignal): Promise<ClusterStatus> {
  const { store } = deps;
  const rec = await store.require(name);
  const paths = store.paths(name);
  const holder = await lockHolder(paths.lock, deps.lockEnv);
  const running = deps.isActive(name) || holder?.alive === true;
  const state = running ? 'running' : rec.state === 'running' ? 'unfinished' : rec.state;

  // Three control planes: the load balancer's name, as kubeadm and the nodes know it (the
  // kubeconfig's server is a loopback port in the sandbox); one: the kubeconfig's server.
  let endpoint: string | null = rec.controlPlaneEndpoint && rec.state !== 'deleted' ? `https://${rec.controlPlaneEndpoint}` : null;
  let api: NodeStatus[] | undefined;
  const kubeconfigPath = rec.kubeconfigPath ?? paths.kubeconfig;
  if (rec.state !== 'deleted') {
    const kubeconfig = await liveOrSaved(deps, name, kubeconfigPath, signal);
    if (kubeconfig) {
      try {
        endpoint ??= kubeAccess(kubeconfig).server;
        api = await listNodeStatus(kubeconfig, signal);
      } catch {
        // The API does not answer: every node shows not Ready, versions unknown.
      }
    }
  }
  const byName = new Map((api ?? []).map((n) => [n.name, n]));
  const strategy = rec.spec.updates.reboots;
  return {
    name,
    state,
    controlPlaneEndpoint: endpoint,
    nodes: rec.nodes.map((n) => {
      const seen = byName.get(n.name);
      return {
        name: n.name,
        role: n.role,
        pool: n.pool ?? null,
        vmSize: n.size,
        ready: seen?.ready ?? false,
        kubernetesVersion: seen?.kubeletVersion ?? null,
        flatcarVersion: seen?.flatcarVersion ?? null,
        providerID: seen?.providerID ?? null,
      };
    }),
    updates: { strategy, pendingReboots: strategy === 'kured' && api ? api.filter((n) => n.rebootPending).map((n) => n.name) : null },
    operations: rec.operations.map((o) => ({ kind: o.kind, state: o.state, startedAt: o.startedAt, finishedAt: o.finishedAt ?? null })),
    upgrades: (await deps.upgrades?.(rec).catch(() => [])) ?? [],
  };
}

/**
 * The kubeconfig pointed at the API server's address as the environment resolves it now (the
 * sandbox's loopback port moves when it starts again); the saved file as it is when Azure cannot
 * be reached.
 */
async function liveOrSaved(deps: StatusDeps, name: string, kubeconfigPath: string, signal?: AbortSignal): Promise<string | undefined> {
  const rec = await deps.store.require(name);
  try {
    const conn = await deps.connect(rec.spec, rec.environment);
    const facts = (await readJournal(deps.store.paths(name).journal).catch(() => undefined))?.facts ?? {};
    return await refreshKubeconfig(
      { kubeconfigPath, apiServer: (s) => locateApiServer({ env: conn.env, arm: conn.arm, spec: rec.spec, fact: (k) => facts[k] }, s) },
      signal,
    );
  } catch {
    return readFile(kubeconfigPath, 'utf8').catch(() => undefined);
  }
}
