/**
 * Virtual networks and their subnets (child resources, also settable inline in the VNet PUT).
 * Subnets are stored as their own resources under the VNet id and composed into the VNet on read;
 * an inline PUT replaces the VNet's subnet set (Azure deletes the ones left out, and refuses when
 * one is in use). Since 2026-03-31 Azure creates subnets private by default
 * (`defaultOutboundAccess: false`), which the sandbox mirrors.
 */
import { ArmError, type ArmRequest, type ArmResource, type ArmRouter, type ProviderDeps } from '../../arm/types';
import { pagedList, requireBody } from '../../arm/helpers';
import { NETWORK_API_VERSIONS } from '../catalog/api-versions';
import {
  RG_BASE,
  beginNetworkPut,
  deleteResource,
  networkResourceId,
  newEtag,
  newGuid,
  notFound,
  propsOf,
  refId,
  requireGroup,
  requireReference,
  startPut,
  tagsOf,
} from './common';
import { validateNetworkName } from './names';
import { cidrContains, cidrOverlaps, parseCidr, type Cidr } from './ip-math';
import { ipConfigsInSubnet } from './derived';
import { registerTopLevelRoutes } from './top-level-routes';

const VNET_TYPE = 'Microsoft.Network/virtualNetworks';
const SUBNET_TYPE = 'Microsoft.Network/virtualNetworks/subnets';

function invalidPrefix(prefix: string): ArmError {
  // Wording from memory of Azure's NetcfgInvalidSubnet/InvalidAddressPrefix answers (not recorded).
  return new ArmError(400, 'InvalidAddressPrefixFormat', `Address prefix ${prefix} does not have a valid format.`);
}

function vnetPrefixes(vnet: ArmResource): Cidr[] {
  const space = (vnet.properties?.addressSpace ?? {}) as { addressPrefixes?: string[] };
  return (space.addressPrefixes ?? []).map((p) => parseCidr(p)).filter((c): c is Cidr => c !== undefined);
}

export function renderSubnet(deps: ProviderDeps, subnet: ArmResource): ArmResource {
  const { location: _l, tags: _t, ...rest } = subnet;
  const ipConfigurations = ipConfigsInSubnet(deps.store, subnet.id).map((c) => ({ id: c.ipConfigId }));
  const properties = { ...(rest.properties ?? {}) };
  if (ipConfigurations.length > 0) properties.ipConfigurations = ipConfigurations;
  return { ...rest, properties };
}

function subnetsOf(deps: ProviderDeps, vnetId: string): ArmResource[] {
  return deps.store
    .listUnder(vnetId)
    .filter((r) => r.type === SUBNET_TYPE && r.id.toLowerCase().startsWith(`${vnetId.toLowerCase()}/subnets/`));
}

export function renderVnet(deps: ProviderDeps, vnet: ArmResource): ArmResource {
  return {
    ...vnet,
    properties: { ...(vnet.properties ?? {}), subnets: subnetsOf(deps, vnet.id).map((s) => renderSubnet(deps, s)) },
  };
}

/** Validates one subnet definition against its VNet and returns the stored subnet resource. */
function buildSubnet(
  deps: ProviderDeps,
  vnet: { id: string; location: string; prefixes: Cidr[] },
  name: string,
  props: Record<string, unknown>,
  existing: ArmResource | undefined,
  siblings: Array<{ name: string; cidr: Cidr }>,
): ArmResource {
  validateNetworkName(name);
  const id = `${vnet.id}/subnets/${name}`;
  const prefixes = (typeof props.addressPrefix === 'string' ? [props.addressPrefix] : (props.addressPrefixes as string[] | undefined)) ?? [];
  if (prefixes.length === 0) {
    throw new ArmError(400, 'InvalidRequestFormat', `Cannot parse the request. Subnet '${name}' has no address prefix.`);
  }
  for (const p of prefixes) {
    const c = parseCidr(p);
    if (!c) throw invalidPrefix(p);
    if (!vnet.prefixes.some((v) => cidrContains(v, c))) {
      // Real code; message written from memory of Azure's wording.
      throw new ArmError(400, 'NetcfgSubnetRangeOutsideVnet', `Subnet '${name}' is not valid because its IP address range is outside the IP address range of virtual network '${vnet.id.split('/').pop()}'.`);
    }
    const clash = siblings.find((s) => s.name.toLowerCase() !== name.toLowerCase() && cidrOverlaps(s.cidr, c));
    if (clash) {
      throw new ArmError(400, 'NetcfgSubnetRangesOverlap', `Subnet '${name}' is not valid because its IP address range overlaps with that of an existing subnet '${clash.name}' in virtual network '${vnet.id.split('/').pop()}'.`);
    }
  }
  const nsgId = refId(props.networkSecurityGroup);
  if (nsgId) requireReference(deps, nsgId, 'Microsoft.Network/networkSecurityGroups', vnet.location, id);
  const properties: Record<string, unknown> = {
    provisioningState: 'Updating',
    ...(props.addressPrefix !== undefined ? { addressPrefix: props.addressPrefix } : { addressPrefixes: prefixes }),
    ...(nsgId ? { networkSecurityGroup: { id: nsgId } } : {}),
    delegations: [],
    privateEndpointNetworkPolicies: (props.privateEndpointNetworkPolicies as string | undefined) ?? 'Disabled',
    privateLinkServiceNetworkPolicies: (props.privateLinkServiceNetworkPolicies as string | undefined) ?? 'Enabled',
    defaultOutboundAccess: (props.defaultOutboundAccess as boolean | undefined) ?? false,
  };
  return {
    id: existing?.id ?? id,
    name,
    type: SUBNET_TYPE,
    etag: newEtag(),
    properties,
  };
}

function subnetCidrs(subnets: ArmResource[]): Array<{ name: string; cidr: Cidr }> {
  const out: Array<{ name: string; cidr: Cidr }> = [];
  for (const s of subnets) {
    const p = s.properties?.addressPrefix;
    const c = typeof p === 'string' ? parseCidr(p) : undefined;
    if (c) out.push({ name: s.name, cidr: c });
  }
  return out;
}

function subnetInUse(deps: ProviderDeps, subnet: ArmResource): void {
  const users = ipConfigsInSubnet(deps.store, subnet.id);
  if (users.length > 0) {
    // Real code; message from memory of Azure's wording (aka.ms/deletesubnet).
    throw new ArmError(400, 'InUseSubnetCannotBeDeleted', `Subnet ${subnet.name} is in use by ${users[0]!.ipConfigId} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`);
  }
}

async function putVnet(req: ArmRequest, deps: ProviderDeps) {
  const { name, body, location, id, existing, props } = beginNetworkPut(req, deps, 'virtualNetworkName', 'virtualNetworks', VNET_TYPE);
  const addressPrefixes = ((props.addressSpace as { addressPrefixes?: unknown } | undefined)?.addressPrefixes ?? []) as unknown[];
  if (!Array.isArray(addressPrefixes) || addressPrefixes.length === 0) {
    throw new ArmError(400, 'InvalidRequestFormat', 'Cannot parse the request. The virtual network must have at least one address prefix (addressSpace.addressPrefixes).');
  }
  const prefixes: Cidr[] = [];
  for (const p of addressPrefixes) {
    const c = typeof p === 'string' ? parseCidr(p) : undefined;
    if (!c) throw invalidPrefix(String(p));
    prefixes.push(c);
  }
  const vnetInfo = { id: existing?.id ?? id, location, prefixes };

  // Inline subnets: validate all first, then write (a failed PUT changes nothing).
  const inline = Array.isArray(props.subnets) ? (props.subnets as Array<{ name?: string; properties?: Record<string, unknown> }>) : undefined;
  const currentSubnets = existing ? subnetsOf(deps, existing.id) : [];
  const newSubnets: ArmResource[] = [];
  if (inline) {
    const siblings: Array<{ name: string; cidr: Cidr }> = [];
    for (const s of inline) {
      const c = parseCidr(String(s.properties?.addressPrefix ?? ''));
      if (s.name && c) siblings.push({ name: s.name, cidr: c });
    }
    for (const s of inline) {
      if (!s.name) throw new ArmError(400, 'InvalidRequestFormat', 'Cannot parse the request. A subnet has no name.');
      const prev = currentSubnets.find((c) => c.name.toLowerCase() === s.name!.toLowerCase());
      newSubnets.push(buildSubnet(deps, vnetInfo, s.name, s.properties ?? {}, prev, siblings));
    }
    for (const gone of currentSubnets) {
      if (!newSubnets.some((n) => n.name.toLowerCase() === gone.name.toLowerCase())) subnetInUse(deps, gone);
    }
  } else {
    // Without inline subnets the existing ones must still fit the (possibly new) address space.
    for (const s of subnetCidrs(currentSubnets)) {
      if (!prefixes.some((p) => cidrContains(p, s.cidr))) {
        throw new ArmError(400, 'NetcfgSubnetRangeOutsideVnet', `Subnet '${s.name}' is not valid because its IP address range is outside the IP address range of virtual network '${name}'.`);
      }
    }
  }

  const vnet: ArmResource = {
    id: vnetInfo.id,
    name,
    type: VNET_TYPE,
    location,
    ...(tagsOf(body) ? { tags: tagsOf(body) } : {}),
    etag: newEtag(),
    properties: {
      provisioningState: 'Updating',
      resourceGuid: (existing?.properties?.resourceGuid as string | undefined) ?? newGuid(),
      addressSpace: { addressPrefixes },
      privateEndpointVNetPolicies: 'Disabled',
      virtualNetworkPeerings: [],
      enableDdosProtection: false,
    },
  };
  deps.store.putResource(vnet);
  if (inline) {
    for (const gone of currentSubnets) {
      if (!newSubnets.some((n) => n.name.toLowerCase() === gone.name.toLowerCase())) deps.store.deleteResource(gone.id);
    }
    // Inline subnets are part of the VNet's operation: they settle with it.
    for (const s of newSubnets) deps.store.putResource({ ...s, properties: { ...s.properties, provisioningState: 'Succeeded' } });
  }
  return startPut(req, deps, vnet.id, !!existing, location, existing ? 'network.update' : 'network.create', () =>
    renderVnet(deps, deps.store.getResource(vnet.id)!),
  );
}

async function putSubnet(req: ArmRequest, deps: ProviderDeps) {
  requireGroup(req, deps);
  const vnetName = req.params.virtualNetworkName!;
  const vnet = deps.store.getResource(networkResourceId(req, 'virtualNetworks', vnetName));
  if (!vnet) {
    // ARM's answer for a child of a missing parent (wording from memory).
    throw new ArmError(404, 'ParentResourceNotFound', `Can not perform requested operation on nested resource. Parent resource '${vnetName}' not found.`);
  }
  const body = requireBody(req);
  const name = req.params.subnetName!;
  const current = subnetsOf(deps, vnet.id);
  const existing = current.find((s) => s.name.toLowerCase() === name.toLowerCase());
  const subnet = buildSubnet(deps, { id: vnet.id, location: vnet.location!, prefixes: vnetPrefixes(vnet) }, name, propsOf(body), existing, subnetCidrs(current));
  deps.store.putResource(subnet);
  return startPut(req, deps, subnet.id, !!existing, vnet.location!, existing ? 'network.update' : 'network.create', () =>
    renderSubnet(deps, deps.store.getResource(subnet.id)!),
  );
}

export function registerVirtualNetworkRoutes(router: ArmRouter, deps: ProviderDeps): void {
  const VNET = `${RG_BASE}/virtualNetworks/{virtualNetworkName}`;
  registerTopLevelRoutes(router, deps, {
    collection: 'virtualNetworks',
    param: 'virtualNetworkName',
    type: VNET_TYPE,
    put: putVnet,
    render: renderVnet,
    inUse: (d, vnet) => {
      for (const s of subnetsOf(d, vnet.id)) subnetInUse(d, s);
    },
  });
  router.add({
    methods: ['GET', 'PUT', 'DELETE'],
    pattern: `${VNET}/subnets/{subnetName}`,
    apiVersions: NETWORK_API_VERSIONS,
    handler: async (req) => {
      if (req.method === 'PUT') return putSubnet(req, deps);
      const vnetId = networkResourceId(req, 'virtualNetworks', req.params.virtualNetworkName!);
      const id = `${vnetId}/subnets/${req.params.subnetName}`;
      if (req.method === 'DELETE') {
        const vnet = deps.store.getResource(vnetId);
        return deleteResource(req, deps, id, vnet?.location, 'network.delete', (s) => subnetInUse(deps, s));
      }
      requireGroup(req, deps);
      const subnet = deps.store.getResource(id);
      if (!subnet) throw notFound(req, SUBNET_TYPE.replace('/subnets', ''), `${req.params.virtualNetworkName}/subnets/${req.params.subnetName}`);
      return { status: 200, body: renderSubnet(deps, subnet) };
    },
  });
  router.add({
    methods: ['GET'],
    pattern: `${VNET}/subnets`,
    apiVersions: NETWORK_API_VERSIONS,
    handler: (req) => {
      requireGroup(req, deps);
      const vnet = deps.store.getResource(networkResourceId(req, 'virtualNetworks', req.params.virtualNetworkName!));
      if (!vnet) throw notFound(req, VNET_TYPE, req.params.virtualNetworkName!);
      return pagedList(req, subnetsOf(deps, vnet.id).map((s) => renderSubnet(deps, s)));
    },
  });
}
