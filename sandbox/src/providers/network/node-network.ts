/**
 * What the simulated nodes see of the network beyond their VNet, read from ARM's store at each
 * use: Azure's public DNS names (public-ip-dns.ts) and where a load balancer frontend's address
 * and port lead (lb-derived.ts). The nodes pick a healthy backend themselves (nodes/net/reach.ts).
 */
import type { ResourceStore } from '../../arm/types';
import type { NodeNetwork } from '../../nodes/types';
import { routeOf } from './lb-derived';
import { lookupPublicFqdn } from './public-ip-dns';

export function createNodeNetwork(store: ResourceStore): NodeNetwork {
  return {
    lookup: (name) => lookupPublicFqdn(store, name),
    loadBalancer(address, port) {
      const route = routeOf(store, address, port);
      return route ? { backendPort: route.backendPort || port, vmIds: route.vmIds } : undefined;
    },
  };
}
