/**
 * The token cache under concurrent use, as the backend sees it at startup (many IPC calls at once,
 * one of them signing the sandbox user in): every MSAL operation reads the cache file before it
 * runs and writes it after. A read of a file older than what this process holds in memory must
 * not replace the newer in-memory cache, or a sign-in just made is lost again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuthService } from '../../../electron/services/auth/auth-service';
import { EncryptedCachePlugin } from '../../../electron/services/auth/encrypted-cache-plugin';
import { sandboxEnvironment } from '../../../electron/services/azure/sandbox-environment';
import { SANDBOX_USER_PASSWORD, SANDBOX_USERS, startSandbox, type Sandbox } from '@flatkube/sandbox';
import { FileKeySecretStore } from '../../../electron/services/secrets/file-key-secret-store';

describe('the encrypted token cache under concurrent MSAL operations', () => {
  let sb: Sandbox;
  let dir: string;
  before(async () => {
    sb = await startSandbox({ latency: 'instant' });
    dir = mkdtempSync(path.join(tmpdir(), 'flatkube-cache-race-'));
  });
  after(async () => {
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a sign-in made while other operations read the cache is kept, in memory and on disk', async () => {
    for (let round = 0; round < 3; round++) {
      const file = path.join(dir, `cache-${round}.bin`);
      const store = new FileKeySecretStore({ dataDir: dir });
      const auth = new AuthService({ env: sandboxEnvironment(sb.info, sb.caCertPem), cachePlugin: new EncryptedCachePlugin(store, file), openBrowser: async () => {} });
      const user = SANDBOX_USERS[0]!;
      // One sign-in, surrounded by account reads, as the wizard's first calls do.
      const reads = Array.from({ length: 100 }, (_, i) => new Promise((r) => setTimeout(r, i * 2)).then(() => auth.accounts()));
      const [signedIn] = await Promise.all([auth.signInSandboxUser(user.upn, SANDBOX_USER_PASSWORD), ...reads]);
      await Promise.all(Array.from({ length: 12 }, () => auth.accounts()));
      assert.deepEqual((await auth.accounts()).map((a) => a.username), [user.upn], `round ${round}: the account is still in memory`);
      const token = await (await auth.credential(signedIn.id)).getToken(sb.info.armScope);
      assert.ok(token?.token, `round ${round}: a silent token`);
      // A fresh service on the same file (the next start of the app) sees the account too.
      const again = new AuthService({ env: sandboxEnvironment(sb.info, sb.caCertPem), cachePlugin: new EncryptedCachePlugin(store, file), openBrowser: async () => {} });
      assert.deepEqual((await again.accounts()).map((a) => a.username), [user.upn], `round ${round}: the account is on disk`);
    }
  });
});
