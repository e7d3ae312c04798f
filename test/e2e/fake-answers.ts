/**
 * The canned answers and events of the fake-backend e2e tests (wizard-flow-fake, wizard-location),
 * in the shapes of shared/ipc/channels/*. Kept apart from the tests so a unit test
 * (test/unit/contract/e2e-fakes.test.ts) holds them to the contract without a browser; the e2e
 * tests check them again when they install them (fake-api.ts).
 */
import { appInfo, SUB_ID, sandboxLocations, sandboxStatus, type Canned, type FakeAnswers } from './fake-api';

const ok = (value: unknown): Canned => ({ ok: true, value });
const quota = (available: number) => ({ name: 'standardDSv5Family', label: 'DSv5 vCPUs', limit: 10, used: 10 - available, available });
const size = (name: string, vCPUs: number, memoryGB: number, perHour: number, extra: object = {}) => ({
  name, family: 'standardDSv5Family', vCPUs, memoryGB, architecture: 'x64', generations: [1, 2], quotaAllowsOne: true,
  familyQuota: quota(8), regionalQuota: quota(20), price: { currency: 'USD', perHour, perMonth: perHour * 730 }, belowControlPlaneMinimum: vCPUs < 2, ...extra,
});
export const SIZES = [
  size('Standard_B1s', 1, 1, 0.0104),
  size('Standard_B2s', 2, 4, 0.0416),
  size('Standard_D2s_v5', 2, 8, 0.096),
  size('Standard_D4s_v5', 4, 16, 0.192, { quotaAllowsOne: false, familyQuota: quota(2) }),
];
// As Azure (and the sandbox) name Flatcar's plans: the plan name is the image SKU, the product its offer.
const FREE_PLAN = { name: 'stable-gen2', product: 'flatcar-container-linux-free', publisher: 'kinvolk' };
const image = (offer: string, plan?: object) => ({ publisher: 'kinvolk', offer, sku: 'stable-gen2', channel: 'stable', generation: 2, architecture: 'x64', versions: ['4230.2.2', '4152.2.3'], ...(plan ? { plan } : {}) });
const TERMS = { publisher: 'kinvolk', offer: 'flatcar-container-linux-free', plan: 'stable-gen2', licenseTextLink: 'https://example.invalid/license', privacyPolicyLink: 'https://example.invalid/privacy' };
export const PLAN = [
  { id: 'rg', title: 'Create resource group', dependsOn: [], az: 'az group create -n flatkube-demo -l westeurope', explain: 'A resource group holds everything of the cluster.' },
  { id: 'vm-cp-0', title: 'Create VM cp-0', dependsOn: ['rg'], az: 'az vm create -n demo-cp-0 ...', explain: 'The control plane VM boots Flatcar with its Ignition config.' },
  { id: 'kubeadm-init', title: 'kubeadm init on cp-0', dependsOn: ['vm-cp-0'], az: 'ssh core@cp-0 sudo kubeadm init --config init.yaml', explain: 'Kubernetes starts on the control plane.' },
];

/** Every channel the whole click-through needs, as the Azure sandbox would answer. */
export function wizardFlowAnswers(): FakeAnswers {
  return {
    'app.info': appInfo,
    'auth.status': sandboxStatus,
    'auth.useSandbox': sandboxStatus,
    'azure.subscriptions': ok({ subscriptions: [
      { subscriptionId: SUB_ID, displayName: 'Sandbox subscription', state: 'Enabled', tenantId: 't', accountId: 'acc-1', accountName: 'demo@sandbox.flatkube.test' },
      { subscriptionId: '00000000-0000-4000-8000-000000000002', displayName: 'Team playground', state: 'Enabled', tenantId: 't', accountId: 'acc-1', accountName: 'demo@sandbox.flatkube.test' },
    ], skippedTenants: [] }),
    'azure.locations': ok(sandboxLocations()),
    'azure.images': ok([image('flatcar-container-linux-corevm-amd64'), image('flatcar-container-linux-free', FREE_PLAN)]),
    // Like Azure: the terms read as accepted once azure.acceptTerms was called (the step reads them again).
    'azure.terms': { sequence: [ok({ ...TERMS, accepted: false }), ok({ ...TERMS, accepted: true })] },
    'azure.acceptTerms': ok({ ...TERMS, accepted: true }),
    'azure.sizes': ok({ location: 'westeurope', sizes: SIZES, prices: { asOf: '2026-01-01' } }),
    'azure.kubernetesVersions': ok({ bakery: 'https://sandbox.test/_bakery/releases/download', versions: [
      { version: '1.36.1', minor: 36, latestPatch: true },
      { version: '1.35.3', minor: 35, latestPatch: true },
    ] }),
    'azure.publicIp': ok({ ip: '203.0.113.7', source: 'sandbox', detail: 'the sandbox answers with a documentation address' }),
    'azure.preflight': { sequence: [
      ok({ ok: false, findings: [{ code: 'QUOTA_FAMILY', severity: 'error', message: 'Standard_D4s_v5 needs 4 vCPUs of DSv5 quota in westeurope; 2 are left.', fix: 'Pick a smaller worker size, or request more DSv5 quota in the Azure portal.', path: 'workers.size' }] }),
      ok({ ok: true, findings: [{ code: 'IMAGE_TERMS', severity: 'info', message: 'The free offer terms are accepted.', fix: 'Nothing to do.' }] }),
    ] },
    'cluster.exports': ok({ ignition: { 'cp-0': '{\n  "ignition": { "version": "3.4.0" }\n}' }, kubeadm: { 'init.yaml': 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n' }, azScript: '#!/bin/sh\naz group create -n flatkube-demo -l westeurope\n', plan: PLAN }),
    'cluster.generateSshKey': ok({ keyId: 'demo-0a1b2c3d', publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGdlbmVyYXRlZGtleWZvcmZsYXRrdWJldGVzdGluZ29ubHk core@demo', fingerprint: 'SHA256:generatedkeyfortests', privateKeyPath: '/home/demo/.config/flatkube/ssh-keys/demo-0a1b2c3d/id_ed25519' }),
    'cluster.create': ok({ name: 'demo' }),
    'cluster.cancel': ok({ cancelled: true }),
    'cluster.kubeconfig': ok({ path: '/home/demo/.config/flatkube/clusters/demo/kubeconfig' }),
    'cluster.mergeKubeconfig': ok({ path: '/home/demo/.kube/config', context: 'demo', backupPath: '/home/demo/.kube/config.flatkube-backup-1' }),
    'cluster.destroy': ok({ leftovers: [] }),
  };
}

/** The Deploy step's events: progress of the three plan steps, node and Azure log lines, the end. */
export function deployEvents(t: number) {
  const progress = (stepId: string, title: string, status: string, done: number, node?: string) => ({ cluster: 'demo', stepId, title, status, done, total: 3, ts: t + done * 1000, ...(node ? { node } : {}) });
  return {
    started: [progress('rg', 'Create resource group', 'running', 0), progress('rg', 'Create resource group', 'done', 1), progress('vm-cp-0', 'Create VM cp-0', 'running', 1, 'cp-0')],
    logs: [
      { cluster: 'demo', stream: 'azure', level: 'info', text: 'PUT resourceGroups/flatkube-demo -> 201', ts: t },
      { cluster: 'demo', stream: 'cp-0', level: 'info', text: '[init] Using Kubernetes version: v1.35.3', ts: t + 1500 },
      { cluster: 'demo', stream: 'cp-0', level: 'warn', text: '[preflight] WARNING: swap is enabled', ts: t + 1600 },
      { cluster: 'demo', stream: 'worker-0', level: 'info', text: 'Ignition finished successfully', ts: t + 1700 },
    ],
    ended: [progress('vm-cp-0', 'Create VM cp-0', 'done', 2, 'cp-0'), progress('kubeadm-init', 'kubeadm init on cp-0', 'done', 3, 'cp-0')],
    finished: [{ cluster: 'demo', operation: 'create', outcome: 'succeeded', kubeconfigPath: '/home/demo/.config/flatkube/clusters/demo/kubeconfig' }],
  };
}

/** The Location step on its own: the sandbox's regions. */
export function locationAnswers(): FakeAnswers {
  return { 'app.info': appInfo, 'auth.status': sandboxStatus, 'azure.locations': { ok: true, value: sandboxLocations() } };
}
