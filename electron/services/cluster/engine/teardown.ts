import { rm } from 'node:fs/promises';
import { CLUSTER_TAG, clusterNodes } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ArmClients } from '../../azure/arm-clients';
import { isNotFound } from '../../azure/azure-errors';
import { removeKubeconfigContext } from '../../kube/merge';
import { clusterKeyPaths, DEFAULT_KEY_NAME } from '../../ssh/cluster-key-store';
import type { ClusterStore } from '../store/cluster-store';
import type { ClusterOwnership } from '../store/ownership';
import { hostKeyName } from './cluster-keys';
import { resourceGroupId } from './context';
import { deleteOwnedResources } from './delete-owned';
import { deleteRoleAssignments, groupExists, recordCloudProviderResources, remainingRoleAssignments } from './cloud-teardown';
import { toEngineError } from './executor';
import { removeAddedGroupTags } from './group-tags';
import { inferLegacyOwnership } from './legacy-ownership';
import { logText } from './log-text';
import type { EngineEmitter, EngineError } from './types';

/**
 * Teardown (docs/architecture.md#teardown): delete what Flatkube created and nothing else. The
 * resource group goes (with everything in it) only when the cluster record says Flatkube created
 * it; otherwise the resources the record lists go, by id, dependents first, Flatkube's tags come
 * off the group again, and the group stays. Records from before ownership was recorded are
 * worked out conservatively (legacy-ownership.ts). Then list whatever Azure still has tagged
 * `flatkube-cluster=<name>` and report it, with what was deliberately kept; remove the kubeconfig
 * context Flatkube merged and the local kubeconfig and keys; mark the cluster deleted. Works on a
 * half-created cluster: every delete tolerates "not found".
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
  /** Ids Flatkube deliberately left because it did not create them (an existing group, and what else is in it). */
  kept: string[];
  error?: EngineError;
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
    emit.log({ cluster: name, stream, level, text: logText(text), ts: Date.now() });
  try {
    let ownership = rec.ownership;
    let foreign: string[] = [];
    if (!ownership) {
      log('info', `cluster ${name} was recorded by an older Flatkube: working out from Azure what it created`);
      ({ ownership, foreign } = await inferLegacyOwnership(arm, spec, opts.signal));
    }
    // The migrated record is kept, so a teardown run again decides the same way.
    await store.update(name, { state: 'deleting', ownership });
    // What the cloud provider and the disk driver made for the cluster (cloud-leftovers.ts) is
    // recorded as the cluster's before anything is deleted, then deleted with the rest.
    ownership = await recordCloudProviderResources({ arm, spec, ownership, log, ...(opts.signal ? { signal: opts.signal } : {}) });
    await store.update(name, { ownership });
    let kept: string[] = [];
    if (ownership.resourceGroupCreated) {
      // The identity's role assignment first: it is not a resource in the group.
      await deleteRoleAssignments(arm, spec, ownership, log, opts.signal);
      log('info', `deleting resource group ${rg} and everything in it (created by Flatkube for this cluster)`);
      await tolerateMissing(arm.resources.resourceGroups.delete(rg, abort));
    } else {
      kept = await deleteFromForeignGroup({ arm, spec, ownership, foreign, log, ...(opts.signal ? { signal: opts.signal } : {}) });
    }
    log('info', 'delete finished; checking for resources still tagged for the cluster');
    const leftovers = [...(await listTaggedResources(arm, name, opts.signal)), ...(await remainingRoleAssignments(arm, ownership, opts.signal))];
    for (const id of leftovers) log('warn', `still exists: ${id}`);

    if (rec.mergedContext) {
      const removed = await removeKubeconfigContext(rec.mergedContext.context, { path: rec.mergedContext.path });
      if (removed.removed) log('info', `removed context ${rec.mergedContext.context} from ${removed.path}`, 'local');
    }
    const paths = store.paths(name);
    await rm(paths.kubeconfig, { force: true });
    // The keys only ever opened this cluster's nodes, which are gone.
    // Every node the cluster had or was getting (the record's layout), and the spec's for a record without one.
    const nodeNames = new Set([...rec.nodes.map((n) => n.name), ...clusterNodes(spec).map((n) => n.name)]);
    for (const keyName of [DEFAULT_KEY_NAME, ...[...nodeNames].map((n) => hostKeyName(n))]) {
      const loc = clusterKeyPaths(paths.keysDir, name, keyName);
      await rm(loc.encryptedPath, { force: true });
      await rm(loc.publicPath, { force: true });
    }
    const error: EngineError | undefined = leftovers.length
      ? { message: `${leftovers.length} resource(s) still tagged ${CLUSTER_TAG}=${name}: ${leftovers.join(', ')}` }
      : undefined;
    await store.update(name, {
      state: leftovers.length ? 'failed' : 'deleted',
      ...(leftovers.length ? {} : { nodes: [] }),
      kubeconfigPath: undefined,
      mergedContext: undefined,
      ...(error ? { lastError: error } : { lastError: undefined }),
    });
    emit.finished({ cluster: name, operation: 'destroy', outcome: leftovers.length ? 'failed' : 'succeeded', leftovers, ...(kept.length ? { kept } : {}), ...(error ? { error } : {}) });
    return { leftovers, kept, ...(error ? { error } : {}) };
  } catch (err) {
    const error = toEngineError(err);
    log('error', `teardown failed: ${error.message}`);
    await store.update(name, { state: 'failed', lastError: error }).catch(() => {});
    emit.finished({ cluster: name, operation: 'destroy', outcome: opts.signal?.aborted ? 'cancelled' : 'failed', error });
    return { leftovers: [], kept: [], error };
  }
}

interface ForeignGroupTeardown {
  arm: ArmClients;
  spec: ClusterSpec;
  ownership: ClusterOwnership;
  /** Resources in the group known not to be the cluster's (legacy records). */
  foreign: string[];
  log: (level: 'info' | 'warn', text: string) => void;
  signal?: AbortSignal;
}

/**
 * A group Flatkube did not create: the recorded resources by id, Flatkube's tags off the group,
 * and the group (with whatever else is in it) stays. Returns what was kept.
 */
async function deleteFromForeignGroup(o: ForeignGroupTeardown): Promise<string[]> {
  const { arm, spec, ownership } = o;
  const rg = spec.resourceGroup.name;
  o.log('info', `deleting the ${ownership.resources.length} resource(s) Flatkube created in resource group ${rg}, by id; the group stays (Flatkube did not create it)`);
  const r = await deleteOwnedResources(arm, spec, [...ownership.resources, ...(ownership.cloudResources ?? [])], o.signal);
  for (const id of r.refused) o.log('warn', `not deleted (outside the cluster's group, or not a type Flatkube creates): ${id}`);
  if (!(await groupExists(arm, rg, o.signal))) return [];
  if (ownership.groupTagsAdded) {
    try {
      const removed = await removeAddedGroupTags(arm, spec, ownership.groupTagsAdded, o.signal);
      if (removed.length) o.log('info', `removed Flatkube's tags ${removed.join(', ')} from resource group ${rg}; its own tags are unchanged`);
    } catch (err) {
      // The cluster is gone either way; a tag left behind is reported, not fatal.
      o.log('warn', `could not remove Flatkube's tags from resource group ${rg}: ${toEngineError(err).message}`);
    }
  }
  for (const id of o.foreign) o.log('info', `kept (not created by this cluster): ${id}`);
  o.log('info', `resource group ${rg} stays: Flatkube did not create it${o.foreign.length ? `; it still holds ${o.foreign.length} resource(s) Flatkube did not create` : ''}`);
  return [resourceGroupId(spec), ...o.foreign];
}
