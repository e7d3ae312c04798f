import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drawWorldPaths, mapProjection, WORLD_PATHS_MODULE, worldPathsPlugin } from '../../../build/world-paths';
import { MAP_HEIGHT, MAP_WIDTH, projectLonLat } from '../../../renderer/src/map/projection';

// The world map's paths are drawn at build time (a Vite plugin) in the projection the page uses
// for its markers.

test('the world is drawn at build time: four SVG paths within the map, one decimal per number', () => {
  const paths = drawWorldPaths();
  for (const [name, d] of Object.entries(paths)) {
    assert.match(d, /^M/, name);
    const numbers = d.match(/-?\d+(\.\d+)?/g)!.map(Number);
    assert.ok(numbers.every((n: number) => Math.round(n * 10) === n * 10 || Math.abs(Math.round(n * 10) - n * 10) < 1e-6), `${name}: more than one decimal`);
    const xs = numbers.filter((_: number, i: number) => i % 2 === 0);
    const ys = numbers.filter((_: number, i: number) => i % 2 === 1);
    assert.ok(Math.min(...xs) >= 5.9 && Math.max(...xs) <= MAP_WIDTH - 5.9, `${name}: x out of the map`);
    assert.ok(Math.min(...ys) >= 5.9 && Math.max(...ys) <= MAP_HEIGHT - 5.9, `${name}: y out of the map`);
  }
  // Natural Earth 1:110m: the land and the borders are long paths, not a stand-in.
  assert.ok(paths.land.length > 30_000 && paths.borders.length > 20_000);
});

test('the page projects markers as the build drew the world: the sphere fits the map, north up, east right', () => {
  const p = projectLonLat;
  const [cx, cy] = p([0, 0])!;
  assert.ok(Math.abs(cx - MAP_WIDTH / 2) < 0.5 && Math.abs(cy - MAP_HEIGHT / 2) < 0.5);
  const [tokyoX, tokyoY] = p([139.7, 35.7])!;
  const [sydneyX, sydneyY] = p([151.2, -33.9])!;
  assert.ok(tokyoX > cx && tokyoY < cy && sydneyY > cy && sydneyX > tokyoX);
});

test("the page's projection (no d3-geo) is the build's d3-geo projection to a millionth of a unit", () => {
  const d3 = mapProjection();
  let worst = 0;
  for (let lon = -180; lon <= 180; lon += 7.5) {
    for (let lat = -90; lat <= 90; lat += 7.5) {
      const [x, y] = projectLonLat([lon, lat]);
      const [dx, dy] = d3([lon, lat])!;
      worst = Math.max(worst, Math.abs(x - dx), Math.abs(y - dy));
    }
  }
  assert.ok(worst < 1e-6, `differs by ${worst}`);
});

test('the Vite plugin serves the paths as the module virtual:world-paths', async () => {
  const plugin = worldPathsPlugin();
  const resolveId = plugin.resolveId as (id: string) => string | undefined;
  const load = plugin.load as (id: string) => string | undefined;
  const id = resolveId(WORLD_PATHS_MODULE)!;
  assert.equal(resolveId('./other'), undefined);
  const code = load(id)!;
  assert.equal(load('other'), undefined);
  const module = (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as Record<string, string>;
  assert.deepEqual(Object.keys(module).sort(), ['borders', 'graticule', 'land', 'sphere']);
  assert.equal(module.land, drawWorldPaths().land);
});
