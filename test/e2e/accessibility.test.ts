import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SANDBOX_SUBSCRIPTION_ID } from '@flatkube/sandbox';
import { COLOUR_RULES, describe, isBlocking, runAxe, summarise, type AxeViolation } from './axe';
import { instantSandbox, sandboxRequest, screenshot, startE2e, waitOrExplain, type E2eSession } from './harness';
import { ClusterDetailPage } from './pages/cluster-detail-page';
import { ClustersPage } from './pages/clusters-page';
import { DeployPage } from './pages/deploy-page';
import { LocationPage } from './pages/location-page';
import { ClusterPage, DonePage, ReviewPage, SignInPage, SizesPage, SubscriptionPage } from './pages/step-pages';
import { WizardPage } from './pages/wizard-page';

// axe-core (default rules) on every screen of the wizard, the Clusters view and the node logs, in
// the light and the dark theme, against the REAL backend and its instant sandbox: no serious and
// no critical violation anywhere. A failure lists each rule, selector and contrast figure.
let session: E2eSession;
let wizard: WizardPage;
const sandbox = instantSandbox();
const LONG = { timeout: 30_000 };
const SSH = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1c3RlcmtleWZvcmZsYXRrdWJldGVzdGluZ29ubHk e2e@flatkube';
const summary: string[] = [];

type Theme = 'light' | 'dark';

async function currentTheme(): Promise<Theme> {
  return (await session.page.getByTestId('theme-toggle').getAttribute('aria-pressed')) === 'true' ? 'dark' : 'light';
}

/**
 * Picks a theme with the top bar's toggle, as a user would, and waits until the page wears it: the
 * pick on <html data-theme>, or (before any pick) the system's scheme when that is the one asked.
 */
async function useTheme(theme: Theme): Promise<void> {
  if ((await currentTheme()) !== theme) await session.page.getByTestId('theme-toggle').click();
  await session.page.waitForFunction((t) => {
    const g = globalThis as unknown as { document: { documentElement: { dataset: { theme?: string } } }; matchMedia(q: string): { matches: boolean } };
    const pinned = g.document.documentElement.dataset.theme;
    return pinned ? pinned === t : g.matchMedia('(prefers-color-scheme: dark)').matches === (t === 'dark');
  }, theme);
}

/**
 * Runs axe on the screen as it is, in its current theme and then in the other one (so the walk
 * alternates themes and every screen is seen in both): every rule in the first, the colour rules
 * in the second (the themes differ in colours only); fails listing every serious/critical node.
 */
async function check(screen: string): Promise<void> {
  const first = await currentTheme();
  const found: Record<string, AxeViolation[]> = {};
  for (const theme of [first, first === 'light' ? 'dark' : 'light'] as const) {
    await useTheme(theme);
    const violations = await runAxe(session.page, theme === first ? undefined : COLOUR_RULES);
    found[theme] = violations;
    summary.push(`${screen.padEnd(22)} ${theme.padEnd(5)} ${summarise(violations)}`);
    await screenshot(session.page, `a11y-${screen}-${theme}`);
  }
  const problems = Object.entries(found)
    .map(([theme, v]) => [theme, v.filter(isBlocking)] as const)
    .filter(([, v]) => v.length > 0)
    .map(([theme, v]) => `${screen} (${theme} theme): ${summarise(v)}\n${describe(v)}`);
  assert.equal(problems.length, 0, `axe-core found serious/critical violations:\n${problems.join('\n')}`);
}

before(async () => {
  session = await startE2e({ sandbox });
  wizard = new WizardPage(session.page);
});
after(async () => {
  // The before/after table of the walk (also when a screen failed).
  console.log(`axe-core results per screen and theme:\n${summary.join('\n')}`);
  await session?.close();
});

test('Sign in', async () => {
  const p = new SignInPage(session.page);
  await p.status().getByText(/@/).first().waitFor(LONG);
  await p.badge().waitFor();
  await check('sign-in');
});

test('Subscription', async () => {
  await wizard.next().click();
  const radios = session.page.getByRole('radiogroup', { name: 'Subscriptions' }).getByRole('radio');
  await radios.first().waitFor(LONG);
  await radios.first().check();
  await new SubscriptionPage(session.page).resourceGroupName().fill('flatkube-a11y');
  await check('subscription');
});

test('Location (map and list, a region selected)', async () => {
  await wizard.next().click();
  const p = new LocationPage(session.page);
  await p.markers().first().waitFor(LONG);
  await p.search().fill('west europe');
  await p.listOption('West Europe').check();
  await p.search().fill('');
  await check('location');
});

test('Location (zoomed into Europe, the selected region among its targets)', async () => {
  const p = new LocationPage(session.page);
  await p.reveal('westeurope');
  assert.equal(await p.zoomed(), true);
  await p.marker('westeurope').hover();
  await p.tooltip().getByText('West Europe').waitFor();
  await check('location-zoomed');
  await p.wholeWorld().click();
});

test('Image', async () => {
  await wizard.next().click();
  await session.page.getByRole('radiogroup', { name: 'Image offer' }).getByRole('radio').first().waitFor(LONG);
  await session.page.getByText('no plan: no terms to accept').waitFor(LONG);
  await check('image');
});

test('Sizes (the control plane tab)', async () => {
  await wizard.next().click();
  const p = new SizesPage(session.page);
  await p.use('Standard_D2s_v5').waitFor(LONG);
  await p.use('Standard_D2s_v5').check();
  await check('sizes-control-plane');
});

test('Sizes (the workers tab)', async () => {
  const p = new SizesPage(session.page);
  await p.role(/^Workers/).click();
  await p.use('Standard_D2s_v5').check();
  await check('sizes-workers');
});

test('Cluster', async () => {
  await wizard.next().click();
  const p = new ClusterPage(session.page);
  await p.kubernetesVersion().locator('option').first().waitFor({ state: 'attached', ...LONG });
  await p.name().fill('a11y');
  await p.workers().fill('1');
  await p.sshKey().fill(SSH);
  await session.page.getByRole('textbox', { name: /Your public IP/ }).and(session.page.locator('[value]:not([value=""])')).waitFor(LONG);
  await check('cluster');
});

test('Review (cost, preflight, exports)', async () => {
  await wizard.next().click();
  const p = new ReviewPage(session.page);
  await p.cost().getByText(/per hour/).first().waitFor(LONG);
  await waitOrExplain(session.page, p.preflight().getByText(/^(All checks passed|Warning:|Note:)/).first(), p.preflight(), 'a11y-preflight', 60_000);
  await p.exports().getByRole('tab').first().waitFor(LONG);
  await check('review');
});

test('Deploy (finished, with the log panes)', async () => {
  await new ReviewPage(session.page).create().click();
  await wizard.waitForStep('Deploy');
  const d = new DeployPage(session.page);
  await d.phase().getByText('a11y: create succeeded').waitFor({ timeout: 120_000 });
  await d.waitForText('worker-0', 'This node has joined the cluster');
  // One step's explanation open, as a reader would have it.
  await d.stepList().locator('summary').first().click();
  await check('deploy');
});

test('Done (the teardown armed)', async () => {
  await session.page.getByRole('button', { name: 'Continue to Done' }).click();
  await wizard.waitForStep('Done');
  const p = new DonePage(session.page);
  await p.kubeconfig().getByText(/kubeconfig/).first().waitFor(LONG);
  // The typed confirmation enables the red Tear down button: it is checked enabled.
  await p.confirm().fill('a11y');
  assert.equal(await p.teardown().isDisabled(), false);
  await check('done');
});

test('Clusters view (a created cluster, its teardown form armed)', async () => {
  const c = new ClustersPage(session.page);
  await c.topBarEntry().click();
  await c.state('a11y').getByText('created', { exact: true }).waitFor(LONG);
  await c.teardownToggle('a11y').click();
  await c.confirm('a11y').fill('a11y');
  assert.equal(await c.teardown('a11y').isDisabled(), false);
  await check('clusters');
});

test('Node logs view (following the kubelet)', async () => {
  const c = new ClustersPage(session.page);
  await c.teardownToggle('a11y').click();
  await c.cluster('a11y').getByRole('button', { name: 'Live node logs…' }).click();
  const logs = session.page.getByTestId('node-logs-a11y');
  await logs.getByRole('button', { name: 'Follow logs' }).click();
  await logs.getByTestId('follow-status').getByText('Following kubelet on cp-0 live.').waitFor(LONG);
  await new DeployPage(session.page).waitForText('live:a11y/cp-0', 'kubelet[');
  await check('node-logs');
  await logs.getByRole('button', { name: 'Stop', exact: true }).click();
});

test('Cluster page (nodes, history, a Change under review)', async () => {
  const c = new ClustersPage(session.page);
  const page = new ClusterDetailPage(session.page);
  await c.open('a11y').click();
  await page.readyNode('worker-0').waitFor(LONG);
  await page.change().click();
  await page.poolCount('workers').fill('2');
  await page.review().click();
  await page.cost().waitFor(LONG);
  await page.plan().locator('summary').first().click();
  await check('cluster-page');
});

test('Deploy (failed: the error card, a failed step, red log lines)', async () => {
  // A second cluster straight from Review with a VM failure injected through the sandbox's API.
  const draft = {
    name: 'broken', subscriptionId: SANDBOX_SUBSCRIPTION_ID, resourceGroup: { name: 'flatkube-broken', create: true }, location: 'westeurope',
    controlPlane: { size: 'Standard_D2s_v5' }, workers: { count: 1, size: 'Standard_D2s_v5' }, ssh: { publicKey: SSH }, allowedSourceIp: '203.0.113.10',
  };
  const stored = await session.page.evaluate(() => globalThis.localStorage.getItem('flatkube.wizard'));
  const state = { ...(JSON.parse(stored ?? '{}') as { state?: object }).state, step: 'review', draft, deployment: null };
  await session.page.evaluate((v) => globalThis.localStorage.setItem('flatkube.wizard', v), JSON.stringify({ state, version: 1 }));
  await session.page.reload();
  await wizard.waitForStep('Review');
  const review = new ReviewPage(session.page);
  await waitOrExplain(session.page, review.preflight().getByText(/^(All checks passed|Warning:|Note:)/).first(), review.preflight(), 'a11y-broken-preflight', 60_000);
  const fault = await sandboxRequest(sandbox, 'POST', '/_sandbox/faults', { rules: [{ kind: 'vm-provisioning-failed', method: 'PUT', path: 'virtualMachines/broken-worker-0' }] });
  assert.equal(fault.status, 200);
  await review.create().click();
  await wizard.waitForStep('Deploy');
  const card = session.page.getByTestId('error-card');
  await card.waitFor({ timeout: 120_000 });
  await card.getByRole('button', { name: 'Retry from the failed step' }).waitFor();
  assert.equal(await new DeployPage(session.page).stepList().locator('li[data-status="failed"]').count(), 1);
  await check('deploy-failed');
});
