import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call } from '../helpers/platform';
import { createNetwork, createNic, ignitionCustomData, startComputeSandbox, vmDefinition, type ComputeTestSandbox } from './compute-test-sandbox';

describe('compute: VM lifecycle through the real SDK clients', () => {
  let t: ComputeTestSandbox;
  before(async () => {
    t = await startComputeSandbox();
  });
  after(async () => {
    await t.close();
  });

  it('creates a full VM (VNet, subnet, NSG, public IP, NIC), boots its node, and a group delete leaves nothing', async () => {
    const rg = 'rg-full';
    const net = await createNetwork(t, rg, 'westeurope');
    const { pip, nic } = await createNic(t, rg, 'westeurope', net.subnetId, 'node-1');
    assert.match(pip.ipAddress!, /^203\.0\.113\.\d+$/);
    assert.equal(nic.ipConfigurations![0]!.privateIPAddress, '10.0.1.4');

    const vm = await t.compute.virtualMachines.createOrUpdate(rg, 'node-1', vmDefinition('westeurope', nic.id!));
    assert.equal(vm.provisioningState, 'Succeeded');
    assert.equal(vm.storageProfile?.imageReference?.exactVersion, '4230.2.2');
    assert.equal((vm.osProfile as { customData?: string }).customData, undefined, 'custom data is never returned');

    assert.equal(t.nodeHost.boots.length, 1);
    const boot = t.nodeHost.boots[0]!;
    assert.equal(boot.vmId, vm.vmId);
    assert.equal(boot.name, 'node-1');
    assert.equal(boot.privateIp, '10.0.1.4');
    assert.equal(boot.publicIp, pip.ipAddress);
    assert.equal(boot.networkId, net.vnetId);
    assert.equal(boot.architecture, 'x64');
    assert.equal(boot.customDataBase64, ignitionCustomData());

    const view = await t.compute.virtualMachines.instanceView(rg, 'node-1');
    assert.deepEqual(view.statuses?.map((s) => s.code), ['ProvisioningState/succeeded', 'PowerState/running']);
    assert.equal(view.vmAgent?.statuses?.[0]?.displayStatus, 'Ready');
    assert.equal(view.hyperVGeneration, 'V2');

    const nodes = t.bridge.list();
    assert.equal(nodes.length, 1);
    assert.equal(nodes[0]!.publicIp, pip.ipAddress);
    assert.deepEqual(nodes[0]!.ssh, { host: '127.0.0.1', port: t.nodeHost.endpoint(vm.vmId!)!.sshPort });
    assert.equal(nodes[0]!.state, 'running');

    // NIC and subnet show their users; the NIC cannot be deleted while the VM holds it.
    const nicNow = await t.network.networkInterfaces.get(rg, 'node-1-nic');
    assert.equal(nicNow.virtualMachine?.id, vm.id);
    await assert.rejects(t.network.networkInterfaces.beginDeleteAndWait(rg, 'node-1-nic'), (e: { code?: string }) => e.code === 'NicInUse');

    const usages = [];
    for await (const u of t.compute.usage.list('westeurope')) usages.push(u);
    assert.equal(usages.find((u) => u.name.value === 'cores')?.currentValue, 2);
    assert.equal(usages.find((u) => u.name.value === 'standardBSFamily')?.currentValue, 2);

    await t.resources.resourceGroups.beginDeleteAndWait(rg);
    assert.deepEqual(t.sb.deps.store.listUnder(`/subscriptions/${t.sb.info.subscriptionId}/resourceGroups/${rg}`), []);
    assert.deepEqual(t.nodeHost.removed, [vm.vmId]);
    assert.equal(t.bridge.list().length, 0);
  });

  it('a node whose Ignition fails never reports ready: the create ends OSProvisioningTimedOut, the VM stays, the serial log says why', async () => {
    const rg = 'rg-badign';
    const net = await createNetwork(t, rg, 'westeurope');
    const { nic } = await createNic(t, rg, 'westeurope', net.subnetId, 'node-x');
    const def = vmDefinition('westeurope', nic.id!);
    def.osProfile.customData = Buffer.from('{"not":"ignition"').toString('base64');
    // As on Azure (flatcar/Flatcar#1783): the initrd drops to a shell, the fabric never hears "Ready".
    await assert.rejects(t.compute.virtualMachines.createOrUpdate(rg, 'node-x', def), /OSProvisioningTimedOut\. OS Provisioning for VM 'node-x' did not finish/);
    const vm = await t.compute.virtualMachines.get(rg, 'node-x');
    assert.equal(vm.provisioningState, 'Failed');
    const view = await t.compute.virtualMachines.instanceView(rg, 'node-x');
    assert.equal(view.vmAgent?.statuses?.[0]?.displayStatus, 'Not Ready');
    const uri = view.bootDiagnostics?.serialConsoleLogBlobUri;
    assert.ok(uri);
    const diag = await t.compute.virtualMachines.retrieveBootDiagnosticsData(rg, 'node-x');
    // The same log; each answer signs its own expiry (serial-console-expiry.test.ts).
    assert.equal(new URL(diag.serialConsoleLogBlobUri!).pathname, new URL(uri).pathname);
    assert.equal(t.bridge.list().find((n) => n.name === 'node-x')?.state, 'boot-failed');
    assert.match(t.bridge.serialLog(t.sb.deps.store.getResource(vm.id!)!), /invalid Ignition config/);
  });

  it('the vm-provisioning-failed fault ends the create LRO Failed with OSProvisioningTimedOut', async () => {
    const rg = 'rg-fault';
    const net = await createNetwork(t, rg, 'westeurope');
    const { nic } = await createNic(t, rg, 'westeurope', net.subnetId, 'node-2');
    const r = await call(t.sb, 'POST', '/_sandbox/faults', { body: { rules: [{ kind: 'vm-provisioning-failed', path: '/virtualMachines/node-2$' }] } });
    assert.equal(r.status < 300, true, r.text);
    const boots = t.nodeHost.boots.length;
    // core-lro reports a Failed operation as "The long-running operation has failed. <code>. <message>".
    await assert.rejects(t.compute.virtualMachines.createOrUpdate(rg, 'node-2', vmDefinition('westeurope', nic.id!)), (e: { message?: string }) => {
      assert.match(e.message ?? '', /OSProvisioningTimedOut\. OS Provisioning for VM 'node-2' did not finish in the allotted time/);
      return true;
    });
    const vm = await t.compute.virtualMachines.get(rg, 'node-2', { expand: 'instanceView' });
    assert.equal(vm.provisioningState, 'Failed');
    assert.equal(vm.instanceView?.statuses?.[0]?.code, 'ProvisioningState/failed/OSProvisioningTimedOut');
    assert.equal(t.nodeHost.boots.length, boots, 'no node boots for a failed VM');
    await call(t.sb, 'DELETE', '/_sandbox/faults');
    // Putting the same VM again retries its provisioning, and this time the node boots.
    const retried = await t.compute.virtualMachines.createOrUpdate(rg, 'node-2', vmDefinition('westeurope', nic.id!));
    assert.equal(retried.provisioningState, 'Succeeded');
    assert.equal(t.nodeHost.boots.length, boots + 1);
    const view = await t.compute.virtualMachines.instanceView(rg, 'node-2');
    assert.equal(view.statuses?.[0]?.code, 'ProvisioningState/succeeded');
  });

  it('deleting a VM removes its node and frees the NIC', async () => {
    const rg = 'rg-del';
    const net = await createNetwork(t, rg, 'westeurope');
    const { nic } = await createNic(t, rg, 'westeurope', net.subnetId, 'node-3');
    const vm = await t.compute.virtualMachines.createOrUpdate(rg, 'node-3', vmDefinition('westeurope', nic.id!));
    const list = [];
    for await (const v of t.compute.virtualMachines.list(rg)) list.push(v.name);
    assert.deepEqual(list, ['node-3']);
    await t.compute.virtualMachines.delete(rg, 'node-3');
    assert.ok(t.nodeHost.removed.includes(vm.vmId!));
    await assert.rejects(t.compute.virtualMachines.get(rg, 'node-3'), (e: { code?: string; statusCode?: number }) => e.code === 'ResourceNotFound' && e.statusCode === 404);
    const nicNow = await t.network.networkInterfaces.get(rg, 'node-3-nic');
    assert.equal(nicNow.virtualMachine, undefined);
    await t.network.networkInterfaces.beginDeleteAndWait(rg, 'node-3-nic');
  });
});
