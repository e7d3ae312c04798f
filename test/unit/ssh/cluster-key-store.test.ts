import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { FileKeySecretStore } from '../../../electron/services/secrets/file-key-secret-store';
import { SecretStoreUnavailableError, type SecretStore } from '../../../electron/services/secrets/secret-store';
import { clusterKeyPaths, loadClusterKey, saveClusterKey } from '../../../electron/services/ssh/cluster-key-store';
import { generateClusterKeyPair, generateEd25519KeyPair } from '../../../electron/services/ssh/keys';

const posix = process.platform !== 'win32';

describe('cluster key store', () => {
  let dir: string;
  let store: FileKeySecretStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'flatkube-keys-'));
    store = new FileKeySecretStore({ dataDir: path.join(dir, 'data') });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('saves encrypted (never in clear, 0600) and loads the same key back', async () => {
    const key = generateClusterKeyPair('demo');
    const loc = await saveClusterKey(store, path.join(dir, 'clusters'), 'demo', key);
    const raw = await readFile(loc.encryptedPath);
    const body = key.privateKey.split('\n')[1]!;
    assert.equal(raw.includes(Buffer.from(body)), false, 'private key must not be stored in clear');
    assert.equal(await readFile(loc.publicPath, 'utf8'), `${key.publicKey}\n`);
    if (posix) {
      assert.equal((await stat(loc.encryptedPath)).mode & 0o777, 0o600);
      assert.equal((await stat(loc.publicPath)).mode & 0o777, 0o600);
    }
    assert.deepEqual(await loadClusterKey(store, path.join(dir, 'clusters'), 'demo'), key);
  });

  it('keeps several named keys per cluster (client + host keys)', async () => {
    const clusters = path.join(dir, 'clusters');
    const client = generateClusterKeyPair('demo');
    const host = generateEd25519KeyPair('root@cp-0');
    await saveClusterKey(store, clusters, 'demo', client);
    await saveClusterKey(store, clusters, 'demo', host, 'host-cp-0');
    assert.equal((await loadClusterKey(store, clusters, 'demo', 'host-cp-0')).fingerprint, host.fingerprint);
    assert.equal((await loadClusterKey(store, clusters, 'demo')).fingerprint, client.fingerprint);
    assert.equal((await readdir(path.join(clusters, 'demo'))).length, 4);
  });

  it('refuses names that could escape the folder', () => {
    assert.throws(() => clusterKeyPaths(dir, '../evil'), /invalid cluster name/);
    assert.throws(() => clusterKeyPaths(dir, 'ok', '../../x'), /invalid key name/);
    assert.throws(() => clusterKeyPaths(dir, '.hidden'), /invalid cluster name/);
  });

  it('writes nothing when the store refuses to encrypt', async () => {
    const refusing: SecretStore = {
      isAvailable: async () => ({ ok: false, reason: 'no keyring' }),
      encrypt: async () => {
        throw new SecretStoreUnavailableError('no keyring');
      },
      decrypt: async () => {
        throw new SecretStoreUnavailableError('no keyring');
      },
    };
    await assert.rejects(saveClusterKey(refusing, dir, 'demo', generateClusterKeyPair('demo')), SecretStoreUnavailableError);
    await assert.rejects(stat(path.join(dir, 'demo')), { code: 'ENOENT' });
  });

  it('detects a stored key whose halves do not match', async () => {
    const clusters = path.join(dir, 'clusters');
    const a = generateClusterKeyPair('demo');
    const b = generateClusterKeyPair('demo');
    const loc = clusterKeyPaths(clusters, 'demo');
    await saveClusterKey(store, clusters, 'demo', { ...a, publicKey: b.publicKey });
    await assert.rejects(loadClusterKey(store, clusters, 'demo'), /do not match/);
    // And a corrupted blob fails decryption rather than returning junk.
    await writeFile(loc.encryptedPath, Buffer.from('FKS1' + 'x'.repeat(40)));
    await assert.rejects(loadClusterKey(store, clusters, 'demo'), /authentication/);
  });
});
