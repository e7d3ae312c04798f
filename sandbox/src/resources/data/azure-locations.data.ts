/**
 * The real ListLocations data the sandbox serves: azure-locations.json beside this file (written by
 * sandbox/scripts/generate.mjs locations; where it came from: README.md here), typed and checked
 * once, when first imported. Ids hold `{subscriptionId}`, filled in when served.
 */
import data from './azure-locations.json' with { type: 'json' };

function checked(json: unknown): ReadonlyArray<Record<string, unknown>> {
  const list = (json as { value?: unknown }).value;
  if (!Array.isArray(list)) throw new Error('azure-locations.json: no `value` array');
  for (const l of list as unknown[]) {
    const loc = l as Record<string, unknown> | null;
    if (typeof loc !== 'object' || loc === null || typeof loc.name !== 'string' || typeof loc.displayName !== 'string') {
      throw new Error(`azure-locations.json: not a location: ${JSON.stringify(l)}`);
    }
  }
  return list as Array<Record<string, unknown>>;
}

export const AZURE_LOCATIONS: ReadonlyArray<Record<string, unknown>> = checked(data);
