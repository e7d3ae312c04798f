/**
 * The wizard's Azure reads against the sandbox through the real SDK clients and MSAL tokens:
 * tenants and subscriptions, physical locations with metadata, Flatcar images, terms (read,
 * accept, seen accepted), sizes with quota and prices, the public IP.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { RetailPrices } from '../../../electron/services/azure/retail-prices';
import { detectPublicIp, SANDBOX_PUBLIC_IP } from '../../../electron/services/azure/public-ip';
import type { AppError } from '../../../electron/services/errors';
import { call } from '../../helpers/sandbox-platform';
import { FAST_RETRIES, startAzureTestEnv, type AzureTestEnv } from './azure-test-env';

describe('azure reads against the sandbox', () => {
  let t: AzureTestEnv;
  before(async () => {
    t = await startAzureTestEnv();
  });
  after(async () => {
    await t.close();
  });

  it('lists tenants and subscriptions per account', async () => {
    const tenants = await t.directory.tenants();
    assert.deepEqual(tenants.map((x) => x.tenantId), [t.sb.info.tenantId]);
    const subs = await t.directory.subscriptions();
    assert.equal(subs.skippedTenants.length, 0);
    assert.equal(subs.subscriptions.length, 2);
    const first = subs.subscriptions.find((s) => s.subscriptionId === t.subscriptionId)!;
    assert.match(first.displayName, /simulated/);
    assert.equal(first.state, 'Enabled');
    assert.equal(first.accountName, 'ada@sandbox.flatkube.local');
  });

  it('lists physical locations only, with geography, coordinates, paired region and physical location', async () => {
    const locs = await t.reads.locations(t.subscriptionId);
    const we = locs.find((l) => l.name === 'westeurope');
    assert.ok(we);
    assert.equal(we.geographyGroup, 'Europe');
    assert.equal(typeof we.latitude, 'number');
    assert.equal(typeof we.longitude, 'number');
    assert.deepEqual(we.pairedRegions, ['northeurope']);
    assert.equal(we.physicalLocation, 'Netherlands');
    // Logical regions ("europe", "global"...) are in ListLocations but cannot hold VMs.
    const raw = await call(t.sb, 'GET', `/subscriptions/${t.subscriptionId}/locations?api-version=2022-12-01`, {
      headers: { authorization: `Bearer ${(await (await t.auth.credential((await t.auth.accounts())[0]!.homeAccountId)).getToken(t.env.armScope))!.token}` },
    });
    const logical = (raw.json as { value: Array<{ name: string; metadata?: { regionType?: string } }> }).value.filter((l) => l.metadata?.regionType !== 'Physical');
    assert.ok(logical.length > 0, 'the sandbox serves logical regions too');
    for (const l of logical) assert.ok(!locs.some((x) => x.name === l.name), `${l.name} must be hidden`);
  });

  it('lists Flatcar images per architecture with channels, generations, versions and plans', async () => {
    const x64 = await t.reads.images(t.subscriptionId, 'westeurope', 'x64');
    const corevm = x64.find((i) => i.offer === 'flatcar-container-linux-corevm-amd64' && i.sku === 'stable-gen2')!;
    assert.equal(corevm.channel, 'stable');
    assert.equal(corevm.generation, 2);
    assert.equal(corevm.plan, undefined);
    assert.deepEqual(corevm.versions, ['4230.2.2', '4152.2.3', '3815.2.0']);
    const free = x64.find((i) => i.offer === 'flatcar-container-linux-free' && i.sku === 'stable')!;
    assert.equal(free.generation, 1);
    assert.deepEqual(free.plan, { name: 'stable', product: 'flatcar-container-linux-free', publisher: 'kinvolk' });
    assert.ok(x64.some((i) => i.channel === 'lts' && i.sku === 'lts2024-gen2'));
    assert.deepEqual([...new Set(x64.map((i) => i.channel))].sort(), ['alpha', 'beta', 'lts', 'stable']);
    assert.ok(x64.every((i) => i.architecture === 'x64'));
    assert.ok(!x64.some((i) => i.offer === 'flatcar-container-linux'), 'the legacy offer is not offered');
    const arm = await t.reads.images(t.subscriptionId, 'westeurope', 'Arm64');
    assert.ok(arm.length > 0);
    assert.ok(arm.every((i) => i.offer === 'flatcar-container-linux-corevm' && i.generation === 2 && !i.plan));
  });

  it('reads the terms with their links, accepts them only when asked, and sees them accepted', async () => {
    const before = await t.reads.terms(t.subscriptionId, 'flatcar-container-linux-free', 'stable-gen2');
    assert.equal(before.accepted, false);
    assert.match(before.licenseTextLink!, /^https:\/\//);
    assert.ok(before.marketplaceTermsLink);
    const accepted = await t.reads.acceptTerms(t.subscriptionId, 'flatcar-container-linux-free', 'stable-gen2');
    assert.equal(accepted.accepted, true);
    assert.equal((await t.reads.terms(t.subscriptionId, 'flatcar-container-linux-free', 'stable-gen2')).accepted, true);
    // Per subscription and plan: the other subscription and another plan stay unaccepted.
    const subs = await t.directory.subscriptions();
    const other = subs.subscriptions.find((s) => s.subscriptionId !== t.subscriptionId)!.subscriptionId;
    assert.equal((await t.reads.terms(other, 'flatcar-container-linux-free', 'stable-gen2')).accepted, false);
    assert.equal((await t.reads.terms(t.subscriptionId, 'flatcar-container-linux-free', 'beta-gen2')).accepted, false);
  });

  it('lists sizes: arch/generation filter, vCPUs, memory, quota, price, kubeadm minimum flag', async () => {
    const r = await t.reads.sizes(t.subscriptionId, 'westeurope', { architecture: 'x64', generation: 2 });
    assert.equal(r.prices.unknownReason, undefined);
    assert.ok(r.prices.asOf);
    const b2s = r.sizes.find((s) => s.name === 'Standard_B2s')!;
    assert.equal(b2s.vCPUs, 2);
    assert.equal(b2s.memoryGB, 4);
    assert.equal(b2s.price?.perHour, 0.048);
    assert.equal(b2s.price?.perMonth, 35.04);
    assert.equal(b2s.belowControlPlaneMinimum, false);
    assert.equal(b2s.familyQuota?.name, 'standardBSFamily');
    assert.equal(b2s.familyQuota?.limit, 100);
    assert.equal(b2s.regionalQuota?.name, 'cores');
    assert.equal(b2s.quotaAllowsOne, true);
    const b1s = r.sizes.find((s) => s.name === 'Standard_B1s')!;
    assert.equal(b1s.belowControlPlaneMinimum, true);
    assert.ok(r.sizes.every((s) => s.architecture === 'x64' && s.generations.includes(2)));
    assert.ok(!r.sizes.some((s) => s.name === 'Standard_A1_v2'), 'Gen1-only sizes are hidden for a Gen2 image');
    const arm = await t.reads.sizes(t.subscriptionId, 'westeurope', { architecture: 'Arm64', generation: 2 });
    assert.ok(arm.sizes.some((s) => s.name === 'Standard_D2ps_v5'));
    assert.ok(arm.sizes.every((s) => s.architecture === 'Arm64'));
  });

  it('hides a size restricted for the subscription in the region', async () => {
    const r = await t.reads.sizes(t.subscriptionId, 'westus2', { architecture: 'x64', generation: 1 });
    assert.ok(r.sizes.length > 5);
    assert.ok(!r.sizes.some((s) => s.name === 'Standard_DS13_v2_Promo'), 'NotAvailableForSubscription in westus2');
    // A zone-only restriction does not hide the size (Flatkube does not pin zones).
    assert.ok(r.sizes.some((s) => s.name === 'Standard_A0'));
    const elsewhere = await t.reads.sizes(t.subscriptionId, 'eastus', { architecture: 'x64', generation: 1 });
    assert.ok(elsewhere.sizes.some((s) => s.name === 'Standard_DS13_v2_Promo'));
  });

  it('flags a size whose family quota has no room', async () => {
    const put = await call(t.sb, 'PUT', `/_sandbox/quotas/${t.subscriptionId}/northeurope`, { body: { standardBSFamily: 1 } });
    assert.equal(put.status, 200, put.text);
    const r = await t.reads.sizes(t.subscriptionId, 'northeurope', { architecture: 'x64', generation: 2 });
    const b2s = r.sizes.find((s) => s.name === 'Standard_B2s')!;
    assert.equal(b2s.familyQuota?.limit, 1);
    assert.equal(b2s.familyQuota?.available, 1);
    assert.equal(b2s.quotaAllowsOne, false);
    assert.equal(r.sizes.find((s) => s.name === 'Standard_D2s_v5')!.quotaAllowsOne, true);
  });

  it('caches prices on disk with their date; says "price unknown" without network, never invents one', async () => {
    assert.ok(readdirSync(t.dir).some((f) => f.startsWith('retail-prices-')), 'cache file written');
    // Same cache dir, API unreachable: the cached list and its date are used.
    const offline = new RetailPrices({ endpoint: 'https://127.0.0.1:1/api/retail/prices', cacheDir: t.dir, retryOptions: FAST_RETRIES.retryOptions! });
    const none = await offline.forRegion('westeurope');
    assert.deepEqual(none.perHour, {});
    assert.match(none.unknownReason!, /Price unknown/);
    const sameEndpointOffline = new RetailPrices({ endpoint: t.env.pricesEndpoint, caCertPem: 'not a CA', cacheDir: t.dir, maxAgeMs: 0, retryOptions: FAST_RETRIES.retryOptions! });
    const stale = await sameEndpointOffline.forRegion('westeurope');
    assert.equal(stale.perHour.Standard_B2s, 0.048);
    assert.ok(stale.asOf);
    assert.equal(stale.unknownReason, undefined);
    assert.ok(existsSync(t.dir));
  });

  it('sandbox environment: resolveNodeEndpoints asks GET /_sandbox/nodes (no VM -> a clear error)', async () => {
    await assert.rejects(t.env.resolveNodeEndpoints('198.51.100.200'), (e: AppError) => e.code === 'SANDBOX_NODE_UNKNOWN');
  });

  it('answers the public IP: a documentation address in the sandbox, a manual override, refusal of private ones', async () => {
    assert.deepEqual(await detectPublicIp({ environment: 'sandbox' }), { ip: SANDBOX_PUBLIC_IP, source: 'sandbox', detail: (await detectPublicIp({ environment: 'sandbox' })).detail });
    assert.equal((await detectPublicIp({ environment: 'azure', override: '198.51.100.7' })).source, 'manual');
    await assert.rejects(detectPublicIp({ environment: 'azure', override: '192.168.1.2' }), (e: AppError) => e.code === 'PUBLIC_IP_INVALID');
    // An unreachable echo service: a clear error asking for the address by hand.
    await assert.rejects(detectPublicIp({ environment: 'azure', serviceUrl: 'https://127.0.0.1:1/', retryOptions: FAST_RETRIES.retryOptions! }), (e: AppError) => e.code === 'PUBLIC_IP_UNKNOWN' && /by hand/.test(e.hint ?? ''));
  });
});
