import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { SANDBOX_SUBSCRIPTION_ID } from '@flatkube/sandbox';
import { instantSandbox, screenshot, startE2e, waitOrExplain, type E2eSession } from './harness';
import { ClustersPage } from './pages/clusters-page';
import { DeployPage } from './pages/deploy-page';
import { ReviewPage } from './pages/step-pages';
import { WizardPage } from './pages/wizard-page';

// Live node logs of a running cluster, against the REAL backend and sandbox: a cluster is created,
// then the Clusters view follows a node's kubelet and its whole journal (cluster.followLogs:
// journalctl -f over SSH to the simulated node) in the same log pane, and stops (cluster.stopLogs).
const NAME = 'logs';
const LONG = { timeout: 30_000 };
const SSH = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1c3RlcmtleWZvcmZsYXRrdWJldGVzdGluZ29ubHk e2e@flatkube';
let session: E2eSession;

before(async () => {
  session = await startE2e({ sandbox: instantSandbox() });
});
after(async () => {
  await session?.close();
});

test('a cluster is created in the sandbox', async () => {
  const draft = {
    name: NAME, subscriptionId: SANDBOX_SUBSCRIPTION_ID, resourceGroup: { name: `flatkube-${NAME}`, create: true }, location: 'westeurope',
    controlPlane: { size: 'Standard_D2s_v5' }, workers: { count: 1, size: 'Standard_D2s_v5' }, ssh: { publicKey: SSH }, allowedSourceIp: '203.0.113.10',
  };
  await session.page.evaluate((v) => globalThis.localStorage.setItem('flatkube.wizard', v), JSON.stringify({ state: { step: 'review', draft }, version: 1 }));
  await session.page.reload();
  const wizard = new WizardPage(session.page);
  await wizard.waitForStep('Review');
  const review = new ReviewPage(session.page);
  await waitOrExplain(session.page, review.preflight().getByText(/^(All checks passed|Warning:|Note:)/).first(), review.preflight(), 'node-logs-preflight', 60_000);
  await review.create().click();
  await wizard.waitForStep('Deploy');
  const phase = new DeployPage(session.page).phase();
  await waitOrExplain(session.page, phase.getByText(`${NAME}: create succeeded`), phase, 'node-logs-deploy', 120_000);
});

test('Clusters view: follow cp-0 kubelet live, then the whole journal of worker-0, then stop', async () => {
  const c = new ClustersPage(session.page);
  const d = new DeployPage(session.page);
  await c.topBarEntry().click();
  await c.state(NAME).getByText('created', { exact: true }).waitFor(LONG);
  await c.cluster(NAME).getByRole('button', { name: 'Live node logs…' }).click();
  const logs = session.page.getByTestId(`node-logs-${NAME}`);
  await logs.getByRole('combobox', { name: 'Node' }).selectOption('cp-0');
  await logs.getByRole('radio', { name: 'kubelet' }).check();
  await logs.getByRole('button', { name: 'Follow logs' }).click();
  const stream = `live:${NAME}/cp-0`;
  await logs.getByTestId('follow-status').getByText('Following kubelet on cp-0 live.').waitFor(LONG);
  await d.waitForText(stream, 'following kubelet.service on cp-0');
  // Journal lines of the node's kubelet arrive over SSH into the pane.
  await d.waitForText(stream, 'kubelet[');
  assert.ok((await d.lineCount(stream)) > 1);
  assert.equal(await logs.locator('[data-testid^="log-pane-"]').count(), 1);
  await screenshot(session.page, 'real-node-logs-01-kubelet');

  // Another node, the whole journal: a fresh pane with that node's lines.
  await logs.getByRole('combobox', { name: 'Node' }).selectOption('worker-0');
  await logs.getByRole('radio', { name: 'Whole journal' }).check();
  await logs.getByRole('button', { name: 'Follow logs' }).click();
  const workerStream = `live:${NAME}/worker-0`;
  await logs.getByTestId('follow-status').getByText('Following whole journal on worker-0 live.').waitFor(LONG);
  await d.pane(workerStream).locator('.xterm-rows').getByText(/systemd\[1\]|kubelet\[|containerd\[/).first().waitFor(LONG);
  assert.ok((await d.lineCount(workerStream)) > 1);
  // The backlog can scroll the first line out of the visible rows: read the whole stream.
  const [download] = await Promise.all([session.page.waitForEvent('download'), d.download(workerStream).click()]);
  const whole = readFileSync((await download.path())!, 'utf8');
  assert.match(whole.split('\n')[0]!, /following the whole journal on worker-0/);
  assert.equal(await d.pane(stream).count(), 0);
  await screenshot(session.page, 'real-node-logs-02-journal');

  await logs.getByRole('button', { name: 'Stop', exact: true }).click();
  await logs.getByTestId('follow-status').getByText('Stopped following whole journal on worker-0.').waitFor(LONG);
  assert.equal(await logs.getByRole('button', { name: 'Stop', exact: true }).count(), 0);
  // The lines stay in the pane after the stop.
  assert.ok((await d.lineCount(workerStream)) > 1);
  await screenshot(session.page, 'real-node-logs-03-stopped');
});
