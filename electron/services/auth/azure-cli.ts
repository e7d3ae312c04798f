/**
 * "Use my Azure CLI sign-in": real Azure without an app registration. Flatkube borrows the
 * sign-in the Azure CLI already has (`az login`) through @azure/identity's AzureCliCredential,
 * which runs `az account get-access-token --output json --resource <ARM> [--tenant T]` for each
 * token it is asked for. Who az is signed in as comes from `az account show`.
 *
 * Only the main process runs az (the renderer never does), always with a timeout, and without a
 * shell (@azure/core-process). Tokens stay in this process and Flatkube keeps none: no token cache
 * file, no copy on disk; az keeps and renews its own sign-in under ~/.azure. Every failure becomes
 * one sentence with the command that fixes it (`az login`, `az login --tenant T`, ...).
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { execFile, isProcessError } from '@azure/core-process';
import { AzureCliCredential } from '@azure/identity';
import type { AccountSummary } from '../../../shared/ipc/channels/auth';
import type { AzureEnvironment } from '../azure/environment';
import { AppError, type AppErrorCode } from '../errors';
import { redactSecrets } from '../secrets/redact';
import type { AccountSource, SignedInAccount } from '../azure/account-source';
import type { CachePersistence } from './encrypted-cache-plugin';

/** The one account of this sign-in: whoever az is signed in as. */
export const AZURE_CLI_ACCOUNT_ID = 'azure-cli';
/** How long one `az` call may take (az starts Python and may refresh a token over the network). */
export const AZ_TIMEOUT_MS = 30_000;
export const AZURE_CLI_INSTALL_URL = 'https://learn.microsoft.com/cli/azure/install-azure-cli';

/** `az account show`, the fields Flatkube uses. */
export interface AzureCliAccount {
  /** The signed-in user (UPN) or service principal (app id). */
  user: string;
  userType: string;
  /** The tenant of az's current subscription. */
  tenantId: string;
  homeTenantId: string;
  subscriptionId?: string;
  subscriptionName?: string;
  /** az's cloud (`az cloud show`): AzureCloud for the public cloud. */
  cloud?: string;
}

export interface AzRunResult {
  stdout: string;
  stderr: string;
  /** Exit code (null when killed). */
  exitCode: number | null;
  /** az is not installed (or not on PATH). */
  missing: boolean;
  timedOut: boolean;
}

/** The folder az runs in: a system one, as AzureCliCredential does (never the app's own). */
function safeWorkingDir(): string {
  return process.platform === 'win32' ? (process.env.SystemRoot ?? process.env.SYSTEMROOT ?? 'C:\\Windows') : '/bin';
}

/** Runs `az ARGS` without a shell, with a timeout; never throws for az's own failures. */
export async function runAz(args: string[], timeoutMs = AZ_TIMEOUT_MS): Promise<AzRunResult> {
  try {
    const r = await execFile('az', args, { encoding: 'utf8', timeout: timeoutMs, cwd: safeWorkingDir(), allowWindowsBatchFiles: true, windowsHide: true });
    return { stdout: r.stdout, stderr: r.stderr, exitCode: 0, missing: false, timedOut: false };
  } catch (err) {
    if (!isProcessError(err)) throw err;
    const text = (v: unknown) => (typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : '');
    const stderr = text(err.stderr);
    return {
      stdout: text(err.stdout),
      stderr,
      exitCode: typeof err.code === 'number' ? err.code : null,
      missing: err.code === 'ENOENT' || /az:.*not found|'az' is not recognized/i.test(stderr),
      timedOut: err.killed && err.code === null,
    };
  }
}

/** An az failure: one sentence (message), and the command that fixes it on its own. */
export class AzureCliError extends AppError {
  constructor(
    code: Extract<AppErrorCode, `AZ_CLI_${string}`>,
    message: string,
    readonly command: string,
    /** AZ_CLI_TENANT: the tenant the sign-in cannot reach. */
    readonly tenantId?: string,
  ) {
    super(code, message, { hint: `Run: ${command}` });
  }
}

/**
 * A subscription no listing showed, where the Azure CLI's sign-in could not reach a tenant: the
 * sentence that says so, with `az login --tenant T` (or the first az failure as it is).
 */
export function subscriptionOutOfReach(subscriptionId: string, skipped: unknown[]): AzureCliError | undefined {
  const errors = skipped.filter((e): e is AzureCliError => e instanceof AzureCliError);
  const tenant = errors.find((e) => e.code === 'AZ_CLI_TENANT' && e.tenantId);
  if (tenant) {
    const code = aadstsCode(tenant.message);
    return new AzureCliError(
      'AZ_CLI_TENANT',
      `Subscription ${subscriptionId} is out of reach: your Azure CLI sign-in cannot get a token for tenant ${tenant.tenantId}${code ? ` (${code})` : ''}; run \`az login --tenant ${tenant.tenantId}\`.`,
      tenant.command,
      tenant.tenantId,
    );
  }
  return errors[0];
}

export interface AzFailureContext {
  /** The tenant a token was asked for. */
  tenantId?: string;
  /** The tenant az is signed in to (from `az account show`). */
  signedInTenant?: string;
  /** The subscription the token was for, to name it. */
  subscriptionId?: string;
  missing?: boolean;
  timedOut?: boolean;
  timeoutMs?: number;
  /** Text is az's own stderr (quoted in the sentence), not @azure/identity's paraphrase. */
  fromAz?: boolean;
}

// Entra errors that mean "the sign-in is too old": refresh token expired or revoked, password changed.
const EXPIRED = /AADSTS(700082|50173|70043|700084|50132|70008|50133|54005)\b|refresh token has expired|expired due to inactivity|token (has )?expired/i;
// Entra errors that mean "not for this tenant, or this tenant wants its own sign-in (MFA, guest)".
const TENANT = /AADSTS(50076|50079|50020|90072|53003|50158|500011|700016|50034)\b/;

function firstLine(text: string): string {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  return redactSecrets((line ?? '').replace(/^ERROR:\s*/, '')).slice(0, 300);
}

function aadstsCode(text: string): string | undefined {
  return /AADSTS\d+/.exec(text)?.[0];
}

/**
 * What went wrong with az, as one sentence ending in the command to run. Recognises az missing,
 * signed out, an expired sign-in, a tenant the sign-in does not cover, a conditional-access
 * claims challenge and a timeout; anything else quotes az's first line.
 */
export function azureCliFailure(text: string, ctx: AzFailureContext = {}): AzureCliError {
  const code = aadstsCode(text);
  if (ctx.missing || /Azure CLI could not be found|az:.*not found|'az' is not recognized/i.test(text)) {
    return new AzureCliError('AZ_CLI_MISSING', `The Azure CLI (az) was not found on this computer: install it (${AZURE_CLI_INSTALL_URL}), then run \`az login\`.`, 'az login');
  }
  if (ctx.timedOut) {
    const s = Math.round((ctx.timeoutMs ?? AZ_TIMEOUT_MS) / 1000);
    return new AzureCliError('AZ_CLI_TIMEOUT', `The Azure CLI did not answer within ${s} s: run \`az account show\` in a terminal to see what it waits for.`, 'az account show');
  }
  const claims = /(az login --claims-challenge \S+(?: --scope \S+)?(?: --tenant \S+)?)/.exec(text)?.[1];
  if (claims) {
    return new AzureCliError('AZ_CLI_CLAIMS', `Azure wants a fresh Azure CLI sign-in for this request (a conditional access policy): run \`az logout\`, then \`${claims}\`.`, `az logout && ${claims}`);
  }
  if (EXPIRED.test(text)) {
    return new AzureCliError('AZ_CLI_EXPIRED', `Your Azure CLI sign-in has expired${code ? ` (${code})` : ''}: run \`az login\`.`, 'az login');
  }
  const otherTenant = ctx.tenantId && ctx.signedInTenant && ctx.tenantId.toLowerCase() !== ctx.signedInTenant.toLowerCase();
  if (ctx.tenantId && (TENANT.test(text) || (otherTenant && (code || /Interactive authentication is needed|az login/.test(text))))) {
    const sub = ctx.subscriptionId ? `, which holds subscription ${ctx.subscriptionId}` : '';
    return new AzureCliError(
      'AZ_CLI_TENANT',
      `Your Azure CLI sign-in cannot get a token for tenant ${ctx.tenantId}${sub}${code ? ` (${code})` : ''}: run \`az login --tenant ${ctx.tenantId}\`.`,
      `az login --tenant ${ctx.tenantId}`,
      ctx.tenantId,
    );
  }
  if (/Interactive authentication is needed/i.test(text) || code) {
    return new AzureCliError('AZ_CLI_SIGN_IN_AGAIN', `The Azure CLI needs you to sign in again${code ? ` (${code})` : ''}: run \`az login\`.`, 'az login');
  }
  if (/az login/.test(text)) {
    const said = ctx.fromAz ? ` (az says: "${firstLine(text)}")` : '';
    return new AzureCliError('AZ_CLI_SIGNED_OUT', `The Azure CLI is not signed in${said}: run \`az login\`.`, 'az login');
  }
  const said = firstLine(text);
  return new AzureCliError(
    'AZ_CLI_FAILED',
    `The Azure CLI failed${said ? `: ${said.replace(/[.:]$/, '')}` : ''}; run \`az account get-access-token --output none\` in a terminal to see why.`,
    'az account get-access-token --output none',
  );
}

/** `az account show --output json`: who az is signed in as (AppError with the command when it cannot say). */
export async function azureCliAccount(timeoutMs = AZ_TIMEOUT_MS): Promise<AzureCliAccount> {
  const r = await runAz(['account', 'show', '--output', 'json'], timeoutMs);
  if (r.missing || r.timedOut || r.exitCode !== 0) {
    throw azureCliFailure(r.stderr, { missing: r.missing, timedOut: r.timedOut, timeoutMs, fromAz: true });
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(r.stdout) as Record<string, unknown>;
  } catch {
    throw new AzureCliError('AZ_CLI_FAILED', 'The Azure CLI answered `az account show` with something that is not JSON: run `az account show` in a terminal to see why.', 'az account show');
  }
  const user = json.user as { name?: unknown; type?: unknown } | undefined;
  const tenantId = typeof json.tenantId === 'string' ? json.tenantId : undefined;
  if (typeof user?.name !== 'string' || !tenantId) {
    throw new AzureCliError('AZ_CLI_SIGNED_OUT', 'The Azure CLI shows no signed-in account: run `az login`.', 'az login');
  }
  const out: AzureCliAccount = {
    user: user.name,
    userType: typeof user.type === 'string' ? user.type : 'user',
    tenantId,
    homeTenantId: typeof json.homeTenantId === 'string' && json.homeTenantId ? json.homeTenantId : tenantId,
  };
  if (typeof json.id === 'string') out.subscriptionId = json.id;
  if (typeof json.name === 'string') out.subscriptionName = json.name;
  if (typeof json.environmentName === 'string') out.cloud = json.environmentName;
  return out;
}

/**
 * AzureCliCredential with Flatkube's sentences: each getToken runs az (nothing is cached here;
 * the ARM clients' own bearer policy reuses a token until it nears expiry, in memory).
 */
export class AzureCliTokenCredential implements TokenCredential {
  private readonly inner: AzureCliCredential;

  constructor(
    private readonly opts: { tenantId?: string; signedInTenant?: string; subscriptionId?: string; timeoutMs?: number; now?: () => number } = {},
  ) {
    this.inner = new AzureCliCredential({
      ...(opts.tenantId ? { tenantId: opts.tenantId } : {}),
      processTimeoutInMs: opts.timeoutMs ?? AZ_TIMEOUT_MS,
      // ARM's challenge may name a tenant (GetTokenOptions.tenantId); let it through as MSAL's path does.
      additionallyAllowedTenants: ['*'],
    });
  }

  async getToken(scopes: string | string[], options: GetTokenOptions = {}): Promise<AccessToken | null> {
    if (options.abortSignal?.aborted) throw new AppError('CANCELLED', 'Getting an Azure token was cancelled.');
    const tenantId = options.tenantId ?? this.opts.tenantId;
    const timeoutMs = this.opts.timeoutMs ?? AZ_TIMEOUT_MS;
    const started = Date.now();
    let token: AccessToken;
    try {
      token = await this.inner.getToken(scopes, {
        ...(options.tenantId ? { tenantId: options.tenantId } : {}),
        ...(options.claims ? { claims: options.claims } : {}),
      });
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      // A killed az (timeout) leaves no output: the credential then fails on parsing it.
      const timedOut = Date.now() - started >= timeoutMs - 50 && !/az login|AADSTS/.test(text);
      throw azureCliFailure(text, {
        ...(tenantId ? { tenantId } : {}),
        ...(this.opts.signedInTenant ? { signedInTenant: this.opts.signedInTenant } : {}),
        ...(this.opts.subscriptionId ? { subscriptionId: this.opts.subscriptionId } : {}),
        timedOut,
        timeoutMs,
      });
    }
    // az never hands out an expired token on purpose; a stale one (clock, broken cache) is a sign-in to renew.
    if (token.expiresOnTimestamp <= (this.opts.now ?? Date.now)()) {
      throw new AzureCliError('AZ_CLI_EXPIRED', 'Your Azure CLI sign-in has expired (az returned an expired token): run `az login`.', 'az login');
    }
    return token;
  }
}

export interface AzureCliAuthOptions {
  env: AzureEnvironment;
  /** Bound on each az call (ms). */
  timeoutMs?: number;
}

/** The Azure CLI's sign-in as an account source for the directory and the Azure reads. */
export class AzureCliAuth implements AccountSource {
  readonly method = 'azure-cli' as const;
  readonly env: AzureEnvironment;
  private account: AzureCliAccount | undefined;

  constructor(private readonly opts: AzureCliAuthOptions) {
    this.env = opts.env;
  }

  get timeoutMs(): number {
    return this.opts.timeoutMs ?? AZ_TIMEOUT_MS;
  }

  /** Asks az again who is signed in (`az account show`); throws the sentence and command when nobody is. */
  async refresh(): Promise<AzureCliAccount> {
    const a = await azureCliAccount(this.timeoutMs);
    // The public cloud's endpoint wants az on the public cloud; the sandbox posing as Azure is exempt.
    if (this.env.armEndpoint === 'https://management.azure.com' && a.cloud && a.cloud !== 'AzureCloud') {
      throw new AzureCliError(
        'AZ_CLI_OTHER_CLOUD',
        `The Azure CLI is set to ${a.cloud}, and Flatkube works with Azure's public cloud: run \`az cloud set --name AzureCloud\`, then \`az login\`.`,
        'az cloud set --name AzureCloud && az login',
      );
    }
    this.account = a;
    return a;
  }

  async current(): Promise<AzureCliAccount> {
    return this.account ?? this.refresh();
  }

  /** A subscription the listing missed because az could not reach its tenant: that, with the command. */
  outOfReach(subscriptionId: string, skipped: unknown[]): AzureCliError | undefined {
    return subscriptionOutOfReach(subscriptionId, skipped);
  }

  async accounts(): Promise<SignedInAccount[]> {
    const a = await this.current();
    return [{ homeAccountId: AZURE_CLI_ACCOUNT_ID, username: a.user, tenantId: a.homeTenantId }];
  }

  async accountSummaries(): Promise<AccountSummary[]> {
    return (await this.accounts()).map((a) => ({ id: a.homeAccountId, username: a.username, homeTenantId: a.tenantId }));
  }

  /** Flatkube keeps nothing for this sign-in: it lasts as long as az's own. */
  async persistence(): Promise<CachePersistence> {
    return { persistent: true, reason: 'The Azure CLI keeps this sign-in (az login / az logout); Flatkube stores no token for it.' };
  }

  async credential(accountId: string, tenantId?: string): Promise<TokenCredential> {
    if (accountId !== AZURE_CLI_ACCOUNT_ID) {
      throw new AppError('AUTH_ACCOUNT_UNKNOWN', 'That account is not the Azure CLI\'s sign-in.', { hint: 'Open the Sign in step and choose the Azure CLI sign-in again.' });
    }
    const a = await this.current();
    return new AzureCliTokenCredential({ ...(tenantId ? { tenantId } : {}), signedInTenant: a.tenantId, timeoutMs: this.timeoutMs });
  }
}
