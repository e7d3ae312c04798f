/**
 * What the account directory and the Azure reads need from a sign-in, whichever it is: MSAL with
 * an app registration (AuthService), or the Azure CLI's own sign-in (AzureCliAuth). Accounts are
 * named by an id the source understands; a credential is asked for per account and tenant.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { AzureEnvironment } from '../azure/environment';

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
}
