import { whenIdle } from '../lib/idle';
import { MAP_HEIGHT, MAP_WIDTH, projectLonLat } from './projection';

export { MAP_HEIGHT, MAP_WIDTH };

/** The world as SVG paths in the map's projection (Natural Earth), and the projection for markers. */
export interface WorldGeometry {
  projection: (lonLat: [number, number]) => [number, number];
  sphere: string;
  graticule: string;
  land: string;
  borders: string;
}

let loading: Promise<WorldGeometry> | undefined;
/** The geometry once loaded (a later visit draws at once). */
let ready: WorldGeometry | undefined;

export function worldGeometryNow(): WorldGeometry | undefined {
  return ready;
}

/**
 * Fetches the map data chunk (paths drawn at build time). A failed fetch is forgotten, so the next
 * call tries again.
 */
export function loadWorldGeometry(): Promise<WorldGeometry> {
  loading ??= import('./map-data').then(
    (paths) => (ready = { projection: projectLonLat, sphere: paths.sphere, graticule: paths.graticule, land: paths.land, borders: paths.borders }),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** Fetches the world ahead of the Location step, in idle time. */
export function prefetchWorldGeometry(): void {
  whenIdle(() => void loadWorldGeometry().catch(() => {}));
}
