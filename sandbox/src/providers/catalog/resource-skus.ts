/**
 * The Resource SKUs catalog (Microsoft.Compute/skus, virtualMachines only), generalised from the
 * 25 recorded entries (data/resource-skus.json) to every physical region, deterministically:
 *
 * 1. A recorded entry is served verbatim for its own region (this keeps the real restriction
 *    examples: Standard_DS13_v2_Promo and Standard_A0 in westus2, Standard_A0 in westcentralus).
 * 2. For every other physical region R, a size is OFFERED in R when the real Retail Prices
 *    snapshot (data/vm-prices.json) has a price for it in R - a size sold in a region is a
 *    size offered there. When the snapshot has no row for R at all (4 new/EUAP regions), or no
 *    price for the size anywhere (e.g. Standard_D16plds_v5, the Promo size), the size is assumed
 *    offered in every region (we cannot tell otherwise).
 * 3. An offered size in R is a copy of the size's first recorded entry with `locations: [R]`,
 *    `locationInfo: [{ location: R, zones: <R's logical zones>, zoneDetails: [] }]` and no
 *    restrictions. Capabilities (vCPUs, memory, Hyper-V generations, architecture) do not vary by
 *    region in Azure, so copying them is faithful.
 *
 * Order: by name, compared upper-cased and ordinal (as the service sorts: `_` after letters and
 * digits), then by region name.
 */
import { RECORDED_SKUS } from './data/resource-skus.data';
import { VM_LINUX_PRICES_USD } from './data/vm-prices.data';
import { PHYSICAL_LOCATIONS } from './data/physical-locations.data';
import { normalizeLocationName } from './locations';
import type { CpuArchitecture, HyperVGeneration, ResourceSku } from './catalog-types';

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function ordinalUpper(a: string, b: string): number {
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether the price snapshot says `skuName` is sold in `region` (rule 2 above). */
function offeredIn(skuName: string, region: string, recordedRegions: Set<string>): boolean {
  if (recordedRegions.has(region)) return true;
  const regionPrices = VM_LINUX_PRICES_USD[region];
  if (!regionPrices) return true;
  const pricedAnywhere = Object.values(VM_LINUX_PRICES_USD).some((p) => p[skuName] !== undefined);
  if (!pricedAnywhere) return true;
  return regionPrices[skuName] !== undefined;
}

let catalog: ResourceSku[] | undefined;

/** Every virtualMachines SKU entry in every physical region (built once, then cached). */
export function resourceSkuCatalog(): ResourceSku[] {
  if (catalog) return catalog;
  const byName = new Map<string, { template: ResourceSku; recorded: Map<string, ResourceSku> }>();
  for (const { sku } of RECORDED_SKUS) {
    const region = sku.locations[0]!.toLowerCase();
    const e = byName.get(sku.name) ?? { template: sku, recorded: new Map<string, ResourceSku>() };
    e.recorded.set(region, sku);
    byName.set(sku.name, e);
  }
  const out: ResourceSku[] = [];
  for (const [name, { template, recorded }] of byName) {
    const recordedRegions = new Set(recorded.keys());
    for (const loc of PHYSICAL_LOCATIONS) {
      const real = recorded.get(loc.name);
      if (real) {
        out.push(clone(real));
        continue;
      }
      if (!offeredIn(name, loc.name, recordedRegions)) continue;
      const copy = clone(template);
      copy.locations = [loc.name];
      copy.locationInfo = [{ location: loc.name, zones: [...loc.zones], zoneDetails: [] }];
      copy.restrictions = [];
      out.push(copy);
    }
  }
  out.sort((a, b) => ordinalUpper(a.name, b.name) || (a.locations[0]! < b.locations[0]! ? -1 : 1));
  catalog = out;
  return catalog;
}

/**
 * An entry as ARM serves it: without the reference data's own bookkeeping (`_assembled` marks the
 * entries assembled from docs, see data/README.md), which is no part of ResourceSku
 * (Compute spec 2021-07-01, skus.json).
 */
function toWire(sku: ResourceSku): ResourceSku {
  const { _assembled: _, ...wire } = sku as ResourceSku & { _assembled?: boolean };
  return wire;
}

/** Entries for one region (the `$filter=location eq 'x'` answer), or all when no location. */
export function listResourceSkus(location?: string): ResourceSku[] {
  const all = resourceSkuCatalog();
  if (location === undefined) return clone(all).map(toWire);
  const loc = normalizeLocationName(location);
  return clone(all.filter((s) => s.locations.some((l) => l.toLowerCase() === loc))).map(toWire);
}

/** The entry for size `name` in `location` (case-insensitive), or undefined when not offered there. */
export function findVmSku(name: string, location: string): ResourceSku | undefined {
  const loc = normalizeLocationName(location);
  const n = name.toLowerCase();
  const hit = resourceSkuCatalog().find(
    (s) => s.name.toLowerCase() === n && s.locations.some((l) => l.toLowerCase() === loc),
  );
  return hit ? clone(hit) : undefined;
}

/** Whether a size with this name exists in any region (to tell "unknown size" from "not here"). */
export function isKnownVmSize(name: string): boolean {
  const n = name.toLowerCase();
  return resourceSkuCatalog().some((s) => s.name.toLowerCase() === n);
}

export interface VmSizeFacts {
  name: string;
  family: string;
  vCPUs: number;
  memoryGB: number;
  architecture: CpuArchitecture;
  hyperVGenerations: HyperVGeneration[];
}

function capability(sku: ResourceSku, name: string): string | undefined {
  return sku.capabilities.find((c) => c.name === name)?.value;
}

/** The capabilities the compute rules need, read from a SKU entry. */
export function vmSizeFacts(sku: ResourceSku): VmSizeFacts {
  const gens = (capability(sku, 'HyperVGenerations') ?? 'V1')
    .split(',')
    .map((g) => g.trim())
    .filter((g): g is HyperVGeneration => g === 'V1' || g === 'V2');
  return {
    name: sku.name,
    family: sku.family ?? '',
    vCPUs: Number(capability(sku, 'vCPUs') ?? '0'),
    memoryGB: Number(capability(sku, 'MemoryGB') ?? '0'),
    architecture: capability(sku, 'CpuArchitectureType') === 'Arm64' ? 'Arm64' : 'x64',
    hyperVGenerations: gens,
  };
}

/** The restriction of type Location that applies to `location`, if any (size unusable there). */
export function locationRestriction(sku: ResourceSku, location: string) {
  const loc = normalizeLocationName(location);
  return sku.restrictions.find((r) => r.type === 'Location' && r.values.some((v) => v.toLowerCase() === loc));
}
