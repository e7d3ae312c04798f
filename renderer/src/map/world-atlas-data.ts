/**
 * The world map's data (world-atlas, Natural Earth 1:110m TopoJSON): a chunk of its own, fetched
 * when the Location step is near (world-geometry.ts), never with the page.
 */
import countries from 'world-atlas/countries-110m.json';
import land from 'world-atlas/land-110m.json';

export { countries, land };
