/**
 * The one abstraction every service uses to keep secrets at rest (token cache, SSH private keys).
 * Implementations: the Electron safeStorage adapter (OS keyring / DPAPI / Keychain) in the app,
 * and FileKeySecretStore for browser mode, tests and the CLI.
 *
 * Buffers rather than strings so binary secrets round-trip without an encoding guess.
 */
export type SecretStoreAvailability = { ok: true } | { ok: false; reason: string };

export interface SecretStore {
  /** Whether secrets can be persisted safely; when not, `reason` is shown to the user as-is. */
  isAvailable(): Promise<SecretStoreAvailability>;
  encrypt(plain: Buffer): Promise<Buffer>;
  decrypt(blob: Buffer): Promise<Buffer>;
}

/** Thrown by encrypt/decrypt when the store refuses to work; `reason` is user-facing. */
export class SecretStoreUnavailableError extends Error {
  override readonly name = 'SecretStoreUnavailableError';
  constructor(readonly reason: string) {
    super(`Secret storage is not available: ${reason}`);
  }
}

/** Thrown when a blob cannot be decrypted (wrong key, corrupted or tampered data). */
export class SecretDecryptError extends Error {
  override readonly name = 'SecretDecryptError';
}
