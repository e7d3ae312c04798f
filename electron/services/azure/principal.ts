/**
 * Who an ARM token speaks for: its `oid` (object id in the token's tenant), `tid` and a name
 * (`upn`, `unique_name` or `preferred_username`; an app id for a service principal). Read from
 * the token's claims without checking the signature, which ARM does: this only names the caller
 * for the role check and for the `az role assignment create --assignee` it suggests. The token
 * itself is never kept, logged or returned.
 */
import type { TokenCredential } from '@azure/core-auth';

export interface TokenPrincipal {
  objectId: string;
  tenantId?: string;
  /** UPN for a user, app id for a service principal. */
  name?: string;
}

export function principalOfToken(token: string): TokenPrincipal | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const str = (k: string) => (typeof claims[k] === 'string' && claims[k] !== '' ? (claims[k] as string) : undefined);
  const objectId = str('oid');
  if (!objectId) return undefined;
  const name = str('upn') ?? str('unique_name') ?? str('preferred_username') ?? str('appid') ?? str('azp');
  const tenantId = str('tid');
  return { objectId, ...(tenantId ? { tenantId } : {}), ...(name ? { name } : {}) };
}

/** Asks the credential for an ARM token and reads its principal (undefined when there is none to read). */
export async function tokenPrincipal(credential: TokenCredential, scope: string, signal?: AbortSignal): Promise<TokenPrincipal | undefined> {
  const t = await credential.getToken(scope, signal ? { abortSignal: signal } : {});
  return t ? principalOfToken(t.token) : undefined;
}
