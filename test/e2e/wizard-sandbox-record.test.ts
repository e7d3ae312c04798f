import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { instantSandbox, screenshot, startE2e, waitOrExplain, type E2eSession } from './harness';
import { DeployPage } from './pages/deploy-page';
import { ReviewPage } from './pages/step-pages';
import { openReviewWith, smallSandboxDraft } from './pages/sandbox-draft';
import { WizardPage } from './pages/wizard-page';

// The Deploy view is rebuilt from the backend's record of the operation (cluster.operation), not
// from what the page happened to see: a reload in the middle of a deploy and after it, and a new
// page, show the same step states, elapsed time and log lines; the finished deploy replays at 8x.
// One sandbox cluster, real backend.
const NAME = 'rec';
const LONG = { timeout: 30_000 };
const sandbox = instantSandbox();
let s: E2eSession;

before(async () => {
  s = await startE2e({ sandbox });
});
after(async () => {
  await s?.close();
});

/** What the Deploy view shows of the operation: each step's state, the elapsed time, lines per pane. */
async function shown(page: Page) {
  const d = new DeployPage(page);
  const states = await d.stepList().locator('li').evaluateAll((lis) => lis.map((li) => `${li.getAttribute('data-step-id')}=${li.getAttribute('data-status')}`));
  const elapsed = /elapsed (\d+)m (\d+)s/.exec(await d.phase().innerText());
  assert.ok(elapsed, 'the phase shows the elapsed time');
  const panes = await d.panes().evaluateAll((ps) => ps.map((p) => p.getAttribute('data-testid')!.replace('log-pane-', '')));
  return { states, seconds: Number(elapsed[1]) * 60 + Number(elapsed[2]), panes };
}

/** What the page shows once every step in `done` is shown done (or after 30 s, to let the caller say what is missing). */
async function shownOnceRecorded(page: Page, done: readonly string[]) {
  const end = Date.now() + 30_000;
  for (;;) {
    const now = await shown(page);
    if (done.every((step) => now.states.includes(step)) || Date.now() > end) return now;
    await page.waitForTimeout(200);
  }
}

/** Waits until every pane has handed all of its stream's lines to its terminal, and answers the counts. */
async function settledLines(page: Page, panes: readonly string[]): Promise<Record<string, number>> {
  const d = new DeployPage(page);
  const out: Record<string, number> = {};
  for (const p of panes) {
    const pane = d.pane(p);
    await pane.and(page.locator('[data-lines]:not([data-lines="0"])')).waitFor(LONG);
    let last = -1;
    for (;;) {
      const n = await d.lineCount(p);
      if (n === last) break;
      last = n;
      await page.waitForTimeout(300);
    }
    out[p] = last;
  }
  return out;
}

test('reload in the middle of a deploy: finished steps stay finished, time goes on, early log lines are back', async () => {
  const page = s.page;
  await openReviewWith(page, smallSandboxDraft(NAME));
  const wizard = new WizardPage(page);
  await wizard.waitForStep('Review');
  const review = new ReviewPage(page);
  await review.preflight().getByText(/^(All checks passed|Warning:|Note:)/).first().waitFor(LONG);
  await review.create().click();
  await wizard.waitForStep('Deploy');
  const d = new DeployPage(page);
  await d.stepList().locator('li[data-status="done"]').nth(1).waitFor(LONG);
  const shownAzureLine = (await d.someShownLine('azure', LONG.timeout)).slice(0, 60);
  const before = await shown(page);
  assert.ok(await d.phase().getByRole('button', { name: 'Cancel' }).isVisible(), 'still running when reloaded');
  const doneBefore = before.states.filter((x) => x.endsWith('=done'));
  await page.reload();
  await wizard.waitForStep('Deploy');
  await d.stepList().locator('li[data-status="done"]').first().waitFor(LONG);
  // Steps finished before the reload are finished after it (no new event says so: the record does).
  // Live events can reach the new page before its read of the record answers, so the list may
  // first hold only the steps those events name: wait for the record, then compare.
  const afterReload = await shownOnceRecorded(page, doneBefore);
  for (const step of doneBefore) assert.ok(afterReload.states.includes(step), `${step} after the reload (shown: ${afterReload.states.join(' ')})`);
  assert.ok(afterReload.seconds >= before.seconds, `elapsed went on (${before.seconds}s -> ${afterReload.seconds}s), it did not restart`);
  // The pane has a line shown before the reload (from the record's backlog).
  await d.searchUntilFound('azure', shownAzureLine, LONG.timeout);
  await screenshot(page, 'record-01-reloaded-mid-deploy');
});

test('reload after the deploy and a new page: the same steps, elapsed time and log lines', async () => {
  const page = s.page;
  const d = new DeployPage(page);
  await waitOrExplain(page, d.phase().getByText(`${NAME}: create succeeded`), d.phase(), 'record-deploy', 180_000);
  const before = await shown(page);
  const lines = await settledLines(page, before.panes);
  assert.ok(before.states.every((x) => x.endsWith('=done')), before.states.join(' '));

  await page.reload();
  await d.phase().getByText(`${NAME}: create succeeded`).waitFor(LONG);
  const reloaded = await shown(page);
  assert.deepEqual(reloaded.states, before.states);
  assert.equal(reloaded.seconds, before.seconds);
  assert.deepEqual(await settledLines(page, reloaded.panes), lines);

  // Close the page; a new one (signed in afresh) shows the same.
  const fresh = await s.context.newPage();
  await page.close();
  await fresh.goto(s.server.signInUrl());
  s.page = fresh;
  const d2 = new DeployPage(fresh);
  await d2.phase().getByText(`${NAME}: create succeeded`).waitFor(LONG);
  const reopened = await shown(fresh);
  assert.deepEqual(reopened.states, before.states);
  assert.equal(reopened.seconds, before.seconds);
  assert.deepEqual(await settledLines(fresh, reopened.panes), lines);
  await screenshot(fresh, 'record-02-reopened');
});

test('the finished deploy replays at 8x: steps and log lines come again', async () => {
  const page = s.page;
  const d = new DeployPage(page);
  const live = await settledLines(page, ['azure']);
  await d.phase().getByRole('button', { name: 'Replay' }).click();
  const replay = page.getByTestId('replay');
  await replay.getByRole('button', { name: 'Play', exact: true }).waitFor(LONG);
  await replay.getByRole('combobox', { name: 'Replay speed' }).selectOption('8');
  const steps = replay.getByTestId('replay-steps').locator('li');
  const total = await steps.count();
  assert.equal(total, (await shown(page)).states.length);
  assert.equal(await steps.and(page.locator('[data-status="done"]')).count(), 0, 'nothing done before it plays');
  await replay.getByRole('button', { name: 'Play', exact: true }).click();
  await replay.getByTestId('replay-position').getByText(`replay finished: ${total} of ${total} steps done`).waitFor({ timeout: 120_000 });
  assert.equal(await steps.and(page.locator('[data-status="done"]')).count(), total);
  assert.deepEqual(await settledLines(page, ['replay:azure']), { 'replay:azure': live.azure });
  await screenshot(page, 'record-03-replayed');
});
