/**
 * Signing in to the sandbox's Entra ID with the REAL @azure/msal-node PublicClientApplication:
 * auth code + PKCE (driving the authorize page over HTTPS like a browser), device code (approved
 * through the sandbox API), password grant, and silent refresh.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CryptoProvider, InteractionRequiredAuthError } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import type { RunningSandbox } from '../../src/server';
import { SANDBOX_USER_PASSWORD, SANDBOX_USERS } from '../../src/identity/sandbox-users';
import { call, msalApp, startTestSandbox } from '../helpers/platform';

describe('sandbox Entra ID with real MSAL', () => {
  let sb: RunningSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(async () => {
    await sb.close();
  });

  it('signs in by authorization code with PKCE through the sign-in page', async () => {
    const pca = msalApp(sb);
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    const redirectUri = 'http://localhost:53123/';
    const authUrl = await pca.getAuthCodeUrl({
      scopes: [sb.info.armScope],
      redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      state: 'st-123',
      nonce: 'nonce-abc',
    });
    assert.ok(authUrl.startsWith(`${sb.info.authority}/oauth2/v2.0/authorize?`), authUrl);
    const page = await call(sb, 'GET', authUrl);
    assert.equal(page.status, 200);
    const txn = /name="txn" value="([^"]+)"/.exec(page.text)?.[1];
    const grace = SANDBOX_USERS[1]!;
    assert.ok(txn);
    assert.ok(page.text.includes(`value="${grace.oid}"`), 'the page lists the sandbox users');
    const submit = await call(sb, 'POST', new URL(authUrl).pathname, {
      body: new URLSearchParams({ txn, user: grace.oid }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(submit.status, 302);
    const location = new URL(String(submit.headers.location));
    assert.equal(`${location.origin}${location.pathname}`, redirectUri);
    assert.equal(location.searchParams.get('state'), 'st-123');
    const code = location.searchParams.get('code')!;

    // MSAL checks the id token's nonce against the request's own nonce.
    const result = await pca.acquireTokenByCode(
      { code, redirectUri, scopes: [sb.info.armScope], codeVerifier: verifier, state: 'st-123', nonce: 'nonce-abc' },
      { code, state: 'st-123', nonce: 'nonce-abc', client_info: location.searchParams.get('client_info') ?? undefined },
    );
    assert.equal(result.account?.username, grace.upn);
    assert.equal(result.tenantId, sb.info.tenantId);
    const claims = decodeJwt(result.accessToken);
    assert.equal(claims.aud, sb.info.armAudience);
    assert.equal(claims.oid, grace.oid);
    assert.equal(claims.tid, sb.info.tenantId);
    assert.equal(claims.upn, grace.upn);
    assert.equal(claims.scp, 'user_impersonation');
    assert.equal(result.idTokenClaims && (result.idTokenClaims as { nonce?: string }).nonce, 'nonce-abc');

    // The code cannot be redeemed twice.
    await assert.rejects(pca.acquireTokenByCode({ code, redirectUri, scopes: [sb.info.armScope], codeVerifier: verifier }), /invalid_grant/);
  });

  it('refuses a code redeemed with the wrong PKCE verifier', async () => {
    const pca = msalApp(sb);
    const { challenge } = await new CryptoProvider().generatePkceCodes();
    const redirectUri = 'http://localhost:53124';
    const authUrl = await pca.getAuthCodeUrl({ scopes: [sb.info.armScope], redirectUri, codeChallenge: challenge, codeChallengeMethod: 'S256' });
    const page = await call(sb, 'GET', authUrl);
    const txn = /name="txn" value="([^"]+)"/.exec(page.text)![1]!;
    const submit = await call(sb, 'POST', new URL(authUrl).pathname, {
      body: new URLSearchParams({ txn, user: SANDBOX_USERS[0]!.oid }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    const code = new URL(String(submit.headers.location)).searchParams.get('code')!;
    const other = await new CryptoProvider().generatePkceCodes();
    await assert.rejects(pca.acquireTokenByCode({ code, redirectUri, scopes: [sb.info.armScope], codeVerifier: other.verifier }), /AADSTS501481/);
  });

  it('signs in by device code approved through the sandbox API, then refreshes silently', async () => {
    const pca = msalApp(sb);
    let message = '';
    const result = await pca.acquireTokenByDeviceCode({
      scopes: [sb.info.armScope],
      deviceCodeCallback: (r) => {
        message = r.message;
        void call(sb, 'POST', '/_sandbox/devicecode/approve', { body: { user_code: r.userCode, user: SANDBOX_USERS[0]!.upn } }).then((a) =>
          assert.equal(a.status, 200),
        );
      },
    });
    assert.match(message, /enter the code [A-Z0-9]{9}/);
    assert.ok(result);
    assert.equal(result.account?.username, SANDBOX_USERS[0]!.upn);

    // Silent with forceRefresh goes to the token endpoint with the refresh token.
    const before = sb.journal.list().length;
    const silent = await pca.acquireTokenSilent({ account: result.account!, scopes: [sb.info.armScope], forceRefresh: true });
    assert.notEqual(silent.accessToken, result.accessToken);
    assert.equal(decodeJwt(silent.accessToken).oid, SANDBOX_USERS[0]!.oid);
    assert.equal(silent.fromCache, false);
    assert.equal(sb.journal.list().length, before, 'identity calls are not ARM journal entries');

    // A refresh token Entra no longer knows (expired, revoked): AADSTS700082 with suberror
    // bad_token, which MSAL turns into InteractionRequiredAuthError (sign in again), as on Azure.
    const cache = JSON.parse(pca.getTokenCache().serialize()) as { RefreshToken: Record<string, { secret: string }> };
    for (const rt of Object.values(cache.RefreshToken)) rt.secret = 'a-refresh-token-the-sandbox-never-issued';
    await pca.getTokenCache().deserialize(JSON.stringify(cache));
    await assert.rejects(
      pca.acquireTokenSilent({ account: result.account!, scopes: [sb.info.armScope], forceRefresh: true }),
      (e: unknown) => e instanceof InteractionRequiredAuthError && e.errorCode === 'invalid_grant' && e.subError === 'bad_token' && /AADSTS700082/.test(e.errorMessage),
    );
  });

  it('signs in by password for sandbox users only', async () => {
    const pca = msalApp(sb);
    const r = await pca.acquireTokenByUsernamePassword({ scopes: [sb.info.armScope], username: SANDBOX_USERS[1]!.upn, password: SANDBOX_USER_PASSWORD });
    assert.equal(r?.account?.username, SANDBOX_USERS[1]!.upn);
    await assert.rejects(
      pca.acquireTokenByUsernamePassword({ scopes: [sb.info.armScope], username: SANDBOX_USERS[1]!.upn, password: 'wrong' }),
      /AADSTS50126/,
    );
    await assert.rejects(
      pca.acquireTokenByUsernamePassword({ scopes: [sb.info.armScope], username: 'someone@contoso.com', password: SANDBOX_USER_PASSWORD }),
      /AADSTS50126/,
    );
  });

  it('serves discovery documents and JWKS at the usual paths', async () => {
    const oidc = await call(sb, 'GET', `/${sb.info.tenantId}/v2.0/.well-known/openid-configuration`);
    assert.equal(oidc.status, 200);
    const doc = oidc.json as { issuer: string; jwks_uri: string };
    assert.equal(doc.issuer, `${sb.info.authority}/v2.0`);
    const jwks = await call(sb, 'GET', new URL(doc.jwks_uri).pathname);
    assert.equal((jwks.json as { keys: Array<{ kty: string; alg: string }> }).keys[0]?.alg, 'RS256');
    const inst = await call(sb, 'GET', '/common/discovery/instance?api-version=1.1');
    assert.equal((inst.json as { 'api-version': string })['api-version'], '1.1');
  });
});
