import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sandboxEnvironment } from '../../electron/services/azure/sandbox-environment';
import { SANDBOX_SUBSCRIPTION_ID, SANDBOX_USERS } from '@flatkube/sandbox';
import { installFakeAz, type FakeAz } from '../helpers/fake-az';
import { instantSandbox, screenshot, startE2e, type E2eSession } from './harness';
import { DeployPage } from './pages/deploy-page';
import { ReviewPage, SignInPage } from './pages/step-pages';
import { WizardPage } from './pages/wizard-page';

// "Use my Azure CLI sign-in" against the REAL backend, with the embedded sandbox posing as real
// Azure (kind 'azure': no automatic sandbox user) behind the stand-in az (test/helpers/fake-az) on
// this process's PATH. The backend runs az; the page never sees a token. Then the first real run
// checklist at Review, and a cluster created with tokens from az.
let session: E2eSession;
let wizard: WizardPage;
let az: FakeAz | undefined;
const sandbox = instantSandbox();
const LONG = { timeout: 60_000 };
const GRACE = SANDBOX_USERS[1]!;
const IP = '203.0.113.7';
const SSH = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1c3RlcmtleWZvcmZsYXRrdWJldGVzdGluZ29ubHk e2e@flatkube';

before(async () => {
  session = await startE2e({
    sandbox,
    backend: {
      azure: {
        env: {},
        // Real Azure is the sandbox, dressed as Azure; the internet probes answer without the internet.
        azureEnvironment: () => {
          const sb = sandbox.running()!;
          return { ...sandboxEnvironment(sb.info, sb.caCertPem), kind: 'azure' };
        },
        probe: async () => 'exists',
        publicIp: async () => ({ ip: IP, source: 'service', detail: 'detected by a stand-in echo service' }),
      },
    },
  });
  wizard = new WizardPage(session.page);
});
after(async () => {
  az?.restore();
  await session?.close();
});

test('Sign in: without az the choice says so and what to run; with az signed in, "Use my Azure CLI sign-in" signs in as its account', async () => {
  const p = new SignInPage(session.page);
  await p.badge().waitFor(LONG);
  const cliWhy = session.page.getByTestId('choice-azure-cli-why');
  // This machine has no az on PATH yet (the stand-in is put there below).
  az = installFakeAz(sandbox.running()!, { user: GRACE.upn });
  az.missing();
  await session.page.getByRole('button', { name: 'Check again' }).click();
  await cliWhy.getByText(/The Azure CLI \(az\) was not found on this computer/).waitFor(LONG);
  assert.match(await cliWhy.innerText(), /then run az login\. Run it in a terminal, then check again\./);
  const cliRadio = session.page.getByRole('radio', { name: /Use my Azure CLI sign-in/ });
  assert.equal(await cliRadio.isDisabled(), true);
  // Signed out: az's own words and `az login`.
  az.mode('signed-out');
  await session.page.getByRole('button', { name: 'Check again' }).click();
  await cliWhy.getByText(/not signed in \(az says: "Please run 'az login' to setup account\."\)/).waitFor(LONG);
  await screenshot(session.page, 'azcli-01-signed-out');
  // `az login` done in a terminal: check again, the account shows, the choice works.
  az.mode('ok');
  await session.page.getByRole('button', { name: 'Check again' }).click();
  await session.page.getByTestId('choice-azure-cli-account').getByText(GRACE.upn).waitFor(LONG);
  assert.equal(await cliRadio.isDisabled(), false);
  // No app registration here: Microsoft sign-in says how to get one.
  await session.page.getByTestId('choice-msal-why').getByRole('link', { name: 'How to register an app' }).waitFor();
  // A controlled radio: it turns checked once main has switched (auth.useAzureCli), not on the click.
  await cliRadio.click();
  await p.status().getByText('Microsoft Azure (through your Azure CLI sign-in)').waitFor(LONG);
  await p.status().getByText(GRACE.upn).first().waitFor();
  await session.page.getByTestId('azure-cli-note').waitFor();
  assert.equal(await cliRadio.isChecked(), true);
  assert.equal(await session.page.getByRole('button', { name: 'Sign in with Microsoft' }).count(), 0);
  await screenshot(session.page, 'azcli-02-signed-in');
  await wizard.next().click();
});

test('Subscription: listed with tokens from az, for the subscription\'s tenant', async () => {
  const radios = session.page.getByRole('radiogroup', { name: 'Subscriptions' }).getByRole('radio');
  await radios.first().waitFor(LONG);
  assert.ok(az!.calls().some((a) => a.join(' ').startsWith('account get-access-token --output json --resource ') && a.includes('--tenant')));
  await screenshot(session.page, 'azcli-03-subscriptions');
});

test('Review: the first real run checklist passes line by line; Create starts the deployment', async () => {
  const draft = {
    name: 'azcli', subscriptionId: SANDBOX_SUBSCRIPTION_ID, resourceGroup: { name: 'flatkube-azcli', create: true }, location: 'westeurope',
    controlPlane: { size: 'Standard_D2s_v5' }, workers: { count: 1, size: 'Standard_D2s_v5' }, ssh: { publicKey: SSH }, allowedSourceIp: IP,
    // Grace is a Contributor: she may create everything but the Azure integration's role
    // assignment (roleAssignments/write is Owner's), so her cluster goes without it; the refusal
    // with it on is test/integration/azure/first-run-checklist.test.ts's.
    azureIntegration: { cloudProvider: false, disks: false },
  };
  await session.page.evaluate((v) => globalThis.localStorage.setItem('flatkube.wizard', v), JSON.stringify({ state: { step: 'review', draft }, version: 1 }));
  await session.page.reload();
  await wizard.waitForStep('Review');
  const p = new ReviewPage(session.page);
  const checklist = session.page.getByTestId('first-run-checklist');
  await checklist.waitFor(LONG);
  const statuses = await checklist.locator('li').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-check')}:${e.getAttribute('data-status')}`));
  assert.deepEqual(statuses, [
    'subscription:pass', 'role:pass', 'providers:pass', 'region-and-sizes:pass', 'names:pass', 'quota:pass',
    'image-and-terms:pass', 'kubernetes:pass', 'bakery:pass', 'github:pass', 'public-ip:pass',
  ]);
  await checklist.getByText(/Your roles there: Contributor/).waitFor();
  await screenshot(session.page, 'azcli-04-checklist');
  await p.create().waitFor(LONG);
  assert.equal(await p.create().isDisabled(), false);
  await p.create().click();
  await wizard.waitForStep('Deploy');
});

test('Deploy: the cluster is created in (what the app takes for) real Azure with az\'s tokens; nothing of the sign-in is stored', async () => {
  const d = new DeployPage(session.page);
  await d.stepList().waitFor(LONG);
  await session.page.getByTestId('phase').getByText('azcli: create succeeded').waitFor({ timeout: 180_000 });
  assert.equal(await d.stepList().locator('li[data-status="done"]').count(), await d.stepList().locator('li').count());
  await screenshot(session.page, 'azcli-05-deployed');
  const record = path.join(session.dataDir, 'clusters', 'azcli', 'cluster.json');
  assert.ok(existsSync(record));
  assert.ok(!readdirSync(session.dataDir).includes('token-cache-azure.bin'), `no Azure token cache: ${readdirSync(session.dataDir).join(', ')}`);
});
