/// <reference lib="dom" />
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { SANDBOX_SUBSCRIPTION_ID } from '@flatkube/sandbox';
import { instantSandbox, RESULTS_DIR, startE2e, type E2eSession } from './harness';
import { DeployPage } from './pages/deploy-page';
import { ReviewPage } from './pages/step-pages';
import { WizardPage } from './pages/wizard-page';

// Teaching at a projector (issue 16): presenter mode at 1024x768 shows the progress bar, the
// running step's explanation and one maximised log pane without scrolling; in the sandbox the
// speed changes while the deploy runs, Pause holds the next step (the engine's, not the view's),
// Step lets exactly one start, Resume runs the deploy to the end. One cluster, one VM. The sandbox
// runs its realistic delays (6x) so steps take long enough to be seen running.
let session: E2eSession;
let wizard: WizardPage;
const sandbox = instantSandbox({ latency: 'realistic', speed: 6 });
const LONG = { timeout: 60_000 };
const SSH = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1c3RlcmtleWZvcmZsYXRrdWJldGVzdGluZ29ubHk e2e@flatkube';
// UPDATE_SCREENSHOTS=1 refreshes the README's picture; otherwise it goes to the test results.
const SHOT = process.env.UPDATE_SCREENSHOTS ? path.resolve('docs/images/presenter-mode.png') : path.join(RESULTS_DIR, 'presenter-mode.png');

before(async () => {
  session = await startE2e({ sandbox });
  await session.page.setViewportSize({ width: 1024, height: 768 });
  const draft = {
    name: 'teach', subscriptionId: SANDBOX_SUBSCRIPTION_ID, resourceGroup: { name: 'flatkube-teach', create: true }, location: 'westeurope',
    controlPlane: { size: 'Standard_D2s_v5' }, workers: { count: 0, size: 'Standard_D2s_v5' }, ssh: { publicKey: SSH }, allowedSourceIp: '203.0.113.10',
    // Fewer steps (no identity, role assignment or add-ons): this test is about the view and the pace.
    azureIntegration: { cloudProvider: false, disks: false },
  };
  await session.page.evaluate((v) => globalThis.localStorage.setItem('flatkube.wizard', v), JSON.stringify({ state: { step: 'review', draft }, version: 1 }));
  await session.page.reload();
  wizard = new WizardPage(session.page);
});
after(async () => {
  await session?.close();
});

/** Each step's state in the step list, by id. */
const stepStates = (page: Page) =>
  page.locator('[data-testid="step-list"] li').evaluateAll((lis) => Object.fromEntries(lis.map((li) => [li.getAttribute('data-step-id'), li.getAttribute('data-status')])));
const started = (states: Record<string, string | null>) => Object.keys(states).filter((id) => states[id] !== 'pending').sort();
// Page-side functions name no inner function: tsx's helper for names (__name) is not in the page.
const noneRunning = (page: Page) => page.waitForFunction(() => document.querySelectorAll('[data-testid="step-list"] li[data-status="running"]').length === 0, undefined, LONG);

test('presenter mode at 1024x768, and speed, pause, step and resume in the sandbox', async () => {
  const page = session.page;
  await wizard.waitForStep('Review');
  // Presenter mode is a toggle in the top bar, remembered across a reload.
  const toggle = page.getByRole('button', { name: 'Presenter mode' });
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await page.reload();
  await wizard.waitForStep('Review');
  assert.equal(await page.getByRole('button', { name: 'Presenter mode' }).getAttribute('aria-pressed'), 'true', 'remembered');

  const review = new ReviewPage(page);
  await review.preflight().getByText(/^(All checks passed|Warning:|Note:)/).first().waitFor(LONG);
  await review.create().click();
  await wizard.waitForStep('Deploy');
  const d = new DeployPage(page);

  // Speed, changed while the deploy runs: the sandbox itself runs at the new speed.
  const speed = page.getByRole('combobox', { name: 'Sandbox speed' });
  await speed.waitFor(LONG);
  assert.equal(await speed.inputValue(), '6');
  await speed.selectOption('10');
  await page.waitForFunction(() => document.querySelector<HTMLSelectElement>('select[aria-label="Sandbox speed"]')?.value === '10');
  assert.equal((await sandbox.running()!.api.speed()).speed, 10);

  // One pane maximised, its text larger; the others hidden.
  const azurePane = d.pane('azure');
  await azurePane.waitFor(LONG);
  await page.getByRole('button', { name: 'Maximise the Azure operations log' }).click();
  await page.getByRole('button', { name: 'Restore the Azure operations log' }).waitFor();
  assert.equal(await d.panes().filter({ visible: true }).count(), 1);
  const font = await page.getByTestId('log-font-size').innerText();
  await page.getByRole('button', { name: 'Larger text' }).click();
  const bigger = `${Number.parseInt(font, 10) + 1}px`;
  await page.waitForFunction((px) => getComputedStyle(document.querySelector('[data-testid="log-pane-azure"] .xterm-rows')!).fontSize === px, bigger);

  // Without scrolling, at one instant: the progress bar, the running step's explanation and the
  // maximised pane inside the viewport, and no horizontal scroll.
  await page.waitForFunction(
    () => {
      const wanted = [
        document.querySelector('[role="progressbar"][aria-label="Deployment progress"]'),
        document.querySelector('section[aria-label="Running step"] .running-explain'),
        document.querySelector('section[aria-label="Log: Azure operations"][data-maximised]'),
      ];
      return (
        scrollX === 0 &&
        scrollY === 0 &&
        document.documentElement.scrollWidth <= innerWidth &&
        wanted.every((el) => {
          const r = el?.getBoundingClientRect();
          return !!r && r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
        })
      );
    },
    undefined,
    LONG,
  );
  await page.screenshot({ path: SHOT });
  for (const box of [
    await page.getByRole('progressbar', { name: 'Deployment progress' }).boundingBox(),
    await page.getByRole('region', { name: 'Running step' }).boundingBox(),
    await page.getByRole('region', { name: 'Log: Azure operations' }).boundingBox(),
  ]) {
    assert.ok(box && box.y >= 0 && box.y + box.height <= 768 && box.x >= 0 && box.x + box.width <= 1024, JSON.stringify(box));
  }

  // Pause: the steps running now finish, the next one waits, and no step starts while paused.
  const paceBar = page.getByRole('group', { name: 'Sandbox pace' });
  await paceBar.getByRole('button', { name: 'Pause steps' }).click();
  await page.getByTestId('pace-status').getByText(/^Paused before /).waitFor(LONG);
  await noneRunning(page);
  const paused = started(await stepStates(page));
  const all = Object.keys(await stepStates(page));
  assert.ok(paused.length < all.length, 'the deploy is not finished');
  await page.waitForTimeout(2_000); // a while: long enough for several steps at 10x had they started
  assert.deepEqual(started(await stepStates(page)), paused, 'no step started while paused');
  assert.equal(await d.phase().getByText(/create succeeded/).count(), 0);

  // Step: exactly one more step starts; then the deploy waits again.
  await paceBar.getByRole('button', { name: 'Step once' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="step-list"] li:not([data-status="pending"])').length > n, paused.length, LONG);
  await noneRunning(page);
  await page.waitForTimeout(2_000);
  const stepped = started(await stepStates(page));
  assert.equal(stepped.length, paused.length + 1, `exactly one more step: ${stepped.filter((id) => !paused.includes(id)).join(', ')}`);
  assert.ok(paused.every((id) => stepped.includes(id)));

  // Resume: the deploy runs to the end.
  await paceBar.getByRole('button', { name: 'Resume steps' }).click();
  await d.phase().getByText(/create succeeded/).waitFor({ timeout: 240_000 });
  const end = await stepStates(page);
  assert.ok(Object.values(end).every((s) => s === 'done'), JSON.stringify(end));
});
