/**
 * The sandbox's own ARM providers: subscriptions/tenants/locations, groups and resources, tags,
 * marketplace terms, resource provider registrations and Microsoft.Authorization (role
 * assignments and definitions).
 */
import type { ArmRouter, ProviderDeps } from '../arm/types';
import { registerAuthorizationRoutes } from './authorization';
import { registerManagedIdentityRoutes } from './managed-identities';
import { registerProviderRegistrationRoutes } from './provider-registrations';
import { registerMarketplaceAgreementRoutes } from './marketplace-agreements';
import { registerResourceGroupRoutes } from './resource-groups';
import { registerSubscriptionRoutes } from './subscriptions';
import { registerTagRoutes } from './tags';

export function registerResourceProviders(router: ArmRouter, deps: ProviderDeps): void {
  registerSubscriptionRoutes(router, deps);
  registerResourceGroupRoutes(router, deps);
  registerTagRoutes(router, deps);
  registerMarketplaceAgreementRoutes(router, deps);
  registerProviderRegistrationRoutes(router, deps);
  registerAuthorizationRoutes(router, deps);
  registerManagedIdentityRoutes(router, deps);
}

export { isTermsAccepted, setTermsAccepted } from './marketplace-agreements';
export { providerState, setProviderState } from './provider-registrations';
