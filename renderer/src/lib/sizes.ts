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
