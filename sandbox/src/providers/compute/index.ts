/**
 * The sandbox's Microsoft.Compute provider (virtual machines, their simulated Flatcar nodes and
 * boot diagnostics). The read-only compute catalogs (images, SKUs, usages) are registered by
 * ../catalog (registerCatalogProviders).
 *
 * `deps.nodeHost` (H3's simulated nodes) is optional: without it VMs still provision, but have no
 * node behind them (state `no-node-host` in GET /_sandbox/nodes).
 */
import type { ArmRouter, ProviderDeps } from '../../arm/types';
import type { NodeHost } from '../../nodes/types';
import { NodeBridge } from './node-bridge';
import { registerVirtualMachineRoutes } from './virtual-machines';
import { registerDiskRoutes } from './disks';
import { LoadBalancerFrontends, registerFrontendRoute } from './lb-frontends';

export type ComputeProviderDeps = ProviderDeps & { nodeHost?: NodeHost };

/** Registers the routes; returns the bridge so the caller can close it (unsubscribes from the store). */
export function registerComputeProviders(router: ArmRouter, deps: ComputeProviderDeps): NodeBridge {
  const frontends = new LoadBalancerFrontends(deps.store, deps.nodeHost, deps.facts.nodeHost);
  const bridge = new NodeBridge(deps.store, deps.nodeHost, deps.facts.nodeHost, () => frontends.close());
  registerVirtualMachineRoutes(router, { ...deps, bridge });
  registerFrontendRoute(router, frontends);
  registerDiskRoutes(router, deps);
  return bridge;
}

export { NodeBridge, type SandboxNodeView } from './node-bridge';
export type { SandboxFrontendView } from './lb-frontends';
export { serialLogPath } from './serial-console';
