/**
 * The stored shape of a virtual machine (what ARM returns; custom data is never returned, as in
 * Azure) and its instance view, built from the validated request and the simulated node's state.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ArmResource } from '../../arm/types';
import type { ValidatedVm } from './vm-rules';

export const VM_TYPE = 'Microsoft.Compute/virtualMachines';

/** Private per-VM data kept beside the resource (never returned by ARM, never journaled). */
export interface VmInternal {
  customData?: string;
  /** Facts of the resolved image (Azure shows the generation in the instance view). */
  image?: { hyperVGeneration: 'V1' | 'V2'; architecture: 'x64' | 'Arm64' };
  /**
   * The power state the user asked for through powerOff/deallocate/start/restart (vm-power.ts);
   * absent = running. Transitional states last while the action's operation runs.
   */
  power?: VmPowerState;
  node?: {
    /** `stopped`: the VM was powered off or deallocated; its node keeps its disk but answers nothing. */
    state: 'provisioning' | 'running' | 'boot-failed' | 'provisioning-failed' | 'no-node-host' | 'stopped';
    privateIp?: string;
    publicIp?: string;
    networkId?: string;
    /** Serial console text when the node could not boot (or no node host was attached). */
    serialLog?: string;
    bootedAt?: string;
  };
}

/**
 * Azure's VM power states (https://learn.microsoft.com/azure/virtual-machines/states-billing):
 * instance view code `PowerState/<state>`, display status `VM <state>`.
 */
export type VmPowerState = 'starting' | 'running' | 'stopping' | 'stopped' | 'deallocating' | 'deallocated';

export interface VmBuildInput {
  id: string;
  name: string;
  resourceGroupName: string;
  subscriptionId: string;
  body: Record<string, unknown>;
  valid: ValidatedVm;
  now: number;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

export function buildVmResource(input: VmBuildInput): ArmResource {
  const { body, valid } = input;
  const props = obj(body.properties);
  const storage = obj(props.storageProfile);
  const osDiskIn = obj(storage.osDisk);
  const ref = obj(storage.imageReference);
  const os = obj(props.osProfile);
  const linux = obj(os.linuxConfiguration);
  // Azure names an implicit OS disk <vm>_OsDisk_1_<32 hex> and puts the group in upper case in its id.
  const diskName = (osDiskIn.name as string | undefined) ?? `${input.name}_OsDisk_1_${randomBytes(16).toString('hex')}`;
  const diskId = `/subscriptions/${input.subscriptionId}/resourceGroups/${input.resourceGroupName.toUpperCase()}/providers/Microsoft.Compute/disks/${diskName}`;
  const plan = obj(body.plan);
  const vm: ArmResource = {
    name: input.name,
    id: input.id,
    type: VM_TYPE,
    location: valid.location,
    ...(body.tags ? { tags: body.tags as Record<string, string> } : {}),
    ...(valid.image.plan ? { plan: { name: plan.name, publisher: plan.publisher, product: plan.product } } : {}),
    ...(Array.isArray(body.zones) ? { zones: body.zones } : {}),
    // User-assigned identities as given (Microsoft.Compute VirtualMachineIdentity: type, and
    // userAssignedIdentities keyed by the identity's resource id); Azure adds each one's ids.
    ...(obj(body.identity).type ? { identity: { type: obj(body.identity).type, userAssignedIdentities: obj(obj(body.identity).userAssignedIdentities) } } : {}),
    etag: '"1"',
    properties: {
      vmId: randomUUID(),
      hardwareProfile: { vmSize: valid.size.name },
      storageProfile: {
        imageReference: {
          publisher: ref.publisher,
          offer: ref.offer,
          sku: ref.sku,
          version: (ref.version as string | undefined) ?? 'latest',
          exactVersion: valid.image.version,
        },
        osDisk: {
          osType: 'Linux',
          name: diskName,
          createOption: 'FromImage',
          caching: (osDiskIn.caching as string | undefined) ?? 'ReadWrite',
          managedDisk: { storageAccountType: (obj(osDiskIn.managedDisk).storageAccountType as string | undefined) ?? 'Standard_LRS', id: diskId },
          deleteOption: (osDiskIn.deleteOption as string | undefined) ?? 'Detach',
          diskSizeGB: (osDiskIn.diskSizeGB as number | undefined) ?? 30,
        },
        dataDisks: [],
        diskControllerType: 'SCSI',
      },
      osProfile: {
        computerName: valid.computerName,
        adminUsername: valid.adminUsername,
        linuxConfiguration: {
          disablePasswordAuthentication: linux.disablePasswordAuthentication === true,
          ...(linux.ssh ? { ssh: linux.ssh } : {}),
          provisionVMAgent: true,
          patchSettings: { patchMode: 'ImageDefault', assessmentMode: 'ImageDefault' },
        },
        secrets: [],
        allowExtensionOperations: true,
        requireGuestProvisionSignal: true,
      },
      networkProfile: {
        networkInterfaces: valid.nicIds.map((id, i) => {
          const given = obj(obj(props.networkProfile).networkInterfaces && (obj(props.networkProfile).networkInterfaces as unknown[])[i]);
          return { id, ...(given.properties ? { properties: given.properties } : {}) };
        }),
      },
      // From api-version 2025-11-01 on, a VM without a securityType reads back as Standard
      // (Compute spec SecurityTypes); TrustedLaunch and ConfidentialVM never get here (vm-rules.ts).
      securityProfile: { ...obj(props.securityProfile), securityType: (obj(props.securityProfile).securityType as string | undefined) ?? 'Standard' },
      ...(props.diagnosticsProfile ? { diagnosticsProfile: props.diagnosticsProfile } : {}),
      provisioningState: 'Creating',
      timeCreated: new Date(input.now).toISOString(),
    },
  };
  return vm;
}

function status(code: string, level: 'Info' | 'Warning' | 'Error', displayStatus: string, time?: string, message?: string) {
  return { code, level, displayStatus, ...(message ? { message } : {}), ...(time ? { time } : {}) };
}

export interface InstanceViewInput {
  vm: ArmResource;
  internal: VmInternal | undefined;
  /** Error of a failed create (from the operation), if any. */
  failure?: { code: string; message: string };
  serialLogUri: string;
  now: number;
}

/**
 * The instance view. Azure cannot see inside the guest: a node whose Ignition failed still shows
 * `PowerState/running`, but its VM agent never reports ("Not Ready") - that, and the serial log,
 * is how a user learns about it, exactly as on Azure.
 */
export function buildInstanceView(input: InstanceViewInput): Record<string, unknown> {
  const { vm, internal } = input;
  const props = obj(vm.properties);
  const time = new Date(input.now).toISOString();
  const state = String(props.provisioningState ?? 'Creating');
  const node = internal?.node;
  const statuses: unknown[] = [];
  if (state === 'Succeeded') statuses.push(status('ProvisioningState/succeeded', 'Info', 'Provisioning succeeded', time));
  else if (state === 'Failed') {
    const f = input.failure;
    statuses.push(status(`ProvisioningState/failed/${f?.code ?? 'InternalError'}`, 'Error', 'Provisioning failed', time, f?.message));
  } else statuses.push(status(`ProvisioningState/${state.toLowerCase()}`, 'Info', state, time));
  const created = state !== 'Creating' && state !== 'Deleting';
  const power: VmPowerState = created ? (internal?.power ?? 'running') : 'starting';
  statuses.push(status(`PowerState/${power}`, 'Info', `VM ${power}`));

  // waagent version on current Flatcar images is approximately 2.9-2.12; '2.9.1.1' is illustrative.
  const agentReady = node?.state === 'running' && power === 'running';
  const vmAgent = agentReady
    ? { vmAgentVersion: '2.9.1.1', statuses: [status('ProvisioningState/succeeded', 'Info', 'Ready', time, 'Guest Agent is running')], extensionHandlers: [] }
    : { vmAgentVersion: 'Unknown', statuses: [status('ProvisioningState/Unavailable', 'Warning', 'Not Ready', time, 'VM status blob is found but not yet populated.')] };

  const storage = obj(props.storageProfile);
  const osDisk = obj(storage.osDisk);
  const image = obj(storage.imageReference);
  const diag = obj(obj(props.diagnosticsProfile).bootDiagnostics);
  return {
    computerName: obj(props.osProfile).computerName,
    osName: 'flatcar',
    osVersion: image.exactVersion,
    vmAgent,
    disks: [{ name: osDisk.name, statuses: [status('ProvisioningState/succeeded', 'Info', 'Provisioning succeeded', time)] }],
    ...(diag.enabled === true ? { bootDiagnostics: { serialConsoleLogBlobUri: input.serialLogUri } } : {}),
    ...(internal?.image ? { hyperVGeneration: internal.image.hyperVGeneration } : {}),
    statuses,
  };
}
