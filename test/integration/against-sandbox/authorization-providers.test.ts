/**
 * The sandbox's resource provider registrations and Microsoft.Authorization, through the SDK
 * clients Flatkube uses (@azure/arm-resources 8 providers, @azure/arm-authorization 9): Azure's
 * shapes, filters and errors, and the state kept across calls.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RestError } from '@azure/core-rest-pipeline';
import { createArmClients, type ArmClients } from '../../../electron/services/azure/arm-clients';
import { sandboxEnvironment } from '../../../electron/services/azure/sandbox-environment';
import { SANDBOX_SECOND_SUBSCRIPTION_ID, SANDBOX_USERS, startSandbox, type Sandbox } from '@flatkube/sandbox';
import { collect } from '../../../electron/services/azure/azure-errors';
import { call, armToken, msalApp } from '../../helpers/sandbox-platform';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { SANDBOX_USER_PASSWORD } from '@flatkube/sandbox';

const [ADA, GRACE] = [SANDBOX_USERS[0]!, SANDBOX_USERS[1]!];
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

function userCredential(sb: Sandbox, upn: string): TokenCredential {
  const pca = msalApp(sb);
  return {
    async getToken(scopes): Promise<AccessToken> {
      const r = await pca.acquireTokenByUsernamePassword({ scopes: Array.isArray(scopes) ? scopes : [scopes], username: upn, password: SANDBOX_USER_PASSWORD });
      return { token: r!.accessToken, expiresOnTimestamp: r!.expiresOn!.getTime() };
    },
  };
}

describe('sandbox: provider registrations and role assignments (Azure shapes, through the SDK)', () => {
  let sb: Sandbox;
  let ada: ArmClients;
  let grace: ArmClients;
  let sub: string;

  before(async () => {
    sb = await startSandbox({ latency: 'instant' });
    sub = sb.info.subscriptionId;
    const env = sandboxEnvironment(sb.info, sb.caCertPem);
    ada = createArmClients(env, userCredential(sb, ADA.upn), sub);
    grace = createArmClients(env, userCredential(sb, GRACE.upn), sub);
  });
  after(async () => {
    await sb.close();
  });

  it('providers.get answers Azure\'s Provider shape; unregister and register change the state; unknown namespaces are 404', async () => {
    const p = await ada.resources.providers.get('microsoft.compute');
    assert.equal(p.id, `/subscriptions/${sub}/providers/Microsoft.Compute`);
    assert.equal(p.namespace, 'Microsoft.Compute');
    assert.equal(p.registrationState, 'Registered');
    assert.equal(p.registrationPolicy, 'RegistrationRequired');
    assert.ok(p.resourceTypes?.some((t) => t.resourceType === 'virtualMachines' && (t.apiVersions ?? []).length > 0));
    assert.equal((await ada.resources.providers.unregister('Microsoft.Compute')).registrationState, 'Unregistered');
    assert.equal((await ada.resources.providers.get('Microsoft.Compute')).registrationState, 'Unregistered');
    // Per subscription: the other one is untouched.
    const other = createArmClients(sandboxEnvironment(sb.info, sb.caCertPem), userCredential(sb, ADA.upn), SANDBOX_SECOND_SUBSCRIPTION_ID);
    assert.equal((await other.resources.providers.get('Microsoft.Compute')).registrationState, 'Registered');
    assert.equal((await ada.resources.providers.register('Microsoft.Compute')).registrationState, 'Registered');
    const all = await collect(ada.resources.providers.list());
    assert.ok(all.some((x) => x.namespace === 'Microsoft.Network' && x.registrationState === 'Registered'));
    assert.ok(all.some((x) => x.namespace === 'Microsoft.ContainerService' && x.registrationState === 'NotRegistered'));
    await assert.rejects(ada.resources.providers.get('Microsoft.Nope'), (e: RestError) => e.statusCode === 404 && e.code === 'InvalidResourceNamespace');
  });

  it('lists role assignments for the signed-in principal (assignedTo / principalId eq), with Azure\'s fields', async () => {
    const mine = await collect(ada.authorization.roleAssignments.listForSubscription({ filter: `assignedTo('${ADA.oid}')` }));
    assert.equal(mine.length, 1);
    const a = mine[0]!;
    assert.equal(a.type, 'Microsoft.Authorization/roleAssignments');
    assert.equal(a.scope, `/subscriptions/${sub}`);
    assert.equal(a.principalId, ADA.oid);
    assert.equal(a.principalType, 'User');
    assert.equal(a.roleDefinitionId, `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`);
    assert.match(a.id ?? '', new RegExp(`^/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments/[0-9a-f-]{36}$`));
    const hers = await collect(ada.authorization.roleAssignments.listForSubscription({ filter: `principalId eq '${GRACE.oid}'` }));
    assert.deepEqual(hers.map((x) => x.roleDefinitionId!.split('/').pop()), [CONTRIBUTOR]);
    assert.equal((await collect(ada.authorization.roleAssignments.listForSubscription())).length, 2);
    await assert.rejects(collect(ada.authorization.roleAssignments.listForSubscription({ filter: "roleName eq 'x'" })), (e: RestError) => e.statusCode === 400);
  });

  // getById takes the id without its leading slash (with one, core-client reads `//subscriptions/...` as a host and drops it).
  it('role definitions by id (subscription and tenant forms) carry the built-in permissions', async () => {
    const owner = await ada.authorization.roleDefinitions.getById(`subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`);
    assert.equal(owner.roleName, 'Owner');
    assert.equal(owner.roleType, 'BuiltInRole');
    assert.deepEqual(owner.permissions?.[0]?.actions, ['*']);
    const contributor = await ada.authorization.roleDefinitions.getById(`providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}`);
    assert.ok(contributor.permissions?.[0]?.notActions?.includes('Microsoft.Authorization/*/Write'));
    const readers = await collect(ada.authorization.roleDefinitions.list(`subscriptions/${sub}`, { filter: "roleName eq 'Reader'" }));
    assert.deepEqual(readers.map((r) => r.name), [READER]);
    await assert.rejects(ada.authorization.roleDefinitions.getById(`subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-0000-0000-000000000000`), (e: RestError) => e.statusCode === 404);
  });

  it('creating an assignment needs roleAssignments/write: an Owner may, a Contributor gets 403 AuthorizationFailed; delete removes it', async () => {
    const name = '05c5a614-a7d6-4502-b150-c2fb455033ff';
    const scope = `subscriptions/${sub}`;
    const reader = { roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${READER}`, principalId: GRACE.oid, principalType: 'User' as const };
    await assert.rejects(grace.authorization.roleAssignments.create(scope, name, reader), (e: RestError) => {
      assert.equal(e.statusCode, 403);
      assert.equal(e.code, 'AuthorizationFailed');
      assert.match(e.message, /does not have authorization to perform action 'Microsoft\.Authorization\/roleAssignments\/write' over scope/);
      return true;
    });
    const created = await ada.authorization.roleAssignments.create(scope, name, reader);
    assert.equal(created.name, name);
    await assert.rejects(ada.authorization.roleAssignments.create(scope, '15c5a614-a7d6-4502-b150-c2fb455033ff', reader), (e: RestError) => e.statusCode === 409 && e.code === 'RoleAssignmentExists');
    assert.equal((await collect(ada.authorization.roleAssignments.listForSubscription({ filter: `assignedTo('${GRACE.oid}')` }))).length, 2);
    await ada.authorization.roleAssignments.delete(scope, name);
    assert.equal((await collect(ada.authorization.roleAssignments.listForSubscription({ filter: `assignedTo('${GRACE.oid}')` }))).length, 1);
    // Azure's wire shape, raw: value[] with properties.
    const raw = await call(sb, 'GET', `/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()`, {
      headers: { authorization: `Bearer ${await armToken(sb)}` },
    });
    assert.equal(raw.status, 200);
    const body = raw.json as { value: Array<{ properties: Record<string, unknown> }> };
    assert.ok(body.value.every((v) => typeof v.properties.roleDefinitionId === 'string' && typeof v.properties.scope === 'string'));
  });
});
