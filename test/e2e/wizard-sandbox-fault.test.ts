import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { instantSandbox, sandboxRequest, screenshot, startE2e, type E2eSession } from './harness';
import { DeployPage } from './pages/deploy-page';
import { ReviewPage } from './pages/step-pages';
import { openReviewWith, smallSandboxDraft } from './pages/sandbox-draft';
import { WizardPage } from './pages/wizard-page';

// A failure injected through the sandbox (POST /_sandbox/faults) during a real deployment: the
// Deploy step shows the error card with the Azure code, and the log panes keep their lines.
let session: E2eSession;
let wizard: WizardPage;
const sandbox = instantSandbox();
const LONG = { timeout: 30_000 };

async function postFaults(body: unknown): Promise<number> {
  assert.ok(sandbox.running(), 'the sandbox is running');
  return (await sandboxRequest(sandbox, 'POST', '/_sandbox/faults', body)).status;
}

before(async () => {
  session = await startE2e({ sandbox });
  await openReviewWith(session.page, smallSandboxDraft('faulty'));
  wizard = new WizardPage(session.page);
});
after(async () => {
  await session?.close();
});

test('a VM provisioning failure injected in the sandbox shows the error card and keeps the logs', async () => {
  await wizard.waitForStep('Review');
  const review = new ReviewPage(session.page);
  await review.preflight().getByText(/^(All checks passed|Warning:|Note:)/).first().waitFor(LONG);
  assert.equal(await review.create().isDisabled(), false);
  // The sandbox is running now (the wizard's reads started it): fail the worker's VM.
  assert.equal(await postFaults({ rules: [{ kind: 'vm-provisioning-failed', method: 'PUT', path: 'virtualMachines/faulty-worker-0' }] }), 200);
  await review.create().click();
  await wizard.waitForStep('Deploy');
  const d = new DeployPage(session.page);
  const card = session.page.getByTestId('error-card');
  await card.waitFor({ timeout: 120_000 });
  assert.match(await card.innerText(), /OSProvisioningTimedOut/);
  await card.getByRole('button', { name: 'Retry from the failed step' }).waitFor();
  await card.getByRole('button', { name: 'Tear down' }).waitFor();
  assert.equal(await d.stepList().locator('li[data-status="failed"]').count(), 1);
  // The logs stay: the Azure pane and the control plane's pane still hold their lines.
  assert.ok((await d.lineCount('azure')) > 0);
  await d.pane('cp-0').waitFor();
  assert.ok((await d.lineCount('cp-0')) > 0);
  await screenshot(session.page, 'real-fault-deploy-error');
});
