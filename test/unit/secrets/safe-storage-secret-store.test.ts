import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BASIC_TEXT_REASON,
  createSafeStorageSecretStore,
  type SafeStorageLike,
} from '../../../electron/services/secrets/safe-storage-secret-store';
import { SecretDecryptError, SecretStoreUnavailableError } from '../../../electron/services/secrets/secret-store';

// Compile-time check that Electron's real safeStorage fits the structural type (type-only import,
// nothing from 'electron' is loaded at run time).
type ElectronSafeStorage = import('electron').SafeStorage;
const _fits: (s: ElectronSafeStorage) => SafeStorageLike = (s) => s;
void _fits;

/** A fake safeStorage that "encrypts" by reversing and tagging, and records calls. */
function fakeSafeStorage(opts: { backend?: string; available?: boolean; reEncrypt?: boolean } = {}) {
  const calls: string[] = [];
  const fake: SafeStorageLike = {
    async isAsyncEncryptionAvailable() {
      calls.push('isAsyncEncryptionAvailable');
      return opts.available ?? true;
    },
    async encryptStringAsync(plain) {
      calls.push('encryptStringAsync');
      return Buffer.concat([Buffer.from('v11'), Buffer.from(plain).reverse()]);
    },
    async decryptStringAsync(enc) {
      calls.push('decryptStringAsync');
      if (!enc.subarray(0, 3).equals(Buffer.from('v11'))) throw new Error('bad blob');
      return { result: Buffer.from(enc.subarray(3)).reverse().toString(), shouldReEncrypt: opts.reEncrypt ?? false };
    },
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
  };
  return { fake, calls };
}

describe('createSafeStorageSecretStore', () => {
  it('round-trips binary data through the async string API', async () => {
    const { fake, calls } = fakeSafeStorage();
    const store = createSafeStorageSecretStore(fake, { platform: 'linux' });
    assert.deepEqual(await store.isAvailable(), { ok: true });
    const plain = Buffer.from([0, 200, 255, 10, 13]);
    const blob = await store.encrypt(plain);
    assert.deepEqual(await store.decrypt(blob), plain);
    assert.ok(calls.includes('encryptStringAsync') && calls.includes('decryptStringAsync'));
  });

  it('refuses to persist on Linux with the basic_text backend, and says why', async () => {
    const { fake, calls } = fakeSafeStorage({ backend: 'basic_text' });
    const store = createSafeStorageSecretStore(fake, { platform: 'linux' });
    assert.deepEqual(await store.isAvailable(), { ok: false, reason: BASIC_TEXT_REASON });
    await assert.rejects(store.encrypt(Buffer.from('x')), (e: unknown) => {
      assert.ok(e instanceof SecretStoreUnavailableError);
      assert.match(e.message, /basic_text/);
      return true;
    });
    assert.equal(calls.includes('encryptStringAsync'), false, 'must not encrypt with the fixed key');
  });

  it('ignores the Linux backend on other platforms but honours isAsyncEncryptionAvailable', async () => {
    const ok = createSafeStorageSecretStore(fakeSafeStorage({ backend: 'basic_text' }).fake, { platform: 'darwin' });
    assert.deepEqual(await ok.isAvailable(), { ok: true });
    const off = createSafeStorageSecretStore(fakeSafeStorage({ available: false }).fake, { platform: 'win32' });
    const a = await off.isAvailable();
    assert.equal(a.ok, false);
    await assert.rejects(off.decrypt(Buffer.from('v11abc')), SecretStoreUnavailableError);
  });

  it('reports "unknown" backend (called before app ready) as unavailable', async () => {
    const store = createSafeStorageSecretStore(fakeSafeStorage({ backend: 'unknown' }).fake, { platform: 'linux' });
    const a = await store.isAvailable();
    assert.equal(a.ok, false);
    assert.match(a.ok ? '' : a.reason, /before the app was ready/);
  });

  it('wraps decryption failures and signals re-encryption requests', async () => {
    let reEncrypt = 0;
    const store = createSafeStorageSecretStore(fakeSafeStorage({ reEncrypt: true }).fake, {
      platform: 'linux',
      onShouldReEncrypt: () => reEncrypt++,
    });
    await assert.rejects(store.decrypt(Buffer.from('garbage')), SecretDecryptError);
    const blob = await store.encrypt(Buffer.from('abc'));
    assert.equal((await store.decrypt(blob)).toString(), 'abc');
    assert.equal(reEncrypt, 1);
  });
});
