import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { FileKeySecretStore } from '../../../electron/services/secrets/file-key-secret-store';
import { SecretDecryptError, SecretStoreUnavailableError } from '../../../electron/services/secrets/secret-store';

const posix = process.platform !== 'win32';

describe('FileKeySecretStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'flatkube-fks-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips binary data and never stores the plaintext', async () => {
    const store = new FileKeySecretStore({ dataDir: dir });
    const plain = Buffer.from([0, 1, 2, 255, ...Buffer.from('top secret')]);
    const blob = await store.encrypt(plain);
    assert.equal(blob.includes(Buffer.from('top secret')), false);
    assert.deepEqual(await store.decrypt(blob), plain);
    // Fresh IV each time: same plaintext, different blobs.
    assert.notDeepEqual(await store.encrypt(plain), blob);
  });

  it('creates a 32-byte key file with mode 0600 and reuses it across instances', async () => {
    const a = new FileKeySecretStore({ dataDir: dir });
    const blob = await a.encrypt(Buffer.from('x'));
    const keyPath = path.join(dir, 'secret-store.key');
    const key = await readFile(keyPath);
    assert.equal(key.length, 32);
    if (posix) assert.equal((await stat(keyPath)).mode & 0o777, 0o600);
    const b = new FileKeySecretStore({ dataDir: dir });
    assert.equal((await b.decrypt(blob)).toString(), 'x');
  });

  it('agrees on one key when two instances create it concurrently', async () => {
    const stores = Array.from({ length: 5 }, () => new FileKeySecretStore({ dataDir: dir }));
    const blobs = await Promise.all(stores.map((s, i) => s.encrypt(Buffer.from(`v${i}`))));
    const reader = new FileKeySecretStore({ dataDir: dir });
    for (const [i, blob] of blobs.entries()) assert.equal((await reader.decrypt(blob)).toString(), `v${i}`);
  });

  it('repairs a key file whose mode was widened', { skip: !posix }, async () => {
    const a = new FileKeySecretStore({ dataDir: dir });
    await a.encrypt(Buffer.from('x'));
    const keyPath = path.join(dir, 'secret-store.key');
    await chmod(keyPath, 0o644);
    await new FileKeySecretStore({ dataDir: dir }).encrypt(Buffer.from('y'));
    assert.equal((await stat(keyPath)).mode & 0o777, 0o600);
  });

  it('rejects tampered blobs, foreign blobs and blobs from another key', async () => {
    const store = new FileKeySecretStore({ dataDir: dir });
    const blob = await store.encrypt(Buffer.from('hello'));
    const tampered = Buffer.from(blob);
    tampered[tampered.length - 1]! ^= 1;
    await assert.rejects(store.decrypt(tampered), SecretDecryptError);
    await assert.rejects(store.decrypt(Buffer.from('not a blob at all, clearly')), SecretDecryptError);
    const other = new FileKeySecretStore({ dataDir: dir, keyFileName: 'other.key' });
    await assert.rejects(other.decrypt(blob), SecretDecryptError);
  });

  it('refuses a key file of the wrong size instead of replacing it', async () => {
    await writeFile(path.join(dir, 'secret-store.key'), Buffer.alloc(7), { mode: 0o600 });
    const store = new FileKeySecretStore({ dataDir: dir });
    const avail = await store.isAvailable();
    assert.equal(avail.ok, false);
    assert.match(avail.ok ? '' : avail.reason, /7 bytes/);
    await assert.rejects(store.encrypt(Buffer.from('x')), SecretStoreUnavailableError);
    assert.equal((await readFile(path.join(dir, 'secret-store.key'))).length, 7);
  });

  it('reports available when the key can be created', async () => {
    assert.deepEqual(await new FileKeySecretStore({ dataDir: path.join(dir, 'nested', 'data') }).isAvailable(), { ok: true });
  });
});
