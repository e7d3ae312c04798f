/** Numeric compare of dotted Flatcar versions (3815.2.0 < 4152.2.3 < 4230.10.0), for sort(). */
export function compareFlatcarVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The same numeric compare for any dotted version (Kubernetes 1.35.3 < 1.36.0). */
export const compareDottedVersions = compareFlatcarVersions;
