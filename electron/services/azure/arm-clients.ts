import type { TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ComputeManagementClient } from '@azure/arm-compute';
import { MarketplaceOrderingAgreements } from '@azure/arm-marketplaceordering';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { AzureEnvironment } from './environment';
import { RetryAfterBook } from './lro-poll';
import { tokenPrincipal, type TokenPrincipal } from './principal';

export interface ArmClients {
  subscriptions: SubscriptionClient;
  resources: ResourceManagementClient;
  compute: ComputeManagementClient;
  network: NetworkManagementClient;
  marketplace: MarketplaceOrderingAgreements;
  /** Role assignments and definitions (preflight's role check). */
  authorization: AuthorizationManagementClient;
  /** Who the tokens are for (object id, name), read from an ARM token's claims; undefined when it cannot tell. */
  principal(): Promise<TokenPrincipal | undefined>;
  /** Retry-After of the latest answers, for pacing long-running operations (lro-poll.ts); absent in test doubles. */
  retryAfter?: RetryAfterBook;
}

export interface ArmClientTuning {
  /** Extra retry settings (tests lower them); the SDK's own policies honour Retry-After. */
  retryOptions?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  userAgentPrefix?: string;
  /**
   * Policies added to every client's pipeline after its Sign phase, so they see each attempt as
   * sent (after retry and authentication): the API-call recorder (api-calls/call-policy.ts), the
   * same for real Azure and the sandbox. Added on `client.pipeline` because the TypeSpec clients
   * (@azure-rest/core-client's getClient) ignore core-client's `additionalPolicies` option.
   */
  policies?: PipelinePolicy[];
}

/**
 * Options every ARM client gets: the environment's endpoint and audience, and its CA for this
 * client only. The TypeSpec clients (arm-resources 8, -subscriptions 3, -compute 25, -network 39)
 * read `credentials.scopes`; arm-marketplaceordering 3 and arm-authorization 9 read
 * `credentialScopes` (and their default scope differs, so it must be given). Each ignores the
 * other's field.
 */
export function armClientOptions(env: AzureEnvironment, tuning: ArmClientTuning = {}) {
  return {
    endpoint: env.armEndpoint,
    credentials: { scopes: [env.armScope] },
    credentialScopes: [env.armScope],
    ...(env.caCertPem ? { tlsOptions: { ca: env.caCertPem } } : {}),
    ...(tuning.retryOptions ? { retryOptions: tuning.retryOptions } : {}),
    userAgentOptions: { userAgentPrefix: tuning.userAgentPrefix ?? 'flatkube' },
  };
}

/** The ARM clients for one subscription, all pointed at the same environment. */
export function createArmClients(env: AzureEnvironment, credential: TokenCredential, subscriptionId: string, tuning?: ArmClientTuning): ArmClients {
  const options = armClientOptions(env, tuning);
  const clients = {
    subscriptions: new SubscriptionClient(credential, options),
    resources: new ResourceManagementClient(credential, subscriptionId, options),
    compute: new ComputeManagementClient(credential, subscriptionId, options),
    network: new NetworkManagementClient(credential, subscriptionId, options),
    marketplace: new MarketplaceOrderingAgreements(credential, subscriptionId, { ...options, baseUri: env.armEndpoint }),
    authorization: new AuthorizationManagementClient(credential, subscriptionId, { ...options, baseUri: env.armEndpoint }),
  };
  const retryAfter = new RetryAfterBook();
  for (const policy of [retryAfter.policy(), ...(tuning?.policies ?? [])]) {
    for (const client of Object.values(clients)) client.pipeline.addPolicy(policy, { afterPhase: 'Sign' });
  }
  return { ...clients, principal: () => tokenPrincipal(credential, env.armScope), retryAfter };
}
