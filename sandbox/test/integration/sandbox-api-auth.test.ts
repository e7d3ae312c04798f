/**
 * The sandbox API (`/_sandbox/...`) over HTTPS: refused without the sandbox API token (401, the
 * Bearer challenge, an Azure-like body) and nothing it asked for happens; a wrong token is
 * refused too, however the path is spelled; the right one passes. The serial console URL that
 * ARM hands out is signed (Azure: a SAS) and works with a plain GET; a tampered or missing
 * signature gets Azure Storage's 403. Entra, the sign-in page, ARM and /_bakery stay open. The
 * token outlives a restart with a state dir (0600 file) and never reaches the journal.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CryptoProvider } from '@azure/msal-node';
import { API_TOKEN_FILE, newApiToken } from '../../src/api-auth/api-token';
import type { JournalEntry } from '../../src/journal/request-journal';
import { SANDBOX_USERS } from '../../src/identity/sandbox-users';
import { armToken, call, msalApp, startTestSandbox, type RawResponse } from '../helpers/platform';
import { createNetwork, createNic, startComputeSandbox, vmDefinition, type ComputeTestSandbox } from './compute-test-sandbox';

const CHALLENGE = 'Bearer realm="flatkube-sandbox"';

function assertRefused(r: RawResponse, what: string, challenge = CHALLENGE): void {
  assert.equal(r.status, 401, `${what}: ${r.status} ${r.text}`);
  assert.equal(r.headers['www-authenticate'], challenge, what);
  const e = (r.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  assert.equal(e?.code, 'SandboxApiUnauthorized', what);
  assert.equal(typeof e?.message, 'string', what);
}

/** The user code and device code of a device-code sign-in started as MSAL would start it. */
async function startDeviceCode(t: ComputeTestSandbox): Promise<{ userCode: string; deviceCode: string }> {
  const r = await call(t.sb, 'POST', `/${t.sb.info.tenantId}/oauth2/v2.0/devicecode`, {
    body: new URLSearchParams({ client_id: t.sb.info.clientId, scope: t.sb.info.armScope }).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(r.status, 200, r.text);
  const j = r.json as { user_code: string; device_code: string };
  return { userCode: j.user_code, deviceCode: j.device_code };
}

async function redeemDeviceCode(t: ComputeTestSandbox, deviceCode: string): Promise<RawResponse> {
  return call(t.sb, 'POST', `/${t.sb.info.tenantId}/oauth2/v2.0/token`, {
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: t.sb.info.clientId, device_code: deviceCode }).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
}

describe('sandbox API token', () => {
  let t: ComputeTestSandbox;
  let quotaPath: string;
  /** The serial console URL of node-1 as retrieveBootDiagnosticsData answers it. */
  let serialUri: URL;

  before(async () => {
    t = await startComputeSandbox();
    quotaPath = `/_sandbox/quotas/${t.sb.info.subscriptionId}/westeurope`;
    const net = await createNetwork(t, 'rg-api', 'westeurope');
    const { nic } = await createNic(t, 'rg-api', 'westeurope', net.subnetId, 'node-1');
    await t.compute.virtualMachines.createOrUpdate('rg-api', 'node-1', vmDefinition('westeurope', nic.id!));
    const diag = await t.compute.virtualMachines.retrieveBootDiagnosticsData('rg-api', 'node-1');
    serialUri = new URL(diag.serialConsoleLogBlobUri!);
  });
  after(async () => {
    await t.close();
  });

  it('refuses every /_sandbox endpoint without the token (401, challenge, Azure-like body), and does nothing it asked for', async () => {
    const pending = await startDeviceCode(t);
    const attempts: [string, string, object?][] = [
      ['GET', '/_sandbox/journal'],
      ['GET', '/_sandbox/faults'],
      ['POST', '/_sandbox/faults', { rules: [{ kind: 'throttle', method: 'GET', path: '.*' }] }],
      ['PUT', '/_sandbox/faults', { rules: [{ kind: 'server-error', status: 503, path: '.*' }] }],
      ['DELETE', '/_sandbox/faults'],
      ['POST', '/_sandbox/devicecode/approve', { user_code: pending.userCode, user: SANDBOX_USERS[1]!.upn }],
      ['POST', '/_sandbox/nodes/drop-sessions', {}],
      ['GET', '/_sandbox/nodes'],
      ['GET', '/_sandbox/frontends'],
      ['GET', quotaPath],
      ['PUT', quotaPath, { cores: 0 }],
      ['GET', '/_sandbox/no-such-endpoint'],
      ['GET', '/_sandbox'],
    ];
    for (const [method, path, body] of attempts) {
      assertRefused(await call(t.sb, method, path, { apiToken: null, ...(body ? { body } : {}) }), `${method} ${path}`);
    }
    // None of it happened: no fault rule, no quota override, the device code still pending.
    const faults = await call(t.sb, 'GET', '/_sandbox/faults');
    assert.equal(faults.status, 200, faults.text);
    assert.deepEqual((faults.json as { rules: unknown[] }).rules, []);
    const quota = await call(t.sb, 'GET', quotaPath);
    assert.deepEqual((quota.json as { overrides: unknown }).overrides, {});
    const poll = await redeemDeviceCode(t, pending.deviceCode);
    assert.equal((poll.json as { error: string }).error, 'authorization_pending');
    // With the token the same approval goes through.
    const approved = await call(t.sb, 'POST', '/_sandbox/devicecode/approve', { body: { user_code: pending.userCode, user: SANDBOX_USERS[1]!.upn } });
    assert.equal(approved.status, 200, approved.text);
    assert.equal((await redeemDeviceCode(t, pending.deviceCode)).status, 200);
  });

  it('refuses a wrong token, another scheme or a token in the query', async () => {
    const token = t.sb.info.apiToken;
    const flipped = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
    for (const wrong of [newApiToken(), flipped, token.slice(0, -1), `${token}A`, token.toLowerCase() === token ? token.toUpperCase() : token.toLowerCase()]) {
      assertRefused(await call(t.sb, 'GET', '/_sandbox/journal', { apiToken: wrong }), 'a wrong token', `${CHALLENGE}, error="invalid_token"`);
      assertRefused(await call(t.sb, 'GET', '/_sandbox/nodes', { apiToken: wrong }), 'a wrong token (router route)', `${CHALLENGE}, error="invalid_token"`);
    }
    assertRefused(await call(t.sb, 'GET', '/_sandbox/journal', { headers: { Authorization: `Basic ${token}` } }), 'Basic scheme');
    assertRefused(await call(t.sb, 'GET', `/_sandbox/journal?access_token=${token}`, { apiToken: null }), 'token in the query');
  });

  it('judges the path as the router routes it: no spelling of /_sandbox/ gets in without the token', async () => {
    const spellings = ['/_SANDBOX/nodes', '/_sandbox//nodes', '/%5Fsandbox/nodes', '/%5fSandBox/Nodes', `/_Sandbox/Quotas/${t.sb.info.subscriptionId}/westeurope`, '/_sandbox%2Fjournal'];
    for (const p of spellings) assertRefused(await call(t.sb, 'GET', p, { apiToken: null }), p);
    // The spellings really reach the route: with the token they answer it.
    for (const p of spellings.slice(0, 5)) assert.equal((await call(t.sb, 'GET', p, { apiToken: t.sb.info.apiToken })).status, 200, p);
  });

  it('answers 200 with the right token (scheme in any case)', async () => {
    for (const p of ['/_sandbox/journal', '/_sandbox/faults', '/_sandbox/nodes', '/_sandbox/frontends', quotaPath]) {
      const r = await call(t.sb, 'GET', p);
      assert.equal(r.status, 200, `${p}: ${r.text}`);
    }
    assert.equal((await call(t.sb, 'GET', '/_sandbox/journal', { headers: { authorization: `bearer ${t.sb.info.apiToken}` } })).status, 200);
    const nodes = (await call(t.sb, 'GET', '/_sandbox/nodes')).json as { name: string }[];
    assert.deepEqual(nodes.map((n) => n.name), ['node-1']);
  });

  it('serial console: the URL from retrieveBootDiagnosticsData works with a plain GET; a missing or tampered sig gets 403', async () => {
    assert.equal(serialUri.pathname, `/_sandbox/serialconsole/${(await t.compute.virtualMachines.get('rg-api', 'node-1')).vmId}`);
    const sig = serialUri.searchParams.get('sig') ?? '';
    assert.match(sig, /^[A-Za-z0-9_-]{43}$/);
    // As the engine reads it (electron/services/cluster/engine/boot-log.ts): no Authorization header.
    const plain = await call(t.sb, 'GET', serialUri.toString(), { apiToken: null });
    assert.equal(plain.status, 200);
    assert.match(plain.text, /Flatcar Container Linux \(simulated\) node-1 login:/);

    const denied = async (uri: string, opts: { apiToken?: string | null } = { apiToken: null }) => {
      const r = await call(t.sb, 'GET', uri, opts);
      assert.equal(r.status, 403, `${uri}: ${r.text}`);
      assert.equal(r.headers['x-ms-error-code'], 'AuthenticationFailed');
      assert.match(String(r.headers['content-type']), /^application\/xml/);
      assert.match(r.text, /<Code>AuthenticationFailed<\/Code>/);
      assert.doesNotMatch(r.text, /login:/);
      return r;
    };
    const path = serialUri.pathname;
    const tampered = `${sig.slice(0, 5)}${sig[5] === 'x' ? 'y' : 'x'}${sig.slice(6)}`;
    const se = encodeURIComponent(serialUri.searchParams.get('se') ?? '');
    assert.match((await denied(`${path}?se=${se}&sig=${tampered}`)).text, /Signature did not match\./);
    assert.match((await denied(path)).text, /Signature fields not well formed\./);
    await denied(`${path}?sig=`);
    // The sig opens this VM's log only, and the API token is no substitute for it.
    await denied(`/_sandbox/serialconsole/00000000-0000-4000-8000-000000000000?se=${se}&sig=${sig}`);
    await denied(path, { apiToken: t.sb.info.apiToken });
    // The instance view hands out a signed URL to the same log (its own expiry: serial-console-expiry.test.ts).
    const view = new URL((await t.compute.virtualMachines.instanceView('rg-api', 'node-1')).bootDiagnostics!.serialConsoleLogBlobUri!);
    assert.equal(view.pathname, serialUri.pathname);
    assert.equal((await call(t.sb, 'GET', `${view.pathname}${view.search}`, { apiToken: null })).status, 200);
  });

  it('keeps Entra (sign-in page included), ARM and /_bakery open without the sandbox token', async () => {
    const { challenge } = await new CryptoProvider().generatePkceCodes();
    const authUrl = await msalApp(t.sb).getAuthCodeUrl({ scopes: [t.sb.info.armScope], redirectUri: 'http://localhost:53125/', codeChallenge: challenge, codeChallengeMethod: 'S256' });
    const page = await call(t.sb, 'GET', authUrl, { apiToken: null });
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(SANDBOX_USERS[0]!.upn), 'the sign-in page lists the sandbox users');
    assert.equal((await call(t.sb, 'GET', `/${t.sb.info.tenantId}/v2.0/.well-known/openid-configuration`, { apiToken: null })).status, 200);
    assert.equal((await call(t.sb, 'GET', '/devicelogin', { apiToken: null })).status, 200);

    // ARM takes its own RS256 tokens, not the sandbox API token.
    const rgs = `/subscriptions/${t.sb.info.subscriptionId}/resourcegroups?api-version=2025-04-01`;
    assert.equal((await call(t.sb, 'GET', rgs, { headers: { Authorization: `Bearer ${await armToken(t.sb)}` } })).status, 200);
    const withApiToken = await call(t.sb, 'GET', rgs, { apiToken: t.sb.info.apiToken });
    assert.equal(withApiToken.status, 401);
    assert.notEqual((withApiToken.json as { error: { code: string } }).error.code, 'SandboxApiUnauthorized');
    assert.equal((await call(t.sb, 'GET', '/api/retail/prices', { apiToken: null })).status, 200);

    const sums = await call(t.sb, 'GET', `${t.sb.info.sysextBakery}/kubernetes/SHA256SUMS`, { apiToken: null });
    assert.equal(sums.status, 200);
    assert.match(sums.text, /kubernetes-v\d+\.\d+\.\d+/);
  });

  it('the journal holds neither the API token nor a serial console signature', async () => {
    const sig = serialUri.searchParams.get('sig')!;
    assert.equal((await call(t.sb, 'GET', `${serialUri.pathname}${serialUri.search}`, { apiToken: null })).status, 200);
    assert.equal((await call(t.sb, 'PUT', quotaPath, { body: { cores: 10 } })).status, 200);
    const r = await call(t.sb, 'GET', '/_sandbox/journal');
    const entries = (r.json as { entries: JournalEntry[] }).entries;
    // The requests that carried them were journaled, so the check below means something.
    assert.ok(entries.some((e) => e.path.startsWith('/_sandbox/serialconsole/') && e.status === 200));
    assert.ok(entries.some((e) => e.path.startsWith('/_sandbox/nodes') && e.status === 200));
    assert.ok(entries.some((e) => e.path.startsWith('/_sandbox/quotas/') && e.method === 'PUT'));
    assert.ok(entries.some((e) => e.path.endsWith('/retrieveBootDiagnosticsData')));
    const text = r.text;
    assert.equal(text.includes(t.sb.info.apiToken), false, 'the API token is in the journal');
    assert.equal(text.includes(sig), false, 'a serial console signature is in the journal');
  });
});

describe('sandbox API token lifetime', () => {
  it('survives a restart with a state dir (0600 file); without one every sandbox has its own', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'fk-apitoken-'));
    try {
      const first = await startTestSandbox({ stateDir, nodes: false });
      const token = first.info.apiToken;
      assert.match(token, /^[A-Za-z0-9_-]{43,}$/);
      assert.ok(Buffer.from(token, 'base64url').length >= 32);
      const file = join(stateDir, API_TOKEN_FILE);
      assert.equal(readFileSync(file, 'utf8').trim(), token);
      if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);
      await first.close();

      const second = await startTestSandbox({ stateDir, nodes: false });
      try {
        assert.equal(second.info.apiToken, token);
        assert.equal((await call(second, 'GET', '/_sandbox/journal', { apiToken: token })).status, 200);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }

    const a = await startTestSandbox({ nodes: false });
    const b = await startTestSandbox({ nodes: false });
    try {
      assert.notEqual(a.info.apiToken, b.info.apiToken);
      assertRefused(await call(b, 'GET', '/_sandbox/journal', { apiToken: a.info.apiToken }), "another sandbox's token", `${CHALLENGE}, error="invalid_token"`);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
