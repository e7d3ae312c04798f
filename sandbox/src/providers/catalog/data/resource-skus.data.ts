/**
 * The recorded Resource SKUs: resource-skus.json beside this file (written by
 * sandbox/scripts/generate.mjs resource-skus; where each entry came from: README.md here), typed
 * and checked once, when first imported.
 */
import data from './resource-skus.json' with { type: 'json' };
import type { ResourceSku } from '../catalog-types';

export interface RecordedSku {
  /** `assembled` for the entries marked `"_assembled": true` (put together from the size docs). */
  provenance: 'real' | 'assembled';
  sku: ResourceSku;
}

function checked(json: unknown): RecordedSku[] {
  const list = (json as { value?: unknown }).value;
  if (!Array.isArray(list)) throw new Error('resource-skus.json: no `value` array');
  return (list as unknown[]).map((s) => {
    const sku = s as Partial<Record<keyof ResourceSku, unknown>> | null;
    const ok = typeof sku === 'object' && sku !== null && typeof sku.name === 'string' && typeof sku.resourceType === 'string';
    if (!ok || ![sku.locations, sku.locationInfo, sku.capabilities, sku.restrictions].every(Array.isArray) || (sku.locations as unknown[]).length === 0) {
      throw new Error(`resource-skus.json: not a ResourceSku: ${JSON.stringify(s)}`);
    }
    return { provenance: sku._assembled === true ? 'assembled' : 'real', sku: sku as ResourceSku };
  });
}

export const RECORDED_SKUS: RecordedSku[] = checked(data);
