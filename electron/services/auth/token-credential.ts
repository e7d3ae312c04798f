/**
 * The bridge from MSAL to the `TokenCredential` every @azure/arm-* client takes: silent
 * acquisition (cache, then refresh token) for one account and tenant. When MSAL needs the user
 * again (refresh token expired, MFA for another tenant) it raises AUTH_INTERACTION_REQUIRED.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { InteractionRequiredAuthError, type AccountInfo, type PublicClientApplication } from '@azure/msal-node';
import { AppError } from '../errors';
import { redactSecrets } from '../secrets/redact';
import { authorityUrl } from './msal-client';
import type { AzureEnvironment } from '../azure/environment';

export class MsalTokenCredential implements TokenCredential {
  constructor(
    private readonly pca: PublicClientApplication,
    private readonly env: AzureEnvironment,
    private readonly account: AccountInfo,
    /** Tenant to get tokens for; default the account's home tenant. */
    private readonly tenantId?: string,
  ) {}

  async getToken(scopes: string | string[], options: GetTokenOptions = {}): Promise<AccessToken | null> {
    if (options.abortSignal?.aborted) throw new AppError('CANCELLED', 'Getting an Azure token was cancelled.');
    // ARM's challenge may name a tenant (options.tenantId); it wins over the bound one.
    const tenant = options.tenantId ?? this.tenantId;
    const request = {
      account: this.account,
      scopes: Array.isArray(scopes) ? scopes : [scopes],
      ...(tenant ? { authority: authorityUrl(this.env, tenant) } : {}),
      ...(options.claims ? { claims: options.claims } : {}),
    };
    let result;
    try {
      result = await this.pca.acquireTokenSilent(request);
    } catch (err) {
      if (err instanceof InteractionRequiredAuthError) {
        throw new AppError('AUTH_INTERACTION_REQUIRED', `Azure needs you to sign in again as ${this.account.username}${tenant ? ` for tenant ${tenant}` : ''}.`, {
          hint: 'Open the Sign in step and sign in again (your session expired or the tenant needs MFA).',
          cause: err,
        });
      }
      throw new AppError('AUTH_TOKEN_FAILED', `Could not get an Azure token: ${redactSecrets((err as Error).message ?? String(err))}`, { cause: err });
    }
    const expires = result.expiresOn?.getTime() ?? Date.now() + 5 * 60_000;
    const token: AccessToken = { token: result.accessToken, expiresOnTimestamp: expires, tokenType: 'Bearer' };
    if (result.refreshOn) token.refreshAfterTimestamp = result.refreshOn.getTime();
    return token;
  }
}
