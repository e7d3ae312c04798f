/**
 * The world map's paths, drawn at build time from world-atlas (build/world-paths.ts): a chunk of
 * its own, fetched when the Location step is near (world-geometry.ts), never with the page.
 */
export { borders, graticule, land, sphere } from 'virtual:world-paths';
