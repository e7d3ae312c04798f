/**
 * Back-references Azure shows on network resources (subnet.ipConfigurations, publicIP.ipConfiguration,
 * nsg.subnets/networkInterfaces, nic.virtualMachine) are DERIVED from the referencing resources at
 * read time instead of being written into the referenced ones, so they can never go stale (a
 * resource group delete removes resources in any order).
 */
import type { ArmResource, ResourceStore } from '../../arm/types';
import { refId } from './common';

const lower = (s: string) => s.toLowerCase();

export interface IpConfigRef {
  nic: ArmResource;
  ipConfigId: string;
  properties: Record<string, unknown>;
}

function ofType(store: ResourceStore, type: string): ArmResource[] {
  const t = lower(type);
  return store.listResources((r) => lower(r.type) === t);
}

/** All NIC IP configurations in the store. */
export function allIpConfigs(store: ResourceStore): IpConfigRef[] {
  const out: IpConfigRef[] = [];
  for (const nic of ofType(store, 'Microsoft.Network/networkInterfaces')) {
    const configs = (nic.properties?.ipConfigurations ?? []) as Array<{ name?: string; id?: string; properties?: Record<string, unknown> }>;
    for (const c of configs) {
      out.push({ nic, ipConfigId: c.id ?? `${nic.id}/ipConfigurations/${c.name}`, properties: c.properties ?? {} });
    }
  }
  return out;
}

export function ipConfigsInSubnet(store: ResourceStore, subnetId: string): IpConfigRef[] {
  return allIpConfigs(store).filter((c) => lower(refId(c.properties.subnet) ?? '') === lower(subnetId));
}

export function ipConfigUsingPublicIp(store: ResourceStore, publicIpId: string): IpConfigRef | undefined {
  return allIpConfigs(store).find((c) => lower(refId(c.properties.publicIPAddress) ?? '') === lower(publicIpId));
}

export function subnetsUsingNsg(store: ResourceStore, nsgId: string): ArmResource[] {
  return ofType(store, 'Microsoft.Network/virtualNetworks/subnets').filter(
    (s) => lower(refId(s.properties?.networkSecurityGroup) ?? '') === lower(nsgId),
  );
}

export function nicsUsingNsg(store: ResourceStore, nsgId: string): ArmResource[] {
  return ofType(store, 'Microsoft.Network/networkInterfaces').filter(
    (n) => lower(refId(n.properties?.networkSecurityGroup) ?? '') === lower(nsgId),
  );
}

/** The VM whose networkProfile lists this NIC, if any. */
export function vmUsingNic(store: ResourceStore, nicId: string): ArmResource | undefined {
  return ofType(store, 'Microsoft.Compute/virtualMachines').find((vm) => {
    const nics = ((vm.properties?.networkProfile as { networkInterfaces?: unknown[] } | undefined)?.networkInterfaces ?? []) as unknown[];
    return nics.some((n) => lower(refId(n) ?? '') === lower(nicId));
  });
}
