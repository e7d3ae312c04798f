/**
 * Renderer start, in Chromium (browser mode), each load in a fresh page (the server sends
 * `Cache-Control: no-store`, so every load fetches and compiles the JavaScript again):
 *
 * - first interactive: from the navigation's start (the page's own clock, so no time spent
 *   driving the browser counts) to the first moment the Sign-in step accepts input: its heading
 *   and choices shown, the Sandbox choice and Next enabled, and the backend's first answers in
 *   (the session's status card, which ends the "loading" state that disables the choices, and
 *   the app info in the footer). A MutationObserver added before the page's own scripts notes the
 *   time of the DOM change that completes it. Median, min and max over RUNS loads, after one
 *   warm-up load per build that starts the backend's sandbox (not counted: that is the backend's
 *   start, not the renderer's). Beside it: the same once the frame showing it is painted, the
 *   first contentful paint, the step shown (its first render, before the backend answered), and
 *   how many loads fetched another chunk (a prefetch) before the step was interactive. The driver
 *   only awaits a promise the page resolves: no Playwright locator or polling script runs in the
 *   page while it starts (one took 50 ms of its main thread).
 * - `--compare DIR`: the same loads of another build (say, the parent commit's dist/renderer
 *   copied aside) served by a second server on the same backend, interleaved A B B A, so both
 *   see the same machine load; its figures carry the suffix `-compare`. `--runs N` sets RUNS.
 *
 * Then the gzipped size of the JavaScript in dist/renderer/assets, split: the entry (the script
 * index.html loads and the chunks it imports statically: what every start fetches), the lazy
 * chunks (steps, the Clusters view, xterm.js, zod: fetched when needed or prefetched when near),
 * and the map data (the world's paths drawn at build time from world-atlas, its own chunk: fetched
 * when the Location step is near).
 */
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { rendererChunks } from '../build/renderer-chunks';
import { startBrowserMode, type BrowserModeServer } from '../electron/browser-mode';
import { startE2e } from '../test/e2e/harness';
import { median, printFigure } from './figure';

const BENCH = 'renderer-start';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * Runs in every page before its scripts: notes (performance.now(), from the navigation's start)
 * when the Sign-in step is shown and when it first accepts input (see the header).
 */
const MARKS = `(() => {
  let done;
  window.__startReady = new Promise((resolve) => (done = resolve));
  const marks = {};
  const check = () => {
    const radio = document.querySelector('.sign-in-step input[type=radio]');
    if (marks.interactive || !radio || !document.querySelector('h1')) return;
    marks.shown ??= performance.now();
    const next = [...document.querySelectorAll('.nav-buttons button')].find((b) => b.textContent === 'Next');
    const footer = document.querySelector('[data-testid=app-info]')?.textContent ?? '';
    if (radio.disabled || !next || next.disabled || !/Flatkube \\d/.test(footer) || !document.querySelector('[data-testid=auth-status]')) return;
    marks.interactive = performance.now();
    // Scripts fetched (or being fetched) by then: the entry alone, if nothing competes with the start.
    marks.scripts = performance.getEntriesByType('resource').filter((e) => /\\.js$/.test(e.name)).length;
    // The frame that shows it: after the next animation frame's task (its paint) has run.
    requestAnimationFrame(() => setTimeout(() => {
      marks.painted = performance.now();
      // The first contentful paint may come after: wait for it (2 s at most).
      const paint = () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
      if (paint() !== undefined) return done({ ...marks, paint: paint() });
      new PerformanceObserver(() => done({ ...marks, paint: paint() })).observe({ type: 'paint' });
      setTimeout(() => done({ ...marks, paint: paint() ?? NaN }), 2000);
    }));
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})()`;

interface Load {
  interactive: number;
  scripts: number;
  painted: number;
  shown: number;
  paint: number;
}

async function load(context: BrowserContext, server: BrowserModeServer): Promise<Load> {
  const page = await context.newPage();
  await page.goto(server.signInUrl()); // each link signs in one page
  // A plain evaluate in the page's own world, awaiting its marks (see the header).
  const marks = await page.evaluate(() => (window as unknown as { __startReady: Promise<Load> }).__startReady);
  await page.close();
  return marks;
}

function printLoads(loads: Load[], suffix: string, note: string): void {
  const stats = (values: number[]) => ({ median: Math.round(median(values)), min: Math.round(Math.min(...values)), max: Math.round(Math.max(...values)), runs: values.map(Math.round) });
  const figure = (name: string, values: number[], extra: { goal?: string; note?: string } = {}) => {
    const s = stats(values);
    printFigure({ bench: BENCH, figure: `${name}-median${suffix}`, value: s.median, unit: 'ms', ...extra, detail: { min: s.min, max: s.max, runs: s.runs } });
  };
  figure('first-interactive', loads.map((l) => l.interactive), { goal: '<= 400', note: `${loads.length} loads${note}: navigation start to the Sign-in step accepting input (choices and Next enabled, the session and app info answered), in the page` });
  figure('first-interactive-painted', loads.map((l) => l.painted), { note: 'the same, once the frame that shows it is painted (the task after the next animation frame)' });
  const early = loads.filter((l) => l.scripts > 1).length;
  printFigure({ bench: BENCH, figure: `loads-fetching-more-than-the-entry-before-interactive${suffix}`, value: early, unit: 'loads', note: `of ${loads.length}: loads in which another chunk (a prefetch) was fetched before the step was interactive`, detail: { scripts: loads.map((l) => l.scripts) } });
  figure('step-shown', loads.map((l) => l.shown), { note: 'navigation start to the Sign-in step\'s first render (before the backend answered)' });
  figure('first-contentful-paint', loads.map((l) => l.paint));
}

export async function rendererStartBench(): Promise<void> {
  const runs = Number(flag('runs') ?? 15);
  const compareDir = flag('compare');
  const session = await startE2e();
  let compare: BrowserModeServer | undefined;
  try {
    await session.context.addInitScript({ content: MARKS });
    if (compareDir) compare = await startBrowserMode({ backend: session.backend, rendererDir: compareDir });
    const servers = compare ? [session.server, compare] : [session.server];
    // Warm-up: starts the backend's sandbox (auth.status) once per build; not counted.
    for (const s of servers) await load(session.context, s);
    const loads: Load[][] = servers.map(() => []);
    for (let i = 0; i < runs; i++) {
      // A B B A ...: neither build always goes first.
      const order = i % 2 === 0 ? servers.map((_, k) => k) : servers.map((_, k) => servers.length - 1 - k);
      for (const k of order) loads[k]!.push(await load(session.context, servers[k]!));
    }
    printLoads(loads[0]!, '', ', fresh page each, dist/renderer');
    if (compare) printLoads(loads[1]!, '-compare', `, fresh page each, ${compareDir}, interleaved with dist/renderer`);
  } finally {
    await compare?.close();
    await session.close();
  }

  const { js, entry, map, lazy, gz } = rendererChunks(path.resolve('dist/renderer'));
  const sum = (files: string[]) => files.reduce((n, f) => n + gz(f), 0);
  const [entryGz, lazyGz, mapGz] = [sum(entry), sum(lazy), sum(map)];
  printFigure({ bench: BENCH, figure: 'javascript-gzipped-entry', value: entryGz, unit: 'bytes', note: `what every start fetches: ${entry.join(', ')}` });
  printFigure({ bench: BENCH, figure: 'javascript-gzipped-lazy', value: lazyGz, unit: 'bytes', note: `${lazy.length} chunks fetched when needed or when their step is near: ${lazy.map((f) => `${f.replace(/-[\w-]{8}\.js$/, '')} ${gz(f)}`).join(', ')}` });
  printFigure({ bench: BENCH, figure: 'javascript-gzipped', value: entryGz + lazyGz, unit: 'bytes', goal: '<= 250000', note: `all renderer JavaScript, map data aside (${js.length - map.length} of ${js.length} files)` });
  printFigure({ bench: BENCH, figure: 'map-data-gzipped', value: mapGz, unit: 'bytes', note: `the world's SVG paths, drawn at build time from world-atlas 1:110m (build/world-paths.ts), a chunk of its own: ${map.join(', ') || 'none found'}` });
}
