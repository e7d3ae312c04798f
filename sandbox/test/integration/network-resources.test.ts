/**
 * The network provider through the real NetworkManagementClient: shapes, child resources, address
 * assignment, back-references, and Azure's errors for bad names, missing references and deletes
 * of things in use.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createNetwork, createNic, startComputeSandbox, type ComputeTestSandbox } from './compute-test-sandbox';

type Err = { code?: string; statusCode?: number; message?: string };
const codeIs = (code: string, status?: number) => (e: Err) => {
  assert.equal(e.code, code, e.message);
  if (status !== undefined) assert.equal(e.statusCode, status);
  return true;
};

describe('network: resources through the real SDK client', () => {
  let t: ComputeTestSandbox;
  const rg = 'rg-net';
  const loc = 'westeurope';
  let net: Awaited<ReturnType<typeof createNetwork>>;
  before(async () => {
    t = await startComputeSandbox();
    net = await createNetwork(t, rg, loc);
  });
  after(async () => {
    await t.close();
  });

  it('VNet with an inline subnet: Azure shape, the subnet is a child resource, private by default', async () => {
    const vnet = await t.network.virtualNetworks.get(rg, 'vnet');
    assert.equal(vnet.type, 'Microsoft.Network/virtualNetworks');
    assert.equal(vnet.location, 'westeurope');
    assert.equal(vnet.provisioningState, 'Succeeded');
    assert.match(vnet.etag!, /^W\/"[0-9a-f-]{36}"$/);
    assert.match(vnet.resourceGuid!, /^[0-9a-f-]{36}$/);
    assert.deepEqual(vnet.addressSpace?.addressPrefixes, ['10.0.0.0/16']);
    const subnet = await t.network.subnets.get(rg, 'vnet', 'nodes');
    assert.equal(subnet.id, `${vnet.id}/subnets/nodes`);
    assert.equal(subnet.addressPrefix, '10.0.1.0/24');
    assert.equal(subnet.networkSecurityGroup?.id, net.nsgId);
    assert.equal(subnet.defaultOutboundAccess, false);
    // A second subnet through the child API shows up in the VNet.
    await t.network.subnets.beginCreateOrUpdateAndWait(rg, 'vnet', 'extra', { addressPrefix: '10.0.2.0/24' });
    const again = await t.network.virtualNetworks.get(rg, 'vnet');
    assert.deepEqual(again.subnets?.map((s) => s.name).sort(), ['extra', 'nodes']);
    await assert.rejects(
      t.network.subnets.beginCreateOrUpdateAndWait(rg, 'vnet', 'outside', { addressPrefix: '10.9.0.0/24' }),
      codeIs('NetcfgSubnetRangeOutsideVnet', 400),
    );
    await t.network.subnets.beginDeleteAndWait(rg, 'vnet', 'extra');
  });

  it('NSG: custom rules and the six default rules; a rule can be added as a child', async () => {
    const nsg = await t.network.networkSecurityGroups.get(rg, 'nsg');
    assert.deepEqual(nsg.securityRules?.map((r) => [r.name, r.priority, r.destinationPortRange]), [['ssh', 100, '22'], ['kube-api', 110, '6443']]);
    assert.deepEqual(nsg.defaultSecurityRules?.map((r) => r.name), ['AllowVnetInBound', 'AllowAzureLoadBalancerInBound', 'DenyAllInBound', 'AllowVnetOutBound', 'AllowInternetOutBound', 'DenyAllOutBound']);
    assert.deepEqual(nsg.subnets?.map((s) => s.id), [net.subnetId]);
    await t.network.securityRules.beginCreateOrUpdateAndWait(rg, 'nsg', 'https', { protocol: 'Tcp', access: 'Allow', direction: 'Inbound', priority: 120, sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '443' });
    assert.equal((await t.network.networkSecurityGroups.get(rg, 'nsg')).securityRules?.length, 3);
    await assert.rejects(
      t.network.securityRules.beginCreateOrUpdateAndWait(rg, 'nsg', 'low', { protocol: 'Tcp', access: 'Allow', direction: 'Inbound', priority: 50, sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '80' }),
      codeIs('SecurityRuleInvalidPriority', 400),
    );
    await t.network.securityRules.beginDeleteAndWait(rg, 'nsg', 'https');
    await assert.rejects(t.network.networkSecurityGroups.beginDeleteAndWait(rg, 'nsg'), codeIs('InUseNetworkSecurityGroupCannotBeDeleted', 400));
  });

  it('public IPs get distinct documentation-range addresses; NICs get private IPs from .4 up, in order', async () => {
    const a = await createNic(t, rg, loc, net.subnetId, 'a');
    const b = await createNic(t, rg, loc, net.subnetId, 'b');
    assert.equal(a.pip.sku?.name, 'Standard');
    assert.equal(a.pip.publicIPAllocationMethod, 'Static');
    assert.match(a.pip.ipAddress!, /^203\.0\.113\.\d{1,3}$/);
    assert.notEqual(a.pip.ipAddress, b.pip.ipAddress);
    assert.equal(a.nic.ipConfigurations?.[0]?.privateIPAddress, '10.0.1.4');
    assert.equal(b.nic.ipConfigurations?.[0]?.privateIPAddress, '10.0.1.5');
    // Back-references appear on the referenced resources.
    const pip = await t.network.publicIPAddresses.get(rg, 'a-pip');
    assert.equal(pip.ipConfiguration?.id, `${a.nic.id}/ipConfigurations/ipconfig1`);
    const subnet = await t.network.subnets.get(rg, 'vnet', 'nodes');
    assert.deepEqual(subnet.ipConfigurations?.map((c) => c.id).sort(), [`${a.nic.id}/ipConfigurations/ipconfig1`, `${b.nic.id}/ipConfigurations/ipconfig1`].sort());
    // An update keeps the address; a freed address is reused first.
    const updated = await t.network.networkInterfaces.beginCreateOrUpdateAndWait(rg, 'a-nic', { location: loc, tags: { k: 'v' }, ipConfigurations: [{ name: 'ipconfig1', subnet: { id: net.subnetId }, publicIPAddress: { id: a.pip.id! } }] });
    assert.equal(updated.ipConfigurations?.[0]?.privateIPAddress, '10.0.1.4');
    await assert.rejects(t.network.publicIPAddresses.beginDeleteAndWait(rg, 'a-pip'), codeIs('PublicIPAddressCannotBeDeleted', 400));
    await assert.rejects(t.network.subnets.beginDeleteAndWait(rg, 'vnet', 'nodes'), codeIs('InUseSubnetCannotBeDeleted', 400));
    await t.network.networkInterfaces.beginDeleteAndWait(rg, 'a-nic');
    const c = await createNic(t, rg, loc, net.subnetId, 'c');
    assert.equal(c.nic.ipConfigurations?.[0]?.privateIPAddress, '10.0.1.4');
    const list = [];
    for await (const n of t.network.networkInterfaces.list(rg)) list.push(n.name);
    assert.deepEqual(list.sort(), ['b-nic', 'c-nic']);
  });

  it('references to a subnet or public IP that does not exist (InvalidResourceReference)', async () => {
    const ghostSubnet = net.subnetId.replace(/nodes$/, 'ghost');
    await assert.rejects(
      t.network.networkInterfaces.beginCreateOrUpdateAndWait(rg, 'bad-nic', { location: loc, ipConfigurations: [{ name: 'ipconfig1', subnet: { id: ghostSubnet } }] }),
      (e: Err) => codeIs('InvalidResourceReference', 400)(e) && /^Resource .*\/subnets\/ghost referenced by resource .*\/networkInterfaces\/bad-nic was not found\./.test(e.message ?? ''),
    );
    const ghostPip = `/subscriptions/${t.sb.info.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/publicIPAddresses/ghost`;
    await assert.rejects(
      t.network.networkInterfaces.beginCreateOrUpdateAndWait(rg, 'bad-nic', { location: loc, ipConfigurations: [{ name: 'ipconfig1', subnet: { id: net.subnetId }, publicIPAddress: { id: ghostPip } }] }),
      codeIs('InvalidResourceReference', 400),
    );
    // A subnet in another region is an invalid reference too.
    await assert.rejects(
      t.network.networkInterfaces.beginCreateOrUpdateAndWait(rg, 'bad-nic', { location: 'eastus', ipConfigurations: [{ name: 'ipconfig1', subnet: { id: net.subnetId } }] }),
      codeIs('InvalidResourceReference', 400),
    );
    assert.equal(t.sb.deps.store.listResources((r) => r.name === 'bad-nic').length, 0);
  });

  it('invalid names, unknown locations and gets of missing resources', async () => {
    await assert.rejects(
      t.network.publicIPAddresses.beginCreateOrUpdateAndWait(rg, 'bad name', { location: loc, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' }),
      (e: Err) => codeIs('InvalidResourceName', 400)(e) && /^Resource name bad name is invalid\. The name can be up to 80 characters long\./.test(e.message ?? ''),
    );
    await assert.rejects(
      t.network.virtualNetworks.beginCreateOrUpdateAndWait(rg, 'v2', { location: 'atlantis', addressSpace: { addressPrefixes: ['10.1.0.0/16'] } }),
      codeIs('LocationNotAvailableForResourceType', 400),
    );
    await assert.rejects(t.network.virtualNetworks.get(rg, 'nope'), codeIs('ResourceNotFound', 404));
    await assert.rejects(t.network.networkInterfaces.get('rg-missing', 'nope'), codeIs('ResourceGroupNotFound', 404));
  });
});
