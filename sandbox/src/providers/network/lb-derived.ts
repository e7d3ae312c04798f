/**
 * What load balancers and the resources around them say about each other, derived at read time
 * (as derived.ts does for the other network back-references): the LB frontend using a public IP,
 * the NIC IP configurations in a backend pool, and where a connection to a frontend's public
 * address and port goes (the rule's backend port and the VMs behind its pool).
 */
import type { ArmResource, ResourceStore } from '../../arm/types';
import { refId } from './common';
import { allIpConfigs, vmUsingNic, type IpConfigRef } from './derived';

export const LB_TYPE = 'Microsoft.Network/loadBalancers';

const lower = (s: string) => s.toLowerCase();

export interface LbChild {
  name: string;
  id: string;
  properties: Record<string, unknown>;
}

export function children(lb: ArmResource, collection: string): LbChild[] {
  return ((lb.properties?.[collection] ?? []) as LbChild[]).filter((c) => c && typeof c.id === 'string');
}

export function allLoadBalancers(store: ResourceStore): ArmResource[] {
  return store.listResources((r) => lower(r.type) === lower(LB_TYPE));
}

/** The LB frontend IP configuration that references this public IP, if any. */
export function frontendUsingPublicIp(store: ResourceStore, publicIpId: string): { lb: ArmResource; frontend: LbChild } | undefined {
  for (const lb of allLoadBalancers(store)) {
    const frontend = children(lb, 'frontendIPConfigurations').find((f) => lower(refId(f.properties.publicIPAddress) ?? '') === lower(publicIpId));
    if (frontend) return { lb, frontend };
  }
  return undefined;
}

/** NIC IP configurations whose loadBalancerBackendAddressPools list this pool. */
export function ipConfigsInPool(store: ResourceStore, poolId: string): IpConfigRef[] {
  return allIpConfigs(store).filter((c) => ((c.properties.loadBalancerBackendAddressPools ?? []) as unknown[]).some((p) => lower(refId(p) ?? '') === lower(poolId)));
}

/** The pool (by id) as stored in its LB, with the LB; undefined when either is gone. */
export function findPool(store: ResourceStore, poolId: string): { lb: ArmResource; pool: LbChild } | undefined {
  const lbId = poolId.replace(/\/backendAddressPools\/[^/]+$/i, '');
  const lb = lbId === poolId ? undefined : store.getResource(lbId);
  if (!lb || lower(lb.type) !== lower(LB_TYPE)) return undefined;
  const pool = children(lb, 'backendAddressPools').find((p) => lower(p.id) === lower(poolId));
  return pool ? { lb, pool } : undefined;
}

/** Whether an outbound rule of the pool's LB uses the pool. */
export function poolHasOutboundRule(lb: ArmResource, poolId: string): boolean {
  return children(lb, 'outboundRules').some((r) => lower(refId(r.properties.backendAddressPool) ?? '') === lower(poolId));
}

export interface FrontendRoute {
  lb: ArmResource;
  rule: LbChild;
  frontendPort: number;
  backendPort: number;
  protocol: string;
  /** VM guids (`properties.vmId`, the node host's ids) of the VMs whose NICs are in the rule's pool, in NIC order. */
  vmIds: string[];
}

function vmGuidsInPool(store: ResourceStore, poolId: string): string[] {
  const out: string[] = [];
  for (const c of ipConfigsInPool(store, poolId)) {
    const vm = vmUsingNic(store, c.nic.id);
    const guid = vm?.properties?.vmId;
    if (typeof guid === 'string' && !out.includes(guid)) out.push(guid);
  }
  return out;
}

/** Every load-balancing rule on a frontend whose public IP has this address. */
export function routesOfPublicAddress(store: ResourceStore, address: string): FrontendRoute[] {
  const pip = store.listResources((r) => lower(r.type) === 'microsoft.network/publicipaddresses' && r.properties?.ipAddress === address)[0];
  const user = pip ? frontendUsingPublicIp(store, pip.id) : undefined;
  if (!user) return [];
  return children(user.lb, 'loadBalancingRules')
    .filter((r) => lower(refId(r.properties.frontendIPConfiguration) ?? '') === lower(user.frontend.id))
    .map((rule) => ({
      lb: user.lb,
      rule,
      frontendPort: Number(rule.properties.frontendPort),
      backendPort: Number(rule.properties.backendPort),
      protocol: String(rule.properties.protocol),
      vmIds: vmGuidsInPool(store, refId(rule.properties.backendAddressPool) ?? ''),
    }));
}

/** The rule that takes TCP connections to address:port (protocol Tcp or All), if any. */
export function routeOf(store: ResourceStore, address: string, port: number): FrontendRoute | undefined {
  return routesOfPublicAddress(store, address).find((r) => r.protocol !== 'Udp' && (r.frontendPort === port || (r.frontendPort === 0 && r.protocol === 'All')));
}
