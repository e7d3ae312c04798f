/**
 * VM power actions through the real ComputeManagementClient: powerOff, deallocate, start and
 * restart are long-running POSTs; the instance view shows the power state; the node host hears
 * about each change (the simulated node stops answering, or boots again).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { armToken, call } from '../helpers/platform';
import { createNetwork, createNic, startComputeSandbox, vmDefinition, type ComputeTestSandbox } from './compute-test-sandbox';

describe('compute: VM power actions through the real SDK client', () => {
  let t: ComputeTestSandbox;
  const rg = 'rg-power';
  let vmGuid = '';
  before(async () => {
    t = await startComputeSandbox();
    const net = await createNetwork(t, rg, 'westeurope');
    const { nic } = await createNic(t, rg, 'westeurope', net.subnetId, 'node-1');
    const vm = await t.compute.virtualMachines.createOrUpdate(rg, 'node-1', vmDefinition('westeurope', nic.id!));
    vmGuid = vm.vmId!;
  });
  after(async () => {
    await t.close();
  });

  const powerCodes = async () => (await t.compute.virtualMachines.instanceView(rg, 'node-1')).statuses?.map((s) => [s.code, s.displayStatus]);

  it('powerOff stops the VM and its node; start boots it again; provisioningState stays Succeeded', async () => {
    await t.compute.virtualMachines.powerOff(rg, 'node-1');
    assert.deepEqual(await powerCodes(), [['ProvisioningState/succeeded', 'Provisioning succeeded'], ['PowerState/stopped', 'VM stopped']]);
    assert.deepEqual(t.nodeHost.power, [[vmGuid, 'stopped']]);
    assert.equal(t.bridge.list()[0]!.state, 'stopped');
    assert.equal((await t.compute.virtualMachines.get(rg, 'node-1')).provisioningState, 'Succeeded');
    const agent = (await t.compute.virtualMachines.instanceView(rg, 'node-1')).vmAgent?.statuses?.[0]?.displayStatus;
    assert.equal(agent, 'Not Ready', 'a stopped VM has no agent reporting');

    await t.compute.virtualMachines.start(rg, 'node-1');
    assert.deepEqual((await powerCodes())?.[1], ['PowerState/running', 'VM running']);
    assert.deepEqual(t.nodeHost.power.at(-1), [vmGuid, 'running']);
    assert.equal(t.bridge.list()[0]!.state, 'running');
  });

  it('deallocate shows PowerState/deallocated; restart stops and starts the node', async () => {
    await t.compute.virtualMachines.deallocate(rg, 'node-1');
    assert.deepEqual((await powerCodes())?.[1], ['PowerState/deallocated', 'VM deallocated']);
    await t.compute.virtualMachines.start(rg, 'node-1');
    t.nodeHost.power.length = 0;
    await t.compute.virtualMachines.restart(rg, 'node-1');
    assert.deepEqual(t.nodeHost.power, [[vmGuid, 'stopped'], [vmGuid, 'running']]);
    assert.deepEqual((await powerCodes())?.[1], ['PowerState/running', 'VM running']);
  });

  it('answers 202 with Azure-AsyncOperation and Location, like Azure, and 404 for a missing VM', async () => {
    const token = await armToken(t.sb);
    const path = `/subscriptions/${t.sb.info.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/node-1/powerOff?api-version=2026-04-01`;
    const r = await call(t.sb, 'POST', path, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.text, '');
    assert.match(String(r.headers['azure-asyncoperation']), /\/providers\/Microsoft\.Compute\/locations\/westeurope\/operations\//);
    const location = new URL(String(r.headers.location));
    const result = await call(t.sb, 'GET', location.pathname + location.search, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(result.status, 200);
    await assert.rejects(t.compute.virtualMachines.powerOff(rg, 'ghost'), (e: { code?: string }) => e.code === 'ResourceNotFound');
  });
});
