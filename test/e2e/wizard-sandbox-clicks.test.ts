declare const document: { activeElement: { getAttribute(name: string): string | null } | null };
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { instantSandbox, startE2e, type E2eSession } from './harness';
import { ClusterPage, ReviewPage, SignInPage } from './pages/step-pages';
import { WizardPage } from './pages/wizard-page';

// Issue 16, item 7: in the sandbox the default cluster (a generated key, everything preselected)
// takes at most 7 clicks from start to Create; Next on an invalid step stays and focuses the
// first error. The real backend and sandbox: the key pair is really made in main.
let session: E2eSession;
let wizard: WizardPage;
const LONG = { timeout: 30_000 };
let clicks = 0;
const click = async (target: Locator) => {
  clicks++;
  await target.click();
};

before(async () => {
  session = await startE2e({ sandbox: instantSandbox() });
  wizard = new WizardPage(session.page);
});
after(async () => {
  await session?.close();
});

test('the default sandbox cluster with a generated key: at most 7 clicks from start to Create', async () => {
  await new SignInPage(session.page).status().getByText(/@/).first().waitFor(LONG);
  await click(wizard.next());
  // Subscription and region are preselected in the sandbox; the image and sizes have defaults.
  await session.page.getByRole('radiogroup', { name: 'Subscriptions' }).getByRole('radio', { checked: true }).waitFor(LONG);
  await click(wizard.next());
  await session.page.getByRole('radiogroup', { name: 'Azure regions' }).getByRole('radio', { checked: true }).waitFor(LONG);
  await click(wizard.next());
  await session.page.getByRole('radiogroup', { name: 'Image offer' }).getByRole('radio', { checked: true }).waitFor(LONG);
  await click(wizard.next());
  await wizard.waitForStep('Sizes');
  await click(wizard.next());
  const cluster = new ClusterPage(session.page);
  await cluster.generatedKey().waitFor(LONG);
  await session.page.getByRole('textbox', { name: /Your public IP/ }).and(session.page.locator('[value]:not([value=""])')).waitFor(LONG);
  await click(wizard.next());
  const review = new ReviewPage(session.page);
  await wizard.waitForStep('Review');
  assert.equal(await wizard.next().count(), 0, 'one primary action: no Next beside Create cluster');
  await session.page.locator('.review-step .row > button.primary:not([disabled])').waitFor(LONG);
  await click(review.create());
  await wizard.waitForStep('Deploy');
  assert.ok(clicks <= 7, `${clicks} clicks`);
  assert.equal(await wizard.next().count(), 0, 'Deploy continues by its own button once the cluster is created');
  for (const step of ['Sign in', 'Subscription', 'Location', 'Image', 'Sizes', 'Cluster', 'Review']) assert.equal(await wizard.railState(step), 'done', step);

  // The private key stayed in main: 0600 in the data folder; neither the page nor its storage saw it.
  const path = /at (\S+): keep it/.exec((await session.page.locator('main').textContent()) ?? '')?.[1];
  const saved = await session.page.evaluate(() => globalThis.localStorage.getItem('flatkube.wizard') ?? '');
  const keyPath = path ?? (JSON.parse(saved) as { state: { generatedKey: { privateKeyPath: string } } }).state.generatedKey.privateKeyPath;
  assert.ok(keyPath.startsWith(session.dataDir), keyPath);
  assert.match(await readFile(keyPath, 'utf8'), /BEGIN OPENSSH PRIVATE KEY/);
  if (process.platform !== 'win32') assert.equal((await stat(keyPath)).mode & 0o777, 0o600);
  assert.ok(!saved.includes('PRIVATE KEY'));
  assert.ok(!(await session.page.content()).includes('PRIVATE KEY'));
  // The one explicit download (browser mode: a one-time link the browser downloads; the app uses a
  // save dialog): the key reaches the file, never a frame of the page's WebSocket.
  const frames: string[] = [];
  session.page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  await session.page.reload();
  await wizard.railStep('Cluster').click();
  const [download] = await Promise.all([session.page.waitForEvent('download'), session.page.getByRole('button', { name: 'Download the private key' }).click()]);
  assert.equal(await readFile((await download.path())!, 'utf8'), await readFile(keyPath, 'utf8'));
  assert.ok(frames.some((f) => f.includes('downloadUrl')), 'the answer came over the WebSocket watched here');
  assert.ok(!frames.some((f) => f.includes('PRIVATE KEY')), 'no frame carried the key');
  assert.ok(!(await session.page.evaluate(() => globalThis.localStorage.getItem('flatkube.wizard') ?? '')).includes('PRIVATE KEY'));
});

test('Next on an invalid step stays, marks it, and focuses the first error in plain words', async () => {
  await wizard.railStep('Cluster').click();
  const cluster = new ClusterPage(session.page);
  await cluster.name().fill('second');
  await cluster.workers().fill('2.5');
  await wizard.next().click();
  await wizard.stepErrors().getByText('Workers in pool workers: must be a whole number.').waitFor();
  await wizard.waitForStep('Cluster');
  assert.equal(await cluster.errorFor('nodePools.0.count').textContent(), 'must be a whole number');
  assert.equal(await cluster.workers().evaluate((el) => el.ownerDocument.activeElement === el), true, 'the first field at fault has the focus');
  // A pasted private key is cleared at once, with a plain message beside the field.
  await cluster.sshKey().fill('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----');
  assert.equal(await cluster.sshKey().inputValue(), '');
  await cluster.errorFor('ssh.publicKey').getByText(/private key, so Flatkube cleared it/).waitFor();
  assert.ok(!(await session.page.evaluate(() => globalThis.localStorage.getItem('flatkube.wizard') ?? '')).includes('PRIVATE KEY'));
  await wizard.railStep('Review').click();
  assert.equal(await wizard.railState('Cluster'), 'invalid');
  // Review's Fix: goes back to the field.
  await session.page.locator('[data-fix="nodePools.0.count"]').click();
  await wizard.waitForStep('Cluster');
  await session.page.waitForFunction(() => document.activeElement?.getAttribute('aria-describedby') === 'err-nodePools.0.count');
});
