/**
 * Cluster records written before Flatkube recorded ownership (no `ownership` field: today's
 * format below, written by hand) are migrated safely: a group is deleted only when everything in
 * it is the cluster's (tagged `flatkube-cluster=<name>`, or an OS disk managed by such a VM);
 * otherwise only the cluster's tagged resources go, by id, and the rest is reported as kept.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { destroyCluster, listTaggedResources } from '../../../electron/services/cluster/engine/teardown';
import type { ClusterSpec } from '../../../shared/domain/cluster-spec';
import { deploy, destroyAndCheck, failureText, smallSpec } from '../faults/fault-fixture';
import { EventLog, startEngineFixture, type EngineFixture } from './engine-fixture';

describe('engine: records from before ownership was recorded', () => {
  let f: EngineFixture;
  before(async () => {
    f = await startEngineFixture();
  });
  after(async () => f?.close());

  /** cluster.json exactly as the code before this change wrote it: no ownership information. */
  function writeLegacyRecord(spec: ClusterSpec, state = 'created'): void {
    const paths = f.store.paths(spec.name);
    mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
    const stamp = '2026-11-01T10:00:00.000Z';
    writeFileSync(paths.record, JSON.stringify({ version: 1, name: spec.name, environment: 'sandbox', spec, state, createdAt: stamp, updatedAt: stamp, sysextPin: undefined }, null, 2) + '\n', { mode: 0o600 });
  }

  /** What the old engine left: the group PUT with the cluster's tags, and tagged network resources. */
  async function legacyResources(spec: ClusterSpec): Promise<void> {
    const rg = spec.resourceGroup.name;
    const tags = { 'flatkube-cluster': spec.name, ...spec.tags };
    await f.arm.resources.resourceGroups.createOrUpdate(rg, { location: 'westeurope', tags });
    await f.arm.network.virtualNetworks.createOrUpdate(rg, `${spec.name}-vnet`, { location: 'westeurope', tags, addressSpace: { addressPrefixes: [spec.network.vnetCidr] } });
    await f.arm.network.networkSecurityGroups.createOrUpdate(rg, `${spec.name}-nsg`, { location: 'westeurope', tags });
    await f.arm.network.publicIPAddresses.createOrUpdate(rg, `${spec.name}-cp-0-pip`, { location: 'westeurope', tags, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' });
  }

  it('create: true, but the group also holds something else (adopted by the old code): only the cluster\'s resources go', async () => {
    const spec = smallSpec('oldshared', 0);
    const rg = spec.resourceGroup.name;
    await legacyResources(spec);
    await f.arm.network.virtualNetworks.createOrUpdate(rg, 'someone-elses-vnet', { location: 'westeurope', addressSpace: { addressPrefixes: ['10.60.0.0/16'] } });
    writeLegacyRecord(spec);

    const events = new EventLog();
    const r = await destroyCluster({ name: spec.name, store: f.store, arm: f.arm, emit: events });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.deepEqual(r.leftovers, [], events.text());
    assert.deepEqual(await listTaggedResources(f.arm, spec.name), []);
    assert.equal((await f.arm.network.virtualNetworks.get(rg, 'someone-elses-vnet')).name, 'someone-elses-vnet');
    assert.equal((await f.arm.resources.resourceGroups.get(rg)).name, rg, 'the group stays');
    assert.ok(r.kept.some((id) => id.toLowerCase().endsWith('/virtualnetworks/someone-elses-vnet')), JSON.stringify(r.kept));
    assert.ok(r.kept.some((id) => id.toLowerCase().endsWith(`/resourcegroups/${rg}`)), JSON.stringify(r.kept));
    assert.match(events.text(), /someone-elses-vnet/);
    assert.equal((await f.store.get(spec.name))?.state, 'deleted');
  });

  it('create: true and everything in the group is the cluster\'s: the group is deleted', async () => {
    const spec = smallSpec('oldowned', 0);
    await legacyResources(spec);
    writeLegacyRecord(spec);
    const events = new EventLog();
    const r = await destroyCluster({ name: spec.name, store: f.store, arm: f.arm, emit: events });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.deepEqual(r.kept, []);
    await assert.rejects(f.arm.resources.resourceGroups.get(spec.resourceGroup.name), { statusCode: 404 });
  });

  it('an unfinished deployment with a legacy record resumes (its own group is recognised) and tears down', async () => {
    const spec = smallSpec('oldresume', 0);
    // Run the new engine up to the VM, then rewrite the record as the old code would have left it.
    const ac = new AbortController();
    const first = new EventLog();
    first.progress = (e) => {
      if (e.stepId === 'vm:cp-0' && e.status === 'done') ac.abort();
    };
    assert.equal((await deploy(f, spec, first, ac.signal)).status, 'cancelled');
    const rec = JSON.parse(readFileSync(f.store.paths(spec.name).record, 'utf8')) as Record<string, unknown>;
    delete rec.ownership;
    writeFileSync(f.store.paths(spec.name).record, JSON.stringify(rec, null, 2));

    const events = new EventLog();
    const r = await deploy(f, spec, events);
    assert.equal(r.status, 'succeeded', failureText(r, events));
    assert.equal((await f.store.get(spec.name))?.ownership?.resourceGroupCreated, true);
    await destroyAndCheck(f, spec);
  });
});
