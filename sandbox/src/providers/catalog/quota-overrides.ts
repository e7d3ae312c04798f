/**
 * Per-subscription, per-region quota limit overrides, kept in the sandbox store (so they persist
 * with the state dir) under the `compute-quota` namespace. Tests and demos lower a quota with
 * `setQuotaOverrides` or through the sandbox API `PUT /_sandbox/quotas/{subscriptionId}/{location}`.
 */
import type { ResourceStore } from '../../arm/types';
import { normalizeLocationName } from './locations';
import type { QuotaOverrides } from './compute-usages';

const NAMESPACE = 'compute-quota';

function key(subscriptionId: string, location: string): string {
  return `${subscriptionId.toLowerCase()}/${normalizeLocationName(location)}`;
}

export function getQuotaOverrides(store: ResourceStore, subscriptionId: string, location: string): QuotaOverrides {
  return store.getState<QuotaOverrides>(NAMESPACE, key(subscriptionId, location)) ?? {};
}

/**
 * Merges `limits` (usage name -> limit, e.g. `{ cores: 4, standardBSFamily: 2 }`) into the
 * overrides of one subscription and region. A `null` limit removes that override.
 */
export function setQuotaOverrides(
  store: ResourceStore,
  subscriptionId: string,
  location: string,
  limits: Record<string, number | null>,
): QuotaOverrides {
  const current = getQuotaOverrides(store, subscriptionId, location);
  for (const [name, limit] of Object.entries(limits)) {
    for (const k of Object.keys(current)) if (k.toLowerCase() === name.toLowerCase()) delete current[k];
    if (limit !== null) current[name] = limit;
  }
  if (Object.keys(current).length === 0) store.deleteState(NAMESPACE, key(subscriptionId, location));
  else store.setState(NAMESPACE, key(subscriptionId, location), current);
  return current;
}
