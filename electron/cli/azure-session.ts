import path from 'node:path';
import { loadAuthSettings, SETTINGS_FILE_NAME } from '../services/auth/auth-settings';
import { SessionManager, type Session } from '../services/azure/session-manager';
import { AppError } from '../services/errors';
import { writeLine, type CliDeps } from './cli-deps';
import { cliTokenCacheStore } from './token-cache-store';

/**
 * Real Azure for the CLI, set up the way the app sets it up: the app's SessionManager (and so its
 * AuthService, AccountDirectory and AzureReads) over the data dir the app uses, with the same
 * settings (FLATKUBE_CLIENT_ID / settings.json) and the same token cache file. There is no
 * browser and no sandbox here: a terminal signs in with a device code (azure-sign-in.ts).
 */
export interface CliAzureSession {
  session: Session;
  close(): Promise<void>;
}

/** Where the user learns to register an app (README section title, so it can be searched for). */
export const APP_REGISTRATION_HELP = 'README.md, "Use your own app registration"';

export async function openAzureSession(deps: CliDeps, opts: { tenant?: string } = {}): Promise<CliAzureSession> {
  const env = opts.tenant ? { ...deps.env, FLATKUBE_TENANT_ID: opts.tenant } : deps.env;
  // Checked before anything touches the data dir: without a client id there is nothing to do.
  const settings = await loadAuthSettings({ dataDir: deps.dataDir, env });
  if (!settings.clientId) {
    throw new Error(
      `no Azure app registration (client id) is configured: set FLATKUBE_CLIENT_ID or azure.clientId in ${path.join(deps.dataDir, SETTINGS_FILE_NAME)} (see ${APP_REGISTRATION_HELP})`,
    );
  }
  const cache = await cliTokenCacheStore(deps.dataDir);
  if (cache.note) writeLine(deps.stderr, `flatkube: ${cache.note}`);
  const manager = new SessionManager({
    dataDir: deps.dataDir,
    secretStore: cache.store,
    env,
    ...(deps.azureEnvironment ? { azureEnvironment: deps.azureEnvironment } : {}),
    openBrowser: async () => {
      throw new AppError('AUTH_NO_BROWSER', 'The CLI signs in with a device code, not in a browser.');
    },
    startSandbox: async () => {
      throw new AppError('SANDBOX_NOT_USED', 'Real-Azure commands never start the sandbox; add --sandbox for it.');
    },
  });
  try {
    return { session: await manager.useAzure(), close: () => manager.close() };
  } catch (err) {
    await manager.close();
    throw err;
  }
}
