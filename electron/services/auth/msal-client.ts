/**
 * One MSAL PublicClientApplication per environment, built from the AzureEnvironment alone, so
 * real Azure and the sandbox share this code: the sandbox differs only by its authority
 * documents (supplied, so MSAL makes no discovery calls) and a network client trusting its CA.
 */
import { LogLevel, PublicClientApplication, type Configuration, type ICachePlugin } from '@azure/msal-node';
import { caTrustingNetworkClient } from './ca-trusting-network-client';
import { redactSecrets } from '../secrets/redact';
import type { AzureEnvironment } from '../azure/environment';
import { AppError } from '../errors';

export interface MsalClientOptions {
  cachePlugin?: ICachePlugin;
  /** Receives MSAL's warnings and errors (PII logging is off; lines are redacted again here). */
  log?: (line: string) => void;
}

export function authorityUrl(env: AzureEnvironment, tenant = env.tenantId): string {
  return `${env.authorityHost.replace(/\/+$/, '')}/${tenant}`;
}

export function msalConfiguration(env: AzureEnvironment, opts: MsalClientOptions = {}): Configuration {
  if (!env.clientId) {
    throw new AppError('AUTH_CLIENT_ID_MISSING', 'No Azure app registration (client id) is configured.', {
      hint: 'Register a public client app and set FLATKUBE_CLIENT_ID or azure.clientId in settings.json (see electron/services/auth/README.md), or keep using the sandbox.',
    });
  }
  const log = opts.log;
  return {
    auth: {
      clientId: env.clientId,
      authority: authorityUrl(env),
      ...(env.identityMetadata
        ? {
            knownAuthorities: env.identityMetadata.knownAuthorities,
            authorityMetadata: env.identityMetadata.authorityMetadata,
            cloudDiscoveryMetadata: env.identityMetadata.cloudDiscoveryMetadata,
          }
        : {}),
    },
    ...(opts.cachePlugin ? { cache: { cachePlugin: opts.cachePlugin } } : {}),
    system: {
      ...(env.caCertPem
        ? { networkClient: caTrustingNetworkClient(env.caCertPem, env.sandboxApiToken ? { origin: env.authorityHost, token: env.sandboxApiToken } : undefined) }
        : {}),
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (_level, message, containsPii) => {
          if (!containsPii && log) log(`msal: ${redactSecrets(message)}`);
        },
      },
    },
  };
}

export function createPublicClient(env: AzureEnvironment, opts: MsalClientOptions = {}): PublicClientApplication {
  return new PublicClientApplication(msalConfiguration(env, opts));
}
