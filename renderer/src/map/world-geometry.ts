import { geoGraticule10, geoNaturalEarth1, geoPath, type GeoProjection } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { whenIdle } from '../lib/idle';

export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 500;

/** The world as SVG paths in the map's projection (Natural Earth), and the projection for markers. */
export interface WorldGeometry {
  projection: GeoProjection;
  sphere: string;
  graticule: string;
  land: string;
  borders: string;
}

let loading: Promise<WorldGeometry> | undefined;
/** The geometry once drawn (a later visit draws at once). */
let ready: WorldGeometry | undefined;

export function worldGeometryNow(): WorldGeometry | undefined {
  return ready;
}

/**
 * Fetches the map data chunk and draws the world once (the paths are kept for every later visit).
 * A failed fetch is forgotten, so the next call tries again.
 */
export function loadWorldGeometry(): Promise<WorldGeometry> {
  loading ??= import('./world-atlas-data').then(
    ({ countries, land }) => draw(countries as unknown as Topology<{ countries: GeometryCollection }>, land as unknown as Topology<{ land: GeometryCollection }>),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** Fetches and draws the world ahead of the Location step, in idle time. */
export function prefetchWorldGeometry(): void {
  whenIdle(() => void loadWorldGeometry().catch(() => {}));
}

function draw(countries: Topology<{ countries: GeometryCollection }>, land: Topology<{ land: GeometryCollection }>): WorldGeometry {
  const projection = geoNaturalEarth1().fitExtent(
    [
      [6, 6],
      [MAP_WIDTH - 6, MAP_HEIGHT - 6],
    ],
    { type: 'Sphere' },
  );
  const path = geoPath(projection);
  ready = {
    projection,
    sphere: path({ type: 'Sphere' }) ?? '',
    graticule: path(geoGraticule10()) ?? '',
    land: path(feature(land, land.objects.land)) ?? '',
    borders: path(mesh(countries, countries.objects.countries, (a, b) => a !== b)) ?? '',
  };
  return ready;
}
