/**
 * Between VMs and simulated Flatcar nodes: boots a node when a VM's create succeeds (with its
 * custom data, private IP, VNet and public IP), removes it when the VM goes (also through a
 * resource group delete: it listens to the store), and lists the loopback endpoints behind the
 * fake public IPs for `GET /_sandbox/nodes`.
 *
 * A node that fails to boot (invalid Ignition) does NOT fail the ARM operation - Azure never reads
 * Ignition - but shows in the instance view (agent Not Ready) and the serial log.
 */
import type { ArmResource, ResourceStore } from '../../arm/types';
import type { NodeHost } from '../../nodes/types';
import { refId } from '../network/common';
import type { VmInternal } from './vm-model';

export interface SandboxNodeView {
  vmId: string;
  resourceId: string;
  name: string;
  publicIp: string | undefined;
  privateIp: string | undefined;
  ssh: { host: string; port: number } | undefined;
  apiServer?: { host: string; port: number };
  state: NonNullable<VmInternal['node']>['state'];
  /** Marked everywhere: these are simulations, not Azure VMs. */
  simulated: true;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

export function vmGuid(vm: ArmResource): string {
  return String(obj(vm.properties).vmId ?? '');
}

/** Private IP, public IP and VNet id of the VM's primary NIC (first one). */
export function vmAddresses(store: ResourceStore, vm: ArmResource): { privateIp?: string; publicIp?: string; networkId?: string } {
  const nics = (obj(obj(vm.properties).networkProfile).networkInterfaces ?? []) as unknown[];
  const nicId = refId(nics[0]);
  const nic = nicId ? store.getResource(nicId) : undefined;
  const configs = (obj(nic?.properties).ipConfigurations ?? []) as Array<{ properties?: Obj }>;
  const primary = configs.find((c) => c.properties?.primary === true) ?? configs[0];
  const p = obj(primary?.properties);
  const subnetId = refId(p.subnet);
  const pipId = refId(p.publicIPAddress);
  const pip = pipId ? store.getResource(pipId) : undefined;
  const out: { privateIp?: string; publicIp?: string; networkId?: string } = {};
  if (typeof p.privateIPAddress === 'string') out.privateIp = p.privateIPAddress;
  if (typeof pip?.properties?.ipAddress === 'string') out.publicIp = pip.properties.ipAddress;
  if (subnetId) out.networkId = subnetId.replace(/\/subnets\/[^/]+$/i, '');
  return out;
}

export class NodeBridge {
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: ResourceStore,
    private readonly nodeHost: NodeHost | undefined,
    private readonly nodeHostName: string,
    /** Also closed with the bridge (the load balancer frontends' listeners). */
    private readonly onClose: () => void = () => {},
  ) {
    this.unsubscribe = store.onChange((change) => {
      if (change.kind !== 'delete' || change.resource.type.toLowerCase() !== 'microsoft.compute/virtualmachines') return;
      const guid = vmGuid(change.resource);
      if (guid && this.nodeHost) {
        this.nodeHost.remove(guid).catch((err: unknown) => console.error('[sandbox] node remove failed:', (err as Error).message));
      }
    });
  }

  close(): void {
    this.unsubscribe();
    this.onClose();
  }

  private setNode(vmId: string, node: NonNullable<VmInternal['node']>): void {
    if (!this.store.getResource(vmId)) return; // deleted meanwhile
    const internal = this.store.getInternal<VmInternal>(vmId) ?? {};
    this.store.setInternal(vmId, { ...internal, node });
  }

  /** Marks the VM's node as failed with the operation (no boot). */
  provisioningFailed(vmId: string): void {
    const internal = this.store.getInternal<VmInternal>(vmId);
    this.setNode(vmId, { ...(internal?.node ?? {}), state: 'provisioning-failed' });
  }

  /** Boots the node of a VM whose create just succeeded. Never throws; says whether the node came up. */
  async boot(vmId: string): Promise<'running' | 'boot-failed' | 'no-node-host' | 'gone'> {
    const vm = this.store.getResource(vmId);
    if (!vm) return 'gone';
    const internal = this.store.getInternal<VmInternal>(vmId) ?? {};
    const addr = vmAddresses(this.store, vm);
    const base = { ...(addr.privateIp ? { privateIp: addr.privateIp } : {}), ...(addr.publicIp ? { publicIp: addr.publicIp } : {}), ...(addr.networkId ? { networkId: addr.networkId } : {}) };
    if (!this.nodeHost) {
      this.setNode(vmId, { ...base, state: 'no-node-host', serialLog: 'sandbox: no simulated node host is attached; this VM has no node behind it.\n' });
      return 'no-node-host';
    }
    try {
      const result = await this.nodeHost.boot({
        vmId: vmGuid(vm),
        name: vm.name,
        customDataBase64: internal.customData ?? '',
        privateIp: addr.privateIp ?? '',
        networkId: addr.networkId ?? '',
        ...(addr.publicIp ? { publicIp: addr.publicIp } : {}),
        architecture: internal.image?.architecture ?? 'x64',
        resourceId: vm.id,
      });
      if (result.ok) this.setNode(vmId, { ...base, state: 'running', bootedAt: new Date().toISOString() });
      else this.setNode(vmId, { ...base, state: 'boot-failed', serialLog: result.serialLog });
      return result.ok ? 'running' : 'boot-failed';
    } catch (err) {
      this.setNode(vmId, { ...base, state: 'boot-failed', serialLog: `sandbox: node boot crashed: ${(err as Error).message}\n` });
      return 'boot-failed';
    }
  }

  /**
   * The VM's power changed (vm-power.ts): its node stops answering (`stopped`) or boots again
   * (`running`). Never throws.
   */
  async setPower(vmId: string, power: 'running' | 'stopped'): Promise<void> {
    const vm = this.store.getResource(vmId);
    if (!vm) return;
    const internal = this.store.getInternal<VmInternal>(vmId);
    const node = internal?.node;
    if (!node || (node.state !== 'running' && node.state !== 'stopped')) return; // nothing booted
    try {
      await this.nodeHost?.setPower?.(vmGuid(vm), power);
    } catch (err) {
      console.error('[sandbox] node power change failed:', (err as Error).message);
    }
    this.setNode(vmId, { ...node, state: power });
  }

  /** Serial console text of a VM (node host's, or the sandbox's own note). */
  serialLog(vm: ArmResource): string {
    const internal = this.store.getInternal<VmInternal>(vm.id);
    const fromHost = this.nodeHost?.serialLog(vmGuid(vm)) ?? '';
    return fromHost || internal?.node?.serialLog || '';
  }

  /** What `GET /_sandbox/nodes` answers. */
  list(): SandboxNodeView[] {
    const vms = this.store.listResources((r) => r.type.toLowerCase() === 'microsoft.compute/virtualmachines');
    return vms.map((vm) => {
      const internal = this.store.getInternal<VmInternal>(vm.id);
      const guid = vmGuid(vm);
      const ep = this.nodeHost?.endpoint(guid);
      const addr = vmAddresses(this.store, vm);
      const view: SandboxNodeView = {
        vmId: guid,
        resourceId: vm.id,
        name: vm.name,
        publicIp: addr.publicIp,
        privateIp: addr.privateIp,
        ssh: ep ? { host: ep.host || this.nodeHostName, port: ep.sshPort } : undefined,
        state: internal?.node?.state ?? 'provisioning',
        simulated: true,
      };
      if (ep?.apiServerPort !== undefined) view.apiServer = { host: ep.host || this.nodeHostName, port: ep.apiServerPort };
      return view;
    });
  }
}
