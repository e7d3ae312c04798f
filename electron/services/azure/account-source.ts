/**
 * What the account directory and the Azure reads need from a sign-in, whichever it is: MSAL with
 * an app registration (AuthService), or the Azure CLI's own sign-in (AzureCliAuth). Accounts are
 * named by an id the source understands; a credential is asked for per account and tenant.
 * Defined here, beside its user, so azure/ needs nothing from auth/ (auth/ implements it).
 */
import type { TokenCredential } from '@azure/core-auth';
import type { AppError } from '../errors';
import type { AzureEnvironment } from './environment';

export interface SignedInAccount {
  /** The id to ask for credentials with (MSAL's homeAccountId; 'azure-cli' for az). Not a secret. */
  homeAccountId: string;
  username: string;
  /** The account's home tenant. */
  tenantId: string;
  name?: string;
}

export interface AccountSource {
  readonly env: AzureEnvironment;
  accounts(): Promise<SignedInAccount[]>;
  /** Tokens for this account in `tenantId` (default: its home tenant); never leaves the main process. */
  credential(accountId: string, tenantId?: string): Promise<TokenCredential>;
  /**
   * Why a subscription no listing showed is out of this sign-in's reach, read from the errors
   * that made the last listing skip tenants (the Azure CLI's: run `az login --tenant T`), or
   * undefined when they do not say.
   */
  outOfReach?(subscriptionId: string, skipped: unknown[]): AppError | undefined;
}
