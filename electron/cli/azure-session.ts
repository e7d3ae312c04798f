import path from 'node:path';
import type { AuthService } from '../services/auth/auth-service';
import { loadAuthSettings, SETTINGS_FILE_NAME } from '../services/auth/auth-settings';
import { azureCliAccount, type AzureCliAuth } from '../services/auth/azure-cli';
import { SessionManager, type Session } from '../services/session/session-manager';
import { AppError } from '../services/errors';
import { UsageError } from './args';
import { writeLine, type CliDeps } from './cli-deps';
import { cliTokenCacheStore } from './token-cache-store';

/**
 * Real Azure for the CLI, set up the way the app sets it up: the app's SessionManager (and so its
 * AuthService or AzureCliAuth, AccountDirectory and AzureReads) over the data dir the app uses,
 * with the same settings (FLATKUBE_CLIENT_ID / settings.json) and, for MSAL, the same token cache
 * file. There is no browser and no sandbox here: MSAL signs in with a device code
 * (azure-sign-in.ts); the Azure CLI's sign-in is az's own and the CLI stores nothing for it.
 */
export interface CliAzureSession<A extends AuthService | AzureCliAuth = AuthService> {
  session: Session<A>;
  close(): Promise<void>;
}

/** How a real-Azure command signs in (`--auth`). */
export type CliAuthMethod = 'msal' | 'azure-cli';

/** Where the user learns to register an app (README section title, so it can be searched for). */
export const APP_REGISTRATION_HELP = 'README.md, "Use your own app registration"';

export function parseAuthFlag(v: string | boolean | undefined): CliAuthMethod | undefined {
  if (v === undefined) return undefined;
  if (v === 'msal' || v === 'azure-cli') return v;
  throw new UsageError(`--auth must be azure-cli or msal, not "${String(v)}"`);
}

function noAppRegistration(deps: CliDeps): Error {
  return new Error(
    `no Azure app registration (client id) is configured: set FLATKUBE_CLIENT_ID or azure.clientId in ${path.join(deps.dataDir, SETTINGS_FILE_NAME)} (see ${APP_REGISTRATION_HELP})`,
  );
}

/**
 * `--auth` when given; otherwise MSAL when an app registration is configured, else the Azure
 * CLI's sign-in when az is installed and signed in, else the "no app registration" error.
 */
export async function chooseAuthMethod(deps: CliDeps, flag?: CliAuthMethod): Promise<CliAuthMethod> {
  if (flag) return flag;
  const settings = await loadAuthSettings({ dataDir: deps.dataDir, env: deps.env });
  if (settings.clientId) return 'msal';
  try {
    await azureCliAccount();
    return 'azure-cli';
  } catch {
    throw noAppRegistration(deps);
  }
}

function manager(deps: CliDeps, env: NodeJS.ProcessEnv, secretStore?: Awaited<ReturnType<typeof cliTokenCacheStore>>['store']): SessionManager {
  return new SessionManager({
    dataDir: deps.dataDir,
    ...(secretStore ? { secretStore } : {}),
    env,
    ...(deps.azureEnvironment ? { azureEnvironment: deps.azureEnvironment } : {}),
    openBrowser: async () => {
      throw new AppError('AUTH_NO_BROWSER', 'The CLI signs in with a device code, not in a browser.');
    },
    startSandbox: async () => {
      throw new AppError('SANDBOX_NOT_USED', 'Real-Azure commands never start the sandbox; add --sandbox for it.');
    },
  });
}

export async function openAzureSession(deps: CliDeps, opts: { tenant?: string } = {}): Promise<CliAzureSession> {
  const env = opts.tenant ? { ...deps.env, FLATKUBE_TENANT_ID: opts.tenant } : deps.env;
  // Checked before anything touches the data dir: without a client id there is nothing to do.
  const settings = await loadAuthSettings({ dataDir: deps.dataDir, env });
  if (!settings.clientId) throw noAppRegistration(deps);
  const cache = await cliTokenCacheStore(deps.dataDir);
  if (cache.note) writeLine(deps.stderr, `flatkube: ${cache.note}`);
  const m = manager(deps, env, cache.store);
  try {
    return { session: await m.useAzure(), close: () => m.close() };
  } catch (err) {
    await m.close();
    throw err;
  }
}

/**
 * Real Azure through the Azure CLI's sign-in: no app registration, no token cache, nothing
 * written. Fails at once, with az's reason and the command to run, when az is missing or
 * signed out (`az account show`).
 */
export async function openAzureCliSession(deps: CliDeps): Promise<CliAzureSession<AzureCliAuth>> {
  const m = manager(deps, deps.env);
  try {
    return { session: await m.useAzureCli(), close: () => m.close() };
  } catch (err) {
    await m.close();
    throw err;
  }
}
