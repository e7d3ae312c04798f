/**
 * Regions for the Location step: physical regions only (logical ones such as "europe" cannot
 * hold VMs), with what the world map needs (coordinates) and what helps choose (geography group,
 * paired region, physical location).
 */
import type { SubscriptionClient, Location } from '@azure/arm-resources-subscriptions';
import type { LocationInfo } from '../../../shared/ipc/channels/azure';
import { azureCall, collect } from './azure-errors';

function num(s: string | undefined): number | undefined {
  if (s === undefined || s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

export function toLocationInfo(l: Location): LocationInfo | undefined {
  const m = l.metadata;
  if (!l.name || l.type === 'EdgeZone' || m?.regionType !== 'Physical') return undefined;
  const out: LocationInfo = {
    name: l.name,
    displayName: l.displayName ?? l.name,
    pairedRegions: (m.pairedRegion ?? []).map((p) => p.name).filter((n): n is string => !!n),
  };
  if (l.regionalDisplayName) out.regionalDisplayName = l.regionalDisplayName;
  if (m.geography) out.geography = m.geography;
  if (m.geographyGroup) out.geographyGroup = m.geographyGroup;
  const lat = num(m.latitude);
  const lon = num(m.longitude);
  if (lat !== undefined && lon !== undefined) {
    out.latitude = lat;
    out.longitude = lon;
  }
  if (m.physicalLocation) out.physicalLocation = m.physicalLocation;
  return out;
}

export async function listLocations(client: SubscriptionClient, subscriptionId: string, signal?: AbortSignal): Promise<LocationInfo[]> {
  const all = await azureCall('Listing regions', () => collect(client.subscriptions.listLocations(subscriptionId, signal ? { abortSignal: signal } : {}), signal));
  return all
    .map(toLocationInfo)
    .filter((l): l is LocationInfo => l !== undefined)
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}
