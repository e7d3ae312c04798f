import { geoNaturalEarth1, type GeoProjection } from 'd3-geo';

/** The world map's SVG viewBox. */
export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 500;

/**
 * The map's projection (Natural Earth, the whole sphere fitted with a 6 px margin): the world's
 * paths are drawn with it at build time (build/world-paths.ts), the region markers at run time.
 */
export function mapProjection(): GeoProjection {
  return geoNaturalEarth1().fitExtent(
    [
      [6, 6],
      [MAP_WIDTH - 6, MAP_HEIGHT - 6],
    ],
    { type: 'Sphere' },
  );
}
