/**
 * Issue 12, "checks from outside the project": every ARM request Flatkube sends, and every answer
 * the sandbox gives to it, against Azure's published REST contract (test/contract/azure/, from
 * Azure/azure-rest-api-specs at the api-versions the installed SDK clients send).
 *
 * One run of the real flow against the sandbox, through the app's own ARM clients with a capture
 * policy in their pipelines: the wizard's reads (tenants, subscriptions, regions, images, sizes,
 * quota), preflight, a deployment with a marketplace-plan image (terms, group, network, VMs,
 * long-running operations, boot diagnostics) and the teardown. Then:
 *  (a) each request body validates against the operation's request schema, uses no part the
 *      extractor left unexpanded, and sends back no read-only property;
 *  (b) each answer validates against the response schema of its status (errors against `default`),
 *      and declares no property the spec does not know; polled operation status bodies validate
 *      against ARM's common OperationStatusResult;
 *  (c) the spec's own example VNet request is accepted by the sandbox, its answer checked as in (b);
 *  and each request goes out at the api-version its contract was taken at.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { listFlatcarImages } from '../../../electron/services/azure/images';
import { listLocations } from '../../../electron/services/azure/locations';
import { listUsages, listVmSkus } from '../../../electron/services/azure/sizes';
import { deployCluster } from '../../../electron/services/cluster/engine/deployment';
import { destroyCluster } from '../../../electron/services/cluster/engine/teardown';
import { checkImageAndTerms, checkNames, checkRegion, checkSizesAndQuota } from '../../../electron/services/preflight/azure-checks';
import { resourceNames } from '../../../shared/domain/cluster-layout';
import { checkRequest, checkResponse, loadContracts, matchContract, readOnlyInRequest, responseSchema, toModel, undeclaredProperties, type Contract } from '../../helpers/azure-contract';
import { EventLog, exampleSpec, FAST_TIMINGS, startEngineFixture, type EngineFixture } from '../engine/engine-fixture';

interface Exchange {
  method: string;
  path: string;
  apiVersion: string | null;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
}

function parse(text: string | undefined | null): unknown {
  if (text === undefined || text === null || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Records every attempt each client puts on the wire (after retries, so each one counts). */
function capture(into: Exchange[]): PipelinePolicy {
  return {
    name: 'flatkube-contract-capture',
    async sendRequest(request, next) {
      const response = await next(request);
      const url = new URL(request.url);
      into.push({
        method: request.method,
        path: decodeURIComponent(url.pathname),
        apiVersion: url.searchParams.get('api-version'),
        requestBody: typeof request.body === 'string' ? parse(request.body) : undefined,
        status: response.status,
        responseBody: parse(response.bodyAsText),
      });
      return response;
    },
  };
}

/** Polling URLs ARM hands out in Azure-AsyncOperation and Location headers. */
const ASYNC_STATUS = /^\/subscriptions\/[^/]+\/providers\/[^/]+\/locations\/[^/]+\/operations\/[^/]+$/i;
const OPERATION_RESULT = /^\/subscriptions\/[^/]+\/(providers\/[^/]+\/locations\/[^/]+\/)?operationResults\/[^/]+$/i;

/**
 * Properties the sandbox answers that the spec does not declare, kept because real Azure answers
 * carry them too (the spec lags the service).
 */
const REAL_BUT_UNDECLARED = new Map<string, string>([
  // Real wire shapes: azure-sdk-assets go/sdk/resourcemanager/compute/armcompute/testdata/recordings/
  // TestVirtualMachineImageTestSuite.json (api-version 2023-03-01), at commit 0b86147c
  // (docs/azure.md#flatcar-images-plans-and-terms).
  ['compute.virtualMachineImages.get: /properties/replicaCount', 'real image version GET carries it'],
  ['compute.virtualMachineImages.get: /properties/replicaType', 'real image version GET carries it'],
  ['compute.virtualMachineImages.listSkus: /*/properties', 'real SKU list items carry properties.automaticOSUpgradeProperties'],
  // Undocumented NIC properties that `az network nic show` prints on current Azure (not verified
  // against a recording here).
  ['network.networkInterfaces.createOrUpdate: /kind', 'NIC kind ("Regular")'],
  ['network.networkInterfaces.get: /kind', 'NIC kind ("Regular")'],
  ['network.networkInterfaces.createOrUpdate: /properties/allowPort25Out', 'NIC allowPort25Out'],
  ['network.networkInterfaces.get: /properties/allowPort25Out', 'NIC allowPort25Out'],
]);

/** The ARM resource envelope a client may send back unchanged (ARM ignores it on PUT). */
const ENVELOPE = new Set(['/id', '/name', '/type']);

describe('Azure REST contract: what Flatkube sends and what the sandbox answers', () => {
  let f: EngineFixture;
  const exchanges: Exchange[] = [];
  const contracts = loadContracts();
  // A marketplace-plan image, so the terms are read and accepted too.
  const spec = exampleSpec((s) => ({ ...s, name: 'contract', resourceGroup: { name: 'contract-rg', create: true }, image: { ...s.image, offer: 'flatcar-container-linux-free' } }));
  const status = contracts.find((c) => c.name === 'arm.asyncOperationStatus')!;

  before(async () => {
    f = await startEngineFixture();
    for (const client of [f.arm.subscriptions, f.arm.resources, f.arm.compute, f.arm.network, f.arm.marketplace]) {
      client.pipeline.addPolicy(capture(exchanges), { afterPhase: 'Retry' });
    }
    const arm = f.arm;
    // The wizard's reads.
    for await (const _ of arm.subscriptions.tenants.list());
    for await (const _ of arm.subscriptions.subscriptions.list());
    await listLocations(arm.subscriptions, spec.subscriptionId);
    await listFlatcarImages(arm.compute, spec.location, 'x64');
    await listUsages(arm.compute, spec.location);
    await listVmSkus(arm.compute, spec.location);
    // Preflight.
    await checkRegion(arm, spec);
    await checkNames(arm, spec);
    await checkImageAndTerms(arm, spec);
    await checkSizesAndQuota(arm, spec);
    // The deployment.
    const events = new EventLog();
    const r = await deployCluster({ spec, env: f.env, arm, secrets: f.secrets, store: f.store, emit: events, timings: FAST_TIMINGS });
    assert.equal(r.status, 'succeeded', `${JSON.stringify(r.error)}\n${events.text()}`);
    await arm.compute.virtualMachines.retrieveBootDiagnosticsData(spec.resourceGroup.name, resourceNames.vm(spec.name, 'cp-0'));
    await arm.compute.virtualMachines.get(spec.resourceGroup.name, 'no-such-vm').catch(() => undefined);
    // The Tags API as the engine uses it on a group it did not create (group-tags.ts).
    await arm.resources.resourceGroups.createOrUpdate('contract-own-rg', { location: spec.location, tags: { owner: 'someone' } });
    await arm.resources.tagsOperations.updateAtScope(`subscriptions/${spec.subscriptionId}/resourceGroups/contract-own-rg`, { operation: 'Merge', properties: { tags: { 'flatkube-cluster': 'contract' } } });
    // (c) The spec's own example request through the sandbox's reader: a VNet with a subnet.
    const vnetExample = contracts.find((c) => c.name === 'network.virtualNetworks.createOrUpdate')!.examples[0]!;
    await arm.network.virtualNetworks.createOrUpdate('contract-own-rg', 'test-vnet', toModel({ ...(vnetExample.request as object), location: spec.location }) as never);
    // Preflight on an existing group lists what is in it.
    await checkNames(arm, { ...spec, resourceGroup: { name: 'contract-own-rg', create: false } });
    // The teardown.
    const d = await destroyCluster({ name: spec.name, store: f.store, arm, emit: new EventLog() });
    assert.deepEqual(d.leftovers, []);
  });
  after(async () => f?.close());

  const arm = () => exchanges.filter((e) => !e.path.startsWith('/_sandbox/'));
  const contractOf = (e: Exchange) => matchContract(contracts, e.method, e.path);

  it('every ARM request Flatkube sent is an operation of the contract (or an LRO status/result URL)', () => {
    const unmatched = arm().filter((e) => !contractOf(e) && !ASYNC_STATUS.test(e.path) && !OPERATION_RESULT.test(e.path));
    assert.deepEqual(unmatched.map((e) => `${e.method} ${e.path}`), []);
    const used = new Set(arm().map((e) => contractOf(e)?.name).filter(Boolean));
    const core = [
      'marketplace.marketplaceAgreements.get', 'marketplace.marketplaceAgreements.create', 'resources.resourceGroups.checkExistence',
      'resources.resourceGroups.createOrUpdate', 'resources.resourceGroups.get', 'resources.resourceGroups.delete', 'resources.resources.list',
      'resources.resources.listByResourceGroup', 'resources.tagsOperations.updateAtScope', 'network.virtualNetworks.createOrUpdate',
      'network.networkSecurityGroups.createOrUpdate', 'network.securityRules.createOrUpdate', 'network.publicIPAddresses.createOrUpdate',
      'network.publicIPAddresses.get', 'network.networkInterfaces.createOrUpdate', 'compute.virtualMachines.createOrUpdate', 'compute.virtualMachines.get',
      'compute.virtualMachines.retrieveBootDiagnosticsData', 'compute.virtualMachineImages.listOffers', 'compute.virtualMachineImages.listSkus',
      'compute.virtualMachineImages.list', 'compute.virtualMachineImages.get', 'compute.usage.list', 'compute.resourceSkus.list',
      'subscriptions.subscriptions.list', 'subscriptions.subscriptions.listLocations', 'subscriptions.tenants.list',
    ];
    assert.deepEqual(core.filter((n) => !used.has(n)), [], 'operations the run did not exercise');
    assert.ok(arm().some((e) => ASYNC_STATUS.test(e.path)), 'no long-running operation was polled');
  });

  it('each request goes out at the api-version of its contract', () => {
    const wrong = arm().flatMap((e) => {
      const c = contractOf(e);
      return c && e.apiVersion !== c.source.apiVersion ? [`${c.name}: sent ${e.apiVersion}, contract ${c.source.apiVersion}`] : [];
    });
    assert.deepEqual([...new Set(wrong)], []);
  });

  it('(a) every request body validates against the request schema and sends no read-only property', () => {
    const problems: string[] = [];
    for (const e of arm()) {
      const c = contractOf(e);
      if (!c) continue;
      for (const p of checkRequest(c, e.requestBody)) problems.push(`${c.name} ${e.path}: ${p}`);
      for (const p of readOnlyInRequest(c, e.requestBody)) if (!ENVELOPE.has(p)) problems.push(`${c.name} ${e.path}: read-only ${p} sent`);
    }
    assert.deepEqual([...new Set(problems)], []);
  });

  it('(a) the VM PUT asks for securityType Standard (no Trusted Launch: Flatcar images do not support it)', () => {
    const puts = arm().filter((e) => contractOf(e)?.name === 'compute.virtualMachines.createOrUpdate');
    assert.ok(puts.length >= 3);
    for (const e of puts) assert.deepEqual((e.requestBody as { properties?: { securityProfile?: unknown } }).properties?.securityProfile, { securityType: 'Standard' });
  });

  it('(b) every answer validates against the response schema of its status', () => {
    const problems: string[] = [];
    for (const e of arm()) {
      const c: Contract | undefined = contractOf(e) ?? (ASYNC_STATUS.test(e.path) && e.status === 200 ? status : undefined);
      if (!c) continue;
      for (const p of checkResponse(c, e.status, e.responseBody)) problems.push(`${c.name} ${e.method} ${e.path} -> ${e.status}: ${p}`);
    }
    assert.deepEqual([...new Set(problems)], []);
    // The run saw at least one error answer, checked against the operation's `default` schema.
    assert.ok(arm().some((e) => e.status === 404 && contractOf(e)?.name === 'compute.virtualMachines.get'));
  });

  it('(b) the sandbox answers no property the spec does not declare', () => {
    const problems = new Set<string>();
    for (const e of arm()) {
      const c: Contract | undefined = contractOf(e) ?? (ASYNC_STATUS.test(e.path) && e.status === 200 ? status : undefined);
      if (!c || e.status >= 300) continue;
      const schema = responseSchema(c, e.status);
      if (!schema || e.responseBody === undefined) continue;
      for (const p of undeclaredProperties(c, schema, e.responseBody)) problems.add(`${c.name}: ${p.replace(/\/\d+(?=\/|$)/g, '/*')}`);
    }
    assert.deepEqual([...problems].filter((p) => !REAL_BUT_UNDECLARED.has(p)).sort(), []);
  });
});
