/**
 * The recorded compute usage limits: compute-usages.json beside this file (written by
 * sandbox/scripts/generate.mjs compute-usages; where it came from: README.md here), typed and
 * checked once, when first imported, as [limit, name.value, name.localizedValue] rows.
 */
import data from './compute-usages.json' with { type: 'json' };

function checked(json: unknown): ReadonlyArray<readonly [number, string, string]> {
  const list = (json as { value?: unknown }).value;
  if (!Array.isArray(list)) throw new Error('compute-usages.json: no `value` array');
  return (list as unknown[]).map((u) => {
    const row = u as { limit?: unknown; name?: { value?: unknown; localizedValue?: unknown } } | null;
    const { limit, name } = row ?? {};
    if (typeof limit !== 'number' || typeof name?.value !== 'string' || typeof name.localizedValue !== 'string') {
      throw new Error(`compute-usages.json: not a usage limit: ${JSON.stringify(u)}`);
    }
    return [limit, name.value, name.localizedValue] as const;
  });
}

export const RECORDED_USAGE_LIMITS: ReadonlyArray<readonly [number, string, string]> = checked(data);
