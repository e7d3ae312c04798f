/**
 * Issue 12, "checks from outside the project": Azure's own examples for the operations Flatkube
 * sends (kept in test/contract/azure/ by scripts/azure-contract/extract.mjs).
 *  - Each example validates against the extracted schema: a cross-check of the extraction (the
 *    examples and the schemas are written separately at Azure).
 *  - Each example response goes through the real SDK client's deserialisation (a fake HTTP client
 *    answers with it) and, where Flatkube reads it, through Flatkube's own readers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TokenCredential } from '@azure/core-auth';
import { createHttpHeaders, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { ComputeManagementClient } from '@azure/arm-compute';
import { MarketplaceOrderingAgreements } from '@azure/arm-marketplaceordering';
import { NetworkManagementClient } from '@azure/arm-network';
import { listUsages, listVmSkus, toSizeInfo } from '../../../electron/services/azure/sizes';
import { checkRequest, checkResponse, loadContracts, matchContract, readOnlyInRequest, toModel, undeclaredProperties, type Contract } from '../../helpers/azure-contract';

const contracts = loadContracts();
const byName = (name: string): Contract => {
  const c = contracts.find((x) => x.name === name);
  if (!c) throw new Error(`no contract ${name}`);
  return c;
};
const example = (name: string, i = 0) => {
  const ex = byName(name).examples[i];
  if (!ex) throw new Error(`no example ${i} for ${name}`);
  return ex;
};

const credential: TokenCredential = { getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3600_000 }) };

/**
 * A transport that answers the first request with `status`/`body` and any later one (an LRO's
 * polling GET) with the same body marked Succeeded. Records what it was sent.
 */
function fakeHttp(status: number, body: unknown): HttpClient & { sent: PipelineRequest[] } {
  const sent: PipelineRequest[] = [];
  return {
    sent,
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      sent.push(request);
      let payload = body;
      if (sent.length > 1 && payload && typeof payload === 'object' && 'properties' in payload) {
        const p = payload as { properties: Record<string, unknown> };
        payload = { ...p, properties: { ...p.properties, provisioningState: 'Succeeded' } };
      }
      return { request, status: sent.length > 1 ? 200 : status, headers: createHttpHeaders({ 'content-type': 'application/json' }), bodyAsText: JSON.stringify(payload) };
    },
  };
}

const options = (httpClient: HttpClient) => ({ endpoint: 'https://management.azure.com', baseUri: 'https://management.azure.com', httpClient, retryOptions: { maxRetries: 0 } });
const SUB = '00000000-0000-0000-0000-000000000000';

describe('the spec\'s own examples validate against the extracted schemas', () => {
  for (const c of contracts) {
    for (const ex of c.examples) {
      it(`${c.name}: ${ex.title}`, () => {
        if (ex.request !== undefined) assert.deepEqual(checkRequest(c, ex.request), [], 'request');
        for (const [code, body] of Object.entries(ex.responses)) assert.deepEqual(checkResponse(c, Number(code), body), [], `response ${code}`);
      });
    }
  }
  it('every contract names its spec file, commit and api-version', () => {
    assert.ok(contracts.length >= 30);
    for (const c of contracts) {
      assert.match(c.source.commit ?? '', /^[0-9a-f]{40}$/, c.name);
      assert.match(c.source.path, /^specification\//, c.name);
      if (c.method) assert.match(c.source.apiVersion ?? '', /^\d{4}-\d{2}-\d{2}$/, c.name);
    }
  });
});

describe('the spec\'s example responses through the SDK clients and Flatkube\'s readers', () => {
  it('VirtualMachines_Get', async () => {
    const ex = example('compute.virtualMachines.get');
    const http = fakeHttp(200, ex.responses['200']);
    const vm = await new ComputeManagementClient(credential, SUB, options(http)).virtualMachines.get('myResourceGroup', 'myVM');
    assert.equal(vm.name, 'myVM');
    assert.equal(vm.hardwareProfile?.vmSize, 'Standard_DS3_v2');
    assert.equal(vm.storageProfile?.osDisk?.managedDisk?.id?.endsWith('/disks/myOsDisk'), true);
    assert.equal(vm.provisioningState, 'Succeeded');
    assert.equal(vm.diagnosticsProfile?.bootDiagnostics?.enabled, true);
    assert.match(http.sent[0]!.url, /api-version=2026-04-01/);
  });

  it('VirtualMachines_CreateOrUpdate (201 Creating, then Succeeded)', async () => {
    const ex = example('compute.virtualMachines.createOrUpdate');
    const http = fakeHttp(201, ex.responses['201']);
    const client = new ComputeManagementClient(credential, SUB, options(http));
    const vm = await client.virtualMachines.createOrUpdate('myResourceGroup', 'myVM', toModel(ex.request) as never, { updateIntervalInMs: 0 });
    assert.equal(vm.provisioningState, 'Succeeded');
    assert.equal(vm.storageProfile?.osDisk?.osType, 'Linux');
    assert.equal(vm.osProfile?.linuxConfiguration?.patchSettings?.patchMode, 'ImageDefault');
    // What the SDK put on the wire for the spec's request is the spec's request again.
    const sentBody = JSON.parse(String(http.sent[0]!.body)) as unknown;
    assert.deepEqual(sentBody, ex.request);
    assert.deepEqual(checkRequest(byName('compute.virtualMachines.createOrUpdate'), sentBody), []);
  });

  it('VirtualMachineImages_Get: plan, generation and deprecation as the image reader needs them', async () => {
    const ex = example('compute.virtualMachineImages.get');
    const img = await new ComputeManagementClient(credential, SUB, options(fakeHttp(200, ex.responses['200']))).virtualMachineImages.get('l', 'p', 'o', 's', 'v');
    assert.deepEqual(img.plan, { publisher: 'aaaaaaaaaaaaaaaaaaa', name: 'aaaaaaaaa', product: 'aaaaaaaaaaaaaa' });
    assert.equal(img.hyperVGeneration, 'V1');
    assert.equal(img.imageDeprecationStatus?.imageState, 'ScheduledForDeprecation');
    assert.equal(img.location, 'aaaaa');
  });

  it('VirtualMachineImages_List', async () => {
    const ex = example('compute.virtualMachineImages.list');
    const list = await new ComputeManagementClient(credential, SUB, options(fakeHttp(200, ex.responses['200']))).virtualMachineImages.list('l', 'p', 'o', 's');
    assert.deepEqual(list.map((v) => v.name), ['aaaaaaaa']);
  });

  it('Usage_List and ResourceSkus_List through sizes.ts (quota and size facts)', async () => {
    const usage = example('compute.usage.list').responses['200'] as { value: unknown[] };
    // The example's nextLink points nowhere real; one page is enough here.
    const usages = await listUsages(new ComputeManagementClient(credential, SUB, options(fakeHttp(200, { value: usage.value }))), 'westus');
    assert.equal(usages.get('aaaaaaaaaaaaaaaaaa')?.limit, 19);
    const skus = await listVmSkus(new ComputeManagementClient(credential, SUB, options(fakeHttp(200, example('compute.resourceSkus.list').responses['200']))), 'westus');
    assert.deepEqual(skus.map((s) => s.name), ['Standard_A0', 'Standard_A1']);
    const info = toSizeInfo(skus[1]!, usages, { currency: 'USD', perHour: {} } as never);
    assert.deepEqual([info.vCPUs, info.memoryGB, info.generations, info.architecture, info.family], [1, 1.75, [1], 'x64', 'standardA0_A7Family']);
  });

  it('Network: VNet, public IP and NIC creates (the examples\' 201 bodies)', async () => {
    const net = (name: string) => new NetworkManagementClient(credential, SUB, options(fakeHttp(201, example(name).responses['201'])));
    const vnet = await net('network.virtualNetworks.createOrUpdate').virtualNetworks.createOrUpdate('rg1', 'test-vnet', toModel(example('network.virtualNetworks.createOrUpdate').request) as never, { updateIntervalInMs: 0 });
    assert.equal(vnet.subnets?.[0]?.addressPrefix, '10.0.0.0/24');
    const pip = await net('network.publicIPAddresses.createOrUpdate').publicIPAddresses.createOrUpdate('rg1', 'test-ip', toModel(example('network.publicIPAddresses.createOrUpdate').request) as never, { updateIntervalInMs: 0 });
    assert.equal(pip.publicIPAllocationMethod, 'Dynamic');
    const nic = await net('network.networkInterfaces.createOrUpdate').networkInterfaces.createOrUpdate('rg1', 'test-nic', toModel(example('network.networkInterfaces.createOrUpdate').request) as never, { updateIntervalInMs: 0 });
    assert.equal(nic.ipConfigurations?.[0]?.privateIPAddress, '172.20.2.4');
    assert.equal(nic.ipConfigurations?.[0]?.primary, true);
  });

  it('MarketplaceAgreements_Get and _Create (the engine reads `accepted`, sends the terms back accepted)', async () => {
    const get = new MarketplaceOrderingAgreements(credential, SUB, options(fakeHttp(200, example('marketplace.marketplaceAgreements.get').responses['200'])) as never);
    const terms = await get.marketplaceAgreements.get('virtualmachine', 'pubid', 'offid', 'planid');
    assert.equal(terms.accepted, true);
    assert.equal(terms.plan, 'planid');
    const http = fakeHttp(200, example('marketplace.marketplaceAgreements.create').responses['200']);
    const create = new MarketplaceOrderingAgreements(credential, SUB, options(http) as never);
    await create.marketplaceAgreements.create('virtualmachine', 'pubid', 'offid', 'planid', { ...terms, accepted: true });
    const sent = JSON.parse(String(http.sent[0]!.body)) as unknown;
    assert.deepEqual(checkRequest(byName('marketplace.marketplaceAgreements.create'), sent), []);
  });
});

describe('the checks catch what they are for', () => {
  const vmPut = () => byName('compute.virtualMachines.createOrUpdate');
  const body = () => structuredClone(example('compute.virtualMachines.createOrUpdate').request) as { properties: Record<string, unknown> };

  it('a securityType outside the spec\'s enum, a wrong type, a missing required property', () => {
    const b = body();
    b.properties.securityProfile = { securityType: 'TrustedLaunchV2' };
    assert.match(checkRequest(vmPut(), b).join('\n'), /securityProfile\/securityType must be equal to one of the allowed values/);
    const c = body();
    (c.properties.hardwareProfile as Record<string, unknown>).vmSize = 2;
    assert.match(checkRequest(vmPut(), c).join('\n'), /hardwareProfile\/vmSize must be string/);
    const d = body();
    delete (d.properties.storageProfile as { osDisk: Record<string, unknown> }).osDisk.createOption;
    assert.match(checkRequest(vmPut(), d).join('\n'), /must have required property 'createOption'/);
    // Standard is in the 2026-04-01 enum (a first-class value from 2025-11-01).
    const e = body();
    e.properties.securityProfile = { securityType: 'Standard' };
    assert.deepEqual(checkRequest(vmPut(), e), []);
  });

  it('a request reaching into a part the extractor did not expand fails; a response there passes', () => {
    const b = body();
    (b.properties.osProfile as Record<string, unknown>).windowsConfiguration = { provisionVMAgent: true };
    assert.notDeepEqual(checkRequest(vmPut(), b), []);
    const vm = structuredClone(example('compute.virtualMachines.get').responses['200']) as { properties: Record<string, unknown> };
    assert.deepEqual(checkResponse(byName('compute.virtualMachines.get'), 200, vm), []);
  });

  it('undeclared properties, read-only properties in a request, and statuses the operation lacks', () => {
    const vm = structuredClone(example('compute.virtualMachines.get').responses['200']) as { properties: Record<string, unknown> };
    (vm.properties.hardwareProfile as Record<string, unknown>).vmSzie = 'typo';
    vm.properties.instanceView = { statuses: [{ code: 'x', levle: 'Info' }] };
    const c = byName('compute.virtualMachines.get');
    assert.deepEqual(undeclaredProperties(c, c.responses['200']!, vm), ['/properties/hardwareProfile/vmSzie', '/properties/instanceView/statuses/0/levle']);
    const b = body() as { properties: Record<string, unknown> };
    b.properties.provisioningState = 'Succeeded';
    (b.properties.storageProfile as { imageReference: Record<string, unknown> }).imageReference.exactVersion = '1.2.3';
    assert.deepEqual(readOnlyInRequest(vmPut(), b).sort(), ['/properties/provisioningState', '/properties/storageProfile/imageReference/exactVersion']);
    assert.match(checkResponse(byName('network.virtualNetworks.get'), 202, {}).join(), /status 202 is not among/);
  });

  it('requests are matched to operations by method and path, the more literal template first', () => {
    const vmPath = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1';
    assert.equal(matchContract(contracts, 'PUT', vmPath)?.name, 'compute.virtualMachines.createOrUpdate');
    assert.equal(matchContract(contracts, 'POST', `${vmPath}/retrieveBootDiagnosticsData`)?.name, 'compute.virtualMachines.retrieveBootDiagnosticsData');
    assert.equal(matchContract(contracts, 'PATCH', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Resources/tags/default')?.name, 'resources.tagsOperations.updateAtScope');
    assert.equal(matchContract(contracts, 'GET', '/subscriptions/s/resourcegroups/RG/resources')?.name, 'resources.resources.listByResourceGroup');
    assert.equal(matchContract(contracts, 'PATCH', vmPath), undefined);
  });
});
