/**
 * The Entra ID documents MSAL would otherwise fetch (authority metadata, cloud discovery) for an
 * authority host and tenant, so a PublicClientApplication for the sandbox makes no internet call.
 * The shapes are Entra's own OpenID configuration and instance discovery answers.
 */

export interface EntraAuthorityInfo {
  authorityHost: string;
  tenantId: string;
  clientId: string;
}

export interface EntraMsalAuthOptions {
  clientId: string;
  authority: string;
  knownAuthorities: string[];
  authorityMetadata: string;
  cloudDiscoveryMetadata: string;
}

/** The `auth` section of an MSAL configuration for an authority that must not be looked up online. */
export function entraMetadata(info: EntraAuthorityInfo): EntraMsalAuthOptions {
  const h = info.authorityHost.replace(/\/+$/, '');
  const host = new URL(h).host;
  const t = info.tenantId;
  return {
    clientId: info.clientId,
    authority: `${h}/${t}`,
    knownAuthorities: [host],
    authorityMetadata: JSON.stringify({
      token_endpoint: `${h}/${t}/oauth2/v2.0/token`,
      authorization_endpoint: `${h}/${t}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${h}/${t}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${h}/${t}/oauth2/v2.0/logout`,
      issuer: `${h}/${t}/v2.0`,
      jwks_uri: `${h}/${t}/discovery/v2.0/keys`,
    }),
    cloudDiscoveryMetadata: JSON.stringify({
      tenant_discovery_endpoint: `${h}/${t}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    }),
  };
}
