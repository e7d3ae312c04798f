import type { LocationInfo } from '../../../shared/ipc/channels/azure';

/** A region that can be drawn: it has real coordinates. */
export interface MappedRegion extends LocationInfo {
  latitude: number;
  longitude: number;
}

export function mappable(locations: readonly LocationInfo[]): MappedRegion[] {
  return locations.filter(
    (l): l is MappedRegion => typeof l.latitude === 'number' && typeof l.longitude === 'number' && Number.isFinite(l.latitude) && Number.isFinite(l.longitude),
  );
}

/** Geography groups present, sorted, for the filter ("Europe", "US", ...). */
export function geographyGroups(locations: readonly LocationInfo[]): string[] {
  return [...new Set(locations.map((l) => l.geographyGroup).filter((g): g is string => !!g))].sort((a, b) => a.localeCompare(b));
}

/** Case-insensitive match on name, display name, physical location and geography. */
export function filterRegions<T extends LocationInfo>(locations: readonly T[], query: string, group: string): T[] {
  const q = query.trim().toLowerCase();
  return locations
    .filter((l) => !group || l.geographyGroup === group)
    .filter((l) => !q || [l.name, l.displayName, l.physicalLocation, l.geography, l.regionalDisplayName].some((v) => v?.toLowerCase().includes(q)))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** The one-line description a marker and a list row share. */
export function describeRegion(l: LocationInfo, byName?: ReadonlyMap<string, LocationInfo>): string {
  const where = [l.physicalLocation, l.geography].filter(Boolean).join(', ');
  const paired = l.pairedRegions.map((p) => byName?.get(p)?.displayName ?? p).join(', ');
  return `${l.displayName}${where ? ` — ${where}` : ''}${paired ? ` · paired with ${paired}` : ' · no paired region'}`;
}
