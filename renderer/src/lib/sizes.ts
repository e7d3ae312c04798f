import type { VmSizeInfo } from '../../../shared/ipc/channels/azure';

export type SizeSortKey = 'name' | 'vCPUs' | 'memoryGB' | 'perHour' | 'headroom';
export interface SizeFilter {
  text: string;
  minVCPUs: number;
  minMemoryGB: number;
  /** Hide sizes the quota does not allow one more of. */
  onlyAvailable: boolean;
}

export const DEFAULT_SIZE_FILTER: SizeFilter = { text: '', minVCPUs: 0, minMemoryGB: 0, onlyAvailable: false };

/** vCPUs still free for this size: the smaller of family and regional headroom (undefined when unknown). */
export function headroom(size: VmSizeInfo): number | undefined {
  const values = [size.familyQuota?.available, size.regionalQuota?.available].filter((v): v is number => typeof v === 'number');
  return values.length > 0 ? Math.min(...values) : undefined;
}

function key(size: VmSizeInfo, by: SizeSortKey): number | string {
  switch (by) {
    case 'name':
      return size.name;
    case 'vCPUs':
      return size.vCPUs;
    case 'memoryGB':
      return size.memoryGB;
    case 'perHour':
      return size.price?.perHour ?? Number.POSITIVE_INFINITY;
    case 'headroom':
      return headroom(size) ?? Number.NEGATIVE_INFINITY;
  }
}

/** Sorts a copy; ties break on name so the order is stable. Unknown prices sort last ascending. */
export function sortSizes(sizes: readonly VmSizeInfo[], by: SizeSortKey, dir: 'asc' | 'desc'): VmSizeInfo[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...sizes].sort((a, b) => {
    const ka = key(a, by);
    const kb = key(b, by);
    let c = typeof ka === 'string' && typeof kb === 'string' ? ka.localeCompare(kb) : (ka as number) - (kb as number);
    if (Number.isNaN(c)) c = 0;
    return c !== 0 ? c * sign : a.name.localeCompare(b.name);
  });
}

export function filterSizes(sizes: readonly VmSizeInfo[], f: SizeFilter): VmSizeInfo[] {
  const q = f.text.trim().toLowerCase();
  return sizes.filter(
    (s) =>
      (!q || s.name.toLowerCase().includes(q) || s.family.toLowerCase().includes(q)) &&
      s.vCPUs >= f.minVCPUs &&
      s.memoryGB >= f.minMemoryGB &&
      (!f.onlyAvailable || s.quotaAllowsOne),
  );
}

/** One quota the whole cluster draws on: what it needs and what is left (undefined when unknown). */
export interface QuotaNeed {
  label: string;
  needed: number;
  available: number | undefined;
}

/**
 * The vCPUs the whole cluster needs from each family quota and from the regional quota: a size
 * "available" for one VM may still be short for the cluster (B2s with 2 vCPUs left, 6 needed).
 * Sizes not in the list are left out (the Location step says they are not offered).
 */
export function clusterQuota(sizes: readonly VmSizeInfo[], controlPlane: { count: number; size: string }, pools: readonly { count: number; size: string }[]): { needs: QuotaNeed[]; short: QuotaNeed[] } {
  const families = new Map<string, QuotaNeed>();
  const regional: QuotaNeed = { label: 'Total regional vCPUs', needed: 0, available: undefined };
  for (const { count, size } of [controlPlane, ...pools]) {
    const info = sizes.find((s) => s.name === size);
    if (!info || !(count > 0)) continue;
    const vcpus = info.vCPUs * count;
    const f = families.get(info.family) ?? { label: info.familyQuota?.label ?? info.family, needed: 0, available: info.familyQuota?.available };
    f.needed += vcpus;
    families.set(info.family, f);
    regional.needed += vcpus;
    regional.available ??= info.regionalQuota?.available;
  }
  const needs = [...families.values(), ...(regional.needed > 0 ? [regional] : [])];
  return { needs, short: needs.filter((n) => n.available !== undefined && n.needed > n.available) };
}

/** The chosen sizes a region does not offer, with whose they are (a region change can drop one). */
export function missingSizes(sizes: readonly { name: string }[], controlPlane: { size: string }, pools: readonly { name: string; size: string }[]): { who: string; size: string }[] {
  const offered = new Set(sizes.map((s) => s.name));
  const chosen = [{ who: 'the control plane', size: controlPlane.size }, ...pools.map((p) => ({ who: p.name === 'workers' ? 'the workers' : `pool ${p.name}`, size: p.size }))];
  return chosen.filter((c) => !offered.has(c.size));
}
