/**
 * The first real run checklist (preflight on real Azure) against the sandbox posing as Azure:
 * every line passes on a ready subscription; each thing a first real run trips over (role,
 * resource providers, quota, marketplace terms, the bakery, GitHub, the public IP) fails or warns
 * on its own line with the `az` command that fixes it. The sandbox itself gets no checklist.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { ClusterSpecInput } from '../../../shared/domain/cluster-spec';
import type { ChecklistItem } from '../../../shared/ipc/channels/azure';
import { createArmClients } from '../../../electron/services/azure/arm-clients';
import type { AzureEnvironment } from '../../../electron/services/azure/environment';
import { sysextSource } from '../../../electron/services/cluster/sysext/bakery';
import { actionMatches, rolesAllow, scopeCovers } from '../../../electron/services/preflight/azure-checks';
import type { ProbeResult } from '../../../electron/services/preflight/kubernetes-release-check';
import { runPreflight, type PreflightDeps } from '../../../electron/services/preflight/preflight';
import { AppError } from '../../../electron/services/errors';
import { SANDBOX_USER_PASSWORD, SANDBOX_USERS } from '@flatkube/sandbox';
import { minimalSpecInput } from '../../unit/domain/spec-fixture';
import { call, msalApp } from '../../helpers/sandbox-platform';
import { startAzureTestEnv, type AzureTestEnv } from './azure-test-env';

const GRACE = SANDBOX_USERS[1]!;
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const IP = '203.0.113.7';

describe('the first real run checklist (preflight on real Azure, the sandbox posing as Azure)', () => {
  let t: AzureTestEnv;
  let deps: PreflightDeps;
  let azureEnv: AzureEnvironment;
  before(async () => {
    t = await startAzureTestEnv();
    azureEnv = { ...t.env, kind: 'azure' };
    deps = {
      environment: 'azure',
      clients: (s, sig) => t.reads.clients(s, sig),
      probe: async () => 'exists',
      sysext: sysextSource(azureEnv),
      publicIp: async () => ({ ip: IP, source: 'service', detail: 'detected by api.ipify.org' }),
    };
  });
  after(async () => {
    await t.close();
  });

  const spec = (o: Partial<ClusterSpecInput> = {}): ClusterSpecInput => minimalSpecInput({ subscriptionId: t.subscriptionId, allowedSourceIp: IP, ...o });
  const item = (list: ChecklistItem[] | undefined, id: ChecklistItem['id']) => {
    const found = list?.find((x) => x.id === id);
    assert.ok(found, `${id} in ${JSON.stringify(list)}`);
    return found;
  };

  it('passes every line on a ready subscription, naming what it found', async () => {
    const r = await runPreflight(spec(), deps);
    assert.equal(r.ok, true, JSON.stringify(r.findings));
    assert.deepEqual(
      r.checklist?.map((x) => [x.id, x.status]),
      [
        ['subscription', 'pass'],
        ['role', 'pass'],
        ['providers', 'pass'],
        ['region-and-sizes', 'pass'],
        ['names', 'pass'],
        ['quota', 'pass'],
        ['image-and-terms', 'pass'],
        ['kubernetes', 'pass'],
        ['bakery', 'pass'],
        ['github', 'pass'],
        ['public-ip', 'pass'],
      ],
    );
    assert.match(item(r.checklist, 'role').detail, /^Your roles there: Owner \(ada@sandbox\.flatkube\.local\): they allow creating resource groups, networks and VMs\.$/);
    assert.equal(item(r.checklist, 'providers').detail, 'Microsoft.Compute and Microsoft.Network are registered on the subscription.');
    assert.match(item(r.checklist, 'public-ip').detail, /^203\.0\.113\.7 \(detected by api\.ipify\.org\)/);
    assert.ok(r.checklist!.every((x) => x.command === undefined));
  });

  it('a resource provider not registered: FAIL with `az provider register`', async () => {
    await (await t.reads.clients(t.subscriptionId)).resources.providers.unregister('Microsoft.Network');
    try {
      const r = await runPreflight(spec(), deps);
      assert.equal(r.ok, false);
      const p = item(r.checklist, 'providers');
      assert.equal(p.status, 'fail');
      assert.match(p.detail, /Resource provider Microsoft\.Network is not registered on this subscription \(Unregistered\)/);
      assert.equal(p.command, `az provider register --namespace Microsoft.Network --subscription ${t.subscriptionId}`);
      assert.equal(r.findings.find((f) => f.code === 'PROVIDER_NOT_REGISTERED')?.command, p.command);
    } finally {
      await (await t.reads.clients(t.subscriptionId)).resources.providers.register('Microsoft.Network');
    }
  });

  it('a Contributor with the Azure integration on: FAIL (the identity\'s role needs Owner), pass with it off', async () => {
    // Grace is Contributor on a fresh sandbox subscription (its seeded roles).
    const pca = msalApp(t.sb);
    const grace: TokenCredential = {
      async getToken(scopes): Promise<AccessToken> {
        const r = await pca.acquireTokenByUsernamePassword({ scopes: Array.isArray(scopes) ? scopes : [scopes], username: GRACE.upn, password: SANDBOX_USER_PASSWORD });
        return { token: r!.accessToken, expiresOnTimestamp: r!.expiresOn!.getTime() };
      },
    };
    const asGrace = { ...deps, clients: async (s: string) => createArmClients(azureEnv, grace, s) };
    const on = item((await runPreflight(spec(), asGrace)).checklist, 'role');
    assert.equal(on.status, 'fail');
    assert.match(on.detail, /^Your roles there: Contributor; a deployment also needs to give the cluster's identity its role \(Azure integration\) \(Microsoft\.Authorization\/roleAssignments\/write\)/);
    assert.equal(on.command, `az role assignment create --assignee ${GRACE.upn} --role Owner --scope /subscriptions/${t.subscriptionId}`);
    const off = item((await runPreflight(spec({ azureIntegration: { cloudProvider: false, disks: false } }), asGrace)).checklist, 'role');
    assert.equal(off.status, 'pass');
  });

  it('a role that cannot create (Reader): FAIL with `az role assignment create ... --role Contributor`', async () => {
    // Ada (Owner) makes Grace a Reader only; the checklist then runs as Grace.
    const ada = await t.reads.clients(t.subscriptionId);
    const sub = `subscriptions/${t.subscriptionId}`;
    const hers = [];
    for await (const a of ada.authorization.roleAssignments.listForSubscription({ filter: `assignedTo('${GRACE.oid}')` })) hers.push(a);
    for (const a of hers) await ada.authorization.roleAssignments.delete(sub, a.name!);
    await ada.authorization.roleAssignments.create(sub, '25c5a614-a7d6-4502-b150-c2fb455033ff', {
      roleDefinitionId: `/${sub}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
      principalId: GRACE.oid,
    });
    const pca = msalApp(t.sb);
    const grace: TokenCredential = {
      async getToken(scopes): Promise<AccessToken> {
        const r = await pca.acquireTokenByUsernamePassword({ scopes: Array.isArray(scopes) ? scopes : [scopes], username: GRACE.upn, password: SANDBOX_USER_PASSWORD });
        return { token: r!.accessToken, expiresOnTimestamp: r!.expiresOn!.getTime() };
      },
    };
    const r = await runPreflight(spec(), { ...deps, clients: async (s) => createArmClients(azureEnv, grace, s) });
    assert.equal(r.ok, false);
    const role = item(r.checklist, 'role');
    assert.equal(role.status, 'fail');
    assert.match(role.detail, /^Your roles there: Reader; a deployment also needs to create the resource group, .*create VMs/);
    assert.equal(role.command, `az role assignment create --assignee ${GRACE.upn} --role Contributor --scope /subscriptions/${t.subscriptionId}`);
  });

  it('quota, terms, bakery, GitHub and the public IP each on their own line, with their commands', async () => {
    await call(t.sb, 'PUT', `/_sandbox/quotas/${t.subscriptionId}/uksouth`, { body: { standardBSFamily: 4 } });
    const quota = await runPreflight(spec({ location: 'uksouth' }), deps);
    assert.equal(item(quota.checklist, 'quota').status, 'fail');
    assert.equal(item(quota.checklist, 'quota').command, `az vm list-usage --location uksouth --subscription ${t.subscriptionId} --output table`);
    assert.equal(item(quota.checklist, 'region-and-sizes').status, 'pass');

    const other = (await t.directory.subscriptions()).subscriptions.find((s) => s.subscriptionId !== t.subscriptionId)!.subscriptionId;
    const terms = await runPreflight(spec({ subscriptionId: other, image: { offer: 'flatcar-container-linux-free' } }), deps);
    const ti = item(terms.checklist, 'image-and-terms');
    assert.equal(ti.status, 'fail');
    assert.equal(ti.command, `az vm image terms accept --publisher kinvolk --offer flatcar-container-linux-free --plan stable-gen2 --subscription ${other}`);

    const offline = async (url: string): Promise<ProbeResult> => (url.startsWith('https://github.com/') || url.includes('dl.k8s.io') ? 'unreachable' : 'exists');
    const net = await runPreflight(spec(), { ...deps, probe: offline, publicIp: async () => ({ ip: '198.51.100.20', source: 'service', detail: 'detected by api.ipify.org' }) });
    assert.equal(net.ok, true, 'warnings do not block');
    assert.equal(item(net.checklist, 'github').status, 'warn');
    assert.equal(item(net.checklist, 'github').command, 'curl -sSfI https://github.com/');
    assert.equal(item(net.checklist, 'kubernetes').status, 'warn');
    assert.equal(item(net.checklist, 'kubernetes').command, 'curl -sSfI https://dl.k8s.io/release/v1.35.3/bin/linux/amd64/kubeadm.sha256');
    const ip = item(net.checklist, 'public-ip');
    assert.equal(ip.status, 'warn');
    assert.match(ip.detail, /opens SSH and its API server to 203\.0\.113\.7, but this computer's public IP is 198\.51\.100\.20/);

    const undetected = await runPreflight(spec(), { ...deps, publicIp: async () => Promise.reject(new AppError('PUBLIC_IP_UNKNOWN', 'Could not detect your public IP address (api.ipify.org: offline).')) });
    assert.equal(item(undetected.checklist, 'public-ip').status, 'warn');

    const bakery = await runPreflight(spec(), { ...deps, sysext: { bakery: 'https://bakery.test', resolve: async () => Promise.reject(new Error('offline')), versions: async () => [] } });
    assert.equal(item(bakery.checklist, 'bakery').status, 'warn');
    assert.equal(item(bakery.checklist, 'bakery').command, 'curl -sSfL https://bakery.test/kubernetes-v1.35.3/SHA256SUMS');
  });

  it('a subscription the sign-in cannot see: the subscription line fails and nothing else runs', async () => {
    const r = await runPreflight(spec({ subscriptionId: '99999999-9999-4999-8999-999999999999' }), deps);
    assert.deepEqual(r.checklist?.map((x) => [x.id, x.status]), [['subscription', 'fail']]);
    assert.equal(r.checklist?.[0]?.command, 'az account list --all --output table');
  });

  it('the sandbox gets no checklist and no role or provider checks', async () => {
    const r = await runPreflight(spec(), { ...deps, environment: 'sandbox', sysext: sysextSource(t.env) });
    assert.deepEqual(r, { ok: true, findings: [] });
  });

  it('matches RBAC action patterns and scopes as Azure does', () => {
    assert.ok(actionMatches('*', 'Microsoft.Compute/virtualMachines/write'));
    assert.ok(actionMatches('Microsoft.Compute/*', 'microsoft.compute/virtualMachines/write'));
    assert.ok(!actionMatches('*/read', 'Microsoft.Compute/virtualMachines/write'));
    assert.ok(!rolesAllow([{ actions: ['*'], notActions: ['Microsoft.Compute/*'] }], 'Microsoft.Compute/virtualMachines/write'));
    // A notAction subtracts from its own role only.
    assert.ok(rolesAllow([{ actions: ['*'], notActions: ['Microsoft.Compute/*'] }, { actions: ['Microsoft.Compute/virtualMachines/*'] }], 'Microsoft.Compute/virtualMachines/write'));
    assert.ok(scopeCovers('/subscriptions/s', '/subscriptions/s/resourceGroups/rg'));
    assert.ok(scopeCovers('/providers/Microsoft.Management/managementGroups/mg', '/subscriptions/s'));
    assert.ok(!scopeCovers('/subscriptions/s/resourceGroups/rg', '/subscriptions/s'));
  });
});
