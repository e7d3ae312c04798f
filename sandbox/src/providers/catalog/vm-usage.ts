/**
 * What a subscription's VMs occupy in one region, read from the store: the input of the usages
 * answer and of the quota check on VM create. Every VM in the store counts, whatever its
 * provisioning state (Azure keeps counting a Failed VM's cores until it is deleted).
 */
import type { ArmResource, ResourceStore } from '../../arm/types';
import { addVmToUsage, EMPTY_USAGE, type RegionalUsage } from './compute-usages';
import { normalizeLocationName } from './locations';
import { findVmSku, vmSizeFacts } from './resource-skus';

const VM_TYPE = 'microsoft.compute/virtualmachines';

function vmSize(vm: ArmResource): string | undefined {
  const hw = (vm.properties?.hardwareProfile ?? {}) as { vmSize?: unknown };
  return typeof hw.vmSize === 'string' ? hw.vmSize : undefined;
}

/** Usage of all VMs of `subscriptionId` in `location`, optionally leaving one VM out (an update). */
export function regionalVmUsage(store: ResourceStore, subscriptionId: string, location: string, excludeId?: string): RegionalUsage {
  const prefix = `/subscriptions/${subscriptionId}/`.toLowerCase();
  const loc = normalizeLocationName(location);
  let usage = EMPTY_USAGE;
  for (const vm of store.listResources((r) => r.type.toLowerCase() === VM_TYPE && r.id.toLowerCase().startsWith(prefix))) {
    if (normalizeLocationName(vm.location ?? '') !== loc) continue;
    if (excludeId && vm.id.toLowerCase() === excludeId.toLowerCase()) continue;
    const size = vmSize(vm);
    const sku = size ? findVmSku(size, loc) : undefined;
    if (!sku) continue;
    const facts = vmSizeFacts(sku);
    usage = addVmToUsage(usage, facts.family, facts.vCPUs);
  }
  return usage;
}
