/**
 * The sandbox's non-interactive sign-ins need the sandbox API token (issue 13, task 10): the
 * password grant (ada@.../sandbox is public) and approving a device code through the /devicelogin
 * page. Without the token, or with a wrong one, nothing is issued and the device code stays
 * pending; with it both work. Flatkube's own callers send it: MSAL through the sandbox network
 * client (AuthService.signInSandboxUser, the app's automatic sign-in) and the test helpers. The
 * authorization-code page a person uses in the browser stays open.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PublicClientApplication } from '@azure/msal-node';
import { AuthService } from '../../../electron/services/auth/auth-service';
import { sandboxEnvironment } from '../../../electron/services/azure/sandbox-environment';
import { AppError } from '../../../electron/services/errors';
import { caTrustingNetworkClient } from '../../../electron/services/auth/ca-trusting-network-client';
import { entraMetadata } from '../../../electron/services/azure/entra-metadata';
import { SANDBOX_USER_PASSWORD, SANDBOX_USERS, startSandbox, type Sandbox } from '@flatkube/sandbox';
import { call, msalApp, type RawResponse } from '../../helpers/sandbox-platform';

/** A well-formed API token that is not this sandbox's (32 random bytes, base64url, as the sandbox makes them). */
const newApiToken = () => randomBytes(32).toString('base64url');
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const [ADA, GRACE] = [SANDBOX_USERS[0]!, SANDBOX_USERS[1]!];

describe('sandbox sign-ins without a person need the API token', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ latency: 'instant' });
  });
  after(async () => {
    await sb.close();
  });

  const tokenPath = () => `/${sb.info.tenantId}/oauth2/v2.0/token`;
  const passwordGrant = (apiToken: string | null, headers: Record<string, string> = {}) =>
    call(sb, 'POST', tokenPath(), {
      body: new URLSearchParams({ grant_type: 'password', client_id: sb.info.clientId, scope: sb.info.armScope, username: ADA.upn, password: SANDBOX_USER_PASSWORD }).toString(),
      headers: { ...FORM, ...headers },
      apiToken,
    });

  function assertNoTokens(r: RawResponse, what: string): void {
    assert.equal(r.status, 401, `${what}: ${r.status} ${r.text}`);
    const j = r.json as { error?: string; error_description?: string; access_token?: unknown };
    assert.equal(j.error, 'invalid_client', what);
    assert.match(j.error_description ?? '', /sandbox API token/, what);
    assert.equal(j.access_token, undefined, what);
    assert.doesNotMatch(r.text, /eyJ/, `${what}: no token of any kind`);
  }

  it('refuses the password grant without the token, or with a wrong one; grants it with the token', async () => {
    assertNoTokens(await passwordGrant(null), 'no token');
    assertNoTokens(await passwordGrant(newApiToken()), 'a wrong token');
    assertNoTokens(await passwordGrant(null, { Authorization: `Basic ${sb.info.apiToken}` }), 'another scheme');
    const ok = await passwordGrant(sb.info.apiToken);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(typeof (ok.json as { access_token?: unknown }).access_token, 'string');
  });

  it("MSAL's password grant works through a network client that sends the token, and only so", async () => {
    const bare = new PublicClientApplication({ auth: entraMetadata(sb.info), system: { networkClient: caTrustingNetworkClient(sb.caCertPem) } });
    await assert.rejects(bare.acquireTokenByUsernamePassword({ scopes: [sb.info.armScope], username: ADA.upn, password: SANDBOX_USER_PASSWORD }), /sandbox API token/);
    const r = await msalApp(sb).acquireTokenByUsernamePassword({ scopes: [sb.info.armScope], username: GRACE.upn, password: SANDBOX_USER_PASSWORD });
    assert.equal(r?.account?.username, GRACE.upn);
  });

  it("the app's automatic sign-in (AuthService.signInSandboxUser) sends the token from the sandbox environment", async () => {
    const env = sandboxEnvironment(sb.info, sb.caCertPem);
    const signedIn = await new AuthService({ env, openBrowser: async () => {} }).signInSandboxUser(ADA.upn, SANDBOX_USER_PASSWORD);
    assert.equal(signedIn.username, ADA.upn);
    // The same environment without the token: the sandbox refuses, so the token above was what let it in.
    const { sandboxApiToken: _dropped, ...withoutToken } = env;
    await assert.rejects(new AuthService({ env: withoutToken, openBrowser: async () => {} }).signInSandboxUser(ADA.upn, SANDBOX_USER_PASSWORD), (e: AppError) => /sandbox API token/.test(e.message));
    // The token is not a plain field of the environment (which may be logged or copied around).
    assert.equal(JSON.stringify(env).includes(sb.info.apiToken), false);
  });

  it('approves a device code on the /devicelogin page only with the API token', async () => {
    const start = await call(sb, 'POST', `/${sb.info.tenantId}/oauth2/v2.0/devicecode`, {
      body: new URLSearchParams({ client_id: sb.info.clientId, scope: sb.info.armScope }).toString(),
      headers: FORM,
    });
    const { user_code: userCode, device_code: deviceCode } = start.json as { user_code: string; device_code: string };
    const poll = () =>
      call(sb, 'POST', tokenPath(), {
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: sb.info.clientId, device_code: deviceCode }).toString(),
        headers: FORM,
      });

    const page = await call(sb, 'GET', `/devicelogin?otc=${userCode}`, { apiToken: null });
    assert.equal(page.status, 200);
    assert.match(page.text, /name="api_token"/, 'the page asks for the API token');
    assert.match(page.text, /type="password"/);

    const submit = (fields: Record<string, string>) => call(sb, 'POST', '/devicelogin', { body: new URLSearchParams({ otc: userCode, user: GRACE.oid, ...fields }).toString(), headers: FORM, apiToken: null });
    for (const [what, fields] of [
      ['no token', {}],
      ['an empty token', { api_token: '' }],
      ['a wrong token', { api_token: newApiToken() }],
    ] as const) {
      const r = await submit(fields);
      assert.equal(r.status, 401, `${what}: ${r.status}`);
      assert.doesNotMatch(r.text, /Signed in as/, what);
      assert.equal((await poll()).json && ((await poll()).json as { error?: string }).error, 'authorization_pending', what);
    }
    const ok = await submit({ api_token: sb.info.apiToken });
    assert.equal(ok.status, 200, ok.text);
    assert.match(ok.text, new RegExp(`Signed in as ${GRACE.upn.replace(/\./g, '\\.')}`));
    const redeemed = await poll();
    assert.equal(redeemed.status, 200, redeemed.text);
  });

  it('leaves the browser sign-in page open (a person picks a user there)', async () => {
    const q = new URLSearchParams({ client_id: sb.info.clientId, redirect_uri: 'http://localhost:5000/', response_type: 'code', scope: sb.info.armScope, code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
    const page = await call(sb, 'GET', `/${sb.info.tenantId}/oauth2/v2.0/authorize?${q}`, { apiToken: null });
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(ADA.upn.replace(/\./g, '\\.')));
  });
});
