import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../../../electron/services/cluster/plan/build-plan';
import {
  criticalPath,
  criticalPathMs,
  findCycle,
  PlanGraphError,
  serialMs,
  topoOrder,
  validatePlan,
} from '../../../electron/services/cluster/plan/graph';
import type { GraphStep, Plan } from '../../../electron/services/cluster/plan/types';
import { makeSpec } from './fixtures';

const ids = (p: Plan) => p.steps.map((s) => s.id);

test('plan ids are stable and complete for 1 control plane + 2 workers', () => {
  const plan = buildPlan(makeSpec());
  assert.deepEqual(ids(plan), ids(buildPlan(makeSpec())));
  for (const id of [
    'rg', 'vnet', 'nsg', 'nsg-rule:ssh', 'nsg-rule:kube-api',
    'pip:cp-0', 'nic:cp-0', 'ignition:cp-0', 'vm:cp-0', 'ssh:cp-0',
    'pip:worker-1', 'nic:worker-1', 'vm:worker-1', 'ssh:worker-1',
    'kubeadm-init', 'cni', 'join-command', 'join:worker-0', 'join:worker-1', 'nodes-ready', 'kubeconfig',
  ]) {
    assert.ok(ids(plan).includes(id), id);
  }
  assert.ok(!ids(plan).includes('terms'), 'corevm-amd64 has no plan, so no terms step');
  assert.ok(!ids(plan).includes('join:worker-2'));
});

test('the DAG is valid: unique ids, known dependencies, no cycles', () => {
  for (const count of [0, 2, 20]) {
    const plan = buildPlan(makeSpec({ workers: { count }, network: { subnetCidr: '10.0.1.0/24' } }));
    assert.deepEqual(validatePlan(plan), []);
    assert.equal(findCycle(plan), undefined);
  }
  const solo = buildPlan(makeSpec({ workers: { count: 0 } }));
  assert.ok(!ids(solo).includes('join-command'));
});

test('topoOrder puts every dependency first', () => {
  const plan = buildPlan(makeSpec());
  const order = topoOrder(plan).map((s) => s.id);
  assert.equal(order.length, plan.steps.length);
  for (const s of plan.steps) for (const d of s.dependsOn) assert.ok(order.indexOf(d) < order.indexOf(s.id), `${d} before ${s.id}`);
});

test('cycles and unknown dependencies are detected', () => {
  const step = (id: string, dependsOn: string[]) => ({ id, title: id, dependsOn, kind: 'local' as const, az: '', explain: '', estimateMs: 1 });
  const cyclic: Plan<GraphStep> = { cluster: 'x', steps: [step('a', ['c']), step('b', ['a']), step('c', ['b'])] };
  assert.deepEqual(findCycle(cyclic), ['a', 'c', 'b', 'a']);
  assert.throws(() => topoOrder(cyclic), PlanGraphError);
  const dangling: Plan<GraphStep> = { cluster: 'x', steps: [step('a', ['nope'])] };
  assert.match(validatePlan(dangling).join(), /unknown step nope/);
  const dup: Plan<GraphStep> = { cluster: 'x', steps: [step('a', []), step('a', [])] };
  assert.match(validatePlan(dup).join(), /duplicate/);
});

test('criticalPathMs follows the longest chain; serialMs adds everything', () => {
  const step = (id: string, dependsOn: string[], estimateMs: number) => ({ id, title: id, dependsOn, kind: 'arm' as const, az: '', explain: '', estimateMs });
  const p: Plan<GraphStep> = { cluster: 'x', steps: [step('a', [], 10), step('b', ['a'], 5), step('c', ['a'], 7), step('d', ['b', 'c'], 1)] };
  assert.equal(criticalPathMs(p), 18);
  assert.deepEqual(criticalPath(p), ['a', 'c', 'd']);
  assert.equal(serialMs(p), 23);
  assert.deepEqual(p.steps[3]!.dependsOn, ['b', 'c'], 'criticalPath must not reorder dependencies');

  const plan = buildPlan(makeSpec({ workers: { count: 3 } }));
  assert.ok(criticalPathMs(plan) < serialMs(plan));
  // Workers come up in parallel: adding workers barely changes the critical path.
  assert.equal(criticalPathMs(buildPlan(makeSpec({ workers: { count: 10 } }))), criticalPathMs(plan));
});

test('every resource is tagged, NSG opens 22 and 6443 to the user /32 only', () => {
  const plan = buildPlan(makeSpec({ name: 'lab', tags: { owner: 'me' } }));
  for (const s of plan.steps.filter((s) => /az (group|network \w+|network) create|az vm create|public-ip create|nic create|vnet create|nsg create/.test(s.az))) {
    assert.match(s.az, /--tags flatkube-cluster=lab owner=me/, s.id);
  }
  const rules = plan.steps.filter((s) => s.id.startsWith('nsg-rule:'));
  assert.deepEqual(rules.map((r) => /--destination-port-ranges (\d+)/.exec(r.az)![1]), ['22', '6443']);
  for (const r of rules) assert.match(r.az, /--source-address-prefixes 203\.0\.113\.7\/32 /);
});

test('resource naming and az commands carry the spec values', () => {
  const plan = buildPlan(makeSpec({ name: 'lab' }));
  const az = (id: string) => plan.steps.find((s) => s.id === id)!.az;
  assert.match(az('vnet'), /--name lab-vnet .*--address-prefixes 10\.0\.0\.0\/16 --subnet-name lab-subnet --subnet-prefixes 10\.0\.1\.0\/24/);
  assert.match(az('pip:cp-0'), /--name lab-cp-0-pip .*--sku Standard --allocation-method Static/);
  assert.match(az('nic:worker-1'), /--name lab-worker-1-nic .*--private-ip-address 10\.0\.1\.11 --public-ip-address lab-worker-1-pip --network-security-group lab-nsg/);
  assert.match(az('vm:cp-0'), /--name lab-cp-0-vm .*--image kinvolk:flatcar-container-linux-corevm-amd64:stable-gen2:latest --size Standard_B2s --nics lab-cp-0-nic/);
  assert.match(az('vm:cp-0'), /--custom-data \.\/ignition\/cp-0\.ign\.json/);
  assert.doesNotMatch(az('vm:cp-0'), /--plan-name/);
  assert.match(az('kubeadm-init'), /sudo kubeadm init --config \/etc\/kubeadm\/init\.yaml/);
  // The host key comes from the node's serial console (boot diagnostics) before the first ssh.
  assert.match(az('ssh:cp-0'), /^az vm boot-diagnostics get-boot-log --resource-group \S+ --name lab-cp-0-vm \| grep -o 'FLATKUBE-HOSTKEY ssh-ed25519 [^']+' .* >> \.\/known_hosts\nuntil ssh -o StrictHostKeyChecking=yes /);
  for (const s of plan.steps) {
    assert.equal(s.explain.split('\n').length, 2, `${s.id} explain has two lines`);
    assert.ok(s.estimateMs > 0, s.id);
  }
});

test('the free offer adds the terms step and the VM plan', () => {
  const plan = buildPlan(makeSpec({ image: { offer: 'flatcar-container-linux-free' } }));
  const terms = plan.steps.find((s) => s.id === 'terms')!;
  assert.equal(terms.az, 'az vm image terms accept --publisher kinvolk --offer flatcar-container-linux-free --plan stable-gen2');
  const vm = plan.steps.find((s) => s.id === 'vm:worker-0')!;
  assert.ok(vm.dependsOn.includes('terms'));
  assert.match(vm.az, /--plan-name stable-gen2 --plan-product flatcar-container-linux-free --plan-publisher kinvolk/);
});
