/**
 * SandboxApiClient (client.ts), the public way to the sandbox API that the app's tests use
 * instead of the sandbox's insides: each method's answer is what the sandbox holds (read here
 * from the in-process sandbox's journal, fault injector and store), each change lands there, and
 * a refusal is a SandboxApiError with the HTTP status. `startSandbox` (index.ts) hands out a
 * client bound to its own sandbox.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SandboxApiClient, SandboxApiError, startSandbox } from '../../src/index';
import { getQuotaOverrides } from '../../src/providers/catalog/quota-overrides';
import type { RunningSandbox } from '../../src/server';
import { SANDBOX_USERS } from '../../src/identity/sandbox-users';
import { armToken, call, startTestSandbox } from '../helpers/platform';

const refusedWith = (status: number, message?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof SandboxApiError, String(e));
  assert.equal(e.status, status, e.message);
  if (message) assert.match(e.message, message);
  return true;
};

describe('SandboxApiClient against a sandbox', () => {
  let sb: RunningSandbox;
  let api: SandboxApiClient;
  before(async () => {
    sb = await startTestSandbox();
    api = new SandboxApiClient(sb.info, sb.caCertPem);
  });
  after(async () => {
    await sb.close();
  });

  it('journal(): the entries the sandbox recorded, oldest first; `since` leaves out what was seen', async () => {
    const token = await armToken(sb);
    const groups = `/subscriptions/${sb.info.subscriptionId}/resourcegroups?api-version=2025-04-01`;
    for (let i = 0; i < 2; i++) assert.equal((await call(sb, 'GET', groups, { headers: { Authorization: `Bearer ${token}` } })).status, 200);
    const all = await api.journal();
    assert.deepEqual(all, sb.journal.list());
    assert.ok(all.filter((e) => e.path.endsWith('/resourcegroups') && e.status === 200).length >= 2, JSON.stringify(all));
    assert.deepEqual(all.map((e) => e.seq), [...all.map((e) => e.seq)].sort((a, b) => a - b));
    const first = all[0]!.seq;
    assert.deepEqual(await api.journal(first), sb.journal.list(first));
    assert.deepEqual((await api.journal(first)).map((e) => e.seq), all.slice(1).map((e) => e.seq));
    assert.deepEqual(await api.journal(all.at(-1)!.seq), []);
  });

  it('addFaults / faults / replaceFaults / clearFaults: the rules the sandbox applies', async () => {
    const ids = await api.addFaults({ seed: 3, rules: [{ id: 'slow', kind: 'throttle', method: 'GET', path: '/locations$', retryAfterSeconds: 1 }, { kind: 'server-error', status: 503 }] });
    assert.equal(ids.length, 2);
    assert.equal(ids[0], 'slow');
    const active = await api.faults();
    assert.deepEqual(active, sb.faults.list());
    assert.deepEqual(active.rules.map((r) => r.id), ids);
    assert.deepEqual(active.rules.map((r) => [r.seen, r.fired]), [[0, 0], [0, 0]]);

    const replaced = await api.replaceFaults({ rules: [{ kind: 'ssh-drop', path: 'kubeadm init' }] });
    assert.equal(replaced.length, 1);
    assert.deepEqual((await api.faults()).rules.map((r) => [r.id, r.kind]), [[replaced[0], 'ssh-drop']]);
    assert.deepEqual(sb.faults.list().rules.map((r) => r.id), replaced);

    await api.clearFaults();
    assert.deepEqual((await api.faults()).rules, []);
    assert.deepEqual(sb.faults.list().rules, []);

    // A rule the sandbox cannot read changes nothing.
    await assert.rejects(api.addFaults({ rules: [{ kind: 'no-such-kind' }] }), refusedWith(400, /invalid faults: rules\.0\.kind/));
    assert.deepEqual(sb.faults.list().rules, []);
  });

  it('setQuota / quota: the overrides the usages answer reflects; null clears one', async () => {
    const sub = sb.info.subscriptionId;
    const set = await api.setQuota(sub, 'westeurope', { cores: 3, standardDSv5Family: 2 });
    assert.deepEqual(set.overrides, { cores: 3, standardDSv5Family: 2 });
    assert.deepEqual(getQuotaOverrides(sb.deps.store, sub, 'westeurope'), { cores: 3, standardDSv5Family: 2 });
    assert.equal(set.location, 'westeurope');
    assert.equal(set.subscriptionId, sub);
    const cores = set.usages.find((u) => u.name.value === 'cores');
    assert.deepEqual(cores && { limit: cores.limit, currentValue: cores.currentValue }, { limit: 3, currentValue: 0 });
    assert.deepEqual(await api.quota(sub, 'westeurope'), set);

    const cleared = await api.setQuota(sub, 'westeurope', { cores: null });
    assert.deepEqual(cleared.overrides, { standardDSv5Family: 2 });
    assert.notEqual(cleared.usages.find((u) => u.name.value === 'cores')?.limit, 3);
    await api.setQuota(sub, 'westeurope', { standardDSv5Family: null });
    assert.deepEqual((await api.quota(sub, 'westeurope')).overrides, {});

    await assert.rejects(api.quota(sub, 'atlantis'), refusedWith(400, /Unknown location 'atlantis'/));
    await assert.rejects(api.setQuota(sub, 'westeurope', { cores: -1 }), refusedWith(400, /non-negative integer or null/));
  });

  it('approveDeviceCode: approves a pending code as the named user (default: the first); an unknown code is a 404', async () => {
    const start = async () => {
      const r = await call(sb, 'POST', `/${sb.info.tenantId}/oauth2/v2.0/devicecode`, {
        body: new URLSearchParams({ client_id: sb.info.clientId, scope: sb.info.armScope }).toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(r.status, 200, r.text);
      return r.json as { user_code: string; device_code: string };
    };
    const redeem = (deviceCode: string) =>
      call(sb, 'POST', `/${sb.info.tenantId}/oauth2/v2.0/token`, {
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: sb.info.clientId, device_code: deviceCode }).toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
    const byDefault = await start();
    assert.equal((await redeem(byDefault.device_code)).status, 400, 'pending before the approval');
    assert.equal(await api.approveDeviceCode(byDefault.user_code), SANDBOX_USERS[0]!.upn);
    assert.equal((await redeem(byDefault.device_code)).status, 200);

    const asGrace = await start();
    assert.equal(await api.approveDeviceCode(asGrace.user_code, SANDBOX_USERS[1]!.upn), SANDBOX_USERS[1]!.upn);
    const token = (await redeem(asGrace.device_code)).json as { id_token?: string };
    const claims = JSON.parse(Buffer.from(token.id_token!.split('.')[1]!, 'base64url').toString('utf8')) as { preferred_username?: string };
    assert.equal(claims.preferred_username, SANDBOX_USERS[1]!.upn);

    await assert.rejects(api.approveDeviceCode('NOSUCHCODE'), refusedWith(404));
  });

  it('nodes / dropSessions: no VMs, no nodes; dropping sessions of none is fine', async () => {
    assert.deepEqual(await api.nodes(), []);
    await api.dropSessions();
    await api.dropSessions('00000000-0000-4000-8000-000000000000');
  });

  it('announceFlatcarRelease / flatcarRelease: the newest announced release; no node to stage it; a bad version refused', async () => {
    assert.deepEqual(await api.flatcarRelease(), { version: null });
    assert.deepEqual(await api.announceFlatcarRelease('9000.1.0'), { version: '9000.1.0', staged: [] });
    // An older one does not replace the newer release.
    assert.deepEqual(await api.announceFlatcarRelease('9000.0.5'), { version: '9000.1.0', staged: [] });
    assert.deepEqual(await api.flatcarRelease(), { version: '9000.1.0' });
    await assert.rejects(api.announceFlatcarRelease('latest'), refusedWith(400, /Flatcar release/));
  });

  it('speed / setSpeed: the speed of the delays the routes use, changed while the sandbox runs; out of range refused', async () => {
    assert.deepEqual(await api.speed(), { profile: 'instant', speed: 1 });
    assert.deepEqual(await api.setSpeed(8), { profile: 'instant', speed: 8 });
    assert.equal(sb.deps.latency.speed, 8, 'the profile shared with the providers changed');
    assert.deepEqual(await api.speed(), { profile: 'instant', speed: 8 });
    await assert.rejects(api.setSpeed(0), refusedWith(400, /positive/));
    await assert.rejects(api.setSpeed(1000), refusedWith(400, /between/));
    await assert.rejects(api.call('PUT', '/_sandbox/speed', { speed: 'fast' }), refusedWith(400, /speed/));
    assert.equal(sb.deps.latency.speed, 8, 'a refused change changed nothing');
    await api.setSpeed(1);
  });

  it('refuses with SandboxApiError: a wrong API token (401), an unknown route (404); never calls outside /_sandbox/', async () => {
    const wrong = new SandboxApiClient({ ...sb.info, apiToken: 'A'.repeat(43) }, sb.caCertPem);
    await assert.rejects(wrong.journal(), refusedWith(401));
    await assert.rejects(wrong.addFaults({ rules: [{ kind: 'throttle' }] }), refusedWith(401));
    assert.deepEqual(sb.faults.list().rules, [], 'the refused call changed nothing');
    await assert.rejects(api.call('GET', '/_sandbox/no-such-endpoint'), refusedWith(404));
    assert.throws(() => api.call('GET', `/subscriptions/${sb.info.subscriptionId}/resourcegroups`), /not a sandbox API path/);
  });
});

describe('startSandbox (the public entry point)', () => {
  it("hands out a client bound to its own sandbox (its endpoint, CA and API token)", async () => {
    const a = await startSandbox();
    const b = await startSandbox();
    try {
      await a.api.addFaults({ rules: [{ id: 'only-in-a', kind: 'throttle' }] });
      assert.deepEqual((await a.api.faults()).rules.map((r) => r.id), ['only-in-a']);
      assert.deepEqual((await b.api.faults()).rules, []);
      assert.ok(Array.isArray(await b.api.journal()));
    } finally {
      await a.close();
      await b.close();
    }
  });
});
