import { readFile } from 'node:fs/promises';
import { tokenCacheFile } from '../services/session/session-manager';
import { FileKeySecretStore } from '../services/secrets/file-key-secret-store';
import { SecretDecryptError, SecretStoreUnavailableError, type SecretStore } from '../services/secrets/secret-store';

/**
 * The SecretStore for the CLI's use of the app's real-Azure token cache. Like browser mode, the
 * CLI encrypts it with the file-key store, so a sign-in made in `flatkube web` or by an earlier
 * command is reused. The desktop app encrypts the same file with the OS keychain (Electron
 * safeStorage), which plain Node cannot open: rather than overwrite that saved sign-in, the CLI
 * then keeps its own for this command only, and `note` says so.
 */
export async function cliTokenCacheStore(dataDir: string): Promise<{ store: SecretStore; note?: string }> {
  const store = new FileKeySecretStore({ dataDir });
  let blob: Buffer;
  try {
    blob = await readFile(tokenCacheFile(dataDir, 'azure'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { store };
    throw err;
  }
  try {
    await store.decrypt(blob);
    return { store };
  } catch (err) {
    if (!(err instanceof SecretDecryptError)) throw err;
  }
  const reason =
    'the saved Azure sign-in in this data dir is not readable here (the desktop app keeps it in the OS keychain); signing in for this command only and leaving it as it is';
  return { store: sessionOnly(reason), note: reason };
}

/** A store that refuses to persist: EncryptedCachePlugin then neither reads nor writes the file. */
function sessionOnly(reason: string): SecretStore {
  return {
    isAvailable: async () => ({ ok: false, reason }),
    encrypt: async () => {
      throw new SecretStoreUnavailableError(reason);
    },
    decrypt: async () => {
      throw new SecretStoreUnavailableError(reason);
    },
  };
}
