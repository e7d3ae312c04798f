/** A sandbox with a signed-in sandbox user and Flatkube's Azure read services wired to it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuthService } from '../../../electron/services/auth/auth-service';
import { AccountDirectory } from '../../../electron/services/azure/account-directory';
import type { ArmClientTuning } from '../../../electron/services/azure/arm-clients';
import { AzureReads } from '../../../electron/services/azure/azure-reads';
import { RetailPrices } from '../../../electron/services/azure/retail-prices';
import { sandboxEnvironment } from '../../../electron/services/azure/sandbox-environment';
import type { AzureEnvironment } from '../../../electron/services/azure/environment';
import { SANDBOX_USERS, SANDBOX_USER_PASSWORD, startSandbox, type Sandbox, type SandboxOptions } from '@flatkube/sandbox';

export interface AzureTestEnv {
  sb: Sandbox;
  env: AzureEnvironment;
  auth: AuthService;
  directory: AccountDirectory;
  prices: RetailPrices;
  reads: AzureReads;
  dir: string;
  subscriptionId: string;
  close(): Promise<void>;
}

/** Short SDK retry delays keep fault tests fast; Retry-After from the server still governs 429s. */
export const FAST_RETRIES: ArmClientTuning = { retryOptions: { maxRetries: 3, retryDelayInMs: 20, maxRetryDelayInMs: 200 } };

export async function startAzureTestEnv(opts: SandboxOptions = {}): Promise<AzureTestEnv> {
  const sb = await startSandbox({ latency: 'instant', ...opts });
  const dir = mkdtempSync(path.join(tmpdir(), 'flatkube-azure-'));
  const env = sandboxEnvironment(sb.info, sb.caCertPem);
  const auth = new AuthService({ env, openBrowser: async () => {} });
  await auth.signInSandboxUser(SANDBOX_USERS[0]!.upn, SANDBOX_USER_PASSWORD);
  const directory = new AccountDirectory(auth, FAST_RETRIES);
  const prices = new RetailPrices({ endpoint: env.pricesEndpoint, caCertPem: sb.caCertPem, cacheDir: dir });
  const reads = new AzureReads(env, directory, prices, FAST_RETRIES);
  return {
    sb,
    env,
    auth,
    directory,
    prices,
    reads,
    dir,
    subscriptionId: sb.info.subscriptionId,
    async close() {
      await sb.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
