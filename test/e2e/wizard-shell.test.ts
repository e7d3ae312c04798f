declare const document: { activeElement: { textContent: string | null; tagName: string } | null };
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { screenshot, startE2e, type E2eSession } from './harness';
import { WizardPage } from './pages/wizard-page';

const TITLES = ['Sign in', 'Subscription', 'Location', 'Image', 'Sizes', 'Cluster', 'Review', 'Deploy', 'Done'];
let session: E2eSession;
let wizard: WizardPage;

before(async () => {
  session = await startE2e();
  wizard = new WizardPage(session.page);
});
after(async () => {
  await session?.close();
});

test('the footer shows what main reports: one IPC round trip over the WebSocket', async () => {
  await wizard.appInfo().getByText(/Flatkube \d+\.\d+\.\d+ · browser mode · Node \d+/).waitFor();
  const text = await wizard.appInfo().textContent();
  assert.match(text ?? '', new RegExp(`Node ${process.versions.node.replace(/\./g, '\\.')}`));
  // The one-time code was taken out of the address bar once read, and no token was put there.
  assert.doesNotMatch(session.page.url(), /code=|token=/);
});

test('a tab without a sign-in link, or with a spent one, is not let in and says what to do', async () => {
  const link = session.server.signInUrl();
  const pages = [await session.context.newPage(), await session.context.newPage(), await session.context.newPage()];
  try {
    await pages[0]!.goto(session.server.origin);
    await new WizardPage(pages[0]!).appInfo().getByText(/not signed in to Flatkube: open the one-time link/).waitFor();
    await pages[1]!.goto(link);
    await new WizardPage(pages[1]!).appInfo().getByText(/browser mode/).waitFor();
    await pages[2]!.goto(link);
    await new WizardPage(pages[2]!).appInfo().getByText(/each link works once/).waitFor();
  } finally {
    for (const p of pages) await p.close();
  }
});

test('the rail reaches all nine steps, each with its heading; Next stays on a step not filled in; Back returns', async () => {
  await wizard.waitForStep('Sign in');
  assert.equal(await wizard.back().isDisabled(), true);
  for (const [i, title] of TITLES.entries()) {
    await wizard.railStep(title).click();
    await wizard.waitForStep(title);
    assert.equal(await wizard.headingText(), title);
    await screenshot(session.page, `shell-${String(i + 1).padStart(2, '0')}-${title.toLowerCase().replace(/\s+/g, '-')}`);
  }
  assert.equal(await wizard.next().isDisabled(), true);
  // A step with a field missing: Next stays, says so and focuses the field.
  await wizard.railStep('Cluster').click();
  const name = session.page.getByRole('textbox', { name: 'Cluster name' });
  await name.fill('');
  await wizard.next().click();
  await wizard.stepErrors().getByText(/^Cluster name: /).waitFor();
  assert.equal(await wizard.headingText(), 'Cluster');
  assert.equal(await name.evaluate((el) => el.ownerDocument.activeElement === el), true);
  await wizard.back().click();
  await wizard.waitForStep('Sizes');
  assert.equal(await wizard.railState('Cluster'), 'ahead');
});

test('the wizard is keyboard navigable: the heading takes focus and the rail works with Enter', async () => {
  await wizard.railStep('Location').focus();
  await session.page.keyboard.press('Enter');
  await wizard.waitForStep('Location');
  const focused = await session.page.evaluate(() => document.activeElement?.textContent);
  assert.equal(focused, 'Location');
  // Tab from the heading reaches a real control.
  await session.page.keyboard.press('Tab');
  const tag = await session.page.evaluate(() => document.activeElement?.tagName);
  // The region search when the sandbox's subscription is chosen already, else Back.
  assert.ok(tag === 'BUTTON' || tag === 'INPUT', tag);
});
