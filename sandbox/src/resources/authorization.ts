/**
 * Microsoft.Authorization, the part `@azure/arm-authorization` 9 (api-version 2022-04-01) and
 * `az role assignment` use: role assignments at subscription and resource-group scope (list with
 * `$filter`, get, create, delete) and the built-in role definitions (get by id, list).
 *
 * Shapes: Azure/azure-rest-api-specs specification/authorization/resource-manager/
 * Microsoft.Authorization/stable/2022-04-01/authorization-RoleAssignmentsCalls.json
 * (RoleAssignments_ListForSubscription, _ListForResourceGroup, _Get, _Create, _Delete;
 * RoleAssignment = {id, name, type, properties: {scope, roleDefinitionId, principalId,
 * principalType, ...}}), authorization-RoleDefinitionsCalls.json (RoleDefinitions_GetById, _Get,
 * _List) and their examples (RoleAssignments_ListForResourceGroup.json,
 * RoleAssignments_CreateForSubscription.json, GetRoleDefinitionById.json). Filters, as
 * documented at https://learn.microsoft.com/azure/role-based-access-control/role-assignments-list-rest:
 * `atScope()`, `principalId eq '{id}'` and `assignedTo('{id}')` (the sandbox has no groups, so
 * the last equals the second). Built-in roles and their permissions:
 * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles (Owner, Contributor,
 * Reader; ids are Azure's own, the same in every tenant).
 *
 * A fresh subscription gives the first sandbox user Owner and the second Contributor. Creating or
 * deleting an assignment needs Microsoft.Authorization/roleAssignments/write (or delete) at the
 * scope, as on Azure (403 AuthorizationFailed otherwise). The sandbox answers these reads and
 * writes; it does not enforce roles on other ARM calls.
 */
import { createHash } from 'node:crypto';
import { pagedList, requireBody, resourceGroupId, requireResourceGroup } from '../arm/helpers';
import { ArmError, queryParam, type ArmRequest, type ArmRouter, type ProviderDeps } from '../arm/types';
import { SANDBOX_USERS } from '../identity/sandbox-users';
import { identityPrincipal } from './managed-identities';

export const AUTHORIZATION_API_VERSIONS = ['2022-04-01', '2020-04-01-preview', '2018-09-01-preview', '2018-01-01-preview', '2015-07-01'];

const NS = 'authorization.roleAssignments';
const SEEDED = 'authorization.seeded';

interface BuiltInRole {
  id: string;
  roleName: string;
  description: string;
  actions: string[];
  notActions: string[];
}

export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  { id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', roleName: 'Owner', description: 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.', actions: ['*'], notActions: [] },
  {
    id: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    roleName: 'Contributor',
    description: 'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
    actions: ['*'],
    notActions: [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
      'Microsoft.Blueprint/blueprintAssignments/write',
      'Microsoft.Blueprint/blueprintAssignments/delete',
      'Microsoft.Compute/galleries/share/action',
      'Microsoft.Purview/consents/write',
      'Microsoft.Purview/consents/delete',
      'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
      'Microsoft.Subscription/cancel/action',
      'Microsoft.Subscription/enable/action',
    ],
  },
  { id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', roleName: 'Reader', description: 'View all resources, but does not allow you to make any changes.', actions: ['*/read'], notActions: [] },
];

interface StoredAssignment {
  id: string;
  name: string;
  scope: string;
  roleDefinitionGuid: string;
  principalId: string;
  principalType: string;
  description?: string;
  createdOn: string;
  updatedOn: string;
  createdBy: string;
  updatedBy: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function roleDefinitionBody(role: BuiltInRole, subscriptionId?: string): Record<string, unknown> {
  return {
    id: `${subscriptionId ? `/subscriptions/${subscriptionId}` : ''}/providers/Microsoft.Authorization/roleDefinitions/${role.id}`,
    name: role.id,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName: role.roleName,
      type: 'BuiltInRole',
      description: role.description,
      assignableScopes: ['/'],
      permissions: [{ actions: role.actions, notActions: role.notActions, dataActions: [], notDataActions: [] }],
      createdOn: '2015-02-02T21:55:09.8806423Z',
      updatedOn: '2024-04-01T00:00:00.0000000Z',
      createdBy: null,
      updatedBy: null,
    },
  };
}

function findRole(idOrPath: string): BuiltInRole | undefined {
  const guid = idOrPath.split('/').pop()!.toLowerCase();
  return BUILT_IN_ROLES.find((r) => r.id === guid);
}

function assignmentBody(a: StoredAssignment): Record<string, unknown> {
  const sub = /^\/subscriptions\/([^/]+)/i.exec(a.scope)?.[1];
  return {
    id: a.id,
    type: 'Microsoft.Authorization/roleAssignments',
    name: a.name,
    properties: {
      roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${a.roleDefinitionGuid}`,
      principalId: a.principalId,
      principalType: a.principalType,
      scope: a.scope,
      condition: null,
      conditionVersion: null,
      createdOn: a.createdOn,
      updatedOn: a.updatedOn,
      createdBy: a.createdBy,
      updatedBy: a.updatedBy,
      delegatedManagedIdentityResourceId: null,
      description: a.description ?? null,
    },
  };
}

/** Azure RBAC's action patterns: `*` matches any run of characters, case-insensitively. */
function matches(pattern: string, action: string): boolean {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`, 'i').test(action);
}

function covers(assignedScope: string, scope: string): boolean {
  const a = assignedScope.toLowerCase();
  const s = scope.toLowerCase();
  return s === a || s.startsWith(`${a}/`);
}

/** A seeded assignment's name: a GUID derived from the subscription and the user, the same every time. */
function seededName(subscriptionId: string, oid: string): string {
  const h = createHash('sha256').update(`${subscriptionId.toLowerCase()}/${oid.toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function registerAuthorizationRoutes(router: ArmRouter, deps: ProviderDeps): void {
  const { store, facts } = deps;
  const stamp = () => new Date(deps.now()).toISOString();

  /**
   * A fresh subscription: the first sandbox user is Owner, the second Contributor (once; deletions
   * stick). The assignments are written before the mark that says so, and named after the
   * subscription and user, so a sandbox killed in between seeds the same ones again when it
   * restarts; marked first, a kill there left a subscription where nobody may assign roles.
   */
  const seed = (subscriptionId: string) => {
    const sub = facts.subscriptionIds.find((s) => s.toLowerCase() === subscriptionId.toLowerCase()) ?? subscriptionId;
    if (store.getState<boolean>(SEEDED, sub)) return;
    const roles = ['Owner', 'Contributor'];
    SANDBOX_USERS.slice(0, 2).forEach((u, i) => {
      const role = BUILT_IN_ROLES.find((r) => r.roleName === roles[i])!;
      const name = seededName(sub, u.oid);
      const scope = `/subscriptions/${sub}`;
      store.setState(NS, `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, {
        id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
        name,
        scope,
        roleDefinitionGuid: role.id,
        principalId: u.oid,
        principalType: 'User',
        createdOn: stamp(),
        updatedOn: stamp(),
        createdBy: 'sandbox',
        updatedBy: 'sandbox',
      } satisfies StoredAssignment);
    });
    store.setState(SEEDED, sub, true);
  };
  const all = (subscriptionId: string): StoredAssignment[] => {
    seed(subscriptionId);
    const prefix = `/subscriptions/${subscriptionId}`.toLowerCase();
    return store
      .listState<StoredAssignment>(NS)
      .map((e) => e.value)
      .filter((a) => a.scope.toLowerCase() === prefix || a.scope.toLowerCase().startsWith(`${prefix}/`));
  };
  /** What the caller may do at `scope`: the union of its roles' permissions there (no groups in the sandbox). */
  const allowed = (req: ArmRequest, scope: string, action: string) =>
    all(req.subscriptionId!).some((a) => {
      if (a.principalId.toLowerCase() !== req.principal.oid.toLowerCase() || !covers(a.scope, scope)) return false;
      const role = findRole(a.roleDefinitionGuid);
      return !!role && role.actions.some((p) => matches(p, action)) && !role.notActions.some((p) => matches(p, action));
    });
  const forbid = (req: ArmRequest, scope: string, action: string) => {
    if (allowed(req, scope, action)) return;
    throw new ArmError(
      403,
      'AuthorizationFailed',
      `The client '${req.principal.upn}' with object id '${req.principal.oid}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  };
  const scopeOf = (req: ArmRequest): string => {
    const sub = facts.subscriptionIds.find((s) => s.toLowerCase() === req.subscriptionId!.toLowerCase()) ?? req.subscriptionId!;
    if (!req.params.resourceGroupName) return `/subscriptions/${sub}`;
    return requireResourceGroup(store, sub, req.params.resourceGroupName).id ?? resourceGroupId(sub, req.params.resourceGroupName);
  };

  /**
   * `$filter`: none (everything at, above or below the scope), `atScope()` (at or above),
   * `principalId eq '{id}'` / `assignedTo('{id}')` (that principal, at, above or below), or
   * `atScope() and assignedTo('{id}')`.
   */
  const list = (req: ArmRequest) => {
    const scope = scopeOf(req);
    const filter = (queryParam(req, '$filter') ?? '').trim();
    let atScope = false;
    let principal: string | undefined;
    for (const clause of filter ? filter.split(/\s+and\s+/i) : []) {
      const p = /^(?:principalId\s+eq\s+'([^']+)'|assignedTo\('([^']+)'\))$/i.exec(clause.trim());
      if (/^atScope\(\)$/i.test(clause.trim())) atScope = true;
      else if (p) principal = (p[1] ?? p[2])!.toLowerCase();
      else throw new ArmError(400, 'UnsupportedQuery', `The filter '${filter}' is not supported. Supported filters are either 'atScope()' or 'principalId eq '{value}' or assignedTo('{value}')'.`);
    }
    const items = all(req.subscriptionId!).filter((a) => {
      if (principal && a.principalId.toLowerCase() !== principal) return false;
      // At or above the scope; without atScope() also below it (Azure: "at, above or below").
      return covers(a.scope, scope) || (!atScope && covers(scope, a.scope));
    });
    return pagedList(req, items.map(assignmentBody));
  };

  const one = (req: ArmRequest) => {
    const scope = scopeOf(req);
    const name = req.params.roleAssignmentName!;
    const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
    all(req.subscriptionId!);
    const existing = store.getState<StoredAssignment>(NS, id);
    if (req.method === 'GET') {
      if (!existing) throw new ArmError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
      return { status: 200, body: assignmentBody(existing) };
    }
    if (req.method === 'DELETE') {
      forbid(req, scope, 'Microsoft.Authorization/roleAssignments/delete');
      if (!existing) return { status: 204 };
      store.deleteState(NS, id);
      return { status: 200, body: assignmentBody(existing) };
    }
    // PUT
    forbid(req, scope, 'Microsoft.Authorization/roleAssignments/write');
    if (!GUID.test(name)) throw new ArmError(400, 'InvalidRoleAssignmentId', `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
    const props = requireBody(req).properties as Record<string, unknown> | undefined;
    const roleDefinitionId = typeof props?.roleDefinitionId === 'string' ? props.roleDefinitionId : '';
    const principalId = typeof props?.principalId === 'string' ? props.principalId : '';
    const role = findRole(roleDefinitionId);
    if (!role) throw new ArmError(400, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${roleDefinitionId.split('/').pop() ?? ''}' does not exist.`);
    if (!GUID.test(principalId)) throw new ArmError(400, 'InvalidPrincipalId', 'A valid principal ID must be provided for role assignment.');
    // A managed identity's principal reaches the directory the authorization service reads after
    // a while (managed-identities.ts). Azure's troubleshooting page says principalType helps when
    // the assignment is processed in another region than the principal was made; the sandbox,
    // simplifying, answers the error within the window whatever principalType says, so callers'
    // retries get exercised (the window is 0 in `instant`).
    const fresh = identityPrincipal(store, principalId);
    if (fresh && deps.now() - fresh.createdAt < deps.latency.duration('identity.propagation')) {
      throw new ArmError(
        400,
        'PrincipalNotFound',
        `Principal ${principalId.replace(/-/g, '')} does not exist in the directory ${facts.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
      );
    }
    const duplicate = all(req.subscriptionId!).find((a) => a.id.toLowerCase() !== id.toLowerCase() && a.scope.toLowerCase() === scope.toLowerCase() && a.principalId.toLowerCase() === principalId.toLowerCase() && a.roleDefinitionGuid === role.id);
    if (duplicate) throw new ArmError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
    if (existing && (existing.principalId.toLowerCase() !== principalId.toLowerCase() || existing.roleDefinitionGuid !== role.id)) {
      throw new ArmError(400, 'RoleAssignmentUpdateNotPermitted', 'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.');
    }
    const saved: StoredAssignment = {
      id,
      name,
      scope,
      roleDefinitionGuid: role.id,
      principalId,
      principalType: typeof props?.principalType === 'string' ? props.principalType : 'User',
      ...(typeof props?.description === 'string' ? { description: props.description } : {}),
      createdOn: existing?.createdOn ?? stamp(),
      updatedOn: stamp(),
      createdBy: existing?.createdBy ?? req.principal.oid,
      updatedBy: req.principal.oid,
    };
    store.setState(NS, id, saved);
    return { status: existing ? 200 : 201, body: assignmentBody(saved) };
  };

  for (const base of ['/subscriptions/{subscriptionId}', '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}']) {
    router.add({ methods: ['GET'], pattern: `${base}/providers/Microsoft.Authorization/roleAssignments`, apiVersions: AUTHORIZATION_API_VERSIONS, handler: list });
    router.add({ methods: ['GET', 'PUT', 'DELETE'], pattern: `${base}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}`, apiVersions: AUTHORIZATION_API_VERSIONS, handler: one });
    // RoleDefinitions_List at a scope, with `$filter=roleName eq '{name}'` (what `az role assignment create --role Contributor` asks).
    router.add({
      methods: ['GET'],
      pattern: `${base}/providers/Microsoft.Authorization/roleDefinitions`,
      apiVersions: AUTHORIZATION_API_VERSIONS,
      handler: (req) => {
        scopeOf(req);
        const name = /^roleName\s+eq\s+'([^']+)'$/i.exec((queryParam(req, '$filter') ?? '').trim())?.[1];
        const roles = BUILT_IN_ROLES.filter((r) => !name || r.roleName.toLowerCase() === name.toLowerCase());
        return pagedList(req, roles.map((r) => roleDefinitionBody(r, req.subscriptionId)));
      },
    });
    router.add({
      methods: ['GET'],
      pattern: `${base}/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}`,
      apiVersions: AUTHORIZATION_API_VERSIONS,
      handler: (req) => {
        scopeOf(req);
        const role = findRole(req.params.roleDefinitionId!);
        if (!role) throw new ArmError(404, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${req.params.roleDefinitionId}' does not exist.`);
        return { status: 200, body: roleDefinitionBody(role, req.subscriptionId) };
      },
    });
  }
  // RoleDefinitions_GetById with a tenant-level id (`/providers/Microsoft.Authorization/roleDefinitions/{guid}`).
  router.add({
    methods: ['GET'],
    pattern: '/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}',
    apiVersions: AUTHORIZATION_API_VERSIONS,
    handler: (req) => {
      const role = findRole(req.params.roleDefinitionId!);
      if (!role) throw new ArmError(404, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${req.params.roleDefinitionId}' does not exist.`);
      return { status: 200, body: roleDefinitionBody(role) };
    },
  });
}
