import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { CallContext } from '../../electron/ipc/registry';
import { isBlocking, runAxe, describe as describeViolations } from './axe';
import { instantSandbox, resultFile, startE2e, type E2eSession } from './harness';
import { ReviewPage } from './pages/step-pages';
import { openReviewWith, smallSandboxDraft } from './pages/sandbox-draft';
import { WizardPage } from './pages/wizard-page';

// The classroom in the sandbox, one small cluster: a trainer arms "Fail a VM" from Break
// something, creates the cluster, and the Deploy view shows the Azure side (API calls linked to
// their steps, the resource diagram lighting up) and the failure catalogue's diagnosis; Reset
// classroom then tears the cluster down and starts a fresh draft with a new name.
let session: E2eSession;
let wizard: WizardPage;
const sandbox = instantSandbox();
const LONG = { timeout: 120_000 };
const call: CallContext = { transport: 'test', signal: new AbortController().signal };
/** The README's screenshots (docs/images), refreshed by this test when FLATKUBE_DOC_IMAGES=1. */
const DOC_IMAGES = process.env.FLATKUBE_DOC_IMAGES === '1';

before(async () => {
  session = await startE2e({ sandbox });
  await openReviewWith(session.page, smallSandboxDraft('classy'));
  wizard = new WizardPage(session.page);
});
after(async () => {
  await session?.close();
});

async function elementShot(testId: string, name: string): Promise<void> {
  const file = resultFile(name);
  await session.page.getByTestId(testId).screenshot({ path: file });
  if (DOC_IMAGES) {
    mkdirSync(path.resolve('docs/images'), { recursive: true });
    copyFileSync(file, path.resolve('docs/images', `${name}.png`));
  }
}

test('Break something, the API calls pane and the diagram during a deploy, then Reset classroom', async () => {
  const page = session.page;
  await wizard.waitForStep('Review');
  const review = new ReviewPage(page);
  await review.preflight().getByText(/^(All checks passed|Warning:|Note:)/).first().waitFor(LONG);

  // Break something: a menu button, only in the sandbox; arm "Fail a VM" for this draft's cluster.
  const classroom = page.getByTestId('classroom');
  await classroom.getByRole('button', { name: 'Break something' }).click();
  const menu = page.getByRole('menu', { name: 'Break something' });
  assert.deepEqual(await menu.getByRole('menuitem').allInnerTexts(), ['Throttle Azure', 'Fail a VM', 'Corrupt a download', 'Drop an SSH session']);
  await page.keyboard.press('ArrowDown');
  await menu.getByRole('menuitem', { name: 'Fail a VM' }).press('Enter');
  await classroom.getByRole('status').getByText(/Armed "Fail a VM" for classy/).waitFor();
  const rules = await sandbox.running()!.api.faults();
  assert.ok(rules.rules.some((r) => r.kind === 'vm-provisioning-failed' && r.path?.includes('classy')), JSON.stringify(rules));

  await review.create().click();
  await wizard.waitForStep('Deploy');

  // The API calls pane: PUTs with their statuses, each linked to the step that made it.
  const calls = page.getByTestId('api-calls');
  const rgPut = calls.locator('tr[data-method="PUT"][data-step-id="rg"]').first();
  await rgPut.waitFor(LONG);
  assert.match(await rgPut.locator('td').nth(3).innerText(), /^20[01]$/);
  assert.match(await rgPut.getByRole('link').innerText(), /resource group/i);
  assert.match(await rgPut.locator('td.api-path').innerText(), /\/resourcegroups\/flatkube-classy\?api-version=/i);

  // The diagram: boxes light up as their steps complete; each shows its az command.
  const diagram = page.getByTestId('resource-diagram');
  await diagram.locator('[data-box-id="rg"][data-state="done"]').waitFor(LONG);
  await diagram.locator('[data-box-id="vnet"][data-state="done"]').waitFor(LONG);
  await diagram.getByRole('listitem', { name: 'Resource group: created' }).getByText('az command').click();
  assert.match(await diagram.getByLabel('az command of Resource group', { exact: true }).innerText(), /az group create/);
  await diagram.getByRole('button', { name: 'Copy the az command of Resource group' }).waitFor();

  // The armed fault fires on a VM: the failure card carries the catalogue's diagnosis.
  const card = page.getByTestId('error-card');
  await card.waitFor(LONG);
  assert.match(await card.innerText(), /OSProvisioningTimedOut/);
  assert.match(await card.innerText(), /serial log/, 'the catalogue hint for a VM that did not finish booting');
  await diagram.locator('[data-box-id^="vm:"][data-state="failed"]').first().waitFor();
  const vmCall = calls.locator('tr[data-method="PUT"][data-step-id^="vm:"]').first();
  await vmCall.waitFor();

  // Both themes: no serious or critical axe finding on the Deploy view with its new panes.
  for (let i = 0; i < 2; i++) {
    const blocking = (await runAxe(page)).filter(isBlocking);
    assert.deepEqual(blocking.map((v) => v.id), [], describeViolations(blocking));
    await page.getByTestId('theme-toggle').click();
  }
  await elementShot('api-calls', 'api-calls');
  await elementShot('resource-diagram', 'resource-diagram');

  // Reset classroom: asks once, tears the cluster down through destroy, and a fresh draft has a new name.
  await classroom.getByRole('button', { name: 'Reset classroom' }).click();
  await classroom.getByRole('button', { name: 'Tear down every sandbox cluster' }).click();
  const done = classroom.getByRole('status').getByText(/Classroom reset: 1 cluster torn down\..*A fresh draft is named class-[0-9a-f]{4}\./);
  await done.waitFor(LONG).catch(async (err: unknown) => {
    throw new Error(`the reset did not finish: "${await classroom.getByRole('status').innerText()}" (${String(err)})`);
  });
  const list = await session.backend.registry.invoke('cluster.list', undefined, call);
  assert.ok(list.ok);
  assert.deepEqual((list.value as { name: string; state: string }[]).filter((c) => c.state !== 'deleted'), [], 'no cluster left');
  const fresh = /named (class-[0-9a-f]{4})/.exec(await done.innerText())![1]!;
  const saved = JSON.parse((await page.evaluate(() => globalThis.localStorage.getItem('flatkube.wizard'))) ?? '{}') as { state: { draft: { name: string; resourceGroup: { name: string } }; deployment: string | null } };
  assert.equal(saved.state.draft.name, fresh);
  assert.equal(saved.state.draft.resourceGroup.name, `flatkube-${fresh}`);
  assert.equal(saved.state.deployment, null);
  assert.equal((await sandbox.running()!.api.faults()).rules.length, 0, 'the faults are cleared for the next attendee');
});
