/**
 * The sandbox's catalogs: Flatcar marketplace images, Resource SKUs, compute usages/quota, retail
 * prices - all generated from the real reference data (see each module's header).
 */
import type { ArmRouter, ProviderDeps } from '../../arm/types';
import { registerCatalogRoutes } from './catalog-routes';
import { registerCatalogSandboxRoutes } from './sandbox-routes';

export function registerCatalogProviders(router: ArmRouter, deps: ProviderDeps): void {
  registerCatalogRoutes(router, deps);
  registerCatalogSandboxRoutes(router, deps);
}

export { handleRetailPrices } from './sandbox-routes';
export { setQuotaOverrides, getQuotaOverrides } from './quota-overrides';
export { listResourceSkus, findVmSku, vmSizeFacts } from './resource-skus';
export { resolveImage } from './flatcar-images';
