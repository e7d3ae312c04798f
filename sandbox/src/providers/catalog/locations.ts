/**
 * The physical regions the sandbox knows (real ListLocations data) and ARM's lenient location
 * matching: ARM accepts `westeurope`, `WestEurope` and `West Europe` alike (it lower-cases and
 * drops spaces), and answers with the normalised name.
 */
import { PHYSICAL_LOCATIONS, type PhysicalLocation } from './data/physical-locations.data';

const BY_NAME = new Map<string, PhysicalLocation>(PHYSICAL_LOCATIONS.map((l) => [l.name, l]));

/** `West Europe` / `WestEurope` -> `westeurope` (no check that it exists). */
export function normalizeLocationName(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

/** The physical region for a location as a client may spell it, or undefined. */
export function findPhysicalLocation(location: string): PhysicalLocation | undefined {
  return BY_NAME.get(normalizeLocationName(location));
}

export function physicalLocationNames(): string[] {
  return PHYSICAL_LOCATIONS.map((l) => l.name);
}
