import { rm } from 'node:fs/promises';
import { CLUSTER_TAG, clusterNodes, resourceNames } from '../../../../shared/domain/cluster-layout';
import type { ArmClients } from '../../azure/arm-clients';
import { removeKubeconfigContext } from '../../kube/merge';
import { redactSecrets } from '../../secrets/redact';
import { clusterKeyPaths, DEFAULT_KEY_NAME } from '../../ssh/cluster-key-store';
import type { ClusterStore } from '../store/cluster-store';
import { hostKeyName } from './cluster-keys';
import { toEngineError } from './executor';
import type { EngineEmitter, EngineError } from './types';

/**
 * Teardown (ARCHITECTURE.md section 4): delete the resource group (or, when the spec used an
 * existing group, the cluster's own resources by name), then list whatever Azure still has tagged
 * `flatkube-cluster=<name>` and report it; remove the kubeconfig context Flatkube merged and the
 * local kubeconfig and keys; mark the cluster deleted. Works on a half-created cluster: every
 * delete tolerates "not found".
 */
export interface DestroyOptions {
  name: string;
  store: ClusterStore;
  arm: ArmClients;
  emit: EngineEmitter;
  signal?: AbortSignal;
}

export interface DestroyResult {
  leftovers: string[];
  error?: EngineError;
}

function isNotFound(err: unknown): boolean {
  const e = err as { statusCode?: number; code?: string };
  return e?.statusCode === 404 || /NotFound$/.test(e?.code ?? '');
}

async function tolerateMissing(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** Ids of every resource still tagged for the cluster (the leftovers a teardown reports). */
export async function listTaggedResources(arm: ArmClients, cluster: string, signal?: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  const filter = `tagName eq '${CLUSTER_TAG}' and tagValue eq '${cluster.replace(/'/g, "''")}'`;
  for await (const r of arm.resources.resources.list({ filter, ...(signal ? { abortSignal: signal } : {}) })) if (r.id) ids.push(r.id);
  return ids;
}

export async function destroyCluster(opts: DestroyOptions): Promise<DestroyResult> {
  const { name, store, arm, emit } = opts;
  const rec = await store.require(name);
  const spec = rec.spec;
  const rg = spec.resourceGroup.name;
  const abort = opts.signal ? { abortSignal: opts.signal } : {};
  const log = (level: 'info' | 'warn' | 'error', text: string, stream = 'azure') =>
    emit.log({ cluster: name, stream, level, text: redactSecrets(text), ts: Date.now() });
  await store.update(name, { state: 'deleting' });
  try {
    if (spec.resourceGroup.create) {
      log('info', `deleting resource group ${rg} and everything in it`);
      await tolerateMissing(arm.resources.resourceGroups.delete(rg, abort));
    } else {
      // Not our group: delete only the cluster's resources, dependents first.
      log('info', `deleting the cluster's resources from resource group ${rg} (the group stays)`);
      const nodes = clusterNodes(spec);
      await Promise.all(nodes.map((n) => tolerateMissing(arm.compute.virtualMachines.delete(rg, resourceNames.vm(name, n.name), abort))));
      await Promise.all(nodes.map((n) => tolerateMissing(arm.network.networkInterfaces.delete(rg, resourceNames.nic(name, n.name), abort))));
      await Promise.all([
        ...nodes.map((n) => tolerateMissing(arm.network.publicIPAddresses.delete(rg, resourceNames.publicIp(name, n.name), abort))),
        tolerateMissing(arm.network.networkSecurityGroups.delete(rg, resourceNames.nsg(name), abort)),
        tolerateMissing(arm.network.virtualNetworks.delete(rg, resourceNames.vnet(name), abort)),
      ]);
    }
    log('info', 'delete finished; checking for resources still tagged for the cluster');
    const leftovers = await listTaggedResources(arm, name, opts.signal);
    for (const id of leftovers) log('warn', `still exists: ${id}`);

    if (rec.mergedContext) {
      const removed = await removeKubeconfigContext(rec.mergedContext.context, { path: rec.mergedContext.path });
      if (removed.removed) log('info', `removed context ${rec.mergedContext.context} from ${removed.path}`, 'local');
    }
    const paths = store.paths(name);
    await rm(paths.kubeconfig, { force: true });
    // The keys only ever opened this cluster's nodes, which are gone.
    for (const keyName of [DEFAULT_KEY_NAME, ...clusterNodes(spec).map((n) => hostKeyName(n.name))]) {
      const loc = clusterKeyPaths(paths.keysDir, name, keyName);
      await rm(loc.encryptedPath, { force: true });
      await rm(loc.publicPath, { force: true });
    }
    const error: EngineError | undefined = leftovers.length
      ? { message: `${leftovers.length} resource(s) still tagged ${CLUSTER_TAG}=${name}: ${leftovers.join(', ')}` }
      : undefined;
    await store.update(name, {
      state: leftovers.length ? 'failed' : 'deleted',
      kubeconfigPath: undefined,
      mergedContext: undefined,
      ...(error ? { lastError: error } : { lastError: undefined }),
    });
    emit.finished({ cluster: name, operation: 'destroy', outcome: leftovers.length ? 'failed' : 'succeeded', leftovers, ...(error ? { error } : {}) });
    return { leftovers, ...(error ? { error } : {}) };
  } catch (err) {
    const error = toEngineError(err);
    log('error', `teardown failed: ${error.message}`);
    await store.update(name, { state: 'failed', lastError: error }).catch(() => {});
    emit.finished({ cluster: name, operation: 'destroy', outcome: opts.signal?.aborted ? 'cancelled' : 'failed', error });
    return { leftovers: [], error };
  }
}
