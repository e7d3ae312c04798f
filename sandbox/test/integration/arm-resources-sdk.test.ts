/**
 * The sandbox ARM core and its own providers through the REAL SDK clients:
 * SubscriptionClient (tenants, subscriptions, locations), ResourceManagementClient (groups,
 * LRO delete through the SDK poller, list by tag, the Tags API), MarketplaceOrderingAgreements (get/sign).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MarketplaceOrderingAgreements } from '@azure/arm-marketplaceordering';
import { ResourceManagementClient } from '@azure/arm-resources';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { RunningSandbox } from '../../src/server';
import { isTermsAccepted } from '../../src/resources/marketplace-agreements';
import { armClientOptions, passwordCredential, startTestSandbox } from '../helpers/platform';

describe('sandbox ARM through the real SDK clients', () => {
  let sb: RunningSandbox;
  let resources: ResourceManagementClient;
  before(async () => {
    sb = await startTestSandbox();
    resources = new ResourceManagementClient(passwordCredential(sb), sb.info.subscriptionId, armClientOptions(sb));
  });
  after(async () => {
    await sb.close();
  });

  it('lists tenants, subscriptions and the real locations', async () => {
    const subs = new SubscriptionClient(passwordCredential(sb), armClientOptions(sb));
    const tenants = [];
    for await (const t of subs.tenants.list()) tenants.push(t);
    assert.deepEqual(tenants.map((t) => t.tenantId), [sb.info.tenantId]);
    const list = [];
    for await (const s of subs.subscriptions.list()) list.push(s);
    assert.ok(list.some((s) => s.subscriptionId === sb.info.subscriptionId && s.state === 'Enabled'));
    const one = await subs.subscriptions.get(sb.info.subscriptionId);
    assert.equal(one.tenantId, sb.info.tenantId);
    const locations = [];
    for await (const l of subs.subscriptions.listLocations(sb.info.subscriptionId)) locations.push(l);
    assert.equal(locations.length, 100);
    const we = locations.find((l) => l.name === 'westeurope');
    assert.equal(we?.displayName, 'West Europe');
    assert.equal(we?.metadata?.regionType, 'Physical');
    assert.ok(we?.metadata?.pairedRegion?.some((p) => p.name === 'northeurope'));
    assert.equal(we?.id, `/subscriptions/${sb.info.subscriptionId}/locations/westeurope`);
  });

  it('creates, gets, lists by tag and deletes resource groups (LRO through the SDK poller)', async () => {
    const created = await resources.resourceGroups.createOrUpdate('RG-One', { location: 'West Europe', tags: { 'flatkube-cluster': 'alpha' } });
    assert.equal(created.name, 'RG-One');
    assert.equal(created.location, 'westeurope');
    assert.equal(created.properties?.provisioningState, 'Succeeded');
    await resources.resourceGroups.createOrUpdate('rg-two', { location: 'eastus', tags: { 'flatkube-cluster': 'beta' } });
    // Case-insensitive path, original casing kept in the id.
    const got = await resources.resourceGroups.get('rg-one');
    assert.equal(got.id, `/subscriptions/${sb.info.subscriptionId}/resourceGroups/RG-One`);

    const tagged = [];
    for await (const g of resources.resourceGroups.list({ filter: "tagName eq 'flatkube-cluster' and tagValue eq 'alpha'" })) tagged.push(g.name);
    assert.deepEqual(tagged, ['RG-One']);

    // A tracked resource inside the group (as H2's providers will store) is listed by tag.
    const vnetId = `${got.id}/providers/Microsoft.Network/virtualNetworks/vnet1`;
    sb.deps.store.putResource({ id: vnetId, name: 'vnet1', type: 'Microsoft.Network/virtualNetworks', location: 'westeurope', tags: { 'flatkube-cluster': 'alpha' }, properties: { provisioningState: 'Succeeded' } });
    sb.deps.store.putResource({ id: `${vnetId}/subnets/default`, name: 'default', type: 'Microsoft.Network/virtualNetworks/subnets', properties: {} });
    const bySub = [];
    for await (const r of resources.resources.list({ filter: "tagName eq 'flatkube-cluster' and tagValue eq 'alpha'" })) bySub.push(r.id);
    assert.deepEqual(bySub, [vnetId]);
    const byGroup = [];
    for await (const r of resources.resources.listByResourceGroup('rg-one')) byGroup.push(r.name);
    assert.deepEqual(byGroup, ['vnet1']);

    const poller = await resources.resourceGroups.beginDelete('rg-one');
    await poller.pollUntilDone();
    await assert.rejects(resources.resourceGroups.get('RG-One'), (e: { statusCode?: number; code?: string }) => e.statusCode === 404 && e.code === 'ResourceGroupNotFound');
    assert.equal(sb.deps.store.getResource(vnetId), undefined, 'the delete cascades to the group content');
    assert.equal(sb.deps.store.getResource(`${vnetId}/subnets/default`), undefined);
    assert.equal((await resources.resourceGroups.checkExistence('rg-two')).body, true);
    assert.equal((await resources.resourceGroups.checkExistence('rg-one')).body, false);

    const entries = sb.journal.list().filter((e) => e.method === 'DELETE' && /resourcegroups\/rg-one$/i.test(e.path));
    assert.equal(entries[0]?.status, 202);
  });

  it('tags a group as Azure does: a group PATCH replaces the tag set, the Tags API merges and deletes pairs', async () => {
    await resources.resourceGroups.createOrUpdate('rg-tags', { location: 'westeurope', tags: { owner: 'alice', costcenter: '42' } });
    await resources.resourceGroups.update('rg-tags', { tags: { owner: 'alice' } });
    assert.deepEqual((await resources.resourceGroups.get('rg-tags')).tags, { owner: 'alice' }, 'PATCH of the group replaces its tags');
    const scope = `subscriptions/${sb.info.subscriptionId}/resourceGroups/rg-tags`;
    const merged = await resources.tagsOperations.updateAtScope(scope, { operation: 'Merge', properties: { tags: { 'flatkube-cluster': 'dev', OWNER: 'bob' } } });
    assert.deepEqual(merged.properties.tags, { owner: 'bob', 'flatkube-cluster': 'dev' }, 'names match case-insensitively');
    assert.equal(merged.id, `/subscriptions/${sb.info.subscriptionId}/resourceGroups/rg-tags/providers/Microsoft.Resources/tags/default`);
    // A name/value pair is deleted only when the value matches.
    await resources.tagsOperations.updateAtScope(scope, { operation: 'Delete', properties: { tags: { 'flatkube-cluster': 'dev', owner: 'alice' } } });
    assert.deepEqual((await resources.tagsOperations.getAtScope(scope)).properties.tags, { owner: 'bob' });
    await assert.rejects(resources.tagsOperations.getAtScope(`subscriptions/${sb.info.subscriptionId}/resourceGroups/nope`), (e: { code?: string }) => e.code === 'ResourceGroupNotFound');
  });

  it('answers Azure errors for bad names, unknown groups and locations', async () => {
    await assert.rejects(resources.resourceGroups.createOrUpdate('bad.', { location: 'westeurope' }), (e: { code?: string }) => e.code === 'InvalidResourceGroupName');
    await assert.rejects(resources.resourceGroups.createOrUpdate('ok', { location: 'mars' }), (e: { code?: string }) => e.code === 'LocationNotAvailableForResourceGroup');
    await assert.rejects(resources.resourceGroups.beginDeleteAndWait('nope'), (e: { code?: string }) => e.code === 'ResourceGroupNotFound');
  });

  it('gets and signs marketplace agreements, and keeps the state for VM creation', async () => {
    const mo = new MarketplaceOrderingAgreements(passwordCredential(sb), sb.info.subscriptionId, armClientOptions(sb));
    const terms = await mo.marketplaceAgreements.get('virtualmachine', 'kinvolk', 'flatcar-container-linux-free', 'stable-gen2');
    assert.equal(terms.accepted, false);
    assert.equal(terms.product, 'flatcar-container-linux-free');
    assert.equal(isTermsAccepted(sb.deps.store, sb.info.subscriptionId, 'kinvolk', 'flatcar-container-linux-free', 'stable-gen2'), false);
    const signed = await mo.marketplaceAgreements.sign('kinvolk', 'flatcar-container-linux-free', 'stable-gen2');
    assert.equal(signed.accepted, true);
    assert.equal(isTermsAccepted(sb.deps.store, sb.info.subscriptionId.toUpperCase(), 'Kinvolk', 'flatcar-container-linux-free', 'stable-gen2'), true);
    const again = await mo.marketplaceAgreements.get('virtualmachine', 'kinvolk', 'flatcar-container-linux-free', 'stable-gen2');
    assert.equal(again.accepted, true);
    // Accepting through create (what `az vm image terms accept` does).
    const created = await mo.marketplaceAgreements.create('virtualmachine', 'kinvolk', 'flatcar-container-linux', 'stable', { ...terms, plan: 'stable', product: 'flatcar-container-linux', accepted: true });
    assert.equal(created.accepted, true);
    assert.equal(isTermsAccepted(sb.deps.store, sb.info.subscriptionId, 'kinvolk', 'flatcar-container-linux', 'stable'), true);
  });
});
