/**
 * Azure's rules on VM create, each tripped through the real ComputeManagementClient, with Azure's
 * error codes (and real messages where a public quote exists).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTermsAccepted } from '../../src/resources/marketplace-agreements';
import { setQuotaOverrides } from '../../src/providers/catalog/quota-overrides';
import { listResourceSkus } from '../../src/providers/catalog/resource-skus';
import { physicalLocationNames } from '../../src/providers/catalog/locations';
import { createNetwork, createNic, startComputeSandbox, vmDefinition, type ComputeTestSandbox } from './compute-test-sandbox';

type Err = { code?: string; statusCode?: number; message?: string };

function rejectsWith(p: Promise<unknown>, code: string, status: number, message?: RegExp) {
  return assert.rejects(p, (e: Err) => {
    assert.equal(e.code, code, e.message);
    assert.equal(e.statusCode, status);
    if (message) assert.match(e.message ?? '', message);
    return true;
  });
}

describe('compute: Azure rules on VM create through the real SDK client', () => {
  let t: ComputeTestSandbox;
  let nicId: string;
  const rg = 'rg-rules';
  const loc = 'westus2';
  before(async () => {
    t = await startComputeSandbox();
    const net = await createNetwork(t, rg, loc);
    nicId = (await createNic(t, rg, loc, net.subnetId, 'n1')).nic.id!;
  });
  after(async () => {
    await t.close();
  });
  const create = (name: string, over: Record<string, unknown> = {}, nic = nicId, location = loc, group = rg) =>
    t.compute.virtualMachines.createOrUpdate(group, name, vmDefinition(location, nic, over) as never);
  const image = (offer: string, sku: string) => ({
    imageReference: { publisher: 'kinvolk', offer, sku, version: 'latest' },
    osDisk: { createOption: 'FromImage' },
  });

  it('an image with a plan needs the plan (VMMarketplaceInvalidInput) and accepted terms (MarketplacePurchaseEligibilityFailed)', async () => {
    const storageProfile = image('flatcar-container-linux-free', 'stable-gen2');
    await rejectsWith(create('vm-plan', { storageProfile }), 'VMMarketplaceInvalidInput', 400, /requires Plan information in the request\. VM: '.*\/virtualMachines\/vm-plan'/);
    const plan = { name: 'stable-gen2', product: 'flatcar-container-linux-free', publisher: 'kinvolk' };
    await rejectsWith(create('vm-plan', { storageProfile, plan }), 'MarketplacePurchaseEligibilityFailed', 400, /eligibilty check returned errors/);
    setTermsAccepted(t.sb.deps.store, t.sb.info.subscriptionId, 'kinvolk', 'flatcar-container-linux-free', 'stable-gen2', true);
    const vm = await create('vm-plan', { storageProfile, plan });
    assert.equal(vm.plan?.name, plan.name);
    assert.equal(vm.plan?.product, plan.product);
    assert.equal(vm.plan?.publisher, plan.publisher);
    await t.compute.virtualMachines.delete(rg, 'vm-plan');
  });

  it('vCPU quota: the family limit, then the regional total (OperationNotAllowed, real format)', async () => {
    const sub = t.sb.info.subscriptionId;
    setQuotaOverrides(t.sb.deps.store, sub, loc, { standardBSFamily: 1 });
    await rejectsWith(create('vm-quota'), 'OperationNotAllowed', 409, /exceeding approved standardBSFamily Cores quota\. Additional details - Deployment Model: Resource Manager, Location: westus2, Current Limit: 1, Current Usage: 0, Additional Required: 2, \(Minimum\) New Limit Required: 2\./);
    setQuotaOverrides(t.sb.deps.store, sub, loc, { standardBSFamily: null, cores: 3 });
    await create('vm-quota');
    const n2 = await createNic(t, rg, loc, (await t.network.subnets.get(rg, 'vnet', 'nodes')).id!, 'n2');
    await rejectsWith(create('vm-quota-2', {}, n2.nic.id!), 'OperationNotAllowed', 409, /exceeding approved Total Regional Cores quota\. .*Current Limit: 3, Current Usage: 2, Additional Required: 2/);
    const usages = [];
    for await (const u of t.compute.usage.list(loc)) usages.push(u);
    assert.deepEqual(usages.find((u) => u.name.value === 'cores'), { limit: 3, unit: 'Count', currentValue: 2, name: { value: 'cores', localizedValue: 'Total Regional vCPUs' } });
    setQuotaOverrides(t.sb.deps.store, sub, loc, { cores: null });
    await t.compute.virtualMachines.delete(rg, 'vm-quota');
  });

  it('a size restricted for the subscription, unknown, or not offered in the region (SkuNotAvailable)', async () => {
    await rejectsWith(create('vm-sku', { hardwareProfile: { vmSize: 'Standard_DS13_v2_Promo' } }), 'SkuNotAvailable', 409, /is currently not available in location 'westus2' zones '' for subscription/);
    await rejectsWith(create('vm-sku', { hardwareProfile: { vmSize: 'Standard_Nope' } }), 'SkuNotAvailable', 409);
    // A region where the real price list does not sell Standard_D2s_v6.
    const region = physicalLocationNames().find((r) => !listResourceSkus(r).some((s) => s.name === 'Standard_D2s_v6'));
    assert.ok(region, 'some region does not offer Standard_D2s_v6');
    const net = await createNetwork(t, 'rg-sku', region);
    const nic = await createNic(t, 'rg-sku', region, net.subnetId, 'n');
    await rejectsWith(create('vm-sku', { hardwareProfile: { vmSize: 'Standard_D2s_v6' } }, nic.nic.id!, region, 'rg-sku'), 'SkuNotAvailable', 409);
  });

  it('Gen1-only size with a Gen2 image, and an Arm64 image on an x64 size (BadRequest)', async () => {
    await rejectsWith(create('vm-gen', { hardwareProfile: { vmSize: 'Standard_A1_v2' } }), 'BadRequest', 400, /^The selected VM size 'Standard_A1_v2' cannot boot Hypervisor Generation '2'\./);
    await rejectsWith(create('vm-arch', { storageProfile: image('flatcar-container-linux-corevm', 'stable') }), 'BadRequest', 400, /architecture 'x64' and cannot boot an image with CPU architecture 'Arm64'/);
    // The right pairing works: Arm64 image on an Arm64 size.
    const vm = await create('vm-arm', { storageProfile: image('flatcar-container-linux-corevm', 'stable'), hardwareProfile: { vmSize: 'Standard_D2ps_v5' } });
    assert.equal(vm.provisioningState, 'Succeeded');
    assert.equal(t.nodeHost.boots.at(-1)?.architecture, 'Arm64');
    await t.compute.virtualMachines.delete(rg, 'vm-arm');
  });

  it('references to a NIC that does not exist (InvalidResourceReference)', async () => {
    const missing = nicId.replace(/n1-nic$/, 'ghost-nic');
    await rejectsWith(create('vm-ref', {}, missing), 'InvalidResourceReference', 400, /^Resource .*ghost-nic referenced by resource .*vm-ref was not found\./);
  });

  it('invalid names and reserved admin usernames', async () => {
    await rejectsWith(create('bad!name'), 'InvalidResourceName', 400);
    await rejectsWith(create('ends-with-dash-'), 'InvalidResourceName', 400);
    for (const user of ['admin', 'Root', 'administrator', 'user']) {
      await rejectsWith(create('vm-user', { osProfile: { ...vmDefinition(loc, nicId).osProfile, adminUsername: user } }), 'InvalidParameter', 400, /^The Admin Username specified is not allowed\.$/);
    }
  });

  it('custom data that is not base64 or longer than 87380 characters (InvalidParameter)', async () => {
    const os = vmDefinition(loc, nicId).osProfile;
    const msg = /^Custom data in OSProfile must be in Base64 encoding and with a maximum length of 87380 characters\.$/;
    await rejectsWith(create('vm-cd', { osProfile: { ...os, customData: '{"ignition":{}}' } }), 'InvalidParameter', 400, msg);
    const big = Buffer.alloc(65 * 1024, 1).toString('base64');
    await rejectsWith(create('vm-cd', { osProfile: { ...os, customData: big } }), 'InvalidParameter', 400, msg);
  });

  it('a location the subscription lacks (LocationNotAvailableForResourceType)', async () => {
    await rejectsWith(create('vm-loc', {}, nicId, 'moonbase1'), 'LocationNotAvailableForResourceType', 400, /^The provided location 'moonbase1' is not available for resource type 'Microsoft\.Compute\/virtualMachines'\./);
  });

  it('gets of things that do not exist (ResourceNotFound, ResourceGroupNotFound, image NotFound)', async () => {
    await rejectsWith(t.compute.virtualMachines.get(rg, 'nothing'), 'ResourceNotFound', 404, /^The Resource 'Microsoft\.Compute\/virtualMachines\/nothing' under resource group 'rg-rules' was not found\./);
    await rejectsWith(t.compute.virtualMachines.get('rg-none', 'x'), 'ResourceGroupNotFound', 404, /^Resource group 'rg-none' could not be found\.$/);
    await rejectsWith(t.compute.virtualMachineImages.get(loc, 'kinvolk', 'flatcar-container-linux-free', 'stable-gen2', '1.2.3'), 'NotFound', 404, /^Artifact: VMImage was not found\.$/);
    // A failed create leaves nothing behind.
    const left = t.sb.deps.store.listResources((r) => r.type === 'Microsoft.Compute/virtualMachines');
    assert.deepEqual(left.map((r) => r.name), []);
  });
});
