/**
 * Security suite (issue 13 item 1): a resource group that existed before Flatkube is never
 * adopted, re-tagged or deleted by accident. In the sandbox, a group with the owner's own tags
 * ({owner, costcenter}) and an unrelated VNet:
 *   (a) create: true  -> preflight blocks it; the create step refuses: no PUT, tags intact, nothing made;
 *   (b) create: false -> the cluster deploys, the group's tags are merged (never replaced), and
 *       teardown deletes only the cluster's resources: the group and the VNet stay, and the
 *       teardown says the group stays.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { destroyCluster, listTaggedResources } from '../../../electron/services/cluster/engine/teardown';
import { sysextSource } from '../../../electron/services/cluster/sysext/bakery';
import { runPreflight } from '../../../electron/services/preflight/preflight';
import type { ClusterSpec } from '../../../shared/domain/cluster-spec';
import { idsInResourceGroup } from '../../helpers/arm-inventory';
import { EventLog, startEngineFixture, type EngineFixture } from '../engine/engine-fixture';
import { deploy, failureText, smallSpec } from '../faults/fault-fixture';

const GROUP = 'team-shared-rg';
const OWN_TAGS = { owner: 'alice', costcenter: 'cc-4711' };
const OTHER_VNET = 'payments-vnet';

describe('security: an existing resource group is never adopted or destroyed', () => {
  let f: EngineFixture;
  const inGroup = (s: ClusterSpec, create: boolean): ClusterSpec => ({ ...s, resourceGroup: { name: GROUP, create } });
  const groupTags = async () => (await f.arm.resources.resourceGroups.get(GROUP)).tags ?? {};
  const otherVnetExists = async () => (await f.arm.network.virtualNetworks.get(GROUP, OTHER_VNET)).name === OTHER_VNET;
  const preflight = (spec: ClusterSpec) =>
    runPreflight(spec, { environment: 'sandbox', clients: async () => f.arm, probe: async () => 'exists', sysext: sysextSource(f.env) });

  before(async () => {
    f = await startEngineFixture();
    await f.arm.resources.resourceGroups.createOrUpdate(GROUP, { location: 'westeurope', tags: OWN_TAGS });
    await f.arm.network.virtualNetworks.createOrUpdate(GROUP, OTHER_VNET, { location: 'westeurope', addressSpace: { addressPrefixes: ['10.50.0.0/16'] } });
  });
  after(async () => f?.close());

  it('(a) create: true on an existing group: preflight blocks it, the create step refuses and touches nothing', async () => {
    const spec = smallSpec('grab', 0, (s) => inGroup(s, true));
    const pf = await preflight(spec);
    const finding = pf.findings.find((x) => x.code === 'RESOURCE_GROUP_EXISTS');
    assert.ok(finding, JSON.stringify(pf.findings));
    assert.equal(finding.severity, 'error');
    assert.equal(finding.path, 'resourceGroup.name');
    assert.match(finding.fix, /new resource group name/i);
    assert.match(finding.fix, /use the existing group/i);
    assert.equal(pf.ok, false);

    const since = (await f.sb.api.journal()).at(-1)?.seq ?? 0;
    const events = new EventLog();
    const r = await deploy(f, spec, events);
    assert.equal(r.status, 'failed', failureText(r, events));
    assert.equal(r.failedStep, 'rg');
    assert.match(r.error!.message, new RegExp(`${GROUP}.*already exists`));
    assert.match(r.error!.message, /resourceGroup\.create: false/);
    assert.match(r.error!.message, /another resource group name/);
    const writes = (await f.sb.api.journal(since)).filter((e) => e.method !== 'GET' && e.method !== 'HEAD');
    assert.deepEqual(writes.map((e) => `${e.method} ${e.path}`), [], 'no write request at all');
    assert.deepEqual(await groupTags(), OWN_TAGS, 'tags untouched');
    assert.deepEqual(await listTaggedResources(f.arm, spec.name), [], 'nothing created');
    assert.equal((await f.store.get(spec.name))?.ownership?.resourceGroupCreated, false);

    // Tearing the failed cluster down must not delete the group either.
    const d = await destroyCluster({ name: spec.name, store: f.store, arm: f.arm, emit: new EventLog() });
    assert.deepEqual(d.leftovers, []);
    assert.ok(await otherVnetExists());
    assert.deepEqual(await groupTags(), OWN_TAGS);
  });

  it('(b) create: false: deploys into the group, merges its tags, and teardown leaves the group and its VNet', async () => {
    const spec = smallSpec('guest', 0, (s) => inGroup(s, false));
    const pf = await preflight(spec);
    assert.equal(pf.ok, true, JSON.stringify(pf.findings));

    const events = new EventLog();
    const r = await deploy(f, spec, events);
    assert.equal(r.status, 'succeeded', failureText(r, events));
    const merged = await groupTags();
    assert.equal(merged.owner, 'alice');
    assert.equal(merged.costcenter, 'cc-4711');
    assert.equal(merged['flatkube-cluster'], 'guest');
    assert.equal(merged.environment, 'sandbox');
    const rec = await f.store.get(spec.name);
    assert.equal(rec?.ownership?.resourceGroupCreated, false);
    const owned = rec?.ownership?.resources ?? [];
    for (const t of ['virtualNetworks/guest-vnet', 'networkSecurityGroups/guest-nsg', 'publicIPAddresses/guest-cp-0-pip', 'networkInterfaces/guest-cp-0-nic', 'virtualMachines/guest-cp-0-vm']) {
      assert.ok(owned.some((id) => id.endsWith(t)), `${t} recorded as owned: ${owned.join(', ')}`);
    }
    assert.ok(!owned.some((id) => id.endsWith(OTHER_VNET)));

    const out = new EventLog();
    const d = await destroyCluster({ name: spec.name, store: f.store, arm: f.arm, emit: out });
    assert.deepEqual(d.leftovers, [], out.text());
    assert.equal(d.error, undefined, JSON.stringify(d.error));
    assert.ok(d.kept.some((k) => k.toLowerCase().endsWith(`/resourcegroups/${GROUP}`)), JSON.stringify(d.kept));
    assert.match(out.text(), new RegExp(`resource group ${GROUP} stays`));
    assert.deepEqual(await listTaggedResources(f.arm, spec.name), []);
    assert.ok(await otherVnetExists(), 'the unrelated VNet is still there');
    const inside = (await idsInResourceGroup(f.arm, GROUP)).map((id) => id.split('/').at(-1)!);
    assert.ok(inside.includes(OTHER_VNET), `the listing sees the group's own VNet: ${inside.join(', ')}`);
    assert.deepEqual(inside.filter((n) => n.startsWith('guest')), [], 'none of the cluster resources remain');
    // Flatkube's own tags are taken off again; the owner's tags stay as they were.
    assert.deepEqual(await groupTags(), OWN_TAGS);
    assert.equal((await f.store.get(spec.name))?.state, 'deleted');
  });
});
