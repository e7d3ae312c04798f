/**
 * Microsoft.ManagedIdentity through the real SDK clients (arm-resources' by-id calls, as Flatkube
 * sends them, and arm-authorization): an identity gets its principal and client ids; a role
 * assignment for its principal fails with PrincipalNotFound while the identity is new (the
 * `realistic` window, on the sandbox's clock) and succeeds after; deleting it removes it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { RunningSandbox } from '../../src/server';
import { armClientOptions, passwordCredential, startTestSandbox } from '../helpers/platform';

const API = '2024-11-30';
const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';

describe('managed identities and PrincipalNotFound', () => {
  let sb: RunningSandbox;
  let clock = Date.now();
  let resources: ResourceManagementClient;
  let authorization: AuthorizationManagementClient;
  before(async () => {
    sb = await startTestSandbox({ latency: 'realistic', speed: 100, now: () => clock });
    resources = new ResourceManagementClient(passwordCredential(sb), sb.info.subscriptionId, armClientOptions(sb));
    const opts = armClientOptions(sb);
    authorization = new AuthorizationManagementClient(passwordCredential(sb), sb.info.subscriptionId, { ...opts, baseUri: sb.info.armEndpoint, credentialScopes: [sb.info.armScope] });
    await resources.resourceGroups.createOrUpdate('id-rg', { location: 'westeurope' });
  });
  after(async () => sb?.close());

  it('an identity: ids in its properties; its role only once the directory knows it; deleted', async () => {
    const id = `subscriptions/${sb.info.subscriptionId}/resourceGroups/id-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/lab-identity`;
    const made = await resources.resources.createOrUpdateById(id, API, { location: 'westeurope', tags: { 'flatkube-cluster': 'lab' } });
    const p = made.properties as { principalId: string; clientId: string; tenantId: string };
    assert.match(p.principalId, /^[0-9a-f-]{36}$/);
    assert.match(p.clientId, /^[0-9a-f-]{36}$/);
    assert.notEqual(p.clientId, p.principalId);
    assert.equal(p.tenantId, sb.info.tenantId);
    assert.deepEqual((await resources.resources.getById(id, API)).properties, made.properties);

    const scope = `subscriptions/${sb.info.subscriptionId}/resourceGroups/id-rg`;
    const body = { roleDefinitionId: `/subscriptions/${sb.info.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}`, principalId: p.principalId, principalType: 'ServicePrincipal' as const };
    const name = '0b1c2d3e-4f50-5a6b-8c7d-8e9f0a1b2c3d';
    await assert.rejects(authorization.roleAssignments.create(scope, name, body), (e: { code?: string; message?: string }) => e.code === 'PrincipalNotFound' && /replication delay/.test(e.message ?? ''));
    clock += 200; // past the propagation window at speed 100 (10 s / 100)
    const a = await authorization.roleAssignments.create(scope, name, body);
    assert.equal(a.principalId, p.principalId);
    assert.equal(a.principalType, 'ServicePrincipal');

    await resources.resources.deleteById(id, API);
    await assert.rejects(resources.resources.getById(id, API), (e: { statusCode?: number }) => e.statusCode === 404);
  });
});
