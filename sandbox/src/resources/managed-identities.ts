/**
 * Microsoft.ManagedIdentity user-assigned identities: create (PUT), get, delete, list in a group.
 * Shapes: Azure/azure-rest-api-specs specification/msi/resource-manager/Microsoft.ManagedIdentity/
 * stable/2024-11-30 (ManagedIdentity.json; examples/IdentityCreate.json: PUT body `{location,
 * tags}`, 201 on create and 200 on update, answer `{id, name, type, location, tags, properties:
 * {tenantId, principalId, clientId, isolationScope}}`). `principalId` is the object id of the
 * identity's service principal (what a role assignment names), `clientId` its application id.
 *
 * Azure creates the service principal at once, but the directory replica the authorization service
 * reads learns of it later: a role assignment for a new identity can fail with PrincipalNotFound
 * ("this error might be related to a replication delay":
 * https://learn.microsoft.com/azure/role-based-access-control/troubleshooting). The sandbox keeps
 * when each principal was made; resources/authorization.ts answers PrincipalNotFound until
 * `latency.duration('identity.propagation')` has passed (0 in `instant`).
 */
import { randomUUID } from 'node:crypto';
import { pagedList, requireBody, requireResourceGroup, resourceNotFound } from '../arm/helpers';
import { ArmError, type ArmRequest, type ArmRouter, type ProviderDeps, type ResourceStore } from '../arm/types';

export const MANAGED_IDENTITY_API_VERSIONS = ['2024-11-30', '2023-01-31', '2018-11-30'];
const TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';
const PRINCIPALS = 'msi.principals';

interface PrincipalRecord {
  createdAt: number;
  identityId: string;
}

/** When the identity whose service principal has this object id was created, if it is one. */
export function identityPrincipal(store: ResourceStore, principalId: string): PrincipalRecord | undefined {
  return store.getState<PrincipalRecord>(PRINCIPALS, principalId.toLowerCase());
}

export function registerManagedIdentityRoutes(router: ArmRouter, deps: ProviderDeps): void {
  const { store, facts } = deps;
  const base = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ManagedIdentity/userAssignedIdentities';
  const idOf = (req: ArmRequest) => `/subscriptions/${req.subscriptionId}/resourceGroups/${req.params.resourceGroupName}/providers/${TYPE}/${req.params.resourceName}`;

  router.add({
    methods: ['GET'],
    pattern: base,
    apiVersions: MANAGED_IDENTITY_API_VERSIONS,
    handler: (req) => {
      const rg = requireResourceGroup(store, req.subscriptionId!, req.params.resourceGroupName!);
      return pagedList(req, store.listUnder(rg.id).filter((r) => r.type.toLowerCase() === TYPE.toLowerCase()));
    },
  });
  router.add({
    methods: ['GET', 'PUT', 'PATCH', 'DELETE'],
    pattern: `${base}/{resourceName}`,
    apiVersions: MANAGED_IDENTITY_API_VERSIONS,
    handler: (req) => {
      requireResourceGroup(store, req.subscriptionId!, req.params.resourceGroupName!);
      const id = idOf(req);
      const existing = store.getResource(id);
      const name = req.params.resourceName!;
      if (req.method === 'GET') {
        if (!existing) throw resourceNotFound(TYPE, name, req.params.resourceGroupName!);
        return { status: 200, body: existing };
      }
      if (req.method === 'DELETE') {
        if (!existing) return { status: 204 };
        store.deleteResource(existing.id);
        return { status: 200 };
      }
      const body = requireBody(req);
      if (req.method === 'PATCH') {
        if (!existing) throw resourceNotFound(TYPE, name, req.params.resourceGroupName!);
        const tags = body.tags as Record<string, string> | undefined;
        store.putResource({ ...existing, ...(tags ? { tags } : {}) });
        return { status: 200, body: store.getResource(id) };
      }
      // PUT: name rules from the spec's resourceName parameter (3-128 characters, a letter or digit first).
      if (!/^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/.test(name)) throw new ArmError(400, 'InvalidResourceName', `Resource name '${name}' is invalid. The name can contain only letters, numbers, hyphens or underscores, must start with a letter or number and be 3 to 128 characters long.`);
      const location = typeof body.location === 'string' ? body.location.toLowerCase().replace(/\s+/g, '') : '';
      if (!location) throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
      const principalId = (existing?.properties?.principalId as string | undefined) ?? randomUUID();
      const resource = {
        id: existing?.id ?? id,
        name,
        type: TYPE,
        location: existing?.location ?? location,
        ...(body.tags ? { tags: body.tags as Record<string, string> } : existing?.tags ? { tags: existing.tags } : {}),
        properties: {
          tenantId: facts.tenantId,
          principalId,
          clientId: (existing?.properties?.clientId as string | undefined) ?? randomUUID(),
          isolationScope: 'None',
        },
      };
      store.putResource(resource);
      if (!existing) store.setState(PRINCIPALS, principalId.toLowerCase(), { createdAt: deps.now(), identityId: resource.id } satisfies PrincipalRecord);
      return { status: existing ? 200 : 201, body: store.getResource(id) };
    },
  });
}
