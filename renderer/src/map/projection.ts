/** The world map's SVG viewBox, and the margin the sphere keeps inside it. */
export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 500;
export const MAP_MARGIN = 6;

/** Natural Earth 1, raw (radians in, unit sphere out): the formula of d3-geo's naturalEarth1Raw. */
function naturalEarth1(lambda: number, phi: number): [number, number] {
  const phi2 = phi * phi;
  const phi4 = phi2 * phi2;
  return [
    lambda * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4))),
    phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4))),
  ];
}

// The sphere's half width (the equator at the antimeridian) and half height (a pole), raw.
const HALF_W = naturalEarth1(Math.PI, 0)[0];
const HALF_H = naturalEarth1(0, Math.PI / 2)[1];
const SCALE = Math.min((MAP_WIDTH - 2 * MAP_MARGIN) / (2 * HALF_W), (MAP_HEIGHT - 2 * MAP_MARGIN) / (2 * HALF_H));
const RADIANS = Math.PI / 180;

/**
 * The map's projection of a point (longitude, latitude in degrees) to map units: Natural Earth,
 * the whole sphere fitted inside the margin, as d3-geo's geoNaturalEarth1().fitExtent draws the
 * world's paths at build time (build/world-paths.ts; a unit test holds the two together). Written
 * out here so the page does not ship d3-geo for the region markers alone.
 */
export function projectLonLat([lon, lat]: [number, number]): [number, number] {
  const [x, y] = naturalEarth1(lon * RADIANS, lat * RADIANS);
  return [MAP_WIDTH / 2 + SCALE * x, MAP_HEIGHT / 2 - SCALE * y];
}
