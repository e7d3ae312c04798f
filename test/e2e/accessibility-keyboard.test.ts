import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { nearestInDirection, type Direction } from '../../renderer/src/lib/map-nav';
import { wizardFlowAnswers } from './fake-answers';
import { installFakeApi, SUB_ID } from './fake-api';
import { screenshot, startE2e, type E2eSession } from './harness';
import { LocationPage } from './pages/location-page';
import { SizesPage } from './pages/step-pages';
import { WizardPage } from './pages/wizard-page';

// Keyboard and colour-scheme checks of issue 16's accessibility item, in Chromium against the
// canned sandbox answers (the sandbox's 60 physical regions): the system's dark setting is followed
// until the user picks a theme; the world map's markers are one Tab stop, moved through with the
// arrow keys, selected with Enter/Space, clustered where they would overlap (24 px targets); the
// Sizes step's tabs follow the WAI-ARIA tabs pattern.
let session: E2eSession;
let page: Page;
let wizard: WizardPage;
let location: LocationPage;

declare const document: {
  activeElement: { tagName: string; getAttribute(n: string): string | null; closest(s: string): unknown } | null;
  body: unknown;
  documentElement: { dataset: { theme?: string } };
};
declare function getComputedStyle(el: unknown): { backgroundColor: string };

/** What has the keyboard focus: its data-target (a map target), its role and its accessible label. */
async function focused(): Promise<{ target: string | null; role: string | null; label: string | null; tag: string; inMap: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return {
      target: el?.getAttribute('data-target') ?? null,
      role: el?.getAttribute('role') ?? null,
      label: el?.getAttribute('aria-label') ?? null,
      tag: el?.tagName ?? '',
      inMap: !!el?.closest('[data-testid="world-map"]'),
    };
  });
}

interface Box {
  getBoundingClientRect(): { x: number; y: number; width: number; height: number };
}
/** The map's targets with their centres on screen and the size of their hit circles. */
async function targets(): Promise<{ id: string; x: number; y: number; w: number; h: number; tabIndex: string | null }[]> {
  return location.targets().evaluateAll((els) =>
    els.map((el) => {
      const hit = (el as unknown as { querySelector(s: string): Box }).querySelector('circle.hit').getBoundingClientRect();
      return { id: el.getAttribute('data-target')!, x: hit.x + hit.width / 2, y: hit.y + hit.height / 2, w: hit.width, h: hit.height, tabIndex: el.getAttribute('tabindex') };
    }),
  );
}

/** Every target is at least 24x24 px and no two hit circles overlap (WCAG 2.5.8). */
async function assertTargetSizes(where: string): Promise<void> {
  const ts = await targets();
  assert.ok(ts.length > 0, `${where}: the map has targets`);
  for (const t of ts) assert.ok(t.w >= 24 && t.h >= 24, `${where}: ${t.id} is ${t.w}x${t.h} px`);
  for (let i = 0; i < ts.length; i++) {
    for (let j = i + 1; j < ts.length; j++) {
      const d = Math.hypot(ts[i]!.x - ts[j]!.x, ts[i]!.y - ts[j]!.y);
      assert.ok(d >= 24 - 0.5, `${where}: ${ts[i]!.id} and ${ts[j]!.id} are ${d.toFixed(1)} px apart`);
    }
  }
  assert.equal(ts.filter((t) => t.tabIndex === '0').length, 1, `${where}: exactly one target is in the Tab order`);
}

async function bodyBackground(): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}
const LIGHT_BG = 'rgb(248, 250, 252)';
const DARK_BG = 'rgb(15, 23, 42)';

before(async () => {
  session = await startE2e();
  page = session.page;
  // The OS says dark before the app starts. No theme was ever picked: the `theme` an earlier version
  // saved by itself (the system's scheme at its first start, here light) is not a pick.
  await page.emulateMedia({ colorScheme: 'dark' });
  const saved = { state: { step: 'location', draft: { subscriptionId: SUB_ID }, theme: 'light' }, version: 1 };
  await installFakeApi(page, wizardFlowAnswers(), { storage: { 'flatkube.wizard': JSON.stringify(saved) } });
  wizard = new WizardPage(page);
  location = new LocationPage(page);
});
after(async () => {
  await session?.close();
});

test('the system colour scheme is followed, live, until the user picks a theme; the pick is remembered', async () => {
  await wizard.waitForStep('Location');
  const toggle = page.getByTestId('theme-toggle');
  assert.equal(await bodyBackground(), DARK_BG, 'the OS dark setting gives the dark theme');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), undefined, 'no theme pinned yet');
  await screenshot(page, 'a11y-theme-01-system-dark');
  // The OS switches to light while the app runs: the app follows without a reload.
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction((bg) => getComputedStyle(document.body).backgroundColor === bg, LIGHT_BG);
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction((bg) => getComputedStyle(document.body).backgroundColor === bg, DARK_BG);

  // The user picks light with the OS still dark: light stays, through a change of the OS and a reload.
  await toggle.click();
  await page.waitForFunction((bg) => getComputedStyle(document.body).backgroundColor === bg, LIGHT_BG);
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await wizard.waitForStep('Location');
  assert.equal(await bodyBackground(), LIGHT_BG, 'the pick survives a restart while the OS is dark');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  const stored = await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('flatkube.wizard'));
  assert.equal((JSON.parse(stored ?? '{}') as { state: { themeChoice?: string } }).state.themeChoice, 'light');
  await screenshot(page, 'a11y-theme-02-picked-light');
  // And the other way: dark picked under a light OS stays dark.
  await page.emulateMedia({ colorScheme: 'light' });
  await toggle.click();
  await page.waitForFunction((bg) => getComputedStyle(document.body).backgroundColor === bg, DARK_BG);
  await page.reload();
  await wizard.waitForStep('Location');
  assert.equal(await bodyBackground(), DARK_BG);
  // Back to light for the rest of the file.
  await toggle.click();
  await page.waitForFunction((bg) => getComputedStyle(document.body).backgroundColor === bg, LIGHT_BG);
});

test('the map is one Tab stop: Tab enters it on one target and the next Tab leaves it', async () => {
  await location.targets().first().waitFor();
  await assertTargetSizes('the whole world');
  // Fewer targets than regions: the overlapping ones (e.g. Europe) are clusters.
  const ts = await targets();
  assert.ok(ts.length < (await location.markers().count()));
  assert.ok(ts.some((t) => t.id.startsWith('cluster:')));
  // The step's heading has the focus on arrival; one Tab reaches the map, the next leaves it.
  await wizard.heading().focus();
  await page.keyboard.press('Tab');
  const inside = await focused();
  assert.equal(inside.inMap, true, 'the first Tab lands on the map');
  assert.equal(inside.role, 'button');
  assert.ok(inside.target);
  await page.keyboard.press('Tab');
  assert.equal((await focused()).inMap, false, 'the second Tab has left the map');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'search', 'it is on the region search');
  await page.keyboard.press('Shift+Tab');
  assert.equal((await focused()).target, inside.target, 'Shift+Tab comes back to the same target');
});

test('arrow keys move the focus to the nearest target in that direction, and the Tab stop with it', async () => {
  await location.target('centralindia').focus();
  const moves: Direction[] = ['right', 'down', 'left', 'left', 'up', 'right', 'up'];
  const keys: Record<Direction, string> = { right: 'ArrowRight', left: 'ArrowLeft', up: 'ArrowUp', down: 'ArrowDown' };
  for (const dir of moves) {
    const ts = await targets();
    const current = (await focused()).target;
    const from = ts.find((t) => t.id === current)!;
    const expected = nearestInDirection(ts, from, dir);
    assert.ok(expected, `something lies ${dir} of ${from.id}`);
    await page.keyboard.press(keys[dir]);
    const now = (await focused()).target;
    assert.equal(now, expected.id, `${keys[dir]} from ${from.id}`);
    const to = (await targets()).find((t) => t.id === now)!;
    if (dir === 'right') assert.ok(to.x > from.x);
    if (dir === 'left') assert.ok(to.x < from.x);
    if (dir === 'up') assert.ok(to.y < from.y);
    if (dir === 'down') assert.ok(to.y > from.y);
    // Roving tabindex: the focused target is the one Tab stop.
    assert.deepEqual((await targets()).filter((t) => t.tabIndex === '0').map((t) => t.id), [now]);
  }
});

test('Enter on a cluster zooms in (24 px targets there too), Enter selects a region, Escape zooms out', async () => {
  await location.cluster('westeurope').focus();
  const cluster = (await focused()).target!;
  assert.ok(cluster.startsWith('cluster:'));
  assert.match((await focused()).label ?? '', /regions: .*West Europe/);
  assert.equal(await location.zoomed(), false);
  await page.keyboard.press('Enter');
  await location.map().locator('button:enabled', { hasText: 'Zoom out' }).waitFor();
  assert.match((await page.getByTestId('map-status').textContent()) ?? '', /Zoomed in: \d+ regions in view/);
  assert.equal((await focused()).inMap, true, 'the focus stays on the map, on a target in the zoomed view');
  await assertTargetSizes('zoomed into Europe');
  await screenshot(page, 'a11y-map-01-zoomed');
  // Down to West Europe with Enter on the clusters holding it, then Enter selects it.
  for (let i = 0; i < 6 && (await location.map().locator('g.map-target[data-region="westeurope"]').count()) === 0; i++) {
    await location.cluster('westeurope').focus();
    await page.keyboard.press('Enter');
  }
  await location.marker('westeurope').focus();
  await page.keyboard.press('Enter');
  assert.equal(await location.listOption('West Europe').isChecked(), true);
  assert.equal(await location.marker('westeurope').getAttribute('aria-pressed'), 'true');
  assert.match((await location.selected().textContent()) ?? '', /West Europe/);
  // Space selects too (another single region of the zoomed view).
  const other = (await targets()).find((t) => !t.id.startsWith('cluster:') && t.id !== 'westeurope');
  assert.ok(other, 'the zoomed view has other single regions');
  await location.marker(other.id).focus();
  await page.keyboard.press('Space');
  assert.equal(await location.selectedOnMap(other.id), true);
  assert.equal(await location.selectedOnMap('westeurope'), false);
  // Escape zooms out step by step to the whole world; the focus stays on the map.
  while (await location.zoomed()) {
    await page.keyboard.press('Escape');
    assert.equal((await focused()).inMap, true);
  }
  assert.equal(await page.getByTestId('map-status').textContent(), '');
  await assertTargetSizes('the whole world again');
});

test('regions on one spot (Australia Central and Central 2) open as a list; arrows and Enter pick one', async () => {
  for (let i = 0; i < 6 && (await location.clusterList().count()) === 0; i++) {
    await location.cluster('australiacentral2').focus();
    await page.keyboard.press('Enter');
  }
  const list = location.clusterList();
  await list.waitFor();
  await screenshot(page, 'a11y-map-02-list');
  assert.deepEqual(await list.getByRole('button').allTextContents(), ['Australia Central', 'Australia Central 2']);
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'BUTTON');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  assert.equal(await location.listOption('Australia Central 2').isChecked(), true);
  assert.equal(await list.count(), 0, 'the list closed');
  assert.equal((await focused()).target, await location.cluster('australiacentral2').getAttribute('data-target'), 'the focus is back on the cluster');
  // Escape closes the list without picking.
  await page.keyboard.press('Enter');
  await list.waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await list.count(), 0);
  assert.equal(await location.listOption('Australia Central 2').isChecked(), true);
  await location.wholeWorld().click();
});

test('the Sizes tabs follow the WAI-ARIA tabs pattern: one Tab stop, arrows, Home/End, a labelled panel', async () => {
  await wizard.railStep('Sizes').click();
  await wizard.waitForStep('Sizes');
  const sizes = new SizesPage(page);
  await sizes.table().waitFor();
  const tabs = page.getByRole('tablist', { name: 'Which nodes' }).getByRole('tab');
  assert.equal(await tabs.count(), 2);
  const state = async () => ({
    selected: (await tabs.evaluateAll((els) => els.filter((e) => e.getAttribute('aria-selected') === 'true').map((e) => e.textContent)))[0]?.split(':')[0],
    tabbable: (await tabs.evaluateAll((els) => els.filter((e) => e.getAttribute('tabindex') === '0').map((e) => e.textContent))).map((t) => t?.split(':')[0]),
    focused: await page.evaluate(() => (document.activeElement?.getAttribute('role') === 'tab' ? (document.activeElement as unknown as { textContent: string }).textContent.split(':')[0] : null)),
    table: await sizes.table().getAttribute('aria-label'),
  });
  // Tab from the heading reaches the selected tab; the other tab is not a Tab stop.
  await wizard.heading().focus();
  await page.keyboard.press('Tab');
  assert.deepEqual(await state(), { selected: 'Control plane', tabbable: ['Control plane'], focused: 'Control plane', table: 'VM sizes for the control plane' });
  const steps: [string, string][] = [
    ['ArrowRight', 'Workers'],
    ['ArrowRight', 'Control plane'],
    ['ArrowLeft', 'Workers'],
    ['Home', 'Control plane'],
    ['End', 'Workers'],
  ];
  for (const [key, expected] of steps) {
    await page.keyboard.press(key);
    const s = await state();
    assert.deepEqual([s.selected, s.focused, s.tabbable], [expected, expected, [expected]], `after ${key}`);
    assert.equal(s.table, expected === 'Workers' ? 'VM sizes for the workers' : 'VM sizes for the control plane');
  }
  // The panel is labelled by the selected tab and controlled by both; Tab goes into the panel.
  const panel = page.getByRole('tabpanel');
  assert.equal(await panel.count(), 1);
  const panelId = await panel.getAttribute('id');
  assert.equal(await panel.getAttribute('aria-labelledby'), await tabs.nth(1).getAttribute('id'));
  assert.deepEqual(await tabs.evaluateAll((els) => els.map((e) => e.getAttribute('aria-controls'))), [panelId, panelId]);
  await page.getByRole('tabpanel', { name: /^Workers/ }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'search', 'Tab leaves the tabs for the panel (the name filter)');
  await screenshot(page, 'a11y-sizes-tabs');
});
