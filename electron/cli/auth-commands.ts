import { isTenantId } from '../services/auth/auth-settings';
import { parseFlags, UsageError } from './args';
import { openAzureSession } from './azure-session';
import { signInWithDeviceCode } from './azure-sign-in';
import { cliDeps, writeLine, type CliDeps } from './cli-deps';

/**
 * `flatkube login [--tenant T]` and `flatkube logout [--account UPN]`: real Azure's sign-in in the
 * app's token cache, like `az login --use-device-code` / `az logout`. `create` and `destroy` sign
 * in by themselves when they must; `login` is for doing it ahead of time, for another account,
 * or for a tenant that wants its own sign-in (MFA, guest access).
 */

export async function runLogin(argv: string[], deps: CliDeps = cliDeps()): Promise<number> {
  const flags = parseFlags(argv, { tenant: 'string' });
  const tenant = typeof flags.tenant === 'string' ? flags.tenant : undefined;
  if (tenant !== undefined && !isTenantId(tenant)) {
    throw new UsageError('--tenant must be a tenant id (GUID), a domain such as contoso.onmicrosoft.com, or "organizations"');
  }
  const az = await openAzureSession(deps, tenant ? { tenant } : {});
  try {
    const account = await signInWithDeviceCode(az.session.auth, deps.stderr);
    writeLine(deps.stdout, `signed in as ${account.username}`);
    // Like `az login`: show what the account can use, so the spec's subscriptionId can be checked.
    let listing;
    try {
      listing = await az.session.directory.subscriptions();
    } catch (err) {
      writeLine(deps.stderr, `flatkube login: signed in, but listing subscriptions failed: ${(err as Error).message.split('\n')[0]}`);
      return 0;
    }
    const mine = listing.subscriptions.filter((s) => s.accountId === account.id);
    if (mine.length === 0) writeLine(deps.stdout, 'no subscription is visible to this account');
    for (const s of mine) writeLine(deps.stdout, `${s.subscriptionId}  ${s.state.padEnd(8)}  ${s.displayName} (tenant ${s.tenantId})`);
    return 0;
  } finally {
    await az.close();
  }
}

export async function runLogout(argv: string[], deps: CliDeps = cliDeps()): Promise<number> {
  const flags = parseFlags(argv, { account: 'string' });
  const only = typeof flags.account === 'string' ? flags.account.toLowerCase() : undefined;
  const az = await openAzureSession(deps);
  try {
    const accounts = await az.session.auth.accounts();
    if (accounts.length === 0) {
      writeLine(deps.stdout, 'no Azure account is signed in');
      return 0;
    }
    const leaving = only === undefined ? accounts : accounts.filter((a) => a.username.toLowerCase() === only);
    if (leaving.length === 0) {
      throw new Error(`no signed-in Azure account is named ${String(flags.account)} (signed in: ${accounts.map((a) => a.username).join(', ')})`);
    }
    for (const a of leaving) {
      await az.session.auth.signOut(a.homeAccountId);
      writeLine(deps.stdout, `signed out ${a.username}`);
    }
    return 0;
  } finally {
    await az.close();
  }
}
