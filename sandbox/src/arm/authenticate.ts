/**
 * ARM's bearer-token check with Azure's 401 bodies and WWW-Authenticate challenge (the SDK's
 * bearer policy reads the challenge; messages follow the quotes listed in docs/azure.md#errors).
 */
import type { TokenIssuer } from '../identity/token-issuer';
import { ArmError, type Principal } from './types';

export interface AuthContext {
  issuer: TokenIssuer;
  /** Accepted audiences (with and without trailing slash). */
  audiences: string[];
  tenantId: string;
  authorityHost: string;
}

/** ARM's date format in token messages: '1/18/2023 5:10:42 PM'. */
export function armUtcTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

function unauthorized(ctx: AuthContext, code: string, message: string, description: string): ArmError {
  const challenge = `Bearer authorization_uri="${ctx.authorityHost}/${ctx.tenantId}", error="invalid_token", error_description="${description}"`;
  return new ArmError(401, code, message, undefined, { headers: { 'WWW-Authenticate': challenge } });
}

export async function authenticate(ctx: AuthContext, authorization: string | undefined, nowMs: number): Promise<Principal> {
  if (!authorization) {
    throw unauthorized(ctx, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", "The authentication failed because of missing 'Authorization' header.");
  }
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!m) {
    throw unauthorized(ctx, 'AuthenticationFailedInvalidHeader', "Authentication failed. The 'Authorization' header is provided in an invalid format.", "The authentication failed because of invalid 'Authorization' header format.");
  }
  const result = await ctx.issuer.verifyAccessToken(m[1]!, ctx.audiences);
  if (!result.ok) {
    if (result.reason === 'expired') {
      throw unauthorized(
        ctx,
        'ExpiredAuthenticationToken',
        `The access token expiry UTC time '${armUtcTime(result.exp * 1000)}' is earlier than current UTC time '${armUtcTime(nowMs)}'.`,
        'The access token has expired.',
      );
    }
    if (result.reason === 'audience') {
      const allowed = ctx.audiences.map((a) => `'${a}'`).join(',');
      throw unauthorized(
        ctx,
        'InvalidAuthenticationToken',
        `The access token has been obtained for wrong audience or resource '${result.aud}'. It should exactly match with one of the allowed audiences ${allowed}.`,
        'The access token has been obtained for wrong audience or resource.',
      );
    }
    throw unauthorized(ctx, 'InvalidAuthenticationToken', 'The access token is invalid.', 'The access token is invalid.');
  }
  const c = result.claims;
  const oid = typeof c.oid === 'string' ? c.oid : undefined;
  if (!oid) {
    throw unauthorized(
      ctx,
      'InvalidAuthenticationToken',
      "The received access token is not valid: at least one of the claims 'puid' or 'altsecid' or 'oid' should be present. If you are accessing as application please make sure service principal is properly created in the tenant.",
      'The access token is invalid.',
    );
  }
  if (c.tid !== ctx.tenantId) {
    throw unauthorized(
      ctx,
      'InvalidAuthenticationTokenTenant',
      `The access token is from the wrong issuer '${String(c.iss)}'. It must match the tenant '${ctx.authorityHost}/${ctx.tenantId}/v2.0' associated with this subscription. Please use the authority (URL) '${ctx.authorityHost}/${ctx.tenantId}' to get the token.`,
      'The access token is from the wrong issuer.',
    );
  }
  return {
    oid,
    tid: String(c.tid),
    upn: typeof c.upn === 'string' ? c.upn : '',
    scopes: typeof c.scp === 'string' ? c.scp.split(' ').filter(Boolean) : [],
  };
}
