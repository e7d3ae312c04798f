// A VM whose create operation is still running when the sandbox stops: after a restart with the
// same state dir the operation finishes (as Azure's would) and the VM's simulated node boots.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { RunningSandbox } from '../../src/server';
import { createNetwork, createNic, vmDefinition, type ComputeTestSandbox } from './compute-test-sandbox';
import { b64, connect, exec, ignition, keyPair } from '../../src/testing/nodes-fixtures';
import { armClientOptions, call, passwordCredential, startTestSandbox } from '../helpers/platform';

// Realistic latency, sped up: VM create 45 s / 10 = 4.5 s, so the stop reliably lands mid-operation
// (checked below through the store, not by timing).
const SPEED = 10;

function clients(sb: RunningSandbox) {
  const cred = passwordCredential(sb);
  const o = armClientOptions(sb);
  return {
    compute: new ComputeManagementClient(cred, sb.info.subscriptionId, o),
    network: new NetworkManagementClient(cred, sb.info.subscriptionId, o),
    resources: new ResourceManagementClient(cred, sb.info.subscriptionId, o),
  };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, tries = 1200): Promise<T> {
  // Generous: under a loaded CI machine the realistic profile's boot can take far longer than alone.
  for (let i = 0; i < tries; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await delay(100);
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('sandbox restart while a VM create is in flight', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fk-restart-vm-'));
  const running: RunningSandbox[] = [];

  after(async () => {
    for (const sb of running) await sb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the create after the restart: Succeeded, node booted, SSH answers with the Ignition host key', async () => {
    const user = keyPair();
    const hostKey = keyPair();
    const first = await startTestSandbox({ stateDir: dir, latency: 'realistic', speed: SPEED });
    running.push(first);
    const c1 = clients(first);
    const rg = 'rg-restart';
    const net = await createNetwork(c1 as unknown as ComputeTestSandbox, rg, 'westeurope');
    const { nic } = await createNic(c1 as unknown as ComputeTestSandbox, rg, 'westeurope', net.subnetId, 'n1');
    const customData = b64(ignition({ hostname: 'restart-node', hostKey, authorizedKeys: [user.public] }));
    const poller = await c1.compute.virtualMachines.beginCreateOrUpdate(rg, 'vm1', vmDefinition('westeurope', nic.id!, { osProfile: { computerName: 'restart-node', adminUsername: 'core', customData, linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: '/home/core/.ssh/authorized_keys', keyData: user.public }] } } } }));
    const vmId = poller.getOperationState().result?.id ?? `/subscriptions/${first.info.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/vm1`;

    // Still creating when the process goes away (the in-memory boot callback goes with it).
    assert.equal(first.deps.store.getResource(vmId)?.properties?.provisioningState, 'Creating');
    await first.close();
    running.pop();

    const second = await startTestSandbox({ stateDir: dir, latency: 'realistic', speed: SPEED });
    running.push(second);
    const c2 = clients(second);
    const vm = await until('provisioningState Succeeded', async () => {
      const v = await c2.compute.virtualMachines.get(rg, 'vm1');
      assert.notEqual(v.provisioningState, 'Failed');
      return v.provisioningState === 'Succeeded' ? v : undefined;
    });
    assert.ok(vm.vmId);

    type NodeView = { vmId: string; state: string; ssh?: { host: string; port: number } };
    const node = await until('the node to boot', async () => {
      const r = await call(second, 'GET', '/_sandbox/nodes');
      const n = (r.json as NodeView[]).find((x) => x.vmId === vm.vmId);
      return n?.state === 'running' && n.ssh ? n : undefined;
    });
    const ssh = await connect(node.ssh!.port, user, hostKey.public);
    try {
      const r = await exec(ssh, 'hostname');
      assert.equal(r.stdout, 'restart-node\n');
    } finally {
      ssh.end();
    }
    const view = await c2.compute.virtualMachines.instanceView(rg, 'vm1');
    assert.ok(view.statuses?.some((s) => s.code === 'ProvisioningState/succeeded'), JSON.stringify(view.statuses));
  });
});
