import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SANDBOX_SUBSCRIPTION_ID } from '@flatkube/sandbox';
import { instantSandbox, sandboxRequest, screenshot, startE2e, waitOrExplain, type E2eSession } from './harness';
import { ImagePage, ReviewPage } from './pages/step-pages';
import { WizardPage } from './pages/wizard-page';

// Against the REAL backend and its sandbox: the free offer's marketplace terms accepted in the
// Image step (azure.acceptTerms -> the sandbox's marketplace agreement, then re-read), and a
// regional vCPU quota lowered through the sandbox API that blocks Create at Review with its fix.
let session: E2eSession;
let wizard: WizardPage;
const sandbox = instantSandbox();
// Generous: CI runs two e2e files (two Chromiums, two backends) on two cores next to other suites.
const LONG = { timeout: 60_000 };
const SSH = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1c3RlcmtleWZvcmZsYXRrdWJldGVzdGluZ29ubHk e2e@flatkube';
const DRAFT = {
  name: 'quota', subscriptionId: SANDBOX_SUBSCRIPTION_ID, resourceGroup: { name: 'flatkube-quota', create: true }, location: 'westeurope',
  controlPlane: { size: 'Standard_D2s_v5' }, workers: { count: 1, size: 'Standard_D2s_v5' }, ssh: { publicKey: SSH }, allowedSourceIp: '203.0.113.10',
};

async function openWith(step: string, draft: object): Promise<void> {
  await session.page.evaluate((v) => globalThis.localStorage.setItem('flatkube.wizard', v), JSON.stringify({ state: { step, draft }, version: 1 }));
  await session.page.reload();
}

before(async () => {
  session = await startE2e({ sandbox });
  wizard = new WizardPage(session.page);
});
after(async () => {
  await session?.close();
});

test('Image: the free offer has a plan; its terms are accepted with the explicit action and read back as accepted', async () => {
  await openWith('image', DRAFT);
  await wizard.waitForStep('Image');
  const p = new ImagePage(session.page);
  await p.offer('Flatcar Container Linux (x64)').waitFor(LONG);
  const details = session.page.getByTestId('image-details');
  // The catalogue has loaded (the default offer's image is shown) before another offer is chosen.
  await waitOrExplain(session.page, details.locator('code', { hasText: 'flatcar-container-linux-corevm-amd64' }).first(), details, 'terms-images', LONG.timeout);
  await p.offer('Flatcar Container Linux, free offer (x64)').check();
  await details.getByText(/^flatcar:flatcar-container-linux-free:/).or(details.locator('code', { hasText: 'flatcar-container-linux-free' })).first().waitFor(LONG);
  await details.getByText('has a plan').waitFor(LONG);
  await p.termsStatus().waitFor(LONG);
  assert.equal((await p.termsStatus().innerText()).trim(), 'terms not accepted yet');
  // Links to read them, and the action says what it does.
  const terms = session.page.getByTestId('terms');
  assert.match((await terms.getByRole('link', { name: 'License' }).getAttribute('href')) ?? '', /^https:\/\//);
  assert.ok((await terms.getByRole('link').count()) >= 2);
  await terms.getByText(/az vm image terms accept/).waitFor();
  await screenshot(session.page, 'real-terms-01-not-accepted');
  // One primary action per screen: Accept terms while they are not accepted, Next after.
  const primaries = session.page.locator('main button.primary');
  assert.deepEqual(await primaries.allInnerTexts(), ['Accept terms']);
  await p.acceptTerms().click();
  // Read back from the backend (azure.terms after the agreement was signed in the sandbox).
  await session.page.getByTestId('terms-confirmed').waitFor(LONG);
  assert.equal((await p.termsStatus().innerText()).trim(), 'terms accepted');
  assert.equal(await p.acceptTerms().count(), 0);
  assert.deepEqual(await primaries.allInnerTexts(), ['Next']);
  await screenshot(session.page, 'real-terms-02-accepted');
  // A fresh page asks the backend again: the agreement is kept in the sandbox.
  await session.page.reload();
  await wizard.waitForStep('Image');
  await p.termsStatus().getByText('terms accepted', { exact: true }).waitFor(LONG);
  assert.equal(await p.offer('Flatcar Container Linux, free offer (x64)').isChecked(), true);
});

test('Review: a regional vCPU quota lowered in the sandbox blocks Create and shows its fix; raising it unblocks', async () => {
  assert.ok(sandbox.running(), 'the wizard reads started the sandbox');
  const quotaPath = `/_sandbox/quotas/${SANDBOX_SUBSCRIPTION_ID}/westeurope`;
  const lowered = await sandboxRequest(sandbox, 'PUT', quotaPath, { cores: 2 });
  assert.equal(lowered.status, 200);
  await openWith('review', DRAFT);
  await wizard.waitForStep('Review');
  const review = new ReviewPage(session.page);
  const finding = review.preflight().locator('.finding[data-severity="error"]').filter({ hasText: /regional vCPUs are free/ });
  await finding.waitFor(LONG);
  const text = await finding.innerText();
  assert.match(text, /^Blocks creation:/);
  assert.match(text, /needs 4 vCPUs in westeurope; 2 of 2 regional vCPUs are free/);
  assert.match(text, /Fix: .*request more regional quota/);
  assert.equal(await review.create().isDisabled(), true);
  assert.match(await session.page.locator('#create-why').innerText(), /blocks creation/);
  await screenshot(session.page, 'real-quota-01-blocked');
  // The fix: more quota (the override cleared), then the same review lets Create through.
  assert.equal((await sandboxRequest(sandbox, 'PUT', quotaPath, { cores: null })).status, 200);
  await session.page.reload();
  await wizard.waitForStep('Review');
  await review.preflight().getByText(/^(All checks passed|Warning:|Note:)/).first().waitFor(LONG);
  assert.equal(await review.preflight().getByText('Blocks creation').count(), 0);
  assert.equal(await review.create().isDisabled(), false);
  await screenshot(session.page, 'real-quota-02-unblocked');
});
