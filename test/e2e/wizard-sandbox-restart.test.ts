import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { instantSandbox, screenshot, startE2e, startE2eInChild, waitOrExplain, type ChildE2eSession, type E2eSession } from './harness';
import { ClustersPage } from './pages/clusters-page';
import { DeployPage } from './pages/deploy-page';
import { DonePage, ReviewPage } from './pages/step-pages';
import { openReviewWith, smallSandboxDraft } from './pages/sandbox-draft';
import { WizardPage } from './pages/wizard-page';

// The backend dies mid-deployment (its process is killed: no cleanup) and a NEW backend starts on
// the SAME data folder: the Clusters view shows the cluster as unfinished, Resume completes it,
// and the Clusters view tears it down. All against the real backend and sandbox.
const NAME = 'crashed';
const LONG = { timeout: 30_000 };
const dataDir = mkdtempSync(path.join(tmpdir(), 'flatkube-e2e-data-'));
let first: ChildE2eSession | undefined;
let second: E2eSession | undefined;

before(async () => {
  first = await startE2eInChild(dataDir);
});
after(async () => {
  try {
    await first?.close();
    await second?.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a deployment runs; its backend process is killed part-way', async () => {
  const page = first!.page;
  await openReviewWith(page, smallSandboxDraft(NAME));
  const wizard = new WizardPage(page);
  await wizard.waitForStep('Review');
  const review = new ReviewPage(page);
  await review.preflight().getByText(/^(All checks passed|Warning:|Note:)/).first().waitFor(LONG);
  await review.create().click();
  await wizard.waitForStep('Deploy');
  const d = new DeployPage(page);
  await d.stepList().locator('li[data-status="done"]').nth(2).waitFor(LONG);
  await first!.kill();
  const done = await d.stepList().locator('li[data-status="done"]').count();
  const all = await d.stepList().locator('li').count();
  assert.ok(done > 0 && done < all, `part-way: ${done} of ${all} steps done`);
  await screenshot(page, 'real-restart-01-killed');
  await first!.close();
  first = undefined;
});

test('a new backend on the same data folder: the cluster is unfinished; Resume completes it', async () => {
  second = await startE2e({ sandbox: instantSandbox(), dataDir });
  const s = second;
  const c = new ClustersPage(s.page);
  await c.topBarEntry().click();
  await c.heading().waitFor(LONG);
  await c.state(NAME).getByText('unfinished', { exact: true }).waitFor(LONG);
  await screenshot(s.page, 'real-restart-02-unfinished');
  await c.resume(NAME).click();
  const wizard = new WizardPage(s.page);
  await wizard.heading().or(c.cluster(NAME).getByTestId('error-card')).first().waitFor(LONG);
  if (await c.cluster(NAME).getByTestId('error-card').count()) assert.fail(await c.cluster(NAME).getByTestId('error-card').innerText());
  await wizard.waitForStep('Deploy');
  const d = new DeployPage(s.page);
  await waitOrExplain(s.page, d.phase().getByText(`${NAME}: create succeeded`), d.phase(), 'real-restart-resumed', 120_000);
  await s.page.getByRole('button', { name: 'Continue to Done' }).click();
  await wizard.waitForStep('Done');
  await new DonePage(s.page).kubeconfig().getByText(new RegExp(`clusters/${NAME}/kubeconfig`)).first().waitFor(LONG);
  await screenshot(s.page, 'real-restart-03-done');
});

test('teardown from the Clusters view leaves nothing behind', async () => {
  const s = second!;
  const c = new ClustersPage(s.page);
  await c.railEntry().click();
  await c.state(NAME).getByText('created', { exact: true }).waitFor(LONG);
  await c.teardownToggle(NAME).click();
  await c.confirm(NAME).fill(NAME);
  await c.teardown(NAME).click();
  await c.result().getByText(`${NAME} deleted. Nothing was left behind.`).waitFor({ timeout: 300_000 });
  await c.empty().waitFor(LONG);
  await screenshot(s.page, 'real-restart-04-torn-down');
});
