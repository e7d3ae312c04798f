/**
 * Wire shapes of the catalog answers (as Azure sends them), shared by the catalog builders and the
 * compute provider's rules. Field names follow the REST API exactly.
 */

export interface SkuCapability {
  name: string;
  value: string;
}

export interface SkuRestriction {
  type: 'Location' | 'Zone';
  values: string[];
  restrictionInfo: { locations?: string[]; zones?: string[] };
  reasonCode: 'QuotaId' | 'NotAvailableForSubscription';
}

/** Microsoft.Compute/skus entry (api-version 2021-07-01). */
export interface ResourceSku {
  resourceType: string;
  name: string;
  tier?: string;
  size?: string;
  family?: string;
  locations: string[];
  locationInfo: Array<{ location: string; zones?: string[]; zoneDetails?: unknown[] }>;
  capabilities: SkuCapability[];
  restrictions: SkuRestriction[];
  [key: string]: unknown;
}

/** One row of Microsoft.Compute/locations/{l}/usages. */
export interface ComputeUsage {
  limit: number;
  unit: 'Count';
  currentValue: number;
  name: { value: string; localizedValue: string };
}

export type CpuArchitecture = 'x64' | 'Arm64';
export type HyperVGeneration = 'V1' | 'V2';
