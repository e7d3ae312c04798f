import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  SecretDecryptError,
  SecretStoreUnavailableError,
  type SecretStore,
  type SecretStoreAvailability,
} from './secret-store';
import { SECRET_DIR_MODE, repairSecretFileMode, writeSecretFile } from './write-secret-file';

/**
 * A SecretStore for browser mode, tests and the CLI: AES-256-GCM with a random 32-byte key kept
 * in a 0600 file in the app's data folder.
 *
 * What this protects against, honestly: secrets showing up in plain text in a casual read of the
 * data folder, in a backup or a support bundle that does not include the key file, or to other
 * (non-root) users on the machine. What it does NOT protect against: anything running as the same
 * user (or root), which can read the key file as easily as the blobs. In the desktop app prefer
 * the safeStorage-backed store, which puts the key in the OS keyring.
 *
 * Blob layout: "FKS1" | 12-byte IV | 16-byte GCM tag | ciphertext. The magic is also the GCM
 * additional data, so a blob from some other format is rejected instead of mis-decrypted.
 */
const MAGIC = Buffer.from('FKS1', 'ascii');
const IV_LEN = 12;
const TAG_LEN = 16;
const KEY_LEN = 32;
export const DEFAULT_KEY_FILE_NAME = 'secret-store.key';

export interface FileKeySecretStoreOptions {
  /** The app's data folder; the key file lives directly inside it. */
  dataDir: string;
  /** Override the key file name (tests, or several stores side by side). */
  keyFileName?: string;
}

export class FileKeySecretStore implements SecretStore {
  private readonly keyPath: string;
  private keyPromise: Promise<Buffer> | undefined;

  constructor(opts: FileKeySecretStoreOptions) {
    this.keyPath = path.join(opts.dataDir, opts.keyFileName ?? DEFAULT_KEY_FILE_NAME);
  }

  async isAvailable(): Promise<SecretStoreAvailability> {
    try {
      await this.key();
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: `cannot use the key file ${this.keyPath}: ${(err as Error).message}` };
    }
  }

  async encrypt(plain: Buffer): Promise<Buffer> {
    const key = await this.keyOrThrow();
    const iv = randomBytes(IV_LEN);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(MAGIC);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
  }

  async decrypt(blob: Buffer): Promise<Buffer> {
    if (blob.length < MAGIC.length + IV_LEN + TAG_LEN || !blob.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new SecretDecryptError('not a Flatkube file-key secret blob');
    }
    const key = await this.keyOrThrow();
    const iv = blob.subarray(MAGIC.length, MAGIC.length + IV_LEN);
    const tag = blob.subarray(MAGIC.length + IV_LEN, MAGIC.length + IV_LEN + TAG_LEN);
    const body = blob.subarray(MAGIC.length + IV_LEN + TAG_LEN);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(MAGIC);
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      // GCM failure: wrong key (key file replaced) or a modified blob. Never echo the data.
      throw new SecretDecryptError('secret blob failed authentication (wrong key or corrupted data)');
    }
  }

  private async keyOrThrow(): Promise<Buffer> {
    try {
      return await this.key();
    } catch (err) {
      throw new SecretStoreUnavailableError(`cannot use the key file ${this.keyPath}: ${(err as Error).message}`);
    }
  }

  /** Loads the key once; a failed load is retried next time rather than cached. */
  private key(): Promise<Buffer> {
    this.keyPromise ??= loadOrCreateKey(this.keyPath).catch((err: unknown) => {
      this.keyPromise = undefined;
      throw err;
    });
    return this.keyPromise;
  }
}

async function loadOrCreateKey(keyPath: string): Promise<Buffer> {
  const existing = await readKey(keyPath);
  if (existing) return existing;
  await mkdir(path.dirname(keyPath), { recursive: true, mode: SECRET_DIR_MODE });
  // Create-if-absent without a race: write the key to a private temp name, then hard-link it to
  // the final name. link() fails with EEXIST if another process got there first; then both use
  // the winner's key instead of silently overwriting it (which would orphan its blobs).
  const tmp = `${keyPath}.${randomBytes(6).toString('hex')}.new`;
  await writeSecretFile(tmp, randomBytes(KEY_LEN));
  try {
    await link(tmp, keyPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await rm(tmp, { force: true });
  }
  const key = await readKey(keyPath);
  if (!key) throw new Error('key file vanished while being created');
  return key;
}

async function readKey(keyPath: string): Promise<Buffer | undefined> {
  let data: Buffer;
  try {
    data = await readFile(keyPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (data.length !== KEY_LEN) {
    // Refuse rather than regenerate: a new key would make every existing blob undecryptable.
    throw new Error(`key file has ${data.length} bytes, expected ${KEY_LEN}; move it away to start over`);
  }
  await repairSecretFileMode(keyPath);
  return data;
}
