import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page, Request } from 'playwright-core';
import { startE2e, type E2eSession } from './harness';
import { WizardPage } from './pages/wizard-page';

// The renderer's start path: the page fetches its entry only; a step's code (and the Location
// step's map data) is fetched when the step before it shows, the terminal (xterm.js) with the
// steps that show logs.
let session: E2eSession;
let page: Page;
let wizard: WizardPage;
/** The renderer's JavaScript files the page fetched, in order (file names without the hash). */
const fetched: string[] = [];
const chunk = (r: Request) => /\/assets\/(.+)-[\w-]{8}\.js$/.exec(new URL(r.url()).pathname)?.[1];

/** Waits until the page fetched `name` (it may have already). */
async function fetchedChunk(name: string): Promise<void> {
  for (const deadline = Date.now() + 20_000; !fetched.includes(name); ) {
    if (Date.now() > deadline) throw new Error(`the page never fetched ${name}; it fetched ${fetched.join(' ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

before(async () => {
  session = await startE2e();
  // A page of its own, watched from its first request (a fresh sign-in link).
  page = await session.context.newPage();
  wizard = new WizardPage(page);
  page.on('request', (r) => {
    const name = chunk(r);
    if (name) fetched.push(name);
  });
  await page.goto(session.server.signInUrl());
});
after(async () => {
  await session?.close();
});

test('at start the page fetches its entry, then (idle) the next step; no map data, no terminal', async () => {
  await wizard.waitForStep('Sign in');
  await wizard.appInfo().getByText(/Flatkube \d/).waitFor();
  await fetchedChunk('SubscriptionStep');
  assert.equal(fetched[0], 'index');
  assert.ok(!fetched.includes('map-data'), fetched.join(' '));
  assert.ok(!fetched.includes('LocationStep'), fetched.join(' '));
  assert.ok(!fetched.includes('LogPane'), fetched.join(' '));
});

test('the map data is fetched when the step before Location shows, before Location does', async () => {
  await wizard.railStep('Subscription').click();
  await wizard.waitForStep('Subscription');
  await fetchedChunk('map-data');
  assert.ok(fetched.includes('LocationStep'), fetched.join(' '));
  assert.ok(!fetched.includes('LogPane'), fetched.join(' '));
  // Arriving at Location fetches nothing more for the map.
  const before = fetched.length;
  await wizard.railStep('Location').click();
  await wizard.waitForStep('Location');
  assert.equal(fetched.filter((f) => f === 'map-data').length, 1);
  assert.ok(fetched.slice(before).every((f) => f !== 'LocationStep' && f !== 'map-data'), fetched.slice(before).join(' '));
});

test('a step the user jumps to loads at once; the log panes come with the Deploy step', async () => {
  await wizard.railStep('Deploy').click();
  await wizard.waitForStep('Deploy');
  assert.ok(fetched.includes('DeployStep') && fetched.includes('LogPane'), fetched.join(' '));
  await page.getByText('Watch every node bootstrap live.').waitFor();
});
