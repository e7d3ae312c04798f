import type { ArmClients } from '../services/azure/arm-clients';
import type { AzureEnvironment } from '../services/azure/environment';
import type { LatencyProfileName } from '@flatkube/sandbox';
import { armClientsFor, azureCliClientsFor } from './azure-sign-in';
import { chooseAuthMethod, openAzureCliSession, openAzureSession, type CliAuthMethod } from './azure-session';
import type { CliDeps } from './cli-deps';
import { openSandboxSession } from './sandbox-session';

/**
 * Where `create` and `destroy` run the engine: the embedded sandbox (--sandbox, or a cluster
 * created there), or real Azure signed in as the app signs in (MSAL with an app registration, or
 * the Azure CLI's sign-in: `--auth`). Either way the engine gets an environment and ARM clients
 * for the spec's subscription; nothing else differs.
 */
export interface DeployTarget {
  env: AzureEnvironment;
  arm: ArmClients;
  /** One line for the terminal: where this runs. */
  where: string;
  close(): Promise<void>;
}

export async function sandboxTarget(dataDir: string, latency?: LatencyProfileName): Promise<DeployTarget> {
  const session = await openSandboxSession(dataDir, latency ? { latency } : {});
  return { env: session.env, arm: session.arm, where: `sandbox (simulated Azure) at ${session.sandbox.info.armEndpoint}`, close: () => session.close() };
}

export async function azureTarget(deps: CliDeps, subscriptionId: string, signal?: AbortSignal, auth?: CliAuthMethod): Promise<DeployTarget> {
  if ((await chooseAuthMethod(deps, auth)) === 'azure-cli') return azureCliTarget(deps, subscriptionId, signal);
  const az = await openAzureSession(deps);
  try {
    const { arm, subscription } = await armClientsFor(az.session, subscriptionId, deps.stderr, signal);
    return {
      env: az.session.env,
      arm,
      where: `Azure subscription "${subscription.displayName}" (${subscription.subscriptionId}) as ${subscription.accountName}`,
      close: az.close,
    };
  } catch (err) {
    await az.close();
    throw err;
  }
}

/** Real Azure through the Azure CLI's sign-in (`az login`): nothing is stored, az is asked for each token. */
async function azureCliTarget(deps: CliDeps, subscriptionId: string, signal?: AbortSignal): Promise<DeployTarget> {
  const az = await openAzureCliSession(deps);
  try {
    const { arm, subscription } = await azureCliClientsFor(az.session, subscriptionId, signal);
    return {
      env: az.session.env,
      arm,
      where: `Azure subscription "${subscription.displayName}" (${subscription.subscriptionId}) as ${subscription.accountName} (Azure CLI sign-in)`,
      close: az.close,
    };
  } catch (err) {
    await az.close();
    throw err;
  }
}
