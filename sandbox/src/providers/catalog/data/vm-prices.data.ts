/**
 * The retail price snapshot: vm-prices.json beside this file (written by
 * sandbox/scripts/generate.mjs vm-prices; where it came from: README.md here), typed and checked
 * once, when first imported. Linux pay-as-you-go prices in USD per hour.
 */
import data from './vm-prices.json' with { type: 'json' };

function checked(json: unknown): { generatedAt: string; prices: Record<string, Record<string, number>> } {
  const { generatedAt, currencyCode, unitOfMeasure, prices } = json as Record<string, unknown>;
  if (typeof generatedAt !== 'string' || currencyCode !== 'USD' || unitOfMeasure !== '1 Hour') {
    throw new Error('vm-prices.json: expected generatedAt, currencyCode USD and unitOfMeasure "1 Hour"');
  }
  if (typeof prices !== 'object' || prices === null) throw new Error('vm-prices.json: no `prices` object');
  for (const [region, sizes] of Object.entries(prices)) {
    if (typeof sizes !== 'object' || sizes === null) throw new Error(`vm-prices.json: ${region}: no prices`);
    for (const [size, usd] of Object.entries(sizes)) {
      if (typeof usd !== 'number' || !(usd >= 0)) throw new Error(`vm-prices.json: ${region} ${size}: not a price: ${JSON.stringify(usd)}`);
    }
  }
  return { generatedAt, prices: prices as Record<string, Record<string, number>> };
}

const table = checked(data);

export const PRICES_GENERATED_AT: string = table.generatedAt;
export const VM_LINUX_PRICES_USD: Record<string, Record<string, number>> = table.prices;
