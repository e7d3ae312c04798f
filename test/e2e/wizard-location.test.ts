import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { locationAnswers } from './fake-answers';
import { assertFakeCallsValid, installFakeApi, release, SUB_ID, sandboxLocations } from './fake-api';
import { screenshot, startE2e, type E2eSession } from './harness';
import { LocationPage } from './pages/location-page';
import { WizardPage } from './pages/wizard-page';

// The Location step against canned azure.locations answers (the sandbox's own 60 physical regions).
let session: E2eSession;
let wizard: WizardPage;
let location: LocationPage;
const regions = sandboxLocations();
const physical = regions.filter((r) => r.latitude !== undefined);

before(async () => {
  session = await startE2e();
  // Whether the step showed its skeleton before the map: recorded in the page, as a loaded machine
  // may answer the test's own queries after a short skeleton is gone.
  await session.page.addInitScript({
    content: `(() => {
      const seen = { skeleton: false, mapFirst: false };
      window.__locationSeen = seen;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="skeleton"]')) seen.skeleton = true;
        else if (!seen.skeleton && document.querySelector('[data-testid="world-map"]')) seen.mapFirst = true;
      }).observe(document, { subtree: true, childList: true });
    })()`,
  });
  await installFakeApi(
    session.page,
    locationAnswers(),
    // The regions' answer waits until the test has seen the skeleton (released below).
    { hold: ['azure.locations'], storage: { 'flatkube.wizard': JSON.stringify({ state: { step: 'location', draft: { subscriptionId: SUB_ID } }, version: 1 }) } },
  );
  wizard = new WizardPage(session.page);
  location = new LocationPage(session.page);
});
after(async () => {
  await session?.close();
});

test('the map draws every physical region as a marker at its coordinates, after a skeleton', async () => {
  await wizard.waitForStep('Location');
  await session.page.getByTestId('skeleton').first().waitFor();
  await screenshot(session.page, 'location-01-loading');
  assert.equal(await location.markers().count(), 0, 'no marker before the regions arrive');
  await release(session.page, 'azure.locations');
  await location.markers().first().waitFor();
  const seen = await session.page.evaluate(() => (globalThis as unknown as { __locationSeen: { skeleton: boolean; mapFirst: boolean } }).__locationSeen);
  assert.deepEqual(seen, { skeleton: true, mapFirst: false });
  assert.equal(await location.markers().count(), physical.length);
  assert.equal(physical.length, 60);
  // The land is drawn from world-atlas (a long path), not hand-drawn.
  const land = await location.map().locator('path.map-land').getAttribute('d');
  assert.ok((land ?? '').length > 10_000);
  // West of Europe is left of Japan; north is up.
  const box = async (r: string) => (await location.marker(r).boundingBox())!;
  const [we, jp, au] = [await box('westeurope'), await box('japaneast'), await box('australiaeast')];
  assert.ok(we.x < jp.x && jp.y < au.y);
  await screenshot(session.page, 'location-02-map');
});

test('hovering a marker shows name, physical location and paired region; click selects in both views', async () => {
  // Brazil South and Brazil Southeast share one cluster at the whole world: it zooms in.
  await location.reveal('brazilsouth');
  await location.marker('brazilsouth').hover();
  await location.tooltip().getByText('Brazil South').waitFor();
  const tip = await location.tooltip().textContent();
  assert.match(tip ?? '', /Sao Paulo State/);
  assert.match(tip ?? '', /Paired region: South Central US/);
  await screenshot(session.page, 'location-03-hover');
  await location.marker('brazilsouth').click();
  assert.equal(await location.listOption('Brazil South').isChecked(), true);
  assert.match((await location.selected().textContent()) ?? '', /Brazil South/);
  // Keyboard: a focused marker shows the same card (dense Europe is reachable this way too).
  await location.reveal('westeurope');
  await location.marker('westeurope').focus();
  await location.tooltip().getByText('West Europe').waitFor();
  assert.match((await location.tooltip().textContent()) ?? '', /Netherlands.*Paired region: North Europe/);
  await session.page.keyboard.press('Enter');
  assert.equal(await location.listOption('West Europe').isChecked(), true);
});

test('the list is searchable, selects on the map too, and the geography filter narrows both', async () => {
  await location.search().fill('tokyo');
  assert.match((await location.count().textContent()) ?? '', /^1 of 60/);
  await location.listOption('Japan East').focus();
  await session.page.keyboard.press('Space');
  assert.equal(await location.selectedOnMap('japaneast'), true);
  await location.search().fill('');
  await location.geography().selectOption('Europe');
  const n = Number(((await location.count().textContent()) ?? '').split(' ')[0]);
  assert.ok(n > 5 && n < 60);
  assert.equal(await location.map().locator('g.map-marker:not(.filtered)').count(), n);
  await screenshot(session.page, 'location-04-filtered');
});

test('the choice persists across a restart (reload) of the wizard', async () => {
  await session.page.reload();
  await wizard.waitForStep('Location');
  await location.markers().first().waitFor();
  assert.equal(await location.selectedOnMap('japaneast'), true);
});

test('the dark theme applies and markers stay visible', async () => {
  await session.page.getByTestId('theme-toggle').click();
  assert.equal(await session.page.evaluate(() => (globalThis as unknown as { document: { documentElement: { dataset: { theme?: string } } } }).document.documentElement.dataset.theme), 'dark');
  await session.page.getByTestId('sandbox-badge').waitFor();
  await location.reveal('japaneast');
  await location.marker('japaneast').hover();
  await location.tooltip().getByText('Japan East').waitFor();
  await screenshot(session.page, 'location-05-dark');
});

test('every call the Location step made would have passed the real input schemas', async () => {
  await assertFakeCallsValid(session.page);
});
