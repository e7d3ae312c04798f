/**
 * VM sizes for the Sizes step: the Resource SKUs this subscription may use in the region
 * (sizes with a Location restriction are hidden; zone-only restrictions do not matter to
 * Flatkube, which does not pin zones), matching the image's architecture and Hyper-V generation;
 * with vCPUs, memory, vCPU quota headroom (family and regional total) and the Linux price.
 */
import type { ComputeManagementClient, ResourceSku, Usage } from '@azure/arm-compute';
import type { QuotaInfo, SizesResult, VmSizeInfo } from '../../../shared/ipc/channels/azure';
import { azureCall, collect } from './azure-errors';
import { HOURS_PER_MONTH, type RegionPrices } from './retail-prices';

/** kubeadm's preflight minimum for a control plane (NumCPU and Mem checks). */
export const CONTROL_PLANE_MIN_VCPUS = 2;
export const CONTROL_PLANE_MIN_MEMORY_MB = 1700;

const cap = (sku: ResourceSku, name: string) => sku.capabilities?.find((c) => c.name === name)?.value;

/** True when Azure says the subscription cannot use this size anywhere in the region. */
export function isRestrictedIn(sku: ResourceSku, location: string): boolean {
  return (sku.restrictions ?? []).some((r) => r.type === 'Location' && (r.values ?? []).some((v) => v.toLowerCase() === location.toLowerCase()));
}

export function belowControlPlaneMinimum(vCPUs: number, memoryGB: number): boolean {
  return vCPUs < CONTROL_PLANE_MIN_VCPUS || memoryGB * 1024 < CONTROL_PLANE_MIN_MEMORY_MB;
}

function quotaOf(usages: Map<string, Usage>, name: string | undefined): QuotaInfo | undefined {
  if (!name) return undefined;
  const u = usages.get(name.toLowerCase());
  if (!u) return undefined;
  return { name: u.name.value ?? name, label: u.name.localizedValue ?? name, limit: u.limit, used: u.currentValue, available: Math.max(0, u.limit - u.currentValue) };
}

export interface SizeFilter {
  architecture: 'x64' | 'Arm64';
  generation: 1 | 2;
}

export async function listUsages(compute: ComputeManagementClient, location: string, signal?: AbortSignal): Promise<Map<string, Usage>> {
  const list = await azureCall('Reading vCPU quota', () => collect(compute.usage.list(location, signal ? { abortSignal: signal } : {}), signal));
  return new Map(list.filter((u) => u.name.value).map((u) => [u.name.value!.toLowerCase(), u]));
}

export async function listVmSkus(compute: ComputeManagementClient, location: string, signal?: AbortSignal): Promise<ResourceSku[]> {
  const all = await azureCall('Listing VM sizes', () =>
    collect(compute.resourceSkus.list({ filter: `location eq '${location}'`, ...(signal ? { abortSignal: signal } : {}) }), signal),
  );
  return all.filter((s) => s.resourceType === 'virtualMachines' && (s.locations ?? []).some((l) => l.toLowerCase() === location.toLowerCase()));
}

export function toSizeInfo(sku: ResourceSku, usages: Map<string, Usage>, prices: RegionPrices): VmSizeInfo {
  const vCPUs = Number(cap(sku, 'vCPUs') ?? 0);
  const memoryGB = Number(cap(sku, 'MemoryGB') ?? 0);
  const generations = (cap(sku, 'HyperVGenerations') ?? 'V1')
    .split(',')
    .map((g) => (g.trim() === 'V2' ? 2 : g.trim() === 'V1' ? 1 : 0))
    .filter((g): g is 1 | 2 => g === 1 || g === 2);
  const familyQuota = quotaOf(usages, sku.family);
  const regionalQuota = quotaOf(usages, 'cores');
  const info: VmSizeInfo = {
    name: sku.name ?? '',
    family: sku.family ?? '',
    vCPUs,
    memoryGB,
    architecture: cap(sku, 'CpuArchitectureType') === 'Arm64' ? 'Arm64' : 'x64',
    generations,
    quotaAllowsOne: (familyQuota ? familyQuota.available >= vCPUs : true) && (regionalQuota ? regionalQuota.available >= vCPUs : true),
    belowControlPlaneMinimum: belowControlPlaneMinimum(vCPUs, memoryGB),
  };
  if (familyQuota) info.familyQuota = familyQuota;
  if (regionalQuota) info.regionalQuota = regionalQuota;
  const hourly = prices.perHour[info.name];
  if (hourly !== undefined) {
    info.price = { currency: prices.currency, perHour: hourly, perMonth: Math.round(hourly * HOURS_PER_MONTH * 100) / 100 };
  }
  return info;
}

export async function listSizes(
  compute: ComputeManagementClient,
  location: string,
  filter: SizeFilter,
  prices: (signal?: AbortSignal) => Promise<RegionPrices>,
  signal?: AbortSignal,
): Promise<SizesResult> {
  const [skus, usages, regionPrices] = await Promise.all([listVmSkus(compute, location, signal), listUsages(compute, location, signal), prices(signal)]);
  const sizes = skus
    .filter((s) => !isRestrictedIn(s, location))
    .map((s) => toSizeInfo(s, usages, regionPrices))
    .filter((s) => s.architecture === filter.architecture && s.generations.includes(filter.generation))
    .sort((a, b) => a.vCPUs - b.vCPUs || a.memoryGB - b.memoryGB || a.name.localeCompare(b.name));
  const result: SizesResult = { location, sizes, prices: {} };
  if (regionPrices.asOf) result.prices.asOf = regionPrices.asOf;
  if (regionPrices.unknownReason) result.prices.unknownReason = regionPrices.unknownReason;
  return result;
}
