import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deployEvents, wizardFlowAnswers } from './fake-answers';
import { assertFakeCallsValid, calls, emit, installFakeApi, SUB_ID } from './fake-api';
import { screenshot, startE2e, type E2eSession } from './harness';
import { DeployPage } from './pages/deploy-page';
import { LocationPage } from './pages/location-page';
import { ClusterPage, DonePage, ImagePage, ReviewPage, SignInPage, SizesPage, SubscriptionPage } from './pages/step-pages';
import { WizardPage } from './pages/wizard-page';

// The whole click-through against canned channel answers (fake-answers.ts) in the shapes of
// shared/ipc/channels/* (azure.ts, auth.ts, cluster.ts), held to that contract by fake-api.ts.
let session: E2eSession;
let wizard: WizardPage;
const SSH = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1c3RlcmtleWZvcmZsYXRrdWJldGVzdGluZ29ubHk demo@laptop';

before(async () => {
  session = await startE2e();
  await installFakeApi(session.page, wizardFlowAnswers());
  wizard = new WizardPage(session.page);
});
after(async () => {
  await session?.close();
});

test('Sign in: the sandbox is preselected and the badge shows', async () => {
  const p = new SignInPage(session.page);
  await p.status().getByText('demo@sandbox.flatkube.test').waitFor();
  assert.equal(await p.sandbox().isChecked(), true);
  await p.badge().waitFor();
  await screenshot(session.page, 'flow-01-sign-in');
  await wizard.next().click();
});

test('Subscription: search and pick; resource group named', async () => {
  const p = new SubscriptionPage(session.page);
  await p.pick('Sandbox subscription').waitFor();
  await p.search().fill('team');
  assert.equal(await p.pick('Sandbox subscription').count(), 0);
  await p.search().fill('');
  await p.pick('Sandbox subscription').check();
  await p.resourceGroupName().fill('flatkube-demo');
  await screenshot(session.page, 'flow-02-subscription');
  await wizard.next().click();
});

test('Location: pick West Europe from the list', async () => {
  const p = new LocationPage(session.page);
  await p.markers().first().waitFor();
  await p.search().fill('west europe');
  await p.listOption('West Europe').check();
  assert.equal(await p.marker('westeurope').getAttribute('aria-pressed'), 'true');
  await wizard.next().click();
});

test('Image: the free offer has a plan; its terms are accepted with an explicit action', async () => {
  const p = new ImagePage(session.page);
  assert.equal(await p.offer('Flatcar Container Linux (x64)').isChecked(), true);
  await session.page.getByText('no plan: no terms to accept').waitFor();
  await p.offer('Flatcar Container Linux, free offer (x64)').check();
  await p.termsStatus().getByText('terms not accepted yet').waitFor();
  await session.page.getByText(/Accepting records your agreement/).waitFor();
  await screenshot(session.page, 'flow-03-image-terms');
  await p.acceptTerms().click();
  await p.termsStatus().getByText('terms accepted').waitFor();
  assert.deepEqual(await calls(session.page, 'azure.acceptTerms'), [{ subscriptionId: SUB_ID, offer: 'flatcar-container-linux-free', plan: 'stable-gen2' }]);
  await wizard.next().click();
});

test('Sizes: sortable, filterable, below-minimum flagged; choose control plane and (too big) workers', async () => {
  const p = new SizesPage(session.page);
  await p.table().waitFor();
  assert.deepEqual(await p.order(), ['Standard_B1s', 'Standard_B2s', 'Standard_D2s_v5', 'Standard_D4s_v5']);
  await p.sortBy('Memory (GB)').click();
  await p.sortBy('Memory (GB)').click();
  assert.deepEqual((await p.order())[0], 'Standard_D4s_v5');
  await p.table().locator('tr[data-size="Standard_B1s"]').getByText('below control-plane minimum').waitFor();
  await p.use('Standard_D2s_v5').check();
  await screenshot(session.page, 'flow-04-sizes');
  await p.role(/^Workers/).click();
  assert.equal(await p.table().getByText('below control-plane minimum').count(), 0);
  await p.filter().fill('D4');
  assert.deepEqual(await p.order(), ['Standard_D4s_v5']);
  await p.use('Standard_D4s_v5').check();
  await wizard.next().click();
});

test('Cluster: inline validation from the shared schema; 1 worker; SSH key', async () => {
  const p = new ClusterPage(session.page);
  await p.name().fill('Demo_1');
  await p.errorFor('name').getByText(/lowercase letters/).waitFor();
  await p.name().fill('demo');
  assert.equal(await p.errorFor('name').count(), 0);
  await p.workers().fill('1');
  await p.sshKey().fill('-----BEGIN OPENSSH PRIVATE KEY-----');
  await p.errorFor('ssh.publicKey').getByText(/private key/).waitFor();
  await screenshot(session.page, 'flow-05-cluster-invalid');
  await p.sshKey().fill(SSH);
  await session.page.getByRole('textbox', { name: /Your public IP/ }).and(session.page.locator('[value="203.0.113.7"]')).waitFor();
  assert.equal(await session.page.locator('.field-error').count(), 0);
  await wizard.next().click();
});

test('Review: cost, a quota finding blocks Create with its fix; a smaller size clears it', async () => {
  const p = new ReviewPage(session.page);
  // 1 x D2s_v5 + 1 x D4s_v5 = 0.288/h, 210.24/month.
  await p.cost().getByText('$0.288 per hour').waitFor();
  await p.cost().getByText(/\$210\.24 per month/).waitFor();
  await p.preflight().getByText('Blocks creation').waitFor();
  await p.preflight().getByText(/request more DSv5 quota/).waitFor();
  assert.equal(await p.create().isDisabled(), true);
  await p.exports().getByRole('tab', { name: 'kubeadm init.yaml' }).click();
  await p.exports().getByText('InitConfiguration').waitFor();
  await screenshot(session.page, 'flow-06-review-blocked');
  await wizard.railStep('Sizes').click();
  const sizes = new SizesPage(session.page);
  await sizes.role(/^Workers/).click();
  await sizes.use('Standard_B2s').check();
  await wizard.railStep('Review').click();
  await p.cost().getByText('$0.138 per hour').waitFor();
  await p.preflight().getByText('All checks passed').or(p.preflight().getByText('Note:')).first().waitFor();
  await session.page.waitForFunction(() => !(globalThis as unknown as { document: { querySelector(s: string): { disabled: boolean } } }).document.querySelector('.review-step .row > button.primary').disabled);
  await screenshot(session.page, 'flow-07-review-ok');
  await p.create().click();
  await wizard.waitForStep('Deploy');
});

test('Deploy: phase bar, step list with az equivalents, per-node logs from the events', async () => {
  const d = new DeployPage(session.page);
  const events = deployEvents(Date.now());
  await emit(session.page, 'cluster.progress', events.started);
  await emit(session.page, 'cluster.log', events.logs);
  await d.step('rg').and(session.page.locator('[data-status="done"]')).waitFor();
  await d.step('vm-cp-0').and(session.page.locator('[data-status="running"]')).waitFor();
  await d.pane('worker-0').waitFor();
  await d.waitForText('cp-0', 'Using Kubernetes version');
  await d.phase().getByText('step 2 of 3').waitFor();
  await d.step('vm-cp-0').getByText('az equivalent and explanation').click();
  await screenshot(session.page, 'flow-08-deploy');
  await emit(session.page, 'cluster.progress', events.ended);
  await emit(session.page, 'cluster.finished', events.finished);
  await session.page.getByRole('button', { name: 'Continue to Done' }).click();
  await wizard.waitForStep('Done');
});

test('Done: kubeconfig, merge with backup named, typed-confirmation teardown', async () => {
  const p = new DonePage(session.page);
  await p.kubeconfig().getByText('/home/demo/.config/flatkube/clusters/demo/kubeconfig').waitFor();
  await p.merge().click();
  await session.page.getByTestId('merged').getByText('/home/demo/.kube/config.flatkube-backup-1').waitFor();
  assert.equal(await p.teardown().isDisabled(), true);
  await p.confirm().fill('dem');
  assert.equal(await p.teardown().isDisabled(), true);
  await p.confirm().fill('demo');
  await screenshot(session.page, 'flow-09-done');
  await p.teardown().click();
  await session.page.getByText('Nothing was left behind.').waitFor();
  assert.deepEqual(await calls(session.page, 'cluster.destroy'), [{ name: 'demo' }]);
});

test('every call the wizard made would have passed the real input schemas', async () => {
  await assertFakeCallsValid(session.page);
});
