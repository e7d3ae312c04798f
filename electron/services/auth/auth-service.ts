/**
 * Sign-in for one environment (real Azure or the sandbox) with MSAL Node's public client:
 * interactive (system browser, loopback redirect, PKCE), device code, and, in the sandbox only,
 * an automation sign-in (password grant) for the CLI and tests. Several accounts share one
 * cache; tokens are renewed silently through MsalTokenCredential and never leave this process.
 */
import { AuthError, type AccountInfo, type AuthenticationResult, type PublicClientApplication } from '@azure/msal-node';
import type { TokenCredential } from '@azure/core-auth';
import type { AccountSummary, DeviceCodePrompt } from '../../../shared/ipc/channels/auth';
import type { AzureEnvironment } from '../azure/environment';
import { AppError } from '../errors';
import type { AccountSource } from '../azure/account-source';
import { redactSecrets } from '../secrets/redact';
import type { CachePersistence, EncryptedCachePlugin } from './encrypted-cache-plugin';
import { postCancelToLoopback } from './loopback-cancel';
import { createPublicClient } from './msal-client';
import { MsalTokenCredential } from './token-credential';

export interface AuthServiceOptions {
  env: AzureEnvironment;
  /** Persists the cache; without one, sign-ins last for this process only. */
  cachePlugin?: EncryptedCachePlugin;
  /** Opens the sign-in page: the allow-listed system-browser opener in the app, a scripted browser in tests. */
  openBrowser: (url: string) => Promise<void>;
  log?: (line: string) => void;
}

const SUCCESS_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Flatkube</title><p style="font-family:system-ui">Signed in to Flatkube. You can close this tab and return to the app.</p>';
const ERROR_PAGE = '<!doctype html><meta charset="utf-8"><title>Flatkube</title><p style="font-family:system-ui">Sign-in did not complete. Return to Flatkube for details.</p>';

export function summarizeAccount(a: AccountInfo): AccountSummary {
  const s: AccountSummary = { id: a.homeAccountId, username: a.username, homeTenantId: a.tenantId };
  if (a.name) s.name = a.name;
  return s;
}

/** MSAL and Entra failures as errors a newcomer can act on (no tokens, no PII). */
export function mapAuthError(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof AuthError) {
    const code = err.errorCode;
    if (code === 'access_denied' || code === 'device_code_polling_cancelled' || code === 'user_cancelled') {
      return new AppError('AUTH_CANCELLED', `${what} was cancelled.`, { cause: err });
    }
    if (code === 'expired_token' || code === 'device_code_expired') {
      return new AppError('AUTH_EXPIRED', `${what} timed out before it was completed.`, { hint: 'Start the sign-in again and finish it within 15 minutes.', cause: err });
    }
    const aadsts = /AADSTS(\d+)/.exec(err.errorMessage ?? '')?.[1];
    const hint =
      aadsts === '700016'
        ? 'The app registration (client id) is not known in this tenant: check FLATKUBE_CLIENT_ID / settings.json, or ask an admin to consent to it.'
        : aadsts === '50011'
          ? 'Add http://localhost as a "Mobile and desktop" redirect URI in the app registration.'
          : 'Try again; if it keeps failing, use the device code sign-in.';
    return new AppError('AUTH_FAILED', `${what} failed: ${redactSecrets(err.errorMessage || err.message || code)}`, { hint, cause: err });
  }
  return new AppError('AUTH_FAILED', `${what} failed: ${redactSecrets((err as Error)?.message ?? String(err))}`, { cause: err });
}

export class AuthService implements AccountSource {
  /** Microsoft sign-in with an app registration (the sandbox signs in through it too). */
  readonly method = 'msal' as const;
  readonly env: AzureEnvironment;
  private readonly pca: PublicClientApplication;

  constructor(private readonly opts: AuthServiceOptions) {
    this.env = opts.env;
    this.pca = createPublicClient(opts.env, {
      ...(opts.cachePlugin ? { cachePlugin: opts.cachePlugin } : {}),
      ...(opts.log ? { log: opts.log } : {}),
    });
  }

  async accounts(): Promise<AccountInfo[]> {
    return this.pca.getTokenCache().getAllAccounts();
  }

  async accountSummaries(): Promise<AccountSummary[]> {
    return (await this.accounts()).map(summarizeAccount);
  }

  async persistence(): Promise<CachePersistence> {
    if (!this.opts.cachePlugin) return { persistent: false, reason: 'Sign-ins are kept for this session only (no token store configured).' };
    return this.opts.cachePlugin.status();
  }

  /** System browser + loopback redirect + PKCE (MSAL generates the verifier and checks state). */
  async signInInteractive(signal?: AbortSignal): Promise<AccountSummary> {
    signal?.throwIfAborted();
    let authUrl: string | undefined;
    const onAbort = () => {
      if (authUrl) void postCancelToLoopback(authUrl);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await this.pca.acquireTokenInteractive({
        scopes: [this.env.armScope],
        // Lets the user pick among several accounts instead of silently reusing one.
        prompt: 'select_account',
        successTemplate: SUCCESS_PAGE,
        errorTemplate: ERROR_PAGE,
        openBrowser: async (url) => {
          authUrl = url;
          if (signal?.aborted) {
            await postCancelToLoopback(url);
            return;
          }
          await this.opts.openBrowser(url);
        },
      });
      return this.accountOf(result);
    } catch (err) {
      if (signal?.aborted) throw new AppError('AUTH_CANCELLED', 'Sign-in was cancelled.', { cause: err });
      throw mapAuthError(err, 'Sign-in in the browser');
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Device code: `onPrompt` shows the code and the page; MSAL polls until approved, expired or cancelled. */
  async signInDeviceCode(onPrompt: (p: DeviceCodePrompt) => void, signal?: AbortSignal): Promise<AccountSummary> {
    signal?.throwIfAborted();
    // MSAL reads `cancel` on this very object before each poll.
    const request = {
      scopes: [this.env.armScope],
      cancel: false,
      deviceCodeCallback: (r: { userCode: string; verificationUri: string; message: string; expiresIn: number }) =>
        onPrompt({ userCode: r.userCode, verificationUri: r.verificationUri, message: r.message, expiresAt: Date.now() + r.expiresIn * 1000 }),
    };
    let rejectAbort: ((e: unknown) => void) | undefined;
    const aborted = new Promise<never>((_, reject) => (rejectAbort = reject));
    const onAbort = () => {
      request.cancel = true;
      rejectAbort?.(new AppError('AUTH_CANCELLED', 'Device code sign-in was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const flow = this.pca.acquireTokenByDeviceCode(request);
    // The poll loop notices `cancel` only at its next tick; settle the caller at once and let it wind down.
    flow.catch(() => {});
    try {
      const result = await Promise.race([flow, aborted]);
      if (!result) throw new AppError('AUTH_FAILED', 'Device code sign-in returned no result.');
      return this.accountOf(result);
    } catch (err) {
      throw mapAuthError(err, 'Device code sign-in');
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Sandbox only: sign in a sandbox user without a browser (password grant; the sandbox names its
   * users and their public password in its startup info, SandboxInfo). The app's sandbox session
   * (session-manager.ts) and the CLI's (cli/sandbox-session.ts) both sign in through here. Refused
   * for real Azure, where the password grant is deprecated and breaks with MFA.
   */
  async signInSandboxUser(username: string, password: string): Promise<AccountSummary> {
    if (this.env.kind !== 'sandbox') {
      throw new AppError('AUTH_AUTOMATION_SANDBOX_ONLY', 'Automated sign-in works in the sandbox only.', { hint: 'Use the browser or device code sign-in for Azure.' });
    }
    try {
      const r = await this.pca.acquireTokenByUsernamePassword({ scopes: [this.env.armScope], username, password });
      if (!r) throw new AppError('AUTH_FAILED', 'Sandbox sign-in returned no result.');
      return this.accountOf(r);
    } catch (err) {
      throw mapAuthError(err, 'Sandbox sign-in');
    }
  }

  /** Removes the account (and its tokens) from the cache; the cache plugin persists the removal. */
  async signOut(accountId: string): Promise<boolean> {
    const account = await this.pca.getTokenCache().getAccountByHomeId(accountId);
    if (!account) return false;
    await this.pca.getTokenCache().removeAccount(account);
    return true;
  }

  async account(accountId: string): Promise<AccountInfo> {
    const account = await this.pca.getTokenCache().getAccountByHomeId(accountId);
    if (!account) {
      throw new AppError('AUTH_ACCOUNT_UNKNOWN', 'That account is not signed in (any more).', { hint: 'Sign in again in the Sign in step.' });
    }
    return account;
  }

  /** A TokenCredential for the ARM clients: silent renewal for this account (and tenant). */
  async credential(accountId: string, tenantId?: string): Promise<TokenCredential> {
    return new MsalTokenCredential(this.pca, this.env, await this.account(accountId), tenantId);
  }

  private accountOf(result: AuthenticationResult): AccountSummary {
    if (!result.account) throw new AppError('AUTH_FAILED', 'Sign-in returned no account.');
    return summarizeAccount(result.account);
  }
}
