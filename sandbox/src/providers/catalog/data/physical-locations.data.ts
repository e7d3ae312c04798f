/**
 * The physical regions the sandbox knows: physical-locations.json beside this file (written by
 * sandbox/scripts/generate.mjs physical-locations; where it came from: README.md here), typed and
 * checked once, when first imported.
 */
import data from './physical-locations.json' with { type: 'json' };

export interface PhysicalLocation {
  name: string;
  displayName: string;
  /** Logical availability zones; [] for a region without zones. */
  zones: string[];
}

function checked(json: unknown): PhysicalLocation[] {
  const list = (json as { locations?: unknown }).locations;
  if (!Array.isArray(list)) throw new Error('physical-locations.json: no `locations` array');
  for (const l of list as unknown[]) {
    const loc = l as Partial<Record<keyof PhysicalLocation, unknown>> | null;
    const ok = typeof loc === 'object' && loc !== null && typeof loc.name === 'string' && typeof loc.displayName === 'string';
    if (!ok || !Array.isArray(loc.zones) || !loc.zones.every((z) => typeof z === 'string')) {
      throw new Error(`physical-locations.json: not a physical location: ${JSON.stringify(l)}`);
    }
  }
  return list as PhysicalLocation[];
}

export const PHYSICAL_LOCATIONS: PhysicalLocation[] = checked(data);
