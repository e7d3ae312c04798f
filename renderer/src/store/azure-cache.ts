import { create } from 'zustand';
import type { SizesResult } from '../../../shared/ipc/channels/azure';

/** Answers other steps reuse (sizes per location for cost and map markers). In memory only. */
interface AzureCache {
  sizes: Record<string, SizesResult>;
  putSizes(key: string, result: SizesResult): void;
}

export const sizesKey = (location: string, architecture: string, generation: number) => `${location}/${architecture}/${generation}`;

export const useAzureCache = create<AzureCache>((set) => ({
  sizes: {},
  putSizes: (key, result) => set((s) => ({ sizes: { ...s.sizes, [key]: result } })),
}));

/** Why the chosen sizes cannot be used in a location, when its size list is known. */
export function sizeProblem(result: SizesResult | undefined, chosen: readonly string[]): string | undefined {
  if (!result) return undefined;
  for (const name of new Set(chosen)) {
    const size = result.sizes.find((s) => s.name === name);
    if (!size) return `${name} is not offered here`;
    if (!size.quotaAllowsOne) return `no quota left for ${name}`;
  }
  return undefined;
}
