/**
 * Renderer start: time from navigation to the first interactive step in Chromium (the step
 * heading shown and the backend's answer in the footer), median of several cold page loads, and
 * the gzipped size of the JavaScript and of the bundled map data.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { startE2e } from '../test/e2e/harness';
import { median, printFigure } from './figure';

const RUNS = 7;

export async function rendererStartBench(): Promise<void> {
  const session = await startE2e();
  try {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const page = await session.context.newPage();
      const t0 = performance.now();
      await page.goto(session.server.signInUrl()); // each link signs in one page
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.getByTestId('app-info').getByText(/Flatkube \d/).waitFor();
      times.push(performance.now() - t0);
      await page.close();
    }
    printFigure({ bench: 'renderer-start', figure: 'navigation-to-interactive-median', value: Math.round(median(times)), unit: 'ms', note: `${RUNS} loads, fresh page each, browser mode` });
    printFigure({ bench: 'renderer-start', figure: 'navigation-to-interactive-max', value: Math.round(Math.max(...times)), unit: 'ms' });
  } finally {
    await session.close();
  }

  const assets = path.resolve('dist/renderer/assets');
  const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const jsGz = js.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(assets, f))).length, 0);
  printFigure({ bench: 'renderer-start', figure: 'javascript-gzipped', value: jsGz, unit: 'bytes', note: `${js.length} files` });
  const require = createRequire(import.meta.url);
  const mapFile = require.resolve('world-atlas/countries-110m.json');
  printFigure({ bench: 'renderer-start', figure: 'map-data-gzipped', value: gzipSync(readFileSync(mapFile)).length, unit: 'bytes', note: 'world-atlas countries-110m (TopoJSON)' });
}
