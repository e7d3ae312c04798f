/** The sandbox's own ARM providers: subscriptions/tenants/locations, groups and resources, tags, marketplace terms. */
import type { ArmRouter, ProviderDeps } from '../arm/types';
import { registerMarketplaceAgreementRoutes } from './marketplace-agreements';
import { registerResourceGroupRoutes } from './resource-groups';
import { registerSubscriptionRoutes } from './subscriptions';
import { registerTagRoutes } from './tags';

export function registerResourceProviders(router: ArmRouter, deps: ProviderDeps): void {
  registerSubscriptionRoutes(router, deps);
  registerResourceGroupRoutes(router, deps);
  registerTagRoutes(router, deps);
  registerMarketplaceAgreementRoutes(router, deps);
}

export { isTermsAccepted, setTermsAccepted } from './marketplace-agreements';
