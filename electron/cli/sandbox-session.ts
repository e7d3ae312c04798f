import type { TokenCredential } from '@azure/core-auth';
import { createArmClients, type ArmClients } from '../services/azure/arm-clients';
import type { AzureEnvironment } from '../services/azure/environment';
import { sandboxEnvironment } from '../services/azure/sandbox-environment';
import { spawnSandbox, type SandboxProcess } from '@flatkube/sandbox/process';
import type { LatencyProfileName } from '@flatkube/sandbox';
import { AuthService } from '../services/auth/auth-service';
import { sandboxStateDir } from '../services/app/data-dir';
import { AppError } from '../services/errors';

/**
 * The embedded sandbox for `create --sandbox` and `destroy` of a sandbox cluster: started in its
 * own process (@flatkube/sandbox/process) with its state under the data dir (so a later command
 * restarts the same sandbox), and its first user signed in without a browser as the app signs it
 * in: AuthService.signInSandboxUser (the sandbox-only password grant, acceptable because these
 * are the sandbox's own published users; refused for real Azure), then that account's
 * credential (AuthService.credential: silent renewal from the token cache, this process only).
 */
export interface SandboxSession {
  sandbox: SandboxProcess;
  env: AzureEnvironment;
  arm: ArmClients;
  /** ARM clients for one of the sandbox's subscriptions (AppError when the user cannot see it). */
  clients(subscriptionId: string): ArmClients;
  close(): Promise<void>;
}

/**
 * The first sandbox user's credential, signed in at the first token asked for (a session that
 * only reads the sandbox's bakery never signs in); a failed sign-in is tried again next time.
 */
function firstUserCredential(sandbox: SandboxProcess, env: AzureEnvironment): TokenCredential {
  const signIn = async (): Promise<TokenCredential> => {
    const user = sandbox.info.users[0];
    if (!user) throw new AppError('SANDBOX_UNAVAILABLE', 'The sandbox did not say which users it has.');
    const auth = new AuthService({
      env,
      // The password grant opens no page; a browser sign-in has no place in a sandbox CLI session.
      openBrowser: async () => {
        throw new AppError('AUTH_FAILED', 'The CLI signs the sandbox user in without a browser.');
      },
    });
    const account = await auth.signInSandboxUser(user, sandbox.info.userPassword);
    return auth.credential(account.id);
  };
  let signedIn: Promise<TokenCredential> | undefined;
  return {
    async getToken(scopes, options) {
      signedIn ??= signIn().catch((err: unknown) => {
        signedIn = undefined;
        throw err;
      });
      return (await signedIn).getToken(scopes, options);
    },
  };
}

export async function openSandboxSession(dataDir: string, opts: { latency?: LatencyProfileName } = {}): Promise<SandboxSession> {
  const sandbox = await spawnSandbox({ stateDir: sandboxStateDir(dataDir), latency: opts.latency ?? 'instant' });
  const env = sandboxEnvironment(sandbox.info, sandbox.caCertPem);
  const credential = firstUserCredential(sandbox, env);
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
