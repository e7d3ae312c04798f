/**
 * Tenants, subscriptions and locations (what `@azure/arm-resources-subscriptions`'s
 * SubscriptionClient calls). Locations are the real ListLocations data.
 */
import { pagedList } from '../arm/helpers';
import { ArmError, type ArmRouter, type ProviderDeps } from '../arm/types';
import { SANDBOX_TENANT_DOMAIN } from '../identity/sandbox-users';
import { SUBSCRIPTIONS_API_VERSIONS } from './api-versions';
import { AZURE_LOCATIONS } from './data/azure-locations.data';

const DISPLAY_NAMES = ['Flatkube Sandbox (simulated)', 'Flatkube Sandbox 2 (simulated)'];

export function subscriptionBody(subscriptionId: string, tenantId: string, index: number): Record<string, unknown> {
  return {
    id: `/subscriptions/${subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId,
    tenantId,
    displayName: DISPLAY_NAMES[index] ?? `Flatkube Sandbox ${index + 1} (simulated)`,
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  };
}

/** Location objects for one subscription (real data, ids rewritten to the subscription). */
export function locationsFor(subscriptionId: string): Array<Record<string, unknown>> {
  return AZURE_LOCATIONS.map((l) => JSON.parse(JSON.stringify(l).replaceAll('{subscriptionId}', subscriptionId)) as Record<string, unknown>);
}

/** Names ARM accepts as a resource location (lower-case, no spaces). */
export function knownLocationNames(): Set<string> {
  return new Set(AZURE_LOCATIONS.map((l) => String(l.name)));
}

export function registerSubscriptionRoutes(router: ArmRouter, deps: ProviderDeps): void {
  const { facts } = deps;
  router.add({
    methods: ['GET'],
    pattern: '/tenants',
    apiVersions: SUBSCRIPTIONS_API_VERSIONS,
    handler: (req) =>
      pagedList(req, [
        {
          id: `/tenants/${facts.tenantId}`,
          tenantId: facts.tenantId,
          tenantCategory: 'Home',
          country: 'United States',
          countryCode: 'US',
          displayName: 'Flatkube Sandbox (simulated)',
          domains: [SANDBOX_TENANT_DOMAIN],
          defaultDomain: SANDBOX_TENANT_DOMAIN,
          tenantType: 'AAD',
        },
      ]),
  });
  router.add({
    methods: ['GET'],
    pattern: '/subscriptions',
    apiVersions: SUBSCRIPTIONS_API_VERSIONS,
    handler: (req) => pagedList(req, facts.subscriptionIds.map((s, i) => subscriptionBody(s, facts.tenantId, i))),
  });
  router.add({
    methods: ['GET'],
    pattern: '/subscriptions/{subscriptionId}',
    apiVersions: SUBSCRIPTIONS_API_VERSIONS,
    handler: (req) => {
      const i = facts.subscriptionIds.findIndex((s) => s.toLowerCase() === req.params.subscriptionId!.toLowerCase());
      if (i < 0) throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${req.params.subscriptionId}' could not be found.`);
      return { status: 200, body: subscriptionBody(facts.subscriptionIds[i]!, facts.tenantId, i) };
    },
  });
  router.add({
    methods: ['GET'],
    pattern: '/subscriptions/{subscriptionId}/locations',
    apiVersions: SUBSCRIPTIONS_API_VERSIONS,
    // ListLocations is not paged in Azure: one `value` array.
    handler: (req) => ({ status: 200, body: { value: locationsFor(req.params.subscriptionId!) } }),
  });
}
