import type { Parameters } from 'fast-check';

/**
 * fast-check settings for the property tests: a fixed seed, so every run of the suite checks the
 * same cases and a failure is reproduced by running the file again. `FLATKUBE_FC_SEED=<n>` picks
 * another seed (to explore further, or to replay the seed a failure printed); fast-check prints
 * the seed and the counterexample's path when a property fails.
 */
export function propertyOptions<T>(numRuns: number, extra: Parameters<T> = {}): Parameters<T> {
  const fromEnv = process.env.FLATKUBE_FC_SEED;
  const seed = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : 0x5eed_f1a7;
  if (!Number.isInteger(seed)) throw new Error(`FLATKUBE_FC_SEED must be an integer, got "${fromEnv}"`);
  return { numRuns, seed, ...extra };
}
