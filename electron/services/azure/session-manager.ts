/**
 * Which Azure the app talks to right now: the embedded sandbox (the default, started lazily on
 * first use, a sandbox user signed in automatically) or real Azure (when an account is signed
 * in there, or the user switches). One Session per environment: its AuthService (own token
 * cache file), account directory and read services. Stopped (sandbox included) by close().
 */
import path from 'node:path';
import type { ArmClientTuning } from './arm-clients';
import { AccountDirectory } from './account-directory';
import { AzureReads } from './azure-reads';
import { publicCloudEnvironment, type AzureEnvironment } from './environment';
import { RetailPrices } from './retail-prices';
import { sandboxEnvironment, type SandboxEnvironmentInfo } from './sandbox-environment';
import { AuthService } from '../auth/auth-service';
import { loadAuthSettings, type AuthSettings } from '../auth/auth-settings';
import { EncryptedCachePlugin } from '../auth/encrypted-cache-plugin';
import { AppError } from '../errors';
import type { SecretStore } from '../secrets/secret-store';
import { SANDBOX_USERS, SANDBOX_USER_PASSWORD } from '../sandbox/identity/sandbox-users';

export interface StartedSandbox {
  info: SandboxEnvironmentInfo;
  caCertPem: string;
  close(): Promise<void>;
}

export interface SessionManagerOptions {
  /** App data folder: token caches, price cache, settings.json. '' = nothing persisted. */
  dataDir: string;
  /** Encrypts the token caches; without it sign-ins are session-only. */
  secretStore?: SecretStore;
  /** Starts the embedded sandbox (injected: the backend passes startSandbox with its state dir). */
  startSandbox: () => Promise<StartedSandbox>;
  /** Opens sign-in pages in the system browser (the allow-listed opener in the app). */
  openBrowser: (url: string) => Promise<void>;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  tuning?: ArmClientTuning;
  /**
   * Builds the real-Azure environment from the auth settings (default: the public cloud). Tests
   * pass the sandbox dressed as Azure, so the real-Azure code path runs without the internet.
   */
  azureEnvironment?: (settings: AuthSettings) => AzureEnvironment;
}

/** The encrypted MSAL cache of one environment (shared by the app, browser mode and the CLI). */
export function tokenCacheFile(dataDir: string, kind: 'sandbox' | 'azure'): string {
  return path.join(dataDir, `token-cache-${kind}.bin`);
}

export interface Session {
  env: AzureEnvironment;
  auth: AuthService;
  directory: AccountDirectory;
  reads: AzureReads;
}

export class SessionManager {
  private mode: 'sandbox' | 'azure' | undefined;
  private sandbox: Promise<StartedSandbox> | undefined;
  private sessions = new Map<'sandbox' | 'azure', Promise<Session>>();
  private settings: Promise<AuthSettings> | undefined;
  private sandboxUser: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly opts: SessionManagerOptions) {}

  authSettings(): Promise<AuthSettings> {
    this.settings ??= loadAuthSettings({ ...(this.opts.dataDir ? { dataDir: this.opts.dataDir } : {}), ...(this.opts.env ? { env: this.opts.env } : {}) });
    return this.settings;
  }

  /** Why real Azure cannot be used yet, or undefined when it can. */
  async azureUnavailableReason(): Promise<string | undefined> {
    const s = await this.authSettings().catch((e: AppError) => e);
    if (s instanceof AppError) return s.message;
    return s.clientId ? undefined : 'No Azure app registration is configured yet: set FLATKUBE_CLIENT_ID or azure.clientId in settings.json (see the README on registering your own app).';
  }

  /** The current session: real Azure when an account is signed in there, else the sandbox. */
  async current(): Promise<Session> {
    if (this.mode === undefined) {
      let azureAccounts = 0;
      if (!(await this.azureUnavailableReason())) azureAccounts = (await (await this.session('azure')).auth.accounts()).length;
      this.mode ??= azureAccounts > 0 ? 'azure' : 'sandbox';
    }
    return this.mode === 'azure' ? this.session('azure') : this.useSandbox();
  }

  get currentKind(): 'sandbox' | 'azure' {
    return this.mode ?? 'sandbox';
  }

  async useSandbox(): Promise<Session> {
    this.mode = 'sandbox';
    const s = await this.session('sandbox');
    // One check at a time: the app's first calls arrive together, and each signing the sandbox
    // user in (or out) on its own would race the others' use of the same token cache.
    this.sandboxUser ??= this.ensureSandboxUser(s).finally(() => (this.sandboxUser = undefined));
    await this.sandboxUser;
    return s;
  }

  private async ensureSandboxUser(s: Session): Promise<void> {
    // A restarted sandbox listens on another port: accounts cached for the previous one cannot
    // get tokens from it (AUTH_INTERACTION_REQUIRED), so they are dropped and signed in afresh.
    const host = new URL(s.env.authorityHost).host;
    for (const a of await s.auth.accounts()) if (a.environment !== host) await s.auth.signOut(a.homeAccountId);
    // The sandbox needs no real account: sign in its first user so the wizard can go on at once.
    if ((await s.auth.accounts()).length === 0) await s.auth.signInSandboxUser(SANDBOX_USERS[0]!.upn, SANDBOX_USER_PASSWORD);
  }

  async useAzure(): Promise<Session> {
    const why = await this.azureUnavailableReason();
    if (why) throw new AppError('AUTH_CLIENT_ID_MISSING', why, { hint: 'Register a public client app (README: "Use your own app registration"), or keep using the sandbox.' });
    this.mode = 'azure';
    return this.session('azure');
  }

  private session(kind: 'sandbox' | 'azure'): Promise<Session> {
    if (this.closed) return Promise.reject(new AppError('SESSION_CLOSED', 'The app is shutting down.'));
    let s = this.sessions.get(kind);
    if (!s) {
      s = this.createSession(kind);
      this.sessions.set(kind, s);
      s.catch(() => this.sessions.delete(kind));
    }
    return s;
  }

  private async createSession(kind: 'sandbox' | 'azure'): Promise<Session> {
    let env: AzureEnvironment;
    if (kind === 'sandbox') {
      this.sandbox ??= this.opts.startSandbox();
      this.sandbox.catch(() => (this.sandbox = undefined));
      const sb = await this.sandbox;
      env = sandboxEnvironment(sb.info, sb.caCertPem);
    } else {
      const settings = await this.authSettings();
      env = this.opts.azureEnvironment ? this.opts.azureEnvironment(settings) : publicCloudEnvironment({ clientId: settings.clientId ?? '', tenantId: settings.tenantId });
    }
    const dir = this.opts.dataDir;
    const cachePlugin = dir && this.opts.secretStore ? new EncryptedCachePlugin(this.opts.secretStore, tokenCacheFile(dir, kind)) : undefined;
    const auth = new AuthService({ env, openBrowser: this.opts.openBrowser, ...(cachePlugin ? { cachePlugin } : {}), ...(this.opts.log ? { log: this.opts.log } : {}) });
    const directory = new AccountDirectory(auth, this.opts.tuning);
    const prices = new RetailPrices({ endpoint: env.pricesEndpoint, ...(env.caCertPem ? { caCertPem: env.caCertPem } : {}), ...(dir ? { cacheDir: path.join(dir, 'cache') } : {}) });
    return { env, auth, directory, reads: new AzureReads(env, directory, prices, this.opts.tuning) };
  }

  async close(): Promise<void> {
    this.closed = true;
    const sb = this.sandbox;
    this.sandbox = undefined;
    this.sessions.clear();
    if (sb) await (await sb.catch(() => undefined))?.close();
  }
}
