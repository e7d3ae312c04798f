import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { screenshot, startE2e, type E2eSession } from './harness';
import { DeployPage } from './pages/deploy-page';
import { WizardPage } from './pages/wizard-page';

// The log panes fed through the real event stream: the backend's EventHub -> WebSocket -> renderer.
let session: E2eSession;
let wizard: WizardPage;
let deploy: DeployPage;

const KUBEADM = [
  '[init] Using Kubernetes version: v1.35.3',
  '[preflight] Running pre-flight checks',
  '[WARNING SystemVerification]: missing optional cgroups: hugetlb',
  '[certs] Generating "ca" certificate and key',
  '[kubelet-start] Starting the kubelet',
  '[control-plane] Creating static Pod manifest for "kube-apiserver"',
  '[wait-control-plane] Waiting for the kubelet to boot up the control plane',
  '[api-check] The API server is healthy after 12.5s',
  'Your Kubernetes control-plane has initialized successfully!',
];

function emit(stream: string, text: string, level: 'info' | 'warn' | 'error' = 'info', ts = Date.now()) {
  session.backend.hub.emit('log.line', { stream, ts, level, text });
}

before(async () => {
  session = await startE2e();
  wizard = new WizardPage(session.page);
  deploy = new DeployPage(session.page);
  await wizard.railStep('Deploy').click();
  await wizard.waitForStep('Deploy');
});
after(async () => {
  await session?.close();
});

test('one pane per stream appears as lines arrive, Azure operations first, with kubeadm output', async () => {
  const t0 = Date.parse('2026-01-01T10:00:00Z');
  emit('cp-0', KUBEADM[0]!, 'info', t0);
  emit('azure', 'PUT resourceGroups/flatkube-demo -> 201 Created', 'info', t0);
  emit('worker-0', 'Ignition: fetched config from custom data', 'info', t0);
  await deploy.pane('worker-0').waitFor();
  const ids = await deploy.panes().evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
  assert.deepEqual(ids, ['log-pane-azure', 'log-pane-cp-0', 'log-pane-worker-0']);
  for (const [i, line] of KUBEADM.slice(1).entries()) emit('cp-0', line, line.includes('WARNING') ? 'warn' : 'info', t0 + (i + 1) * 1000);
  emit('azure', 'PUT virtualMachines/demo-cp-0 -> 409 Conflict: OperationNotAllowed (quota)', 'error', t0 + 5000);
  emit('worker-0', 'E0101 10:00:07 kubelet: failed to get node info', 'info', t0 + 7000);
  await session.page.waitForFunction(() => {
    const el = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(a: string): string | null } | null } }).document.querySelector('[data-testid="log-pane-cp-0"]');
    return el?.getAttribute('data-lines') === '9';
  });
  const text = await deploy.paneText('cp-0');
  assert.match(text, /initialized successfully/);
  assert.match(text, /\d\d:\d\d:\d\d\.\d{3} \[preflight\]/);
  await screenshot(session.page, 'logs-01-live-kubeadm');
});

test('warnings and errors are coloured (yellow, red)', async () => {
  // xterm's DOM renderer marks foreground colours with classes: 3 = yellow, 1 = red.
  await deploy.pane('cp-0').locator('.xterm-rows span.xterm-fg-3').first().waitFor();
  assert.match(await deploy.pane('cp-0').locator('.xterm-rows span.xterm-fg-3').first().innerText(), /WARNING/);
  await deploy.pane('azure').locator('.xterm-rows span.xterm-fg-9, .xterm-rows span.xterm-fg-1').first().waitFor();
  // A kubelet "E0101" line sent as info is still shown as an error.
  await deploy.pane('worker-0').locator('.xterm-rows span.xterm-fg-9, .xterm-rows span.xterm-fg-1').first().waitFor();
});

test('timestamps turn off and on', async () => {
  await deploy.timestamps('cp-0').uncheck();
  await deploy.waitForText('cp-0', '[preflight] Running pre-flight checks');
  assert.doesNotMatch(await deploy.paneText('cp-0'), /\d\d:\d\d:\d\d\.\d{3}/);
  assert.match(await deploy.paneText('cp-0'), /\[preflight\]/);
  await deploy.timestamps('cp-0').check();
  await deploy.waitForText('cp-0', '00.000 [init]');
  assert.match(await deploy.paneText('cp-0'), /\d\d:\d\d:\d\d\.\d{3} \[init\]/);
});

test('pause holds new lines back and Follow writes them', async () => {
  await deploy.follow('cp-0').click();
  emit('cp-0', 'kubeadm join node worker-0: ok');
  await deploy.follow('cp-0').getByText('Follow (1 new)').waitFor();
  assert.doesNotMatch(await deploy.paneText('cp-0'), /join node worker-0/);
  await deploy.follow('cp-0').click();
  await deploy.pane('cp-0').locator('.xterm-rows').getByText('kubeadm join node worker-0: ok').waitFor();
});

test('search finds a line and says when nothing matches', async () => {
  await deploy.search('cp-0').fill('api-check');
  await deploy.search('cp-0').press('Enter');
  await deploy.pane('cp-0').getByRole('status').getByText('found').waitFor();
  await screenshot(session.page, 'logs-02-search');
  await deploy.search('cp-0').fill('no-such-text-anywhere');
  await deploy.search('cp-0').press('Enter');
  await deploy.pane('cp-0').getByRole('status').getByText('no match').waitFor();
});

test('download all gives the whole log as text', async () => {
  const [download] = await Promise.all([session.page.waitForEvent('download'), deploy.download('cp-0').click()]);
  assert.equal(download.suggestedFilename(), 'flatkube-cp-0.log');
  const text = readFileSync((await download.path())!, 'utf8');
  assert.equal(text.trim().split('\n').length, 10);
  assert.match(text, /2026-01-01T10:00:02.000Z cp-0 WARN {2}\[WARNING SystemVerification\]/);
});

test('the pane stays bounded: 6,000 lines keep 5,000 in the terminal, all counted', async () => {
  for (let i = 0; i < 6000; i++) emit('azure', `poll ${i}`);
  await session.page.waitForFunction(() => {
    const el = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(a: string): string | null } | null } }).document.querySelector('[data-testid="log-pane-azure"]');
    return el?.getAttribute('data-lines') === '6002';
  }, undefined, { timeout: 20_000 });
  await deploy.pane('azure').locator('.xterm-rows').getByText('poll 5999').waitFor();
  await screenshot(session.page, 'logs-03-bounded');
});
