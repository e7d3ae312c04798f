/**
 * Public IP addresses (Standard, Static - the only kind Flatkube creates; Basic was retired in
 * 2025). The address is a fake one from a documentation range (public-ip-pool.ts): nothing ever
 * connects to it; the sandbox maps it to a loopback endpoint (GET /_sandbox/nodes).
 */
import { ArmError, type ArmRequest, type ArmResource, type ArmRouter, type ProviderDeps } from '../../arm/types';
import {
  beginNetworkPut,
  newEtag,
  newGuid,
  startPut,
  tagsOf,
} from './common';
import { ipConfigUsingPublicIp } from './derived';
import { frontendUsingPublicIp } from './lb-derived';
import { allocatePublicAddress } from './public-ip-pool';
import { dnsSettingsFor } from './public-ip-dns';
import { registerTopLevelRoutes } from './top-level-routes';

export const PUBLIC_IP_TYPE = 'Microsoft.Network/publicIPAddresses';

/** Who uses the public IP: a NIC IP configuration or a load balancer frontend (Azure shows either as `ipConfiguration`). */
function userOf(deps: ProviderDeps, pip: ArmResource): { ipConfigId: string } | undefined {
  const nic = ipConfigUsingPublicIp(deps.store, pip.id);
  if (nic) return nic;
  const lb = frontendUsingPublicIp(deps.store, pip.id);
  return lb ? { ipConfigId: lb.frontend.id } : undefined;
}

export function renderPublicIp(deps: ProviderDeps, pip: ArmResource): ArmResource {
  const user = userOf(deps, pip);
  return { ...pip, properties: { ...(pip.properties ?? {}), ...(user ? { ipConfiguration: { id: user.ipConfigId } } : {}) } };
}

function inUse(deps: ProviderDeps, pip: ArmResource): void {
  const user = userOf(deps, pip);
  if (user) {
    // Real code; message from memory of Azure's wording (aka.ms/deletepublicip).
    throw new ArmError(400, 'PublicIPAddressCannotBeDeleted', `Public IP address ${pip.id} can not be deleted since it is still allocated to resource ${user.ipConfigId}. In order to delete the public IP, disassociate/detach the Public IP address from the resource. To learn how to do this, see aka.ms/deletepublicip.`);
  }
}

async function putPublicIp(req: ArmRequest, deps: ProviderDeps) {
  const { name, body, location, id, existing, props } = beginNetworkPut(req, deps, 'publicIpAddressName', 'publicIPAddresses', PUBLIC_IP_TYPE);
  const skuName = ((body.sku as { name?: string } | undefined)?.name ?? 'Standard').toLowerCase() === 'basic' ? 'Basic' : 'Standard';
  const method = typeof props.publicIPAllocationMethod === 'string' ? props.publicIPAllocationMethod : skuName === 'Standard' ? 'Static' : 'Dynamic';
  if (skuName === 'Standard' && method.toLowerCase() !== 'static') {
    // Code and message from memory of Azure's answer (not recorded).
    throw new ArmError(400, 'StandardSkuPublicIPAddressesMustBeStatic', `Standard sku publicIp ${id} must have AllocationMethod set to Static.`);
  }
  const dnsSettings = dnsSettingsFor(deps.store, existing?.id ?? id, location, props.dnsSettings);
  let ipAddress = existing?.properties?.ipAddress as string | undefined;
  if (!ipAddress) {
    const inUseSet = new Set(
      deps.store
        .listResources((r) => r.type === PUBLIC_IP_TYPE)
        .map((r) => r.properties?.ipAddress)
        .filter((a): a is string => typeof a === 'string'),
    );
    ipAddress = allocatePublicAddress(inUseSet);
    if (!ipAddress) {
      throw new ArmError(409, 'PublicIPCountLimitReached', 'Cannot create more than 508 public IP addresses in the sandbox (documentation address ranges are exhausted).');
    }
  }
  deps.store.putResource({
    id: existing?.id ?? id,
    name,
    type: PUBLIC_IP_TYPE,
    location,
    ...(tagsOf(body) ? { tags: tagsOf(body) } : {}),
    etag: newEtag(),
    sku: { name: skuName, tier: 'Regional' },
    ...(Array.isArray(body.zones) ? { zones: body.zones } : {}),
    properties: {
      provisioningState: 'Updating',
      resourceGuid: (existing?.properties?.resourceGuid as string | undefined) ?? newGuid(),
      ipAddress,
      publicIPAddressVersion: (props.publicIPAddressVersion as string | undefined) ?? 'IPv4',
      publicIPAllocationMethod: method.toLowerCase() === 'static' ? 'Static' : 'Dynamic',
      idleTimeoutInMinutes: (props.idleTimeoutInMinutes as number | undefined) ?? 4,
      ipTags: Array.isArray(props.ipTags) ? props.ipTags : [],
      ...(dnsSettings ? { dnsSettings } : {}),
    },
  });
  const storedId = existing?.id ?? id;
  return startPut(req, deps, storedId, !!existing, location, existing ? 'network.update' : 'publicIp.create', () =>
    renderPublicIp(deps, deps.store.getResource(storedId)!),
  );
}

export function registerPublicIpRoutes(router: ArmRouter, deps: ProviderDeps): void {
  registerTopLevelRoutes(router, deps, {
    collection: 'publicIPAddresses',
    param: 'publicIpAddressName',
    type: PUBLIC_IP_TYPE,
    put: putPublicIp,
    render: renderPublicIp,
    inUse,
  });
}
