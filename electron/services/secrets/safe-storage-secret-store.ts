import {
  SecretDecryptError,
  SecretStoreUnavailableError,
  type SecretStore,
  type SecretStoreAvailability,
} from './secret-store';

/**
 * The slice of Electron's `safeStorage` this adapter needs. Structural on purpose: services never
 * import 'electron'; main.ts passes the real object in.
 */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only in Electron; optional so the type fits every platform. */
  getSelectedStorageBackend?(): string;
}

export interface SafeStorageSecretStoreOptions {
  /** `process.platform` of the main process, injected for tests. */
  platform: NodeJS.Platform;
  /**
   * Called when Electron reports the key was rotated and a decrypted blob should be re-encrypted
   * and saved again. Optional: callers that do not care lose nothing but key freshness.
   */
  onShouldReEncrypt?: () => void;
}

export const BASIC_TEXT_REASON =
  'Linux reports the "basic_text" password store: no OS keyring (GNOME Keyring / KWallet) was found, ' +
  'so Electron would encrypt with a fixed, publicly known key. Flatkube refuses to save secrets that way. ' +
  'Start a keyring service or run Flatkube with --password-store=gnome-libsecret (or kwallet6); ' +
  'until then sign-ins and keys are kept for this session only.';

/**
 * SecretStore over Electron's async safeStorage API. safeStorage works on strings, so the
 * plaintext Buffer travels as base64 (binary-safe) inside the encrypted string.
 */
export function createSafeStorageSecretStore(
  safeStorage: SafeStorageLike,
  opts: SafeStorageSecretStoreOptions,
): SecretStore {
  async function availability(): Promise<SecretStoreAvailability> {
    if (opts.platform === 'linux' && typeof safeStorage.getSelectedStorageBackend === 'function') {
      const backend = safeStorage.getSelectedStorageBackend();
      if (backend === 'basic_text') return { ok: false, reason: BASIC_TEXT_REASON };
      if (backend === 'unknown') {
        return { ok: false, reason: 'the OS password store is not known yet (asked before the app was ready)' };
      }
    }
    let available: boolean;
    try {
      available = await safeStorage.isAsyncEncryptionAvailable();
    } catch (err) {
      return { ok: false, reason: `the OS password store failed to initialise: ${(err as Error).message}` };
    }
    if (!available) return { ok: false, reason: 'the OS password store reports that encryption is not available' };
    return { ok: true };
  }

  async function requireAvailable(): Promise<void> {
    const a = await availability();
    if (!a.ok) throw new SecretStoreUnavailableError(a.reason);
  }

  return {
    isAvailable: availability,
    async encrypt(plain) {
      await requireAvailable();
      return safeStorage.encryptStringAsync(plain.toString('base64'));
    },
    async decrypt(blob) {
      await requireAvailable();
      let out: { result: string; shouldReEncrypt: boolean };
      try {
        out = await safeStorage.decryptStringAsync(blob);
      } catch (err) {
        throw new SecretDecryptError(`the OS password store could not decrypt the data: ${(err as Error).message}`);
      }
      // Our blobs always hold base64; anything else means it was not written by this adapter.
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(out.result) || out.result.length % 4 !== 0) {
        throw new SecretDecryptError('decrypted data is not in the expected format');
      }
      if (out.shouldReEncrypt) opts.onShouldReEncrypt?.();
      return Buffer.from(out.result, 'base64');
    },
  };
}
