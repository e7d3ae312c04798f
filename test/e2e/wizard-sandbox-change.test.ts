import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SANDBOX_SUBSCRIPTION_ID } from '@flatkube/sandbox';
import type { CallContext } from '../../electron/ipc/registry';
import type { ClusterFinished } from '../../shared/ipc/channels/cluster';
import { instantSandbox, screenshot, startE2e, waitOrExplain, type E2eSession } from './harness';
import { ClusterDetailPage } from './pages/cluster-detail-page';
import { ClustersPage } from './pages/clusters-page';
import { DeployPage } from './pages/deploy-page';

// A cluster's life in the wizard, against the REAL backend and its instant sandbox: a cluster of one
// control plane and a pool of one worker (created through the backend, the wizard's create has its
// own tests), opened from the Clusters view; Change raises the pool to two, the review shows the
// plan naming the new node and the estimate growing, Apply runs in the live view, and the page's
// nodes table then shows the new node Ready. The cluster runs Kubernetes 1.36.0 so that the
// page then offers the next patch: "Upgrade available: 1.36.1", its plan (every node, one at a
// time, no add-on moved within a minor), the upgrade live, and every node at v1.36.1.
const NAME = 'change';
const LONG = { timeout: 60_000 };
const SSH = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1c3RlcmtleWZvcmZsYXRrdWJldGVzdGluZ29ubHk e2e@flatkube';
const call: CallContext = { transport: 'test', signal: new AbortController().signal };
let session: E2eSession;

before(async () => {
  session = await startE2e({ sandbox: instantSandbox() });
  const spec = {
    name: NAME, subscriptionId: SANDBOX_SUBSCRIPTION_ID, resourceGroup: { name: `flatkube-${NAME}`, create: true }, location: 'westeurope',
    kubernetesVersion: '1.36.0', controlPlane: { count: 1, size: 'Standard_B2s' }, nodePools: [{ name: 'workers', count: 1, size: 'Standard_B2s' }], ssh: { publicKey: SSH }, allowedSourceIp: '203.0.113.10',
  };
  const finished = new Promise<ClusterFinished>((resolve) => {
    const stop = session.backend.hub.connect((channel, event) => {
      if (channel === 'cluster.finished') {
        stop();
        resolve(event as ClusterFinished);
      }
    });
  });
  const started = await session.backend.registry.invoke('cluster.create', { spec }, call);
  assert.ok(started.ok, JSON.stringify(started));
  const done = await finished;
  assert.equal(done.outcome, 'succeeded', JSON.stringify(done));
});
after(async () => {
  await session?.close();
});

test('Change a pool from one worker to two: plan, cost, apply live, the new node Ready', async () => {
  const page = session.page;
  const list = new ClustersPage(page);
  const c = new ClusterDetailPage(page);
  await list.topBarEntry().click();
  await list.state(NAME).getByText('created', { exact: true }).waitFor(LONG);
  await list.open(NAME).click();
  await c.heading(NAME).waitFor();
  await waitOrExplain(page, c.readyNode('worker-0'), c.view(), 'change-status', 30_000);
  assert.equal(await c.node('worker-1').count(), 0);
  assert.deepEqual(await c.history().locator('tbody tr').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-kind')}:${r.getAttribute('data-state')}`)), ['create:succeeded']);

  await c.change().click();
  await c.poolCount('workers').fill('2');
  await c.changeSection().getByTestId('change-lines').getByText('pool workers: 1 → 2 nodes').waitFor();
  await screenshot(page, 'real-change-00-edit');
  await c.review().click();
  await waitOrExplain(page, c.plan(), c.changeSection(), 'change-plan', 30_000);
  assert.match(await c.plan().getByTestId('plan-add').innerText(), /^Adds worker-1 \(pool workers, Standard_B2s, /);
  assert.equal(await c.plan().getByTestId('plan-remove').count(), 0);
  assert.ok((await c.plan().locator('li[data-step-id="vm:worker-1"]').count()) === 1, 'a step creates the new VM');
  await c.cost().waitFor(LONG);
  const before = Number(await c.cost().getAttribute('data-before'));
  const afterCost = Number(await c.cost().getAttribute('data-after'));
  assert.ok(before > 0 && afterCost > before, `the estimate grows: ${before} -> ${afterCost}`);
  await screenshot(page, 'real-change-01-review');

  await c.apply().click();
  const d = new DeployPage(page);
  await waitOrExplain(page, d.phase().getByText(`${NAME}: apply succeeded`), c.changeSection(), 'change-apply', 120_000);
  assert.equal(await d.step('vm:worker-1').getAttribute('data-status'), 'done');
  // The live view has the new node's log pane, as the Deploy step has.
  await d.pane('worker-1').waitFor();
  await waitOrExplain(page, c.readyNode('worker-1'), c.view(), 'change-ready', 30_000);
  // Role, pool, size of the new node as the record has them.
  assert.deepEqual(await c.node('worker-1').locator('td').evaluateAll((cells) => cells.slice(0, 3).map((td) => td.textContent)), ['worker', 'workers', 'Standard_B2s']);
  // The history has the apply, newest first.
  await c.history().locator('tbody tr[data-kind="apply"][data-state="succeeded"]').waitFor(LONG);
  assert.deepEqual(await c.history().locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind'))), ['apply', 'create']);
  await screenshot(page, 'real-change-02-applied');
});

test('Upgrade available: the next patch, its plan, the upgrade live, every node at the new version', async () => {
  const page = session.page;
  const c = new ClusterDetailPage(page);
  const d = new DeployPage(page);
  // Done with the change: its section closes, and the page offers what it hid meanwhile.
  await c.changeSection().getByRole('button', { name: 'Close' }).click();
  assert.equal(await c.updatesStrategy().getAttribute('data-strategy'), 'kured');
  await waitOrExplain(page, c.upgradeAvailable().getByText('Upgrade available: 1.36.1'), c.view(), 'upgrade-available', 30_000);
  await c.upgradeAvailable().getByRole('button', { name: 'Upgrade…' }).click();
  const u = c.upgradeSection();
  assert.equal(await u.getByRole('radio', { name: '1.36.1' }).isChecked(), true, 'the nearest release is chosen');
  await u.getByRole('button', { name: 'Review upgrade' }).click();
  await waitOrExplain(page, u.getByTestId('upgrade-order'), u, 'upgrade-plan', 30_000);
  assert.match(await u.getByTestId('upgrade-order').innerText(), /cp-0, then worker-0, then worker-1\.$/);
  assert.equal(await u.locator('li[data-step-id="kubeadm-upgrade:cp-0"]').count(), 1);
  assert.equal(await u.locator('li[data-step-id^="addon:"]').count(), 0, 'a patch keeps the add-ons');
  await screenshot(page, 'real-upgrade-00-plan');
  await u.getByRole('button', { name: 'Upgrade to 1.36.1' }).click();
  await waitOrExplain(page, d.phase().getByText(`${NAME}: upgrade succeeded`), u, 'upgrade-run', 120_000);
  assert.equal(await d.step('uncordon:worker-1').getAttribute('data-status'), 'done');
  for (const n of ['cp-0', 'worker-0', 'worker-1']) {
    await waitOrExplain(page, c.kubernetesOf(n).getByText('v1.36.1', { exact: true }), c.view(), `upgrade-${n}`, 30_000);
    assert.equal(await c.node(n).getAttribute('data-ready'), 'true');
  }
  await u.getByRole('button', { name: 'Close' }).click();
  await c.history().locator('tbody tr[data-kind="upgrade"][data-state="succeeded"]').waitFor(LONG);
  assert.equal(await c.upgradeAvailable().count(), 0, 'nothing newer than 1.36.1 in the bakery');
  await screenshot(page, 'real-upgrade-01-done');
});
