/**
 * The catalogs through the real ComputeManagementClient (images, Resource SKUs, usages) and the
 * Retail Prices endpoint through a plain HTTPS GET without a token (as the public API is called).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { armToken, call } from '../helpers/platform';
import { startComputeSandbox, type ComputeTestSandbox } from './compute-test-sandbox';

describe('catalog: images, SKUs, usages and prices', () => {
  let t: ComputeTestSandbox;
  before(async () => {
    t = await startComputeSandbox();
  });
  after(async () => {
    await t.close();
  });

  it('virtualMachineImages: offers, skus, versions (bare arrays) and a version with its plan', async () => {
    const offers = await t.compute.virtualMachineImages.listOffers('westeurope', 'kinvolk');
    assert.ok(offers.some((o) => o.name === 'flatcar-container-linux-corevm-amd64'));
    const skus = await t.compute.virtualMachineImages.listSkus('westeurope', 'kinvolk', 'flatcar-container-linux-free');
    assert.ok(skus.some((s) => s.name === 'stable-gen2'));
    const versions = await t.compute.virtualMachineImages.list('westeurope', 'kinvolk', 'flatcar-container-linux-free', 'stable-gen2');
    assert.deepEqual(versions.map((v) => v.name), ['3815.2.0', '4152.2.3', '4230.2.2']);
    const img = await t.compute.virtualMachineImages.get('westeurope', 'kinvolk', 'flatcar-container-linux-free', 'stable-gen2', '4230.2.2');
    assert.deepEqual({ ...img.plan }, { publisher: 'kinvolk', name: 'stable-gen2', product: 'flatcar-container-linux-free' });
    assert.equal(img.hyperVGeneration, 'V2');
    assert.equal(img.architecture, 'x64');
    const core = await t.compute.virtualMachineImages.get('westeurope', 'kinvolk', 'flatcar-container-linux-corevm', 'stable', '4230.2.2');
    assert.equal(core.plan, undefined);
    assert.equal(core.architecture, 'Arm64');
    // The raw wire answer of a list is a bare array, not { value }.
    const raw = await call(t.sb, 'GET', `/subscriptions/${t.sb.info.subscriptionId}/providers/Microsoft.Compute/locations/westeurope/publishers/kinvolk/artifacttypes/vmimage/offers?api-version=2026-04-01`, {
      headers: { authorization: `Bearer ${await armToken(t.sb)}` },
    });
    assert.ok(Array.isArray(raw.json), raw.text);
  });

  it('resourceSkus with a location filter, including the real restriction example', async () => {
    const skus = [];
    for await (const s of t.compute.resourceSkus.list({ filter: "location eq 'westus2'" })) skus.push(s);
    assert.ok(skus.length > 10);
    assert.ok(skus.every((s) => s.locations?.[0] === 'westus2'));
    const promo = skus.find((s) => s.name === 'Standard_DS13_v2_Promo');
    assert.equal(promo?.restrictions?.[0]?.reasonCode, 'NotAvailableForSubscription');
    const b2s = skus.find((s) => s.name === 'Standard_B2s');
    assert.equal(b2s?.capabilities?.find((c) => c.name === 'vCPUs')?.value, '2');
  });

  it('usages: the recorded default limits with no VMs using them', async () => {
    const usages = [];
    for await (const u of t.compute.usage.list('eastus')) usages.push(u);
    const cores = usages.find((u) => u.name.value === 'cores');
    assert.equal(cores?.limit, 428);
    assert.equal(cores?.currentValue, 0);
    assert.ok(usages.some((u) => u.name.value === 'StandardDsv6Family'));
  });

  it('retail prices: no token, OData filter, real price, NextPageLink paging', async () => {
    const filter = "serviceName eq 'Virtual Machines' and armRegionName eq 'westeurope' and priceType eq 'Consumption' and armSkuName eq 'Standard_B2s'";
    const r = await call(t.sb, 'GET', `/api/retail/prices?$filter=${encodeURIComponent(filter)}`);
    assert.equal(r.status, 200, r.text);
    const body = r.json as { Items: Array<{ retailPrice: number; armSkuName: string }>; NextPageLink: string | null; Count: number };
    assert.equal(body.Count, 1);
    assert.equal(body.Items[0]!.retailPrice, 0.048);
    assert.equal(body.NextPageLink, null);
    // Without a region filter the answer pages (1000 items per page).
    const all = await call(t.sb, 'GET', `/api/retail/prices?$filter=${encodeURIComponent("serviceName eq 'Virtual Machines'")}`);
    const page1 = all.json as { Items: unknown[]; NextPageLink: string | null };
    assert.equal(page1.Items.length, 1000);
    assert.ok(page1.NextPageLink);
    const next = new URL(page1.NextPageLink!);
    const page2 = await call(t.sb, 'GET', `${next.pathname}${next.search}`);
    assert.equal(page2.status, 200);
    assert.ok((page2.json as { Items: unknown[] }).Items.length > 0);
  });
});
