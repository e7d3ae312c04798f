/**
 * The world map's targets and keyboard movement, as plain geometry (no DOM, unit-tested):
 * regions closer on screen than a target's size are grouped into one cluster target, so every
 * target is at least TARGET_PX across and no two overlap (WCAG 2.5.8); the arrow keys move to the
 * nearest target in that direction; a cluster zooms the map in (or lists its regions when they sit
 * on the same spot).
 */

/** A hit target's diameter in CSS pixels (WCAG 2.5.8 asks >= 24; centres at least this far apart). */
export const TARGET_PX = 28;

export interface Pt {
  id: string;
  /** Screen position in CSS pixels (relative to the map). */
  x: number;
  y: number;
}

export interface MapTarget {
  /** The region name for a single region, `cluster:a+b+…` for a cluster. */
  id: string;
  x: number;
  y: number;
  /** Region names, in the order given. */
  members: string[];
}

export const clusterId = (members: readonly string[]) => (members.length === 1 ? members[0]! : `cluster:${members.join('+')}`);

/**
 * Groups points whose targets would overlap: the two closest targets nearer than `minDistance` are
 * merged (at their members' centroid) until none are. Deterministic for a given input order.
 */
export function clusterPoints(points: readonly Pt[], minDistance = TARGET_PX): MapTarget[] {
  let groups = points.map((p) => ({ x: p.x, y: p.y, members: [p.id] }));
  for (;;) {
    let best: [number, number] | null = null;
    let bestD = minDistance;
    for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        const d = Math.hypot(groups[i]!.x - groups[j]!.x, groups[i]!.y - groups[j]!.y);
        if (d < bestD) {
          bestD = d;
          best = [i, j];
        }
      }
    }
    if (!best) break;
    const [a, b] = [groups[best[0]]!, groups[best[1]]!];
    const n = a.members.length + b.members.length;
    const merged = {
      x: (a.x * a.members.length + b.x * b.members.length) / n,
      y: (a.y * a.members.length + b.y * b.members.length) / n,
      members: [...a.members, ...b.members],
    };
    groups = groups.filter((_, k) => k !== best[0] && k !== best[1]);
    groups.push(merged);
  }
  const order = new Map(points.map((p, i) => [p.id, i]));
  return groups
    .map((g) => {
      const members = [...g.members].sort((p, q) => order.get(p)! - order.get(q)!);
      return { id: clusterId(members), x: g.x, y: g.y, members };
    })
    .sort((p, q) => p.x - q.x || p.y - q.y);
}

export type Direction = 'left' | 'right' | 'up' | 'down';

const VECTORS: Record<Direction, [number, number]> = { left: [-1, 0], right: [1, 0], up: [0, -1], down: [0, 1] };

export function arrowDirection(key: string): Direction | null {
  return key === 'ArrowLeft' ? 'left' : key === 'ArrowRight' ? 'right' : key === 'ArrowUp' ? 'up' : key === 'ArrowDown' ? 'down' : null;
}

/**
 * The nearest target in a direction from `from`: among the targets ahead of it (within 45° of the
 * direction if there are any, else anywhere in that half-plane), the one with the least distance
 * along the direction plus twice the distance across it. Null when nothing lies that way.
 */
export function nearestInDirection<T extends { id: string; x: number; y: number }>(targets: readonly T[], from: T, dir: Direction): T | null {
  const [vx, vy] = VECTORS[dir];
  let inCone: { t: T; score: number } | null = null;
  let inHalf: { t: T; score: number } | null = null;
  for (const t of targets) {
    if (t.id === from.id) continue;
    const dx = t.x - from.x;
    const dy = t.y - from.y;
    const along = dx * vx + dy * vy;
    if (along <= 0.5) continue;
    const across = Math.abs(dx * vy - dy * vx);
    const score = along + 2 * across;
    if (across <= along && (!inCone || score < inCone.score)) inCone = { t, score };
    if (!inHalf || score < inHalf.score) inHalf = { t, score };
  }
  return (inCone ?? inHalf)?.t ?? null;
}

/** The part of the map shown, in map (SVG viewBox) units. */
export interface View {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The view that shows `points` (map units) spread over two thirds of it (a margin of surroundings
 * keeps the outer targets whole): zoomed in at most `maxZoom` times the whole `world`, kept inside it.
 */
export function fitView(points: readonly { x: number; y: number }[], world: { w: number; h: number }, maxZoom: number): View {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const aspect = world.h / world.w;
  const w = Math.min(world.w, Math.max((x1 - x0) * 1.5, ((y1 - y0) * 1.5) / aspect, world.w / maxZoom));
  const h = w * aspect;
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  return { x: clamp((x0 + x1) / 2 - w / 2, 0, world.w - w), y: clamp((y0 + y1) / 2 - h / 2, 0, world.h - h), w, h };
}

/** The largest distance between two of the points. */
export function spread(points: readonly { x: number; y: number }[]): number {
  let max = 0;
  for (let i = 0; i < points.length; i++) for (let j = i + 1; j < points.length; j++) max = Math.max(max, Math.hypot(points[i]!.x - points[j]!.x, points[i]!.y - points[j]!.y));
  return max;
}
