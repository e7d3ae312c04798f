/**
 * Network interfaces: IP configurations referencing a subnet (required) and optionally a public
 * IP, plus an optional NSG. Private addresses are assigned as Azure does: Dynamic = the lowest free
 * address of the subnet starting at .4 (the first four and the last are reserved), kept across
 * updates; Static = the requested one, when it is inside the subnet and free.
 */
import { createHash } from 'node:crypto';
import { ArmError, type ArmRequest, type ArmResource, type ArmRouter, type ProviderDeps } from '../../arm/types';
import {
  beginNetworkPut,
  invalidReference,
  newEtag,
  newGuid,
  refId,
  requireReference,
  startPut,
  tagsOf,
} from './common';
import { validateNetworkName } from './names';
import { allIpConfigs, ipConfigUsingPublicIp, vmUsingNic } from './derived';
import { backendPoolsOf } from './nic-backend-pools';
import { frontendUsingPublicIp } from './lb-derived';
import { firstFreeAddress, ipInCidr, isAssignableAddress, parseCidr } from './ip-math';
import { PUBLIC_IP_TYPE } from './public-ip-addresses';
import { registerTopLevelRoutes } from './top-level-routes';

export const NIC_TYPE = 'Microsoft.Network/networkInterfaces';

/** A stable MAC for an attached NIC: 00-0D-3A is the Microsoft OUI Azure NICs carry. */
function macFor(nicId: string): string {
  const h = createHash('sha256').update(nicId.toLowerCase()).digest();
  return ['00', '0D', '3A', ...[h[0]!, h[1]!, h[2]!].map((b) => b.toString(16).padStart(2, '0').toUpperCase())].join('-');
}

export function renderNic(deps: ProviderDeps, nic: ArmResource): ArmResource {
  const vm = vmUsingNic(deps.store, nic.id);
  return {
    ...nic,
    properties: {
      ...(nic.properties ?? {}),
      ...(vm ? { virtualMachine: { id: vm.id }, macAddress: macFor(nic.id), primary: true } : {}),
    },
  };
}

function nicInUse(deps: ProviderDeps, nic: ArmResource): void {
  const vm = vmUsingNic(deps.store, nic.id);
  if (vm) {
    // Real code; message from memory of Azure's wording (aka.ms/deletenic).
    throw new ArmError(400, 'NicInUse', `Network Interface ${nic.id} is used by existing resource ${vm.id}. In order to delete the network interface, it must be dissociated from the resource. To learn more, see aka.ms/deletenic.`);
  }
}

interface IpConfigInput {
  name?: string;
  properties?: Record<string, unknown>;
}

async function putNic(req: ArmRequest, deps: ProviderDeps) {
  const { name, body, location, id, existing, props } = beginNetworkPut(req, deps, 'networkInterfaceName', 'networkInterfaces', NIC_TYPE);
  const nicId = existing?.id ?? id;
  const configs = (Array.isArray(props.ipConfigurations) ? props.ipConfigurations : []) as IpConfigInput[];
  if (configs.length === 0) {
    // Wording from memory of Azure's answer.
    throw new ArmError(400, 'NetworkInterfaceMustHaveAtLeastOneIpConfiguration', `Network interface ${nicId} must have at least one IP configuration.`);
  }
  const nsgId = refId(props.networkSecurityGroup);
  if (nsgId) requireReference(deps, nsgId, 'Microsoft.Network/networkSecurityGroups', location, nicId);

  const previous = (existing?.properties?.ipConfigurations ?? []) as Array<{ name: string; properties: Record<string, unknown> }>;
  // Addresses taken by OTHER NICs (this NIC's own may be reassigned below).
  const others = allIpConfigs(deps.store).filter((c) => c.nic.id.toLowerCase() !== nicId.toLowerCase());
  const assigned: string[] = [];
  const out: Array<Record<string, unknown>> = [];
  configs.forEach((c, index) => {
    const cname = c.name ?? `ipconfig${index + 1}`;
    validateNetworkName(cname);
    const cp = c.properties ?? {};
    const ipConfigId = `${nicId}/ipConfigurations/${cname}`;
    const subnetId = refId(cp.subnet);
    if (!subnetId) throw new ArmError(400, 'InvalidRequestFormat', `Cannot parse the request. IP configuration ${ipConfigId} has no subnet reference.`);
    const subnet = requireReference(deps, subnetId, 'Microsoft.Network/virtualNetworks/subnets', undefined, nicId);
    const vnet = deps.store.getResource(subnetId.replace(/\/subnets\/[^/]+$/i, ''));
    if (!vnet || vnet.location?.toLowerCase() !== location) throw invalidReference(subnetId, nicId);
    const cidr = parseCidr(String(subnet.properties?.addressPrefix ?? ''));
    if (!cidr) throw invalidReference(subnetId, nicId);

    const pipId = refId(cp.publicIPAddress);
    if (pipId) {
      requireReference(deps, pipId, PUBLIC_IP_TYPE, location, nicId);
      const user = ipConfigUsingPublicIp(deps.store, pipId);
      const other = user && user.nic.id.toLowerCase() !== nicId.toLowerCase() ? user.ipConfigId : frontendUsingPublicIp(deps.store, pipId)?.frontend.id;
      if (other) {
        // Code and message from memory of Azure's answer (not recorded).
        throw new ArmError(400, 'PublicIPAddressInUse', `Resource ${pipId} is referenced by resource ${other}, and can't be referenced by ${ipConfigId} at the same time.`);
      }
    }
    const pools = backendPoolsOf(deps, cp.loadBalancerBackendAddressPools, { nicId, ipConfigId, location, hasPublicIp: !!pipId });

    const used = new Set<string>([
      ...others.filter((o) => refId(o.properties.subnet)?.toLowerCase() === subnetId.toLowerCase()).map((o) => String(o.properties.privateIPAddress)),
      ...assigned,
    ]);
    const method = String(cp.privateIPAllocationMethod ?? 'Dynamic').toLowerCase() === 'static' ? 'Static' : 'Dynamic';
    let ip: string | undefined;
    if (method === 'Static') {
      ip = typeof cp.privateIPAddress === 'string' ? cp.privateIPAddress : undefined;
      if (!ip || !ipInCidr(ip, cidr) || !isAssignableAddress(ip, cidr)) {
        // Code and message from memory of Azure's answer.
        throw new ArmError(400, 'PrivateIPAddressNotInSubnet', `IP configuration ${ipConfigId} references private IP address ${String(ip)} which is not in the address range of subnet ${subnetId}.`);
      }
      if (used.has(ip)) {
        throw new ArmError(400, 'PrivateIPAddressInUse', `IP configuration ${ipConfigId} is using the private IP address ${ip} which is already allocated to resource ${others.find((o) => o.properties.privateIPAddress === ip)?.ipConfigId ?? nicId}.`);
      }
    } else {
      const prev = previous.find((p) => p.name.toLowerCase() === cname.toLowerCase());
      const prevIp = prev?.properties.privateIPAddress as string | undefined;
      if (prev && prevIp && refId(prev.properties.subnet)?.toLowerCase() === subnetId.toLowerCase() && !used.has(prevIp)) ip = prevIp;
      else ip = firstFreeAddress(cidr, used);
      if (!ip) {
        throw new ArmError(400, 'SubnetIsFull', `Subnet ${subnet.name} with address prefix ${String(subnet.properties?.addressPrefix)} does not have enough capacity for 1 IP addresses.`);
      }
    }
    assigned.push(ip);
    out.push({
      name: cname,
      id: ipConfigId,
      etag: newEtag(),
      type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
      properties: {
        provisioningState: 'Succeeded',
        privateIPAddress: ip,
        privateIPAllocationMethod: method,
        subnet: { id: subnet.id },
        ...(pipId ? { publicIPAddress: { id: deps.store.getResource(pipId)!.id } } : {}),
        ...(pools.length ? { loadBalancerBackendAddressPools: pools } : {}),
        primary: typeof cp.primary === 'boolean' ? cp.primary : index === 0,
        privateIPAddressVersion: 'IPv4',
      },
    });
  });

  const guid = (existing?.properties?.resourceGuid as string | undefined) ?? newGuid();
  deps.store.putResource({
    id: nicId,
    name,
    type: NIC_TYPE,
    location,
    ...(tagsOf(body) ? { tags: tagsOf(body) } : {}),
    etag: newEtag(),
    kind: 'Regular',
    properties: {
      provisioningState: 'Updating',
      resourceGuid: guid,
      ipConfigurations: out,
      dnsSettings: {
        dnsServers: [],
        appliedDnsServers: [],
        internalDomainNameSuffix: `${guid.replace(/-/g, '').slice(0, 26)}.ax.internal.cloudapp.net`,
      },
      ...(nsgId ? { networkSecurityGroup: { id: nsgId } } : {}),
      enableAcceleratedNetworking: props.enableAcceleratedNetworking === true,
      vnetEncryptionSupported: false,
      enableIPForwarding: props.enableIPForwarding === true,
      disableTcpStateTracking: false,
      hostedWorkloads: [],
      tapConfigurations: [],
      nicType: 'Standard',
      allowPort25Out: false,
      auxiliaryMode: 'None',
      auxiliarySku: 'None',
    },
  });
  return startPut(req, deps, nicId, !!existing, location, existing ? 'network.update' : 'nic.create', () =>
    renderNic(deps, deps.store.getResource(nicId)!),
  );
}

export function registerNetworkInterfaceRoutes(router: ArmRouter, deps: ProviderDeps): void {
  registerTopLevelRoutes(router, deps, {
    collection: 'networkInterfaces',
    param: 'networkInterfaceName',
    type: NIC_TYPE,
    put: putNic,
    render: renderNic,
    inUse: nicInUse,
  });
}
