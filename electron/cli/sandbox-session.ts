import { PublicClientApplication } from '@azure/msal-node';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { createArmClients, type ArmClients } from '../services/azure/arm-clients';
import type { AzureEnvironment } from '../services/azure/environment';
import { sandboxEnvironment } from '../services/azure/sandbox-environment';
import { spawnSandbox, type SandboxProcess } from '@flatkube/sandbox/process';
import { caTrustingNetworkClient } from '../services/auth/ca-trusting-network-client';
import { entraMetadata } from '../services/azure/entra-metadata';
import type { LatencyProfileName } from '@flatkube/sandbox';
import { sandboxStateDir } from '../services/app/data-dir';
import { AppError } from '../services/errors';

/**
 * The embedded sandbox for `create --sandbox` and `destroy` of a sandbox cluster: started in its
 * own process (@flatkube/sandbox/process) with its state under the data dir (so a later command restarts the same sandbox),
 * and signed in as the first sandbox user without a browser. The password grant is acceptable
 * here only because these are the sandbox's own published test users; real Azure never uses it.
 * (H6's auth service has no headless sandbox sign-in yet; switch to it when it does.)
 */
export interface SandboxSession {
  sandbox: SandboxProcess;
  env: AzureEnvironment;
  arm: ArmClients;
  /** ARM clients for one of the sandbox's subscriptions (AppError when the user cannot see it). */
  clients(subscriptionId: string): ArmClients;
  close(): Promise<void>;
}

function sandboxCredential(sb: SandboxProcess): TokenCredential {
  const pca = new PublicClientApplication({
    auth: entraMetadata(sb.info),
    // The sandbox's password grant needs its API token (this client only sends it to the sandbox).
    system: { networkClient: caTrustingNetworkClient(sb.caCertPem, { origin: sb.info.authorityHost, token: () => sb.info.apiToken }) },
  });
  const user = sb.info.users[0];
  if (!user) throw new Error('the sandbox named no users');
  return {
    async getToken(scopes: string | string[]): Promise<AccessToken> {
      const r = await pca.acquireTokenByUsernamePassword({
        scopes: Array.isArray(scopes) ? scopes : [scopes],
        username: user,
        password: sb.info.userPassword,
      });
      if (!r) throw new Error('the sandbox issued no token');
      return { token: r.accessToken, expiresOnTimestamp: r.expiresOn?.getTime() ?? Date.now() + 3_600_000 };
    },
  };
}

export async function openSandboxSession(dataDir: string, opts: { latency?: LatencyProfileName } = {}): Promise<SandboxSession> {
  const sandbox = await spawnSandbox({ stateDir: sandboxStateDir(dataDir), latency: opts.latency ?? 'instant' });
  const env = sandboxEnvironment(sandbox.info, sandbox.caCertPem);
  const credential = sandboxCredential(sandbox);
  const arm = createArmClients(env, credential, sandbox.info.subscriptionId);
  const clients = (subscriptionId: string): ArmClients => {
    if (subscriptionId.toLowerCase() === sandbox.info.subscriptionId.toLowerCase()) return arm;
    if (!sandbox.info.subscriptionIds.some((s) => s.toLowerCase() === subscriptionId.toLowerCase())) {
      throw new AppError('AZURE_SUBSCRIPTION_UNKNOWN', `The sandbox has no subscription ${subscriptionId}.`, {
        hint: `Use the sandbox subscription ${sandbox.info.subscriptionId} (as in examples/sandbox-dev.yaml).`,
      });
    }
    return createArmClients(env, credential, subscriptionId);
  };
  return { sandbox, env, arm, clients, close: () => sandbox.close() };
}
