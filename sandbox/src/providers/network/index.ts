/**
 * The sandbox's Microsoft.Network provider: virtual networks + subnets, NSGs + security rules,
 * public IP addresses (with DNS labels), network interfaces and Standard load balancers, at the api-version the installed @azure/arm-network
 * sends, with Azure's shapes, LROs and errors.
 */
import type { ArmRouter, ProviderDeps } from '../../arm/types';
import { registerVirtualNetworkRoutes } from './virtual-networks';
import { registerSecurityGroupRoutes } from './security-groups';
import { registerPublicIpRoutes } from './public-ip-addresses';
import { registerNetworkInterfaceRoutes } from './network-interfaces';
import { registerLoadBalancerRoutes } from './load-balancers';

export function registerNetworkProviders(router: ArmRouter, deps: ProviderDeps): void {
  registerVirtualNetworkRoutes(router, deps);
  registerSecurityGroupRoutes(router, deps);
  registerPublicIpRoutes(router, deps);
  registerNetworkInterfaceRoutes(router, deps);
  registerLoadBalancerRoutes(router, deps);
}
