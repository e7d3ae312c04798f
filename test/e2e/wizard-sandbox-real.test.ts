import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, test } from 'node:test';
import { instantSandbox, screenshot, startE2e, type E2eSession } from './harness';
import { DeployPage } from './pages/deploy-page';
import { LocationPage } from './pages/location-page';
import { ClusterPage, DonePage, ImagePage, ReviewPage, SignInPage, SizesPage, SubscriptionPage } from './pages/step-pages';
import { WizardPage } from './pages/wizard-page';

// The whole click-through against the REAL backend and its embedded sandbox (instant latency):
// no fake API, every answer comes from the IPC handlers, every deployment runs in the sandbox.
let session: E2eSession;
let wizard: WizardPage;
const sandbox = instantSandbox();
const LONG = { timeout: 30_000 };

/** A real ed25519 public key in OpenSSH form (the spec schema parses it). */
function sshPublicKey(): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const part = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return `ssh-ed25519 ${Buffer.concat([part(Buffer.from('ssh-ed25519')), part(raw)]).toString('base64')} e2e@flatkube`;
}

before(async () => {
  session = await startE2e({ sandbox });
  wizard = new WizardPage(session.page);
});
after(async () => {
  await session?.close();
});

test('Sign in: the sandbox is preselected, a sandbox user is signed in, the badge shows', async () => {
  const p = new SignInPage(session.page);
  await p.status().getByText(/@/).first().waitFor(LONG);
  assert.equal(await p.sandbox().isChecked(), true);
  await p.badge().waitFor();
  assert.ok(sandbox.running(), 'the backend started the instant sandbox');
  await screenshot(session.page, 'real-01-sign-in');
  await wizard.next().click();
});

test('Subscription: the sandbox subscriptions are listed; pick the first', async () => {
  const p = new SubscriptionPage(session.page);
  const radios = session.page.getByRole('radiogroup', { name: 'Subscriptions' }).getByRole('radio');
  await radios.first().waitFor(LONG);
  assert.ok((await radios.count()) >= 1);
  await radios.first().check();
  await p.resourceGroupName().fill('flatkube-e2e');
  await screenshot(session.page, 'real-02-subscription');
  await wizard.next().click();
});

test('Location: the map shows the sandbox regions as markers; pick West Europe', async () => {
  const p = new LocationPage(session.page);
  await p.markers().first().waitFor(LONG);
  assert.ok((await p.markers().count()) > 10);
  await p.search().fill('west europe');
  await p.listOption('West Europe').check();
  assert.equal(await p.marker('westeurope').getAttribute('aria-pressed'), 'true');
  await screenshot(session.page, 'real-03-location');
  await wizard.next().click();
});

test('Image: the default corevm offer from the sandbox catalogue, no terms to accept', async () => {
  const p = new ImagePage(session.page);
  const offers = session.page.getByRole('radiogroup', { name: 'Image offer' }).getByRole('radio');
  await offers.first().waitFor(LONG);
  assert.equal(await p.offer('Flatcar Container Linux (x64)').isChecked(), true);
  await session.page.getByText('no plan: no terms to accept').waitFor();
  await screenshot(session.page, 'real-04-image');
  await wizard.next().click();
});

test('Sizes: the sandbox sizes with prices; D2s_v5 for the control plane and the worker', async () => {
  const p = new SizesPage(session.page);
  await p.table().waitFor(LONG);
  await p.use('Standard_D2s_v5').waitFor(LONG);
  await p.use('Standard_D2s_v5').check();
  await screenshot(session.page, 'real-05-sizes');
  await p.role(/^Workers/).click();
  await p.use('Standard_D2s_v5').check();
  await wizard.next().click();
});

test('Cluster: versions from the sandbox bakery, name, 1 worker, SSH key; no validation errors', async () => {
  const p = new ClusterPage(session.page);
  // Offered versions are what the sandbox's sysext bakery publishes, newest first.
  await p.kubernetesVersion().locator('option', { hasText: '1.36.1' }).waitFor({ state: 'attached', ...LONG });
  assert.deepEqual(await p.kubernetesVersionOptions(), ['1.36.1 (latest 1.36)', '1.36.0', '1.35.3 (recommended)', '1.35.2', '1.34.5 (latest 1.34)', '1.34.4']);
  assert.equal(await p.kubernetesVersion().inputValue(), '1.35.3');
  await p.name().fill('e2e');
  await p.workers().fill('1');
  await p.sshKey().fill(sshPublicKey());
  await session.page.getByRole('textbox', { name: /Your public IP/ }).and(session.page.locator('[value]:not([value=""])')).waitFor(LONG);
  assert.equal(await session.page.locator('.field-error').count(), 0);
  await screenshot(session.page, 'real-06-cluster');
  await wizard.next().click();
});

test('Review: cost, preflight passes, exports from the engine, Create enabled', async () => {
  const p = new ReviewPage(session.page);
  await p.cost().getByText(/per hour/).first().waitFor(LONG);
  // Without internet the release check can only warn (it never blocks); nothing may block creation.
  await p.preflight().getByText(/^(All checks passed|Warning:|Note:)/).first().waitFor(LONG);
  assert.equal(await p.preflight().getByText('Blocks creation').count(), 0);
  // Before creation the control plane's public IP is unknown: the kubeadm config is a template.
  await p.exports().getByRole('tab', { name: 'kubeadm init.template.yaml' }).click();
  await p.exports().getByText('InitConfiguration').first().waitFor();
  await p.exports().getByText(/^# TEMPLATE, not a kubeadm config yet/m).first().waitFor();
  assert.equal(await p.create().isDisabled(), false);
  await screenshot(session.page, 'real-07-review');
  await p.create().click();
  await wizard.waitForStep('Deploy');
});

test('Deploy: the sandbox deployment runs with live kubeadm output in the node log panes', async () => {
  const d = new DeployPage(session.page);
  await d.stepList().waitFor(LONG);
  await d.pane('azure').waitFor(LONG);
  await session.page.getByTestId('phase').getByText('e2e: create succeeded').waitFor({ timeout: 120_000 });
  // Every step of the engine's plan ran, one pane per node plus Azure operations.
  assert.equal(await d.stepList().locator('li[data-status="done"]').count(), await d.stepList().locator('li').count());
  await d.pane('cp-0').waitFor();
  assert.ok((await d.lineCount('cp-0')) > 10);
  // Live kubeadm output (kubeadm join on the worker, written by the simulated node).
  await d.waitForText('worker-0', 'This node has joined the cluster');
  await d.waitForText('worker-0', '[kubelet-start]');
  await screenshot(session.page, 'real-08-deploy');
  await session.page.getByRole('button', { name: 'Continue to Done' }).click();
  await wizard.waitForStep('Done');
});

test('Done: kubeconfig path; teardown with the typed confirmation', async () => {
  const p = new DonePage(session.page);
  await p.kubeconfig().getByText(/clusters\/e2e\/kubeconfig/).first().waitFor(LONG);
  assert.match(await p.kubeconfig().innerText(), new RegExp(session.dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.equal(await p.teardown().isDisabled(), true);
  await p.confirm().fill('e2');
  assert.equal(await p.teardown().isDisabled(), true);
  await p.confirm().fill('e2e');
  await screenshot(session.page, 'real-09-done');
  await p.teardown().click();
  await session.page.getByText('Nothing was left behind.').waitFor({ timeout: 300_000 });
  await screenshot(session.page, 'real-10-torn-down');
});
