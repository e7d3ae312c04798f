/**
 * Resource provider registrations of a subscription, as `@azure/arm-resources`' `providers`
 * operations call them: get and list (`GET /subscriptions/{id}/providers[/{namespace}]`),
 * register and unregister (`POST .../providers/{namespace}/register|unregister`). Shapes from
 * Azure/azure-rest-api-specs specification/resources/resource-manager/Microsoft.Resources/stable/
 * 2025-04-01/resources.json (Providers_Get, Providers_List, Providers_Register,
 * Providers_Unregister) and its examples/GetProvider.json: `{id, namespace, registrationState,
 * registrationPolicy, resourceTypes: [{resourceType, locations, apiVersions, capabilities}]}`.
 *
 * The providers a deployment needs start Registered, as on a typical subscription; tests and
 * training unregister them through the same API (`az provider unregister` does that POST), and
 * preflight then reports `az provider register --namespace ...`. Registration is instant here
 * (Azure passes through Registering for a few minutes). The state is kept in the store, so a
 * restarted sandbox keeps it. The sandbox does not refuse creates on an unregistered provider.
 */
import { pagedList } from '../arm/helpers';
import { ArmError, type ArmRequest, type ArmRouter, type ProviderDeps } from '../arm/types';
import { COMPUTE_API_VERSIONS, NETWORK_API_VERSIONS } from '../providers/catalog/api-versions';
import { MARKETPLACE_ORDERING_API_VERSIONS, RESOURCES_API_VERSIONS, SUBSCRIPTIONS_API_VERSIONS } from './api-versions';

const NS = 'resources.providerRegistrations';

type RegistrationState = 'Registered' | 'NotRegistered' | 'Unregistered' | 'Registering' | 'Unregistering';

interface KnownProvider {
  namespace: string;
  /** What a fresh subscription shows. */
  initial: RegistrationState;
  resourceTypes: Array<{ resourceType: string; apiVersions: string[] }>;
}

/** The namespaces the sandbox knows (those it serves, and a few common ones a user may look up). */
const KNOWN: KnownProvider[] = [
  {
    namespace: 'Microsoft.Compute',
    initial: 'Registered',
    resourceTypes: [
      { resourceType: 'virtualMachines', apiVersions: COMPUTE_API_VERSIONS },
      { resourceType: 'locations/usages', apiVersions: COMPUTE_API_VERSIONS },
      { resourceType: 'locations/publishers', apiVersions: COMPUTE_API_VERSIONS },
    ],
  },
  {
    namespace: 'Microsoft.Network',
    initial: 'Registered',
    resourceTypes: ['virtualNetworks', 'networkSecurityGroups', 'publicIPAddresses', 'networkInterfaces'].map((t) => ({ resourceType: t, apiVersions: NETWORK_API_VERSIONS })),
  },
  { namespace: 'Microsoft.MarketplaceOrdering', initial: 'Registered', resourceTypes: [{ resourceType: 'agreements', apiVersions: MARKETPLACE_ORDERING_API_VERSIONS }] },
  { namespace: 'Microsoft.Resources', initial: 'Registered', resourceTypes: [{ resourceType: 'resourceGroups', apiVersions: RESOURCES_API_VERSIONS }, { resourceType: 'subscriptions', apiVersions: SUBSCRIPTIONS_API_VERSIONS }] },
  { namespace: 'Microsoft.Authorization', initial: 'Registered', resourceTypes: [{ resourceType: 'roleAssignments', apiVersions: ['2022-04-01'] }, { resourceType: 'roleDefinitions', apiVersions: ['2022-04-01'] }] },
  { namespace: 'Microsoft.ContainerService', initial: 'NotRegistered', resourceTypes: [{ resourceType: 'managedClusters', apiVersions: [] }] },
  { namespace: 'Microsoft.Storage', initial: 'NotRegistered', resourceTypes: [{ resourceType: 'storageAccounts', apiVersions: [] }] },
];

/** Registration policy as Azure reports it (Microsoft.Resources and Authorization are always on). */
function policy(ns: string): string {
  return ns === 'Microsoft.Resources' || ns === 'Microsoft.Authorization' ? 'RegistrationFree' : 'RegistrationRequired';
}

function known(namespace: string): KnownProvider {
  const p = KNOWN.find((k) => k.namespace.toLowerCase() === namespace.toLowerCase());
  // Azure's answer for a namespace it does not know (Providers_Get).
  if (!p) throw new ArmError(404, 'InvalidResourceNamespace', `The resource namespace '${namespace}' is invalid.`);
  return p;
}

export function providerState(deps: Pick<ProviderDeps, 'store'>, subscriptionId: string, namespace: string): RegistrationState {
  const p = known(namespace);
  return deps.store.getState<RegistrationState>(NS, `${subscriptionId}|${p.namespace}`) ?? p.initial;
}

/** Sets a registration directly (seeding a sandbox, tests); the API's register/unregister do the same. */
export function setProviderState(deps: Pick<ProviderDeps, 'store'>, subscriptionId: string, namespace: string, state: RegistrationState): void {
  deps.store.setState(NS, `${subscriptionId}|${known(namespace).namespace}`, state);
}

function body(req: ArmRequest, deps: ProviderDeps, p: KnownProvider): Record<string, unknown> {
  const sub = req.subscriptionId!;
  return {
    id: `/subscriptions/${sub}/providers/${p.namespace}`,
    namespace: p.namespace,
    registrationState: providerState(deps, sub, p.namespace),
    registrationPolicy: policy(p.namespace),
    resourceTypes: p.resourceTypes.map((t) => ({
      resourceType: t.resourceType,
      locations: [],
      apiVersions: t.apiVersions,
      capabilities: 'SupportsTags, SupportsLocation',
    })),
  };
}

export function registerProviderRegistrationRoutes(router: ArmRouter, deps: ProviderDeps): void {
  router.add({
    methods: ['GET'],
    pattern: '/subscriptions/{subscriptionId}/providers',
    apiVersions: RESOURCES_API_VERSIONS,
    handler: (req) => pagedList(req, KNOWN.map((p) => body(req, deps, p))),
  });
  router.add({
    methods: ['GET'],
    pattern: '/subscriptions/{subscriptionId}/providers/{resourceProviderNamespace}',
    apiVersions: RESOURCES_API_VERSIONS,
    handler: (req) => ({ status: 200, body: body(req, deps, known(req.params.resourceProviderNamespace!)) }),
  });
  for (const [action, state] of [
    ['register', 'Registered'],
    ['unregister', 'Unregistered'],
  ] as const) {
    router.add({
      methods: ['POST'],
      pattern: `/subscriptions/{subscriptionId}/providers/{resourceProviderNamespace}/${action}`,
      apiVersions: RESOURCES_API_VERSIONS,
      handler: (req) => {
        const p = known(req.params.resourceProviderNamespace!);
        if (policy(p.namespace) === 'RegistrationFree' && action === 'unregister') {
          throw new ArmError(409, 'ProviderUnregistrationNotAllowed', `Unregistration of provider namespace '${p.namespace}' is not allowed.`);
        }
        setProviderState(deps, req.subscriptionId!, p.namespace, state);
        return { status: 200, body: body(req, deps, p) };
      },
    });
  }
}
