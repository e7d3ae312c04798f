/**
 * The sandbox-only routes of compute and catalog (`/_sandbox/nodes`, `/_sandbox/serialconsole`,
 * `/_sandbox/quotas`), called through the route table they register (the HTTP front for
 * `/_sandbox/*` is the platform's; see the providers' report).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArmRequest, ArmResponse, ArmRouter, ProviderDeps, RouteDefinition } from '../../src/arm/types';
import { JsonResourceStore } from '../../src/store/resource-store';
import { registerComputeProviders } from '../../src/providers/compute';
import { registerCatalogProviders } from '../../src/providers/catalog';
import type { NodeHost } from '../../src/nodes/types';
import { createSignedUrls } from '../../src/api-auth/signed-urls';
import { createLatencyProfile } from '../../src/time/latency-profiles';

function routes(): { router: ArmRouter; find: (method: string, pattern: string) => RouteDefinition } {
  const list: RouteDefinition[] = [];
  return {
    router: { add: (r) => list.push(r) },
    find: (method, pattern) => list.find((r) => r.pattern === pattern && r.methods.includes(method))!,
  };
}

function req(over: Partial<ArmRequest>): ArmRequest {
  return { method: 'GET', path: '/', params: {}, query: {}, apiVersion: '', body: undefined, headers: {}, principal: { oid: '', tid: '', upn: '', scopes: [] }, baseUrl: 'https://127.0.0.1:1', requestId: 'r', ...over };
}

function deps(store: JsonResourceStore): ProviderDeps {
  return {
    store,
    lro: { start: async () => ({ status: 201 }) },
    latency: createLatencyProfile('instant'),
    faults: { take: () => undefined, onFault: () => () => {} },
    facts: { tenantId: 't', subscriptionIds: ['s'], armAudience: 'a', nodeHost: '127.0.0.1' },
    now: () => 0,
    signedUrls: createSignedUrls('unit-test-secret'),
  };
}

const SUB = '00000000-0000-0000-0000-0000000000aa';
const VM_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1`;
const NIC_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic1`;
const PIP_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/pip1`;
const VM_BASE = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines';

test('/_sandbox/nodes maps the fake public IP to the node\'s loopback endpoint; serial console serves the log to its signed URL only', async () => {
  const store = new JsonResourceStore();
  store.putResource({ id: `/subscriptions/${SUB}/resourceGroups/rg`, name: 'rg', type: 'Microsoft.Resources/resourceGroups', location: 'westeurope' });
  store.putResource({ id: PIP_ID, name: 'pip1', type: 'Microsoft.Network/publicIPAddresses', location: 'westeurope', properties: { ipAddress: '203.0.113.7' } });
  store.putResource({
    id: NIC_ID, name: 'nic1', type: 'Microsoft.Network/networkInterfaces', location: 'westeurope',
    properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { primary: true, privateIPAddress: '10.0.1.4', subnet: { id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s` }, publicIPAddress: { id: PIP_ID } } }] },
  });
  store.putResource({ id: VM_ID, name: 'vm1', type: 'Microsoft.Compute/virtualMachines', location: 'westeurope', properties: { vmId: 'guid-1', networkProfile: { networkInterfaces: [{ id: NIC_ID }] } } }, { customData: 'e30=', node: { state: 'provisioning' } });
  const removed: string[] = [];
  const host: NodeHost = {
    boot: async () => ({ ok: true, endpoint: { host: '127.0.0.1', sshPort: 2222, apiServerPort: 6443 } }),
    serialLog: (id) => (id === 'guid-1' ? 'login:\n' : ''),
    endpoint: (id) => (id === 'guid-1' ? { host: '127.0.0.1', sshPort: 2222, apiServerPort: 16443 } : undefined),
    remove: async (id) => void removed.push(id),
    dropSessions: () => {},
    close: async () => {},
  };
  const r = routes();
  const bridge = registerComputeProviders(r.router, { ...deps(store), nodeHost: host });
  await bridge.boot(VM_ID);
  const nodes = (await r.find('GET', '/_sandbox/nodes').handler(req({}))) as ArmResponse;
  assert.deepEqual(nodes.body, [{
    vmId: 'guid-1', resourceId: VM_ID, name: 'vm1', publicIp: '203.0.113.7', privateIp: '10.0.1.4',
    ssh: { host: '127.0.0.1', port: 2222 }, state: 'running', simulated: true, apiServer: { host: '127.0.0.1', port: 16443 },
  }]);
  // The URL ARM hands out (retrieveBootDiagnosticsData) carries the signature, as a SAS would.
  const diag = (await r.find('POST', `${VM_BASE}/{vmName}/retrieveBootDiagnosticsData`).handler(
    req({ method: 'POST', params: { subscriptionId: SUB, resourceGroupName: 'rg', vmName: 'vm1' }, subscriptionId: SUB }),
  )) as ArmResponse;
  const uri = new URL((diag.body as { serialConsoleLogBlobUri: string }).serialConsoleLogBlobUri);
  assert.equal(uri.pathname, '/_sandbox/serialconsole/guid-1');
  const sig = uri.searchParams.get('sig') ?? '';
  const se = uri.searchParams.get('se') ?? '';
  assert.match(sig, /^[A-Za-z0-9_-]{43}$/);
  assert.match(se, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  const serial = r.find('GET', '/_sandbox/serialconsole/{vmGuid}');
  const log = (await serial.handler(req({ params: { vmGuid: 'guid-1' }, query: { se, sig } }))) as ArmResponse;
  assert.equal(log.body, 'login:\n');
  // No signature, a tampered one, no expiry, or this VM's signature on another VM's URL: Azure Storage's 403.
  const tampered = `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`;
  for (const [vmGuid, query] of [['guid-1', {}], ['guid-1', { se, sig: tampered }], ['guid-1', { sig }], ['guid-2', { se, sig }]] as const) {
    const denied = (await serial.handler(req({ params: { vmGuid }, query }))) as ArmResponse;
    assert.equal(denied.status, 403, `${vmGuid} ${JSON.stringify(query)}`);
    assert.equal(denied.headers?.['x-ms-error-code'], 'AuthenticationFailed');
    assert.match(String(denied.body), /<Code>AuthenticationFailed<\/Code>/);
  }
  assert.equal(r.find('GET', '/_sandbox/nodes').auth, false);
  // Deleting the VM (e.g. through a group delete) removes the node.
  store.deleteResource(VM_ID);
  assert.deepEqual(removed, ['guid-1']);
  bridge.close();
});

test('/_sandbox/quotas sets and clears limit overrides that the usages answer reflects', async () => {
  const store = new JsonResourceStore();
  const r = routes();
  registerCatalogProviders(r.router, deps(store));
  const route = r.find('PUT', '/_sandbox/quotas/{subscriptionId}/{location}');
  const put = (body: unknown) => route.handler(req({ method: 'PUT', params: { subscriptionId: SUB, location: 'West Europe' }, body })) as Promise<ArmResponse> | ArmResponse;
  const res = (await put({ cores: 4, standardBSFamily: 2 })) as ArmResponse;
  const view = res.body as { location: string; overrides: Record<string, number>; usages: Array<{ name: { value: string }; limit: number }> };
  assert.equal(view.location, 'westeurope');
  assert.deepEqual(view.overrides, { cores: 4, standardBSFamily: 2 });
  assert.equal(view.usages.find((u) => u.name.value === 'cores')?.limit, 4);
  const cleared = (await put({ cores: null })) as ArmResponse;
  assert.deepEqual((cleared.body as { overrides: unknown }).overrides, { standardBSFamily: 2 });
  assert.equal(((await put({ cores: -1 })) as ArmResponse).status, 400);
  assert.equal(((await route.handler(req({ method: 'GET', params: { subscriptionId: SUB, location: 'mars' } }))) as ArmResponse).status, 400);
});
