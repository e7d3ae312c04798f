/**
 * The world map's paths, drawn at build time: world-atlas (Natural Earth 1:110m TopoJSON) through
 * d3-geo in the map's projection (mapProjection below; the page projects its markers with
 * renderer/src/map/projection.ts, the same formula), as SVG path strings with one
 * decimal (a tenth of a pixel on a 960-pixel map). The renderer gets them as the module
 * `virtual:world-paths`, a chunk of its own (renderer/src/map/map-data.ts): no TopoJSON to decode
 * and no path to compute in the page.
 */
import { createRequire } from 'node:module';
import { geoGraticule10, geoNaturalEarth1, geoPath, type GeoProjection } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Plugin } from 'vite';
import { MAP_HEIGHT, MAP_MARGIN, MAP_WIDTH } from '../renderer/src/map/projection.ts';

/** Natural Earth, the whole sphere fitted inside the map's margin. */
export function mapProjection(): GeoProjection {
  return geoNaturalEarth1().fitExtent(
    [
      [MAP_MARGIN, MAP_MARGIN],
      [MAP_WIDTH - MAP_MARGIN, MAP_HEIGHT - MAP_MARGIN],
    ],
    { type: 'Sphere' },
  );
}

export interface WorldPaths {
  sphere: string;
  graticule: string;
  land: string;
  borders: string;
}

export const WORLD_PATHS_MODULE = 'virtual:world-paths';

export function drawWorldPaths(): WorldPaths {
  const require = createRequire(import.meta.url);
  const countries = require('world-atlas/countries-110m.json') as Topology<{ countries: GeometryCollection }>;
  const land = require('world-atlas/land-110m.json') as Topology<{ land: GeometryCollection }>;
  const path = geoPath(mapProjection()).digits(1);
  return {
    sphere: path({ type: 'Sphere' }) ?? '',
    graticule: path(geoGraticule10()) ?? '',
    land: path(feature(land, land.objects.land)) ?? '',
    borders: path(mesh(countries, countries.objects.countries, (a, b) => a !== b)) ?? '',
  };
}

/** Vite plugin: serves `virtual:world-paths` (the paths as exported string constants). */
export function worldPathsPlugin(): Plugin {
  const resolved = `\0${WORLD_PATHS_MODULE}`;
  return {
    name: 'flatkube-world-paths',
    resolveId: (id) => (id === WORLD_PATHS_MODULE ? resolved : undefined),
    load(id) {
      if (id !== resolved) return undefined;
      const paths = drawWorldPaths();
      return Object.entries(paths)
        .map(([name, d]) => `export const ${name} = ${JSON.stringify(d)};`)
        .join('\n');
    },
  };
}
