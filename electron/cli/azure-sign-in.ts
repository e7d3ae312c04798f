import type { AccountInfo } from '@azure/msal-node';
import type { AccountSummary } from '../../shared/ipc/channels/auth';
import type { SubscriptionInfo, SubscriptionsResult } from '../../shared/ipc/channels/azure';
import type { AuthService } from '../services/auth/auth-service';
import type { AzureCliAuth } from '../services/auth/azure-cli';
import type { ArmClients } from '../services/azure/arm-clients';
import type { Session } from '../services/session/session-manager';
import { AppError } from '../services/errors';
import { writeLine } from './cli-deps';

/**
 * Signing in to real Azure in a terminal. A cached account is reused when MSAL renews its token
 * silently; when nobody is signed in, or a cached account needs the user again (refresh token
 * expired or revoked: MSAL's "interaction required"), the device code flow runs: Entra's message
 * (page + code) goes to stderr and the command waits for the user to finish in any browser.
 * Only that message is printed; tokens never leave MSAL and the credential.
 */

export async function signInWithDeviceCode(auth: AuthService, stderr: NodeJS.WritableStream, signal?: AbortSignal): Promise<AccountSummary> {
  const account = await auth.signInDeviceCode((p) => {
    writeLine(stderr, `flatkube: ${p.message}`);
    writeLine(stderr, 'flatkube: waiting for the sign-in to finish (Ctrl-C to give up)');
  }, signal);
  writeLine(stderr, `flatkube: signed in to Azure as ${account.username}`);
  return account;
}

/** Whether the account gets an ARM token without the user (cache or refresh token). */
async function renewsSilently(auth: AuthService, account: AccountInfo, scope: string): Promise<boolean> {
  try {
    await (await auth.credential(account.homeAccountId)).getToken(scope);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'AUTH_INTERACTION_REQUIRED') return false;
    throw err;
  }
}

async function staleAccounts(session: Session<AuthService>): Promise<AccountInfo[]> {
  const stale: AccountInfo[] = [];
  for (const a of await session.auth.accounts()) if (!(await renewsSilently(session.auth, a, session.env.armScope))) stale.push(a);
  return stale;
}

/**
 * Makes sure every cached account can get tokens, signing in with a device code when none is
 * cached or one needs the user. The account directory lists subscriptions through every cached
 * account, so one that still needs the user afterwards (they signed in as someone else) stops
 * the command with a line saying how to fix it.
 */
export async function ensureSignedIn(session: Session<AuthService>, stderr: NodeJS.WritableStream, signal?: AbortSignal): Promise<void> {
  const accounts = await session.auth.accounts();
  let stale = await staleAccounts(session);
  if (accounts.length > 0 && stale.length === 0) return;
  writeLine(stderr, accounts.length === 0 ? 'flatkube: no Azure account is signed in yet' : `flatkube: Azure needs you to sign in again as ${stale.map((a) => a.username).join(', ')}`);
  await signInWithDeviceCode(session.auth, stderr, signal);
  stale = await staleAccounts(session);
  if (stale.length > 0) {
    const who = stale.map((a) => a.username).join(', ');
    throw new Error(`Azure still needs a new sign-in for ${who}: run "flatkube login" and sign in as ${who}, or "flatkube logout --account ${stale[0]!.username}"`);
  }
}

function subscriptionNotVisible(subscriptionId: string, accounts: AccountInfo[], listing: SubscriptionsResult): string {
  const who = accounts.map((a) => a.username).join(', ') || 'nobody';
  const skipped = listing.skippedTenants.map((t) => t.tenantId);
  const tenants = skipped.length ? `; tenant(s) ${skipped.join(', ')} need their own sign-in: "flatkube login --tenant ${skipped[0]}"` : '';
  return `no signed-in Azure account can see subscription ${subscriptionId} (signed in: ${who})${tenants}; sign in with an account that can: "flatkube login [--tenant TENANT]"`;
}

/** Signs in as needed, then the ARM clients for the subscription (an Error naming it when no account sees it). */
export async function armClientsFor(
  session: Session<AuthService>,
  subscriptionId: string,
  stderr: NodeJS.WritableStream,
  signal?: AbortSignal,
): Promise<{ arm: ArmClients; subscription: SubscriptionInfo }> {
  await ensureSignedIn(session, stderr, signal);
  const listing = await session.directory.subscriptions(signal);
  const subscription = listing.subscriptions.find((s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
  if (!subscription) throw new Error(subscriptionNotVisible(subscriptionId, await session.auth.accounts(), listing));
  // The directory remembers which account and tenant listed it: no second listing.
  return { arm: await session.reads.clients(subscription.subscriptionId, signal), subscription };
}

/**
 * The Azure CLI's sign-in: the ARM clients for the subscription, found the way the app finds it
 * (tenants, then subscriptions, each tenant's token from `az account get-access-token --tenant`).
 * az's failures arrive as one sentence with the command to run (az login, az login --tenant T).
 */
export async function azureCliClientsFor(
  session: Session<AzureCliAuth>,
  subscriptionId: string,
  signal?: AbortSignal,
): Promise<{ arm: ArmClients; subscription: SubscriptionInfo }> {
  const listing = await session.directory.subscriptions(signal);
  const subscription = listing.subscriptions.find((s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
  if (!subscription) {
    const why = session.directory.whyNotVisible(subscriptionId);
    if (why) throw why;
    const who = (await session.auth.current()).user;
    throw new Error(`your Azure CLI sign-in (${who}) cannot see subscription ${subscriptionId}: run \`az login\` as an account that can (\`az account list --all --output table\` lists the ones it sees)`);
  }
  return { arm: await session.reads.clients(subscription.subscriptionId, signal), subscription };
}
