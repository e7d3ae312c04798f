import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyDraft, issuesByPath } from '../../../renderer/src/lib/draft';
import { fieldLabel, fieldSelector, plainMessage, stepOfPath } from '../../../renderer/src/lib/step-checks';
import { invalidSteps, issuesOfStep } from '../../../renderer/src/lib/step-validation';

const PUBLIC = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1c3RlcmtleWZvcmZsYXRrdWJldGVzdGluZ29ubHk demo@laptop';
const valid = () => ({ ...emptyDraft(), subscriptionId: '00000000-0000-4000-8000-000000000001', location: 'westeurope', ssh: { publicKey: PUBLIC }, allowedSourceIp: '203.0.113.7' });

test('Next on the Subscription step with no subscription finds it invalid (it used to turn green)', () => {
  const draft = { ...valid(), subscriptionId: '' };
  assert.deepEqual(issuesOfStep('subscription', draft).map((i) => i.path), ['subscriptionId']);
  assert.deepEqual(invalidSteps(draft), ['subscription']);
  assert.deepEqual(invalidSteps(valid()), []);
  assert.deepEqual(issuesOfStep('review', { ...draft, name: '' }), [], 'steps without fields never hold Next');
});

test('each field belongs to the step that sets it; pool sizes to Sizes, pool counts to Cluster', () => {
  assert.equal(stepOfPath('resourceGroup.name'), 'subscription');
  assert.equal(stepOfPath('location'), 'location');
  assert.equal(stepOfPath('image.generation'), 'image');
  assert.equal(stepOfPath('nodePools.1.size'), 'sizes');
  assert.equal(stepOfPath('controlPlane.size'), 'sizes');
  assert.equal(stepOfPath('nodePools.1.count'), 'cluster');
  assert.equal(stepOfPath('ssh.publicKey'), 'cluster');
  const draft = { ...valid(), ssh: { publicKey: '' }, nodePools: [{ name: 'workers', count: 1, size: '' }] };
  assert.deepEqual(issuesOfStep('sizes', draft).map((i) => i.path), ['nodePools.0.size']);
  assert.deepEqual(issuesOfStep('cluster', draft).map((i) => i.path), ['ssh.publicKey']);
});

test('2.5 workers reads "must be a whole number", not zod\'s raw text; a missing key names its field', () => {
  const draft = { ...valid(), ssh: { publicKey: '' }, nodePools: [{ name: 'workers', count: 2.5, size: 'Standard_B2s' }] };
  const issues = issuesOfStep('cluster', draft);
  const byPath = issuesByPath(issues);
  assert.deepEqual(byPath.get('nodePools.0.count'), ['must be a whole number']);
  assert.match(byPath.get('ssh.publicKey')![0]!, /^must be an OpenSSH public key line/);
  assert.equal(fieldLabel('nodePools.0.count', draft.nodePools), 'Workers in pool workers');
  assert.equal(fieldLabel('ssh.publicKey'), 'SSH public key');
  for (const [path, raw, plain] of [
    ['nodePools.1.count', 'Too small: expected number to be >=0', 'must be at least 0'],
    ['nodePools.1.count', 'Too big: expected number to be <=100', 'must be at most 100'],
    ['image.generation', 'Invalid input', 'is not one of the choices offered'],
    ['name', 'Invalid input: expected string, received undefined', 'is required'],
    ['subscriptionId', 'a subscription id (GUID)', 'choose one of your subscriptions'],
    ['name', 'lowercase letters, digits and hyphens only, starting with a letter', 'lowercase letters, digits and hyphens only, starting with a letter'],
  ] as const) assert.equal(plainMessage(path, raw), plain, raw);
});

test('the field to focus: its input, by the error it points at', () => {
  assert.equal(fieldSelector('nodePools.0.count'), '[aria-describedby~="err-nodePools.0.count"]');
  assert.equal(fieldSelector('subscriptionId'), '[data-testid="subscription-list"] input');
});

test('quota is checked for the whole cluster: B2s "available" for one VM is short for three', async () => {
  const { clusterQuota } = await import('../../../renderer/src/lib/sizes');
  const q = (available: number) => ({ name: 'standardBSFamily', label: 'BS vCPUs', limit: 10, used: 10 - available, available });
  const b2s = { name: 'Standard_B2s', family: 'standardBSFamily', vCPUs: 2, memoryGB: 4, architecture: 'x64' as const, generations: [2 as const], quotaAllowsOne: true, belowControlPlaneMinimum: false, familyQuota: q(2), regionalQuota: { ...q(20), label: 'Total regional vCPUs' } };
  const r = clusterQuota([b2s], { count: 1, size: 'Standard_B2s' }, [{ count: 2, size: 'Standard_B2s' }]);
  assert.deepEqual(r.needs, [{ label: 'BS vCPUs', needed: 6, available: 2 }, { label: 'Total regional vCPUs', needed: 6, available: 20 }]);
  assert.deepEqual(r.short.map((n) => n.label), ['BS vCPUs']);
  assert.deepEqual(clusterQuota([b2s], { count: 1, size: 'Standard_B2s' }, [{ count: 0, size: 'Standard_B2s' }]).short, []);
});

test('a region that does not offer a chosen size names it and whose it was', async () => {
  const { missingSizes } = await import('../../../renderer/src/lib/sizes');
  const offered = [{ name: 'Standard_B2s' }, { name: 'Standard_D2s_v5' }];
  assert.deepEqual(missingSizes(offered, { size: 'Standard_B2s' }, [{ name: 'workers', size: 'Standard_D4s_v5' }, { name: 'gpu', size: 'Standard_D2s_v5' }]), [{ who: 'the workers', size: 'Standard_D4s_v5' }]);
  assert.deepEqual(missingSizes(offered, { size: 'Standard_B2s' }, []), []);
});
