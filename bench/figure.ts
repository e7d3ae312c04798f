/** Every benchmark prints one JSON object per figure, on its own line, so runs can be compared. */
export interface Figure {
  bench: string;
  figure: string;
  value: number | null;
  unit: string;
  /** The goal the figure is held to (issue 18), e.g. '<= 20' or '>= 50000', where it has one. */
  goal?: string;
  note?: string;
  /** A breakdown that belongs to this one figure (e.g. requests by kind), so a run stays one line per figure. */
  detail?: Record<string, unknown>;
}

export function printFigure(f: Figure): void {
  console.log(JSON.stringify(f));
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function median(values: number[]): number {
  return percentile(values, 50);
}
