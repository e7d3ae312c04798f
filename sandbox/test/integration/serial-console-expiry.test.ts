/**
 * Serial console URLs expire, like the SAS URIs Azure's retrieveBootDiagnosticsData hands out
 * (issue 13, task 10): `se=` (expiry, UTC to the second) is in the query and signed together with
 * the path; the default lifetime is Azure's 120 minutes, `sasUriExpirationTimeInMinutes` (1..1440)
 * sets another. Expired -> 403 `AuthenticationFailed` with Azure Storage's detail; an altered
 * expiry is a signature mismatch; a URL without `se` (as the sandbox signed them before) is not
 * well formed. A fresh call hands out a fresh URL, which is what the engine's boot-log reader
 * does on every poll.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { armToken, call, type RawResponse } from '../helpers/platform';
import { createNetwork, createNic, startComputeSandbox, vmDefinition, type ComputeTestSandbox } from './compute-test-sandbox';

const MINUTE = 60_000;

describe('serial console URL expiry', () => {
  let t: ComputeTestSandbox;
  /** How far the sandbox's clock is ahead of the real one. */
  let ahead = 0;

  before(async () => {
    t = await startComputeSandbox({ now: () => Date.now() + ahead });
    const net = await createNetwork(t, 'rg-se', 'westeurope');
    const { nic } = await createNic(t, 'rg-se', 'westeurope', net.subnetId, 'node-1');
    await t.compute.virtualMachines.createOrUpdate('rg-se', 'node-1', vmDefinition('westeurope', nic.id!));
  });
  after(async () => {
    await t.close();
  });

  const retrieve = async (minutes?: number) => new URL((await t.compute.virtualMachines.retrieveBootDiagnosticsData('rg-se', 'node-1', minutes === undefined ? {} : { sasUriExpirationTimeInMinutes: minutes })).serialConsoleLogBlobUri!);
  const get = (u: URL | string) => call(t.sb, 'GET', typeof u === 'string' ? u : `${u.pathname}${u.search}`, { apiToken: null });
  const expiryOf = (u: URL) => Date.parse(u.searchParams.get('se') ?? '');

  function assertDenied(r: RawResponse, detail: RegExp): void {
    assert.equal(r.status, 403, r.text);
    assert.equal(r.headers['x-ms-error-code'], 'AuthenticationFailed');
    assert.match(r.text, /<Code>AuthenticationFailed<\/Code>/);
    assert.match(r.text, detail);
    assert.doesNotMatch(r.text, /login:/);
  }

  it('signs an expiry into the URL: 120 minutes by default, sasUriExpirationTimeInMinutes otherwise', async () => {
    const before = Date.now();
    const u = await retrieve();
    assert.match(u.searchParams.get('se') ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.match(u.searchParams.get('sig') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.ok(Math.abs(expiryOf(u) - (before + 120 * MINUTE)) < 5_000, u.toString());
    const five = await retrieve(5);
    assert.ok(Math.abs(expiryOf(five) - (before + 5 * MINUTE)) < 5_000, five.toString());
    assert.equal((await get(u)).status, 200);
    assert.equal((await get(five)).status, 200);
  });

  it('refuses an altered expiry, a missing one and the old unexpiring form', async () => {
    const u = await retrieve(5);
    const later = new URL(u);
    later.searchParams.set('se', new Date(expiryOf(u) + 24 * 60 * MINUTE).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    assertDenied(await get(later), /Signature did not match\./);
    const bare = new URL(u);
    bare.searchParams.delete('se');
    assertDenied(await get(bare), /Signature fields not well formed\./);
    const junk = new URL(u);
    junk.searchParams.set('se', 'tomorrow');
    assertDenied(await get(junk), /Signature fields not well formed\./);
  });

  it('refuses an expired URL as Azure Storage does; a fresh call hands out one that works', async () => {
    const short = await retrieve(1);
    const long = await retrieve();
    ahead = 2 * MINUTE;
    try {
      const r = await get(short);
      assertDenied(r, /Signed expiry time \[\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT\] must be after signed start time \[\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT\]/);
      assert.equal((await get(long)).status, 200, 'a URL within its lifetime still works');
      const fresh = await retrieve(1);
      assert.equal((await get(fresh)).status, 200, 'the next poll gets a new URL');
    } finally {
      ahead = 0;
    }
  });

  it('answers 400 for a lifetime outside 1..1440 minutes', async () => {
    const token = await armToken(t.sb);
    const base = `/subscriptions/${t.sb.info.subscriptionId}/resourceGroups/rg-se/providers/Microsoft.Compute/virtualMachines/node-1/retrieveBootDiagnosticsData?api-version=2026-04-01`;
    for (const bad of ['0', '1441', '-5', 'abc', '1.5']) {
      const r = await call(t.sb, 'POST', `${base}&sasUriExpirationTimeInMinutes=${bad}`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(r.status, 400, `${bad}: ${r.text}`);
      assert.equal((r.json as { error: { code: string } }).error.code, 'InvalidParameter', bad);
    }
    const ok = await call(t.sb, 'POST', `${base}&sasUriExpirationTimeInMinutes=1440`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200, ok.text);
  });
});
