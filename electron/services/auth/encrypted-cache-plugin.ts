/**
 * MSAL's token cache, persisted encrypted through the injected SecretStore (Electron safeStorage
 * in the app, the file-key store in browser mode and tests) into one 0600 file.
 *
 * When the store is unavailable (Linux "basic_text": no keyring) the plugin refuses to persist:
 * MSAL keeps its in-memory cache, sign-ins last for this session only, and `status()` says why.
 * A cache that can no longer be decrypted (keyring reset) is ignored, not deleted, and reported.
 */
import { readFile } from 'node:fs/promises';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { SecretDecryptError, type SecretStore } from '../secrets/secret-store';
import { writeSecretFile } from '../secrets/write-secret-file';

export interface CachePersistence {
  persistent: boolean;
  reason?: string;
}

/** Longest wait for another cache access to finish before going ahead anyway. */
const LOCK_WAIT_MS = 15_000;

export class EncryptedCachePlugin implements ICachePlugin {
  private availability: Promise<CachePersistence> | undefined;
  private decryptProblem: string | undefined;
  /**
   * One MSAL cache access at a time, from beforeCacheAccess to afterCacheAccess (MSAL pairs them
   * in try/finally; msal-node-extensions locks the same way). MSAL reloads its cache from the
   * file at every access, so an access that read the file while another's write was still to
   * come would work on, and write back, a cache without that one's new tokens (seen as
   * AUTH_INTERACTION_REQUIRED when the app's first calls, one of them a sign-in, arrive together).
   */
  private queue: Promise<void> = Promise.resolve();
  private readonly releases = new WeakMap<TokenCacheContext, () => void>();

  constructor(
    private readonly store: SecretStore,
    private readonly filePath: string,
  ) {}

  /** Whether sign-ins survive a restart, and why not. */
  async status(): Promise<CachePersistence> {
    const a = await this.check();
    if (a.persistent && this.decryptProblem) return { persistent: true, reason: this.decryptProblem };
    return a;
  }

  async beforeCacheAccess(ctx: TokenCacheContext): Promise<void> {
    await this.acquire(ctx);
    if (!(await this.check()).persistent) return;
    let blob: Buffer;
    try {
      blob = await readFile(this.filePath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    try {
      ctx.tokenCache.deserialize((await this.store.decrypt(blob)).toString('utf8'));
      this.decryptProblem = undefined;
    } catch (err) {
      if (!(err instanceof SecretDecryptError)) throw err;
      // Keep the file (a restored keyring may read it again); start with an empty cache.
      this.decryptProblem = 'the saved sign-ins could not be decrypted (the OS keyring changed?); sign in again';
    }
  }

  async afterCacheAccess(ctx: TokenCacheContext): Promise<void> {
    try {
      if (!ctx.cacheHasChanged) return;
      if (!(await this.check()).persistent) return;
      const blob = await this.store.encrypt(Buffer.from(ctx.tokenCache.serialize(), 'utf8'));
      await writeSecretFile(this.filePath, blob);
      this.decryptProblem = undefined;
    } finally {
      this.releases.get(ctx)?.();
      this.releases.delete(ctx);
    }
  }

  /** Waits for the accesses before this one (at most LOCK_WAIT_MS: a lost release must not hang sign-in). */
  private async acquire(ctx: TokenCacheContext): Promise<void> {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const before = this.queue;
    this.queue = before.then(() => mine);
    this.releases.set(ctx, release);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([before, new Promise<void>((resolve) => (timer = setTimeout(resolve, LOCK_WAIT_MS).unref()))]);
    clearTimeout(timer);
  }

  private check(): Promise<CachePersistence> {
    this.availability ??= this.store.isAvailable().then((a) =>
      a.ok ? { persistent: true } : { persistent: false, reason: `Sign-ins are kept for this session only: ${a.reason}` },
    );
    return this.availability;
  }
}
