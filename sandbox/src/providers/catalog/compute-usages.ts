/**
 * Compute usages and vCPU quota per region (Microsoft.Compute/locations/{l}/usages).
 *
 * Limits: the real eastus recording (data/compute-usages.json) is used as the default for
 * EVERY region and subscription - Azure gives a new subscription the same default quota in each
 * region; the recording's odd values (e.g. 428 regional cores) are kept because they are real.
 * Families released after the recording (Feb 2023) get rows appended with the real family names
 * from karpenter-provider-azure's known_skus.yaml (data/README.md); their limit (100, like their predecessors) and localizedValue
 * (following the recorded "Standard <X> Family vCPUs" pattern) are assumptions.
 *
 * Current values are computed from the sandbox's own VMs (the recording's are dropped). Limits can
 * be lowered or raised per subscription and region through overrides (see quota-overrides.ts).
 */
import { RECORDED_USAGE_LIMITS } from './data/compute-usages.data';
import type { ComputeUsage } from './catalog-types';

/** Rows for families newer than the recording: [limit, name.value, localizedValue] (assumed). */
const NEWER_FAMILY_ROWS: ReadonlyArray<readonly [number, string, string]> = [
  [100, 'standardBsv2Family', 'Standard Bsv2 Family vCPUs'],
  [100, 'standardBasv2Family', 'Standard Basv2 Family vCPUs'],
  [100, 'standardBpsv2Family', 'Standard Bpsv2 Family vCPUs'],
  [100, 'StandardDsv6Family', 'Standard Dsv6 Family vCPUs'],
  [100, 'standardDav6Family', 'Standard Dav6 Family vCPUs'],
];

/** What the subscription's VMs in one region occupy. */
export interface RegionalUsage {
  /** Sum of vCPUs of all VMs ("cores", Total Regional vCPUs). */
  cores: number;
  /** Number of VMs ("virtualMachines"). */
  virtualMachines: number;
  /** vCPUs per family usage name (ResourceSku.family == usage name.value). */
  familyCores: Record<string, number>;
}

export const EMPTY_USAGE: RegionalUsage = { cores: 0, virtualMachines: 0, familyCores: {} };

/** Limit overrides keyed by usage name (matched case-insensitively). */
export type QuotaOverrides = Record<string, number>;

function lookup(map: Record<string, number>, name: string): number | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(map)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** The usages answer for one region: default limits (+ overrides), current values from `usage`. */
export function computeUsages(usage: RegionalUsage = EMPTY_USAGE, overrides: QuotaOverrides = {}): ComputeUsage[] {
  return [...RECORDED_USAGE_LIMITS, ...NEWER_FAMILY_ROWS].map(([limit, value, localizedValue]) => {
    let current = 0;
    if (value === 'cores') current = usage.cores;
    else if (value === 'virtualMachines') current = usage.virtualMachines;
    else current = lookup(usage.familyCores, value) ?? 0;
    return {
      limit: lookup(overrides, value) ?? limit,
      unit: 'Count' as const,
      currentValue: current,
      name: { value, localizedValue },
    };
  });
}

/** The row for a usage name (case-insensitive), e.g. 'cores' or 'standardBSFamily'. */
export function findUsage(usages: ComputeUsage[], name: string): ComputeUsage | undefined {
  const lower = name.toLowerCase();
  return usages.find((u) => u.name.value.toLowerCase() === lower);
}

/** Adds one VM of `family` with `vCPUs` to a usage tally (returns a new object). */
export function addVmToUsage(usage: RegionalUsage, family: string, vCPUs: number): RegionalUsage {
  return {
    cores: usage.cores + vCPUs,
    virtualMachines: usage.virtualMachines + 1,
    familyCores: { ...usage.familyCores, [family]: (usage.familyCores[family] ?? 0) + vCPUs },
  };
}
