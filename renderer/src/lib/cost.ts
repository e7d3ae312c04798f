import type { VmSizeInfo } from '../../../shared/ipc/channels/azure';

export interface ClusterCost {
  currency: string;
  perHour: number;
  perMonth: number;
  /** Sizes whose price is unknown: the total leaves them out and says so. */
  unknown: string[];
  lines: { role: string; size: string; count: number; perHour?: number; perMonth?: number }[];
}

/** Hours in Azure's pricing-calculator month. */
export const HOURS_PER_MONTH = 730;

/** Cost of the control planes and every node pool from the size list's prices (one line each). */
export function clusterCost(
  sizes: readonly VmSizeInfo[],
  controlPlane: { size: string; count: number },
  pools: readonly { name: string; size: string; count: number }[],
): ClusterCost {
  const price = (name: string) => sizes.find((s) => s.name === name)?.price;
  const roles = [
    { role: controlPlane.count === 1 ? 'Control plane' : 'Control planes', size: controlPlane.size, count: controlPlane.count },
    // The pool `workers` (the only one of a spec written before pools) keeps its old label.
    ...pools.map((p) => ({ role: p.name === 'workers' ? 'Workers' : `Pool ${p.name}`, size: p.size, count: p.count })),
  ].filter((r) => r.count > 0);
  let perHour = 0;
  let currency = 'USD';
  const unknown: string[] = [];
  const lines = roles.map((r) => {
    const p = price(r.size);
    if (!p) {
      if (!unknown.includes(r.size)) unknown.push(r.size);
      return { ...r };
    }
    currency = p.currency;
    perHour += p.perHour * r.count;
    return { ...r, perHour: p.perHour * r.count, perMonth: p.perHour * r.count * HOURS_PER_MONTH };
  });
  return { currency, perHour, perMonth: perHour * HOURS_PER_MONTH, unknown, lines };
}

export function money(amount: number, currency: string, digits = 2): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount);
  } catch {
    return `${amount.toFixed(digits)} ${currency}`;
  }
}
