import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TokenCacheContext } from '@azure/msal-node';
import { EncryptedCachePlugin } from '../../../electron/services/auth/encrypted-cache-plugin';
import { FileKeySecretStore } from '../../../electron/services/secrets/file-key-secret-store';

/** A TokenCacheContext as MSAL passes it: the cache to (de)serialize and whether it changed. */
function context(changed: boolean, log: string[], name: string): TokenCacheContext {
  return {
    cacheHasChanged: changed,
    tokenCache: { serialize: () => '{}', deserialize: () => log.push(`${name} read`) },
  } as unknown as TokenCacheContext;
}

test('one cache access at a time: the next read waits until the previous access has written', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fk-cache-lock-'));
  try {
    const plugin = new EncryptedCachePlugin(new FileKeySecretStore({ dataDir: dir }), path.join(dir, 'cache.bin'));
    const log: string[] = [];
    const a = context(true, log, 'a');
    const b = context(false, log, 'b');
    await plugin.beforeCacheAccess(a);
    let bStarted = false;
    const bBefore = plugin.beforeCacheAccess(b).then(() => {
      bStarted = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(bStarted, false, 'b waits while a holds the cache');
    await plugin.afterCacheAccess(a);
    await bBefore;
    assert.equal(bStarted, true);
    // b reads the file a wrote (a's write happened before b's read).
    assert.deepEqual(log, ['b read']);
    await plugin.afterCacheAccess(b);
    // Released: a third access goes straight in.
    const c = context(false, log, 'c');
    await plugin.beforeCacheAccess(c);
    await plugin.afterCacheAccess(c);
    assert.deepEqual(log, ['b read', 'c read']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
