/**
 * Sign-in against the sandbox through the real MSAL public client and Flatkube's AuthService:
 * browser (loopback + PKCE, form_post), device code approved through the sandbox API, several
 * accounts, silent renewal through the TokenCredential, sign-out, the encrypted 0600 cache that
 * survives a restart, refusal to persist with an unavailable store, and cancellation.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { AuthService } from '../../../electron/services/auth/auth-service';
import { EncryptedCachePlugin } from '../../../electron/services/auth/encrypted-cache-plugin';
import { sandboxEnvironment } from '../../../electron/services/azure/sandbox-environment';
import { AppError } from '../../../electron/services/errors';
import { SANDBOX_USERS, SANDBOX_USER_PASSWORD, startSandbox, type Sandbox } from '@flatkube/sandbox';
import { FileKeySecretStore } from '../../../electron/services/secrets/file-key-secret-store';
import type { SecretStore } from '../../../electron/services/secrets/secret-store';
import { sandboxBrowser, type BrowserLog } from './sandbox-browser';

const [ADA, GRACE] = [SANDBOX_USERS[0]!, SANDBOX_USERS[1]!];

describe('auth: AuthService against the sandbox', () => {
  let sb: Sandbox;
  let dir: string;
  before(async () => {
    sb = await startSandbox({ latency: 'instant' });
    dir = mkdtempSync(path.join(tmpdir(), 'flatkube-auth-'));
  });
  after(async () => {
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = () => sandboxEnvironment(sb.info, sb.caCertPem);
  const service = (store: SecretStore, file: string, openBrowser = async (_: string) => {}) =>
    new AuthService({ env: env(), cachePlugin: new EncryptedCachePlugin(store, path.join(dir, file)), openBrowser });

  it('signs in in the browser (loopback, PKCE, form_post), adds a second account, renews silently, signs out', async () => {
    const store = new FileKeySecretStore({ dataDir: dir });
    const log: BrowserLog = { opened: [], landed: [] };
    const auth = service(store, 'cache-a.bin', sandboxBrowser(sb.caCertPem, GRACE.oid, log));
    const account = await auth.signInInteractive();
    assert.equal(account.username, GRACE.upn);
    assert.equal(account.homeTenantId, sb.info.tenantId);
    const opened = new URL(log.opened[0]!);
    assert.equal(opened.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(opened.searchParams.get('response_mode'), 'form_post');
    assert.match(opened.searchParams.get('redirect_uri')!, /^http:\/\/localhost:\d+/);
    assert.match(log.landed[0]!, /Signed in to Flatkube/);

    // Device code as the second account: the prompt carries the code; the sandbox API approves it.
    const prompts: string[] = [];
    const second = await auth.signInDeviceCode((p) => {
      prompts.push(p.userCode);
      assert.equal(p.verificationUri, `${sb.info.authorityHost}/devicelogin`);
      void sb.api.approveDeviceCode(p.userCode, ADA.upn);
    });
    assert.equal(second.username, ADA.upn);
    assert.match(prompts[0]!, /^[A-Z0-9]{9}$/);
    assert.deepEqual((await auth.accountSummaries()).map((a) => a.username).sort(), [ADA.upn, GRACE.upn].sort());

    // The TokenCredential gets ARM tokens for the right user and audience.
    const cred = await auth.credential(account.id);
    const t = await cred.getToken(sb.info.armScope);
    const claims = decodeJwt(t!.token);
    assert.equal(claims.oid, GRACE.oid);
    assert.equal(claims.aud, sb.info.armAudience);

    assert.equal(await auth.signOut(account.id), true);
    assert.deepEqual((await auth.accountSummaries()).map((a) => a.username), [ADA.upn]);
    await assert.rejects(auth.credential(account.id), (e: AppError) => e.code === 'AUTH_ACCOUNT_UNKNOWN');
  });

  it('persists the cache encrypted in a 0600 file and restores it in a new process-like instance', async () => {
    const store = new FileKeySecretStore({ dataDir: dir });
    const auth = service(store, 'cache-b.bin');
    const acc = await auth.signInSandboxUser(ADA.upn, SANDBOX_USER_PASSWORD);
    const file = path.join(dir, 'cache-b.bin');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const raw = readFileSync(file);
    assert.ok(raw.subarray(0, 4).equals(Buffer.from('FKS1')), 'encrypted by the SecretStore');
    assert.ok(!raw.toString('latin1').includes(ADA.upn), 'no plain text account data on disk');
    assert.deepEqual(await auth.persistence(), { persistent: true });

    const again = service(new FileKeySecretStore({ dataDir: dir }), 'cache-b.bin');
    assert.deepEqual((await again.accountSummaries()).map((a) => a.username), [ADA.upn]);
    const tok = await (await again.credential(acc.id)).getToken(sb.info.armScope);
    assert.equal(decodeJwt(tok!.token).oid, ADA.oid);

    // Sign-out is persisted too.
    await again.signOut(acc.id);
    assert.deepEqual(await service(new FileKeySecretStore({ dataDir: dir }), 'cache-b.bin').accountSummaries(), []);
  });

  it('refuses to persist with an unavailable store and says why (session-only sign-in still works)', async () => {
    const reason = 'Linux reports the "basic_text" password store';
    const unavailable: SecretStore = {
      isAvailable: async () => ({ ok: false, reason }),
      encrypt: async () => assert.fail('must not encrypt'),
      decrypt: async () => assert.fail('must not decrypt'),
    };
    const auth = service(unavailable, 'cache-c.bin');
    await auth.signInSandboxUser(ADA.upn, SANDBOX_USER_PASSWORD);
    assert.equal((await auth.accountSummaries()).length, 1);
    assert.equal(existsSync(path.join(dir, 'cache-c.bin')), false);
    const p = await auth.persistence();
    assert.equal(p.persistent, false);
    assert.match(p.reason!, /session only.*basic_text/);
  });

  it('cancels a device code sign-in and an interactive sign-in through the AbortSignal', async () => {
    const auth = service(new FileKeySecretStore({ dataDir: dir }), 'cache-d.bin');
    const ac = new AbortController();
    const pending = auth.signInDeviceCode(() => ac.abort(), ac.signal);
    await assert.rejects(pending, (e: AppError) => e.code === 'AUTH_CANCELLED');

    const ac2 = new AbortController();
    // A "browser" that shows the page and then the user walks away: the app's cancel must end it.
    const interactive = service(new FileKeySecretStore({ dataDir: dir }), 'cache-d.bin', async () => {
      ac2.abort();
    });
    await assert.rejects(interactive.signInInteractive(ac2.signal), (e: AppError) => e.code === 'AUTH_CANCELLED');
  });

  it('refuses automation sign-in outside the sandbox', async () => {
    const azureLike = new AuthService({ env: { ...env(), kind: 'azure' }, openBrowser: async () => {} });
    await assert.rejects(azureLike.signInSandboxUser(ADA.upn, SANDBOX_USER_PASSWORD), (e: AppError) => e.code === 'AUTH_AUTOMATION_SANDBOX_ONLY');
  });
});
