/**
 * Which Azure the app talks to right now: the embedded sandbox (the default, started lazily on
 * first use, a sandbox user signed in automatically) or real Azure (when an account is signed
 * in there, or the user switches), signed in either with MSAL and an app registration or with
 * the Azure CLI's own sign-in (`az login`, no app registration, nothing stored by Flatkube). One
 * Session per kind: its sign-in (AuthService with its own token cache file, or AzureCliAuth with
 * none), account directory and read services. Stopped (sandbox included) by close().
 */
import path from 'node:path';
import type { ArmClientTuning } from '../azure/arm-clients';
import { AccountDirectory } from '../azure/account-directory';
import { AzureReads } from '../azure/azure-reads';
import { publicCloudEnvironment, type AzureEnvironment } from '../azure/environment';
import { RetailPrices } from '../azure/retail-prices';
import { sandboxEnvironment, type SandboxEnvironmentInfo } from '../azure/sandbox-environment';
import type { SignInChoice, SignInMethod } from '../../../shared/ipc/channels/auth';
import { AuthService } from '../auth/auth-service';
import { AZURE_CLI_INSTALL_URL, AzureCliAuth, AzureCliError } from '../auth/azure-cli';
import { loadAuthSettings, type AuthSettings } from '../auth/auth-settings';
import { EncryptedCachePlugin } from '../auth/encrypted-cache-plugin';
import { AppError } from '../errors';
import type { SecretStore } from '../secrets/secret-store';

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
  /** Bound on each `az` call of the Azure CLI sign-in (ms). */
  azureCliTimeoutMs?: number;
}

/** How to register an app for Microsoft sign-in (learn.microsoft.com is allow-listed for links). */
export const APP_REGISTRATION_HELP_URL = 'https://learn.microsoft.com/entra/identity-platform/quickstart-register-app';

type SessionKind = 'sandbox' | 'azure' | 'azure-cli';

/** The encrypted MSAL cache of one environment (shared by the app, browser mode and the CLI). */
export function tokenCacheFile(dataDir: string, kind: 'sandbox' | 'azure'): string {
  return path.join(dataDir, `token-cache-${kind}.bin`);
}

export type SessionAuth = AuthService | AzureCliAuth;

export interface Session<A extends SessionAuth = SessionAuth> {
  env: AzureEnvironment;
  /** How this session signs in: the sandbox's own user, MSAL (app registration) or the Azure CLI. */
  method: SignInMethod;
  auth: A;
  directory: AccountDirectory;
  reads: AzureReads;
}

export class SessionManager {
  private mode: SessionKind | undefined;
  private sandbox: Promise<StartedSandbox> | undefined;
  private sessions = new Map<SessionKind, Promise<Session>>();
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
      if (!(await this.azureUnavailableReason())) azureAccounts = (await (await this.msalSession()).auth.accounts()).length;
      this.mode ??= azureAccounts > 0 ? 'azure' : 'sandbox';
    }
    if (this.mode === 'azure') return this.msalSession();
    if (this.mode === 'azure-cli') return this.session('azure-cli');
    return this.useSandbox();
  }

  get currentKind(): 'sandbox' | 'azure' {
    return this.mode === undefined || this.mode === 'sandbox' ? 'sandbox' : 'azure';
  }

  async useSandbox(): Promise<Session<AuthService>> {
    this.mode = 'sandbox';
    const s = await this.msalSession('sandbox');
    // One check at a time: the app's first calls arrive together, and each signing the sandbox
    // user in (or out) on its own would race the others' use of the same token cache.
    this.sandboxUser ??= this.ensureSandboxUser(s).finally(() => (this.sandboxUser = undefined));
    await this.sandboxUser;
    return s;
  }

  private async ensureSandboxUser(s: Session<AuthService>): Promise<void> {
    // A restarted sandbox listens on another port: accounts cached for the previous one cannot
    // get tokens from it (AUTH_INTERACTION_REQUIRED), so they are dropped and signed in afresh.
    const host = new URL(s.env.authorityHost).host;
    for (const a of await s.auth.accounts()) if (a.environment !== host) await s.auth.signOut(a.homeAccountId);
    // The sandbox needs no real account: sign in its first user so the wizard can go on at once.
    // Who that is comes from the sandbox's own startup info, as the rest of what the app knows of it.
    const info = (await this.sandbox)?.info;
    const upn = info?.users[0];
    if (!info || !upn) throw new AppError('SANDBOX_UNAVAILABLE', 'The sandbox did not say which users it has.');
    if ((await s.auth.accounts()).length === 0) await s.auth.signInSandboxUser(upn, info.userPassword);
  }

  async useAzure(): Promise<Session<AuthService>> {
    const why = await this.azureUnavailableReason();
    if (why) {
      throw new AppError('AUTH_CLIENT_ID_MISSING', why, { hint: 'Register a public client app (README: "Use your own app registration"), use your Azure CLI sign-in, or keep using the sandbox.' });
    }
    this.mode = 'azure';
    return this.msalSession();
  }

  /**
   * Real Azure through the Azure CLI's sign-in. Asks az who is signed in first (`az account
   * show`); when az is missing or signed out, throws that sentence with the command to run and
   * stays where it was.
   */
  async useAzureCli(): Promise<Session<AzureCliAuth>> {
    const s = (await this.session('azure-cli')) as Session<AzureCliAuth>;
    await s.auth.refresh();
    this.mode = 'azure-cli';
    return s;
  }

  /**
   * The ways to sign in on this machine, in plain words: the sandbox always; the Azure CLI when
   * az is installed and signed in (with its account); Microsoft sign-in when an app registration
   * is configured (else how to get one).
   */
  async signInChoices(): Promise<SignInChoice[]> {
    const out: SignInChoice[] = [
      { method: 'sandbox', available: true, detail: 'A simulated Azure inside Flatkube: the whole flow and real logs, with no account and no cost.' },
    ];
    try {
      const s = (await this.session('azure-cli')) as Session<AzureCliAuth>;
      const a = await s.auth.refresh();
      out.push({
        method: 'azure-cli',
        available: true,
        detail: `The Azure CLI is signed in as ${a.user}: Flatkube asks it for tokens when it needs them and stores none.`,
        account: { user: a.user, tenantId: a.tenantId, ...(a.subscriptionId ? { subscriptionId: a.subscriptionId } : {}), ...(a.subscriptionName ? { subscriptionName: a.subscriptionName } : {}) },
      });
    } catch (err) {
      const e = err instanceof AzureCliError ? err : undefined;
      out.push({
        method: 'azure-cli',
        available: false,
        detail: err instanceof Error ? err.message : String(err),
        ...(e ? { command: e.command } : {}),
        ...(e?.code === 'AZ_CLI_MISSING' ? { helpUrl: AZURE_CLI_INSTALL_URL } : {}),
      });
    }
    const why = await this.azureUnavailableReason();
    out.push(
      why
        ? {
            method: 'msal',
            available: false,
            detail: 'Microsoft sign-in needs an app registration of your own: set FLATKUBE_CLIENT_ID or azure.clientId in settings.json (README: "Use your own app registration").',
            helpUrl: APP_REGISTRATION_HELP_URL,
          }
        : { method: 'msal', available: true, detail: 'Sign in with your work or school account in the browser (or with a device code), through your app registration.' },
    );
    return out;
  }

  private msalSession(kind: 'sandbox' | 'azure' = 'azure'): Promise<Session<AuthService>> {
    return this.session(kind) as Promise<Session<AuthService>>;
  }

  private session(kind: SessionKind): Promise<Session> {
    if (this.closed) return Promise.reject(new AppError('SESSION_CLOSED', 'The app is shutting down.'));
    let s = this.sessions.get(kind);
    if (!s) {
      s = this.createSession(kind);
      this.sessions.set(kind, s);
      s.catch(() => this.sessions.delete(kind));
    }
    return s;
  }

  private async createSession(kind: SessionKind): Promise<Session> {
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
    let auth: SessionAuth;
    if (kind === 'azure-cli') {
      // No token cache, no file: az keeps its own sign-in.
      auth = new AzureCliAuth({ env, ...(this.opts.azureCliTimeoutMs ? { timeoutMs: this.opts.azureCliTimeoutMs } : {}) });
    } else {
      const cachePlugin = dir && this.opts.secretStore ? new EncryptedCachePlugin(this.opts.secretStore, tokenCacheFile(dir, kind)) : undefined;
      auth = new AuthService({ env, openBrowser: this.opts.openBrowser, ...(cachePlugin ? { cachePlugin } : {}), ...(this.opts.log ? { log: this.opts.log } : {}) });
    }
    const directory = new AccountDirectory(auth, this.opts.tuning);
    const prices = new RetailPrices({ endpoint: env.pricesEndpoint, ...(env.caCertPem ? { caCertPem: env.caCertPem } : {}), ...(dir ? { cacheDir: path.join(dir, 'cache') } : {}) });
    const method: SignInMethod = kind === 'sandbox' ? 'sandbox' : kind === 'azure-cli' ? 'azure-cli' : 'msal';
    return { env, method, auth, directory, reads: new AzureReads(env, directory, prices, this.opts.tuning) };
  }

  async close(): Promise<void> {
    this.closed = true;
    const sb = this.sandbox;
    this.sandbox = undefined;
    this.sessions.clear();
    if (sb) await (await sb.catch(() => undefined))?.close();
  }
}
