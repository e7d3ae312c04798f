import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { SANDBOX_SUBSCRIPTION_ID } from '@flatkube/sandbox';
import { instantSandbox, screenshot, startE2e, waitOrExplain, type E2eSession } from './harness';
import { ClustersPage } from './pages/clusters-page';
import { DeployPage } from './pages/deploy-page';
import { DonePage, ReviewPage } from './pages/step-pages';
import { WizardPage } from './pages/wizard-page';

// Resume after a backend restart, against the REAL backend and sandbox: a deployment is started
// and cancelled part-way, the backend and page are closed, a NEW backend (and sandbox) starts on
// the SAME data folder, the Clusters view lists the unfinished cluster, Resume completes it
// (Done, kubeconfig), and the Clusters view tears it down with a typed confirmation.
const NAME = 'resumed';
const LONG = { timeout: 30_000 };
const SSH = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1c3RlcmtleWZvcmZsYXRrdWJldGVzdGluZ29ubHk e2e@flatkube';
let first: E2eSession | undefined;
let second: E2eSession | undefined;
let dataDir = '';

before(async () => {
  first = await startE2e({ sandbox: instantSandbox(), keepDataDir: true });
  dataDir = first.dataDir;
});
after(async () => {
  try {
    await first?.close();
    await second?.close();
  } finally {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a deployment is started, then cancelled part-way; the first backend stops', async () => {
  const s = first!;
  const draft = {
    name: NAME, subscriptionId: SANDBOX_SUBSCRIPTION_ID, resourceGroup: { name: `flatkube-${NAME}`, create: true }, location: 'westeurope',
    controlPlane: { size: 'Standard_D2s_v5' }, workers: { count: 1, size: 'Standard_D2s_v5' }, ssh: { publicKey: SSH }, allowedSourceIp: '203.0.113.10',
  };
  await s.page.evaluate((v) => globalThis.localStorage.setItem('flatkube.wizard', v), JSON.stringify({ state: { step: 'review', draft }, version: 1 }));
  await s.page.reload();
  const wizard = new WizardPage(s.page);
  await wizard.waitForStep('Review');
  const review = new ReviewPage(s.page);
  await review.preflight().getByText(/^(All checks passed|Warning:|Note:)/).first().waitFor(LONG);
  await review.create().click();
  await wizard.waitForStep('Deploy');
  const d = new DeployPage(s.page);
  await d.stepList().locator('li[data-status="done"]').first().waitFor(LONG);
  await d.phase().getByRole('button', { name: 'Cancel' }).click();
  // Cancel asks once, in the page; then it says it is cancelling until the engine ends it.
  await d.phase().getByRole('group', { name: 'Confirm cancel' }).getByRole('button', { name: 'Yes, cancel' }).click();
  await d.phase().getByText(`${NAME}: create cancelled`).waitFor({ timeout: 120_000 });
  const done = await d.stepList().locator('li[data-status="done"]').count();
  const all = await d.stepList().locator('li').count();
  assert.ok(done > 0 && done < all, `part-way: ${done} of ${all} steps done`);
  await screenshot(s.page, 'real-resume-01-cancelled');
  await s.close();
  first = undefined;
});

test('a new backend on the same data folder: the Clusters view (keyboard) lists the unfinished cluster', async () => {
  second = await startE2e({ sandbox: instantSandbox(), dataDir });
  const c = new ClustersPage(second.page);
  // Reach the view from the rail with the keyboard.
  await c.railEntry().focus();
  await second.page.keyboard.press('Enter');
  await c.heading().waitFor(LONG);
  await c.cluster(NAME).waitFor(LONG);
  assert.equal((await c.state(NAME).innerText()).trim(), 'cancelled');
  assert.match(await c.cluster(NAME).innerText(), /\d+ of \d+ steps done/);
  await c.resume(NAME).waitFor();
  await c.teardownToggle(NAME).waitFor();
  await screenshot(second.page, 'real-resume-02-clusters');
});

test('Resume completes the deployment: Done with the kubeconfig', async () => {
  const s = second!;
  const c = new ClustersPage(s.page);
  const wizard = new WizardPage(s.page);
  await c.resume(NAME).click();
  await wizard.heading().or(c.cluster(NAME).getByTestId('error-card')).first().waitFor(LONG);
  if (await c.cluster(NAME).getByTestId('error-card').count()) assert.fail(await c.cluster(NAME).getByTestId('error-card').innerText());
  await wizard.waitForStep('Deploy');
  const d = new DeployPage(s.page);
  await waitOrExplain(s.page, d.phase().getByText(`${NAME}: create succeeded`), d.phase(), 'real-resume-resumed', 120_000);
  await screenshot(s.page, 'real-resume-03-deploy');
  await s.page.getByRole('button', { name: 'Continue to Done' }).click();
  await wizard.waitForStep('Done');
  const done = new DonePage(s.page);
  await done.kubeconfig().getByText(new RegExp(`clusters/${NAME}/kubeconfig`)).first().waitFor(LONG);
  assert.ok((await done.kubeconfig().innerText()).includes(dataDir));
  await screenshot(s.page, 'real-resume-04-done');
});

test('the Clusters view (top bar) shows it created; teardown with the typed confirmation leaves nothing', async () => {
  const s = second!;
  const c = new ClustersPage(s.page);
  await c.topBarEntry().click();
  await c.heading().waitFor(LONG);
  await c.state(NAME).getByText('created', { exact: true }).waitFor(LONG);
  await c.teardownToggle(NAME).click();
  await c.confirm(NAME).fill('resume');
  assert.equal(await c.teardown(NAME).isDisabled(), true);
  await c.confirm(NAME).fill(NAME);
  assert.equal(await c.teardown(NAME).isDisabled(), false);
  await screenshot(s.page, 'real-resume-05-teardown-confirm');
  await c.teardown(NAME).click();
  await c.result().getByText(`${NAME} deleted. Nothing was left behind.`).waitFor({ timeout: 300_000 });
  await c.empty().waitFor(LONG);
  await c.showDeleted().check();
  await c.state(NAME).getByText('deleted', { exact: true }).waitFor(LONG);
  assert.equal(await c.resume(NAME).count(), 0);
  await screenshot(s.page, 'real-resume-06-torn-down');
});
