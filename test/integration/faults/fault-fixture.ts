/**
 * Shared by the fault suite: a small cluster spec (1 control plane + N workers, own resource
 * group), a deploy call with the engine fixture's fast timings, and the teardown check every
 * fault test ends with: nothing tagged for the cluster and nothing left in its resource group, as ARM lists them.
 */
import assert from 'node:assert/strict';
import { deployCluster, type DeployResult } from '../../../electron/services/cluster/engine/deployment';
import { destroyCluster, listTaggedResources } from '../../../electron/services/cluster/engine/teardown';
import type { JournalEntry } from '@flatkube/sandbox';
import { withPoolCount, type ClusterSpec } from '../../../shared/domain/cluster-spec';
import { idsInResourceGroup, idsTaggedFor } from '../../helpers/arm-inventory';
import { EventLog, exampleSpec, FAST_TIMINGS, type EngineFixture } from '../engine/engine-fixture';

export function smallSpec(name: string, workers = 1, patch: (s: ClusterSpec) => ClusterSpec = (s) => s): ClusterSpec {
  return exampleSpec((s) => patch(withPoolCount({ ...s, name, resourceGroup: { name: `${name}-rg`, create: true } }, 'workers', workers)));
}

export async function deploy(f: EngineFixture, spec: ClusterSpec, events = new EventLog(), signal?: AbortSignal): Promise<DeployResult> {
  return deployCluster({ spec, env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: events, timings: FAST_TIMINGS, ...(signal ? { signal } : {}) });
}

/**
 * What ARM still lists of the cluster: resource groups and resources tagged for it, and anything
 * in its resource group (the group itself included), whatever its tags say.
 */
export async function leftovers(f: EngineFixture, spec: ClusterSpec): Promise<string[]> {
  return [...new Set([...(await idsTaggedFor(f.arm, spec.name)), ...(await idsInResourceGroup(f.arm, spec.resourceGroup.name))])];
}

/** Destroys the cluster and proves nothing is left: by tag (the app's own query) and by what ARM lists. */
export async function destroyAndCheck(f: EngineFixture, spec: ClusterSpec): Promise<void> {
  const events = new EventLog();
  const r = await destroyCluster({ name: spec.name, store: f.store, arm: f.arm, emit: events });
  assert.deepEqual(r.leftovers, [], events.text());
  assert.equal(r.error, undefined, JSON.stringify(r.error));
  assert.deepEqual(await listTaggedResources(f.arm, spec.name), [], 'resources still tagged for the cluster');
  assert.deepEqual(await leftovers(f, spec), [], 'resources left in the subscription');
  assert.equal((await f.store.get(spec.name))?.state, 'deleted');
}

/** PUTs that created a resource (201) under the cluster's group, counted per path. */
export function createsByPath(entries: JournalEntry[], spec: ClusterSpec): Map<string, number> {
  const out = new Map<string, number>();
  const rg = `/resourcegroups/${spec.resourceGroup.name.toLowerCase()}/`;
  for (const e of entries) {
    if (e.method !== 'PUT' || e.status !== 201 || !e.path.toLowerCase().includes(rg)) continue;
    out.set(e.path.toLowerCase(), (out.get(e.path.toLowerCase()) ?? 0) + 1);
  }
  return out;
}

export function failureText(r: DeployResult, events: EventLog): string {
  return `${JSON.stringify(r)}\n${events.text()}`;
}
