/**
 * A sandbox (startSandbox registers the network and catalog providers) with the compute provider
 * registered through `extraProviders` so it gets a fake NodeHost that records what ARM asks of
 * it, and the real SDK clients pointed at the sandbox.
 */
import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { RunningSandbox, SandboxServerOptions as SandboxOptions } from '../../src/server';
import type { NodeBootRequest, NodeBootResult, NodeEndpoint, NodeHost } from '../../src/nodes/types';
import { registerComputeProviders, type NodeBridge } from '../../src/providers/compute';
import { armClientOptions, passwordCredential, startTestSandbox } from '../helpers/platform';

/** Boots "succeed" when the custom data decodes to a JSON object with an `ignition` key. */
export class FakeNodeHost implements NodeHost {
  readonly boots: NodeBootRequest[] = [];
  readonly removed: string[] = [];
  /** setPower calls, in order: [vmId, power]. */
  readonly power: Array<[string, 'running' | 'stopped']> = [];
  private readonly endpoints = new Map<string, NodeEndpoint>();
  private readonly logs = new Map<string, string>();
  private nextPort = 40022;

  async boot(req: NodeBootRequest): Promise<NodeBootResult> {
    this.boots.push(req);
    let ok = false;
    try {
      const cfg = JSON.parse(Buffer.from(req.customDataBase64, 'base64').toString('utf8')) as { ignition?: unknown };
      ok = typeof cfg === 'object' && cfg !== null && cfg.ignition !== undefined;
    } catch {
      ok = false;
    }
    if (!ok) {
      const log = `[    1.234567] ignition[512]: failed to parse config: invalid Ignition config\n`;
      this.logs.set(req.vmId, log);
      return { ok: false, serialLog: log };
    }
    const ep = { host: '127.0.0.1', sshPort: this.nextPort++ };
    this.endpoints.set(req.vmId, ep);
    this.logs.set(req.vmId, `Flatcar Container Linux (simulated) ${req.name} login:\n`);
    return { ok: true, endpoint: ep };
  }
  serialLog(vmId: string): string {
    return this.logs.get(vmId) ?? '';
  }
  endpoint(vmId: string): NodeEndpoint | undefined {
    return this.endpoints.get(vmId);
  }
  async remove(vmId: string): Promise<void> {
    this.removed.push(vmId);
    this.endpoints.delete(vmId);
  }
  private readonly stopped = new Map<string, NodeEndpoint>();
  /** A stopped node answers nothing (no endpoint) until it runs again. */
  async setPower(vmId: string, power: 'running' | 'stopped'): Promise<void> {
    this.power.push([vmId, power]);
    const ep = power === 'stopped' ? this.endpoints.get(vmId) : this.stopped.get(vmId);
    if (!ep) return;
    if (power === 'stopped') {
      this.endpoints.delete(vmId);
      this.stopped.set(vmId, ep);
    } else {
      this.stopped.delete(vmId);
      this.endpoints.set(vmId, ep);
    }
  }
  /** Gives a booted node an API server endpoint (a test's own listener), as kubeadm init would. */
  setApiServerPort(vmId: string, port: number): void {
    const ep = this.endpoints.get(vmId);
    if (ep) this.endpoints.set(vmId, { ...ep, apiServerPort: port });
  }
  dropSessions(): void {}
  async close(): Promise<void> {}
}

export interface ComputeTestSandbox {
  sb: RunningSandbox;
  nodeHost: FakeNodeHost;
  bridge: NodeBridge;
  compute: ComputeManagementClient;
  network: NetworkManagementClient;
  resources: ResourceManagementClient;
  close(): Promise<void>;
}

export async function startComputeSandbox(opts: SandboxOptions = {}): Promise<ComputeTestSandbox> {
  const nodeHost = new FakeNodeHost();
  let bridge: NodeBridge | undefined;
  const sb = await startTestSandbox({
    ...opts,
    // Leave the built-in compute provider (with real nodes) out; this one gets the fake host.
    nodes: false,
    extraProviders: [
      (router, deps) => {
        bridge = registerComputeProviders(router, { ...deps, nodeHost });
      },
    ],
  });
  const cred = passwordCredential(sb);
  const options = armClientOptions(sb);
  return {
    sb,
    nodeHost,
    bridge: bridge!,
    compute: new ComputeManagementClient(cred, sb.info.subscriptionId, options),
    network: new NetworkManagementClient(cred, sb.info.subscriptionId, options),
    resources: new ResourceManagementClient(cred, sb.info.subscriptionId, options),
    async close() {
      bridge?.close();
      await sb.close();
    },
  };
}

/** A valid minimal Ignition config as base64 custom data. */
export function ignitionCustomData(extra: Record<string, unknown> = {}): string {
  return Buffer.from(JSON.stringify({ ignition: { version: '3.4.0' }, ...extra })).toString('base64');
}

export const TEST_SSH_KEY =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7sandboxtestkeyonlyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA test@flatkube';

/** Creates group, VNet (10.0.0.0/16, subnet 10.0.1.0/24), NSG, and returns ids. */
export async function createNetwork(t: ComputeTestSandbox, rg: string, location: string) {
  await t.resources.resourceGroups.createOrUpdate(rg, { location, tags: { 'flatkube-cluster': rg } });
  const nsg = await t.network.networkSecurityGroups.beginCreateOrUpdateAndWait(rg, 'nsg', {
    location,
    securityRules: [
      { name: 'ssh', protocol: 'Tcp', access: 'Allow', direction: 'Inbound', priority: 100, sourceAddressPrefix: '192.0.2.10/32', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '22' },
      { name: 'kube-api', protocol: 'Tcp', access: 'Allow', direction: 'Inbound', priority: 110, sourceAddressPrefix: '192.0.2.10/32', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '6443' },
    ],
  });
  const vnet = await t.network.virtualNetworks.beginCreateOrUpdateAndWait(rg, 'vnet', {
    location,
    addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
    subnets: [{ name: 'nodes', addressPrefix: '10.0.1.0/24', networkSecurityGroup: { id: nsg.id! } }],
  });
  return { nsgId: nsg.id!, vnetId: vnet.id!, subnetId: vnet.subnets![0]!.id! };
}

/** Public IP + NIC for one node. */
export async function createNic(t: ComputeTestSandbox, rg: string, location: string, subnetId: string, name: string) {
  const pip = await t.network.publicIPAddresses.beginCreateOrUpdateAndWait(rg, `${name}-pip`, {
    location,
    sku: { name: 'Standard' },
    publicIPAllocationMethod: 'Static',
  });
  const nic = await t.network.networkInterfaces.beginCreateOrUpdateAndWait(rg, `${name}-nic`, {
    location,
    ipConfigurations: [{ name: 'ipconfig1', subnet: { id: subnetId }, publicIPAddress: { id: pip.id! } }],
  });
  return { pip, nic };
}

/** A VM definition (SDK model) for the given NIC, overridable per test. */
export function vmDefinition(location: string, nicId: string, over: Record<string, unknown> = {}) {
  return {
    location,
    hardwareProfile: { vmSize: 'Standard_B2s' },
    storageProfile: {
      imageReference: { publisher: 'kinvolk', offer: 'flatcar-container-linux-corevm-amd64', sku: 'stable-gen2', version: 'latest' },
      osDisk: { createOption: 'FromImage', managedDisk: { storageAccountType: 'Premium_LRS' }, deleteOption: 'Delete' },
    },
    osProfile: {
      computerName: 'node-1',
      adminUsername: 'core',
      customData: ignitionCustomData(),
      linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: '/home/core/.ssh/authorized_keys', keyData: TEST_SSH_KEY }] } },
    },
    networkProfile: { networkInterfaces: [{ id: nicId, primary: true }] },
    diagnosticsProfile: { bootDiagnostics: { enabled: true } },
    ...over,
  };
}
