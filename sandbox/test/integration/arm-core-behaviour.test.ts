/**
 * ARM core behaviour: token checks (401 bodies and challenge), api-version errors, injected
 * 429/503 retried by the real SDK (Retry-After checked from the sandbox journal's timestamps),
 * an operation ending Failed surfaced by the SDK poller, the Azure-AsyncOperation status shape,
 * and state surviving a restart with the same state dir.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { RegisterProvider } from '../../src/arm/types';
import type { RunningSandbox } from '../../src/server';
import { armClientOptions, armToken, call, passwordCredential, startTestSandbox } from '../helpers/platform';

const RG_API = 'api-version=2025-04-01';

/** A test-only provider using the LRO contract the way H2's providers do. */
const widgets: RegisterProvider = (router, deps) => {
  router.add({
    methods: ['PUT'],
    pattern: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Sandbox/widgets/{name}',
    apiVersions: ['2026-01-01'],
    handler: (req) => {
      const id = `/subscriptions/${req.subscriptionId}/resourceGroups/${req.params.resourceGroupName}/providers/Microsoft.Sandbox/widgets/${req.params.name}`;
      deps.store.putResource({ id, name: req.params.name!, type: 'Microsoft.Sandbox/widgets', location: 'westeurope', properties: { provisioningState: 'Creating' } });
      return deps.lro.start({
        req,
        resourceId: id,
        kind: 'create',
        latencyKey: 'vm.create',
        namespace: 'Microsoft.Sandbox',
        location: 'westeurope',
        fail: req.params.name === 'broken' ? { code: 'OSProvisioningTimedOut', message: 'simulated failure' } : undefined,
      });
    },
  });
};

describe('sandbox ARM core', () => {
  let sb: RunningSandbox;
  let resources: ResourceManagementClient;
  // The sandbox clock follows real time plus a shift the expiry test moves forward.
  let shift = 0;
  before(async () => {
    sb = await startTestSandbox({ now: () => Date.now() + shift, extraProviders: [widgets] });
    resources = new ResourceManagementClient(passwordCredential(sb), sb.info.subscriptionId, armClientOptions(sb));
  });
  after(async () => {
    await sb.close();
  });

  it('answers 401 with Azure bodies and a challenge for a missing, malformed or wrong-audience token', async () => {
    const path = `/subscriptions/${sb.info.subscriptionId}/resourcegroups?${RG_API}`;
    const missing = await call(sb, 'GET', path);
    assert.equal(missing.status, 401);
    assert.equal((missing.json as { error: { code: string } }).error.code, 'AuthenticationFailed');
    assert.match(String(missing.headers['www-authenticate']), /^Bearer authorization_uri="https:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]+", error="invalid_token"/);
    assert.ok(missing.headers['x-ms-request-id']);

    const malformed = await call(sb, 'GET', path, { headers: { Authorization: 'Basic abc' } });
    assert.equal((malformed.json as { error: { code: string } }).error.code, 'AuthenticationFailedInvalidHeader');

    const forged = await call(sb, 'GET', path, { headers: { Authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJ4In0.c2ln' } });
    assert.equal((forged.json as { error: { code: string } }).error.code, 'InvalidAuthenticationToken');

    const graphToken = await armToken(sb, 'https://graph.sandbox.flatkube.local/.default');
    const wrongAud = await call(sb, 'GET', path, { headers: { Authorization: `Bearer ${graphToken}` } });
    assert.equal(wrongAud.status, 401);
    const body = wrongAud.json as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'InvalidAuthenticationToken');
    assert.match(body.error.message, /wrong audience or resource 'https:\/\/graph\.sandbox\.flatkube\.local\/'/);

    const ok = await call(sb, 'GET', path, { headers: { Authorization: `Bearer ${await armToken(sb)}`, 'x-ms-correlation-request-id': 'corr-1' } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['x-ms-correlation-request-id'], 'corr-1');
  });

  it('answers ExpiredAuthenticationToken once the token lifetime has passed', async () => {
    const token = await armToken(sb);
    shift += 2 * 3600_000;
    try {
      const r = await call(sb, 'GET', `/subscriptions/${sb.info.subscriptionId}/resourcegroups?${RG_API}`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(r.status, 401);
      const e = (r.json as { error: { code: string; message: string } }).error;
      assert.equal(e.code, 'ExpiredAuthenticationToken');
      assert.match(e.message, /^The access token expiry UTC time '\d+\/\d+\/\d{4} \d+:\d\d:\d\d [AP]M' is earlier than current UTC time '.+'\.$/);
    } finally {
      shift -= 2 * 3600_000;
    }
  });

  it('rejects unknown api-versions with Azure codes', async () => {
    const auth = { Authorization: `Bearer ${await armToken(sb)}` };
    const bad = await call(sb, 'GET', `/subscriptions/${sb.info.subscriptionId}/resourcegroups?api-version=2099-01-01`, { headers: auth });
    assert.equal(bad.status, 400);
    const e = (bad.json as { error: { code: string; message: string } }).error;
    assert.equal(e.code, 'InvalidApiVersionParameter');
    assert.match(e.message, /The api-version '2099-01-01' is invalid\. The supported versions are '2025-04-01/);
    const missing = await call(sb, 'GET', `/subscriptions/${sb.info.subscriptionId}/resourcegroups`, { headers: auth });
    assert.equal((missing.json as { error: { code: string } }).error.code, 'MissingApiVersionParameter');
    const provider = await call(sb, 'GET', `/subscriptions/${sb.info.subscriptionId}/providers/Microsoft.MarketplaceOrdering/agreements?api-version=1999-01-01`, { headers: auth });
    assert.equal((provider.json as { error: { code: string } }).error.code, 'NoRegisteredProviderFound');
    const unknownSub = await call(sb, 'GET', `/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups?${RG_API}`, { headers: auth });
    assert.equal((unknownSub.json as { error: { code: string } }).error.code, 'SubscriptionNotFound');
  });

  it('injects a 429 with Retry-After that the SDK honours before retrying', async () => {
    const add = await call(sb, 'POST', '/_sandbox/faults', {
      body: { rules: [{ id: 'throttle-rg', kind: 'throttle', method: 'PUT', path: '/resourcegroups/rg-throttled$', nth: 1, count: 1, retryAfterSeconds: 1 }] },
    });
    assert.equal(add.status, 200);
    const since = sb.journal.list().at(-1)?.seq ?? 0;
    const rg = await resources.resourceGroups.createOrUpdate('rg-throttled', { location: 'westeurope' });
    assert.equal(rg.name, 'rg-throttled');
    const journal = (await call(sb, 'GET', `/_sandbox/journal?since=${since}`)).json as { entries: Array<{ method: string; path: string; status: number; receivedAtMs: number; retryAfter?: number; faultRuleId?: string; errorCode?: string }> };
    const puts = journal.entries.filter((e) => e.method === 'PUT' && e.path.endsWith('/rg-throttled'));
    assert.equal(puts.length, 2);
    assert.equal(puts[0]!.status, 429);
    assert.equal(puts[0]!.errorCode, 'SubscriptionRequestsThrottled');
    assert.equal(puts[0]!.faultRuleId, 'throttle-rg');
    assert.equal(puts[0]!.retryAfter, 1);
    assert.equal(puts[1]!.status, 201);
    assert.ok(puts[1]!.receivedAtMs - puts[0]!.receivedAtMs >= puts[0]!.retryAfter! * 1000, 'the retry came after Retry-After');
  });

  it('injects a 503 that the SDK retries', async () => {
    await call(sb, 'PUT', '/_sandbox/faults', { body: { rules: [{ kind: 'server-error', status: 503, method: 'GET', path: '/resourcegroups/rg-throttled$', nth: 1 }] } });
    const got = await resources.resourceGroups.get('rg-throttled');
    assert.equal(got.name, 'rg-throttled');
    const gets = sb.journal.list().filter((e) => e.method === 'GET' && e.path.endsWith('/rg-throttled'));
    assert.deepEqual(gets.map((e) => e.status), [503, 200]);
    assert.equal(gets[0]!.errorCode, 'ServiceUnavailable');
    await call(sb, 'DELETE', '/_sandbox/faults');
  });

  it('surfaces an operation that ends Failed through the SDK poller with its code', async () => {
    await resources.resourceGroups.createOrUpdate('rg-fail', { location: 'westeurope' });
    await call(sb, 'POST', '/_sandbox/faults', {
      body: { rules: [{ kind: 'operation-failed', method: 'DELETE', path: '/resourcegroups/rg-fail$', code: 'ResourceGroupDeletionBlocked', message: 'Deletion of resource group \'rg-fail\' failed as resources with identifiers could not be deleted.' }] },
    });
    const poller = await resources.resourceGroups.beginDelete('rg-fail');
    await assert.rejects(poller.pollUntilDone(), (e: { code?: string; statusCode?: number }) => e.code === 'ResourceGroupDeletionBlocked' && e.statusCode === 409);
    const still = await resources.resourceGroups.get('rg-fail');
    assert.equal(still.properties?.provisioningState, 'Succeeded', 'a failed delete leaves the group');
  });

  it('serves the Azure-AsyncOperation status resource for provider LROs', async () => {
    const auth = { Authorization: `Bearer ${await armToken(sb)}` };
    const base = `/subscriptions/${sb.info.subscriptionId}/resourceGroups/rg-fail/providers/Microsoft.Sandbox/widgets`;
    const ok = await call(sb, 'PUT', `${base}/good?api-version=2026-01-01`, { headers: auth, body: {} });
    assert.equal(ok.status, 201);
    assert.equal((ok.json as { properties: { provisioningState: string } }).properties.provisioningState, 'Creating');
    assert.equal(ok.headers['retry-after'], '0');
    const opUrl = new URL(String(ok.headers['azure-asyncoperation']));
    assert.match(opUrl.pathname, /\/providers\/Microsoft\.Sandbox\/locations\/westeurope\/operations\/[0-9a-f-]{36}$/);
    const status = (await call(sb, 'GET', opUrl.pathname + opUrl.search, { headers: auth })).json as Record<string, unknown>;
    assert.equal(status.status, 'Succeeded');
    assert.equal(typeof status.startTime, 'string');
    assert.equal(typeof status.endTime, 'string');
    assert.equal(sb.deps.store.getResource(`${base}/good`)?.properties?.provisioningState, 'Succeeded');

    const bad = await call(sb, 'PUT', `${base}/broken?api-version=2026-01-01`, { headers: auth, body: {} });
    const badUrl = new URL(String(bad.headers['azure-asyncoperation']));
    const failed = (await call(sb, 'GET', badUrl.pathname + badUrl.search, { headers: auth })).json as { status: string; error: { code: string } };
    assert.equal(failed.status, 'Failed');
    assert.equal(failed.error.code, 'OSProvisioningTimedOut');
    assert.equal(sb.deps.store.getResource(`${base}/broken`)?.properties?.provisioningState, 'Failed');
  });
});

describe('sandbox state dir', () => {
  it('keeps resources, CA and signing key across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flatkube-sb-state-'));
    try {
      const first = await startTestSandbox({ stateDir: dir });
      const caBefore = readFileSync(first.info.caCertPath, 'utf8');
      const token = await armToken(first);
      try {
        const c = new ResourceManagementClient(passwordCredential(first), first.info.subscriptionId, armClientOptions(first));
        await c.resourceGroups.createOrUpdate('Persisted-RG', { location: 'northeurope', tags: { keep: 'yes' } });
      } finally {
        await first.close();
      }
      // Same port: the issuer (and so the tokens) stay valid, as for the app's embedded sandbox.
      const second = await startTestSandbox({ stateDir: dir, port: Number(new URL(first.info.armEndpoint).port) });
      try {
        assert.equal(readFileSync(second.info.caCertPath, 'utf8'), caBefore);
        const c = new ResourceManagementClient(passwordCredential(second), second.info.subscriptionId, armClientOptions(second));
        const rg = await c.resourceGroups.get('persisted-rg');
        assert.equal(rg.name, 'Persisted-RG');
        assert.deepEqual(rg.tags, { keep: 'yes' });
        // A token signed before the restart still verifies: the signing key was kept.
        const r = await call(second, 'GET', `/subscriptions/${second.info.subscriptionId}/resourcegroups?${RG_API}`, { headers: { Authorization: `Bearer ${token}` } });
        assert.equal(r.status, 200);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
