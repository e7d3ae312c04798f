import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LatencyProfile } from '@flatkube/sandbox/testing';
import { measuredCriticalPath, operationSteps } from '../../../bench/operation-plan';
import { sandboxBound, sandboxOperationStepMs, stepDelayCoverage, type OperationStep } from '../../../bench/sandbox-step-latency';

/** A profile with round figures, so each sum names its parts. */
const DELAYS: Record<string, number> = {
  'arm.request': 1,
  'publicIp.create': 100,
  'network.create': 200,
  'nic.create': 300,
  'vm.create': 1_000,
  'node.node-boot': 500,
  'node.kubeadm-phase': 10,
  'node.kubeadm-images': 2_000,
  'node.kubeadm-join': 4_000,
  'node.kubeadm-wait-control-plane': 20_000,
  'node.kubectl-apply': 30,
  'node.cni-ready': 50_000,
  'node.download': 7,
};
const profile: LatencyProfile = { name: 'realistic', speed: 1, setSpeed: () => {}, duration: (k) => DELAYS[k] ?? 0 };

const step = (id: string, dependsOn: string[] = [], extra: Partial<OperationStep> = {}): OperationStep => ({ id, title: id, dependsOn, estimateMs: 0, ...extra });

test('the three control planes\' steps: the API IP and load balancer are LROs, a control-plane join is 3 phases + images + join, upload-certs is free', () => {
  assert.equal(sandboxOperationStepMs(step('api-pip'), profile), 2 + 100);
  assert.equal(sandboxOperationStepMs(step('lb'), profile), 2 + 200);
  assert.equal(sandboxOperationStepMs(step('nsg-rule:kube-api-nodes'), profile), 2 + 200);
  assert.equal(sandboxOperationStepMs(step('join-cp:cp-1'), profile), 30 + 2_000 + 4_000);
  assert.equal(sandboxOperationStepMs(step('upload-certs'), profile), 0);
  assert.equal(sandboxOperationStepMs(step('identity'), profile), 1);
});

test('the upgrade\'s steps: kubeadm upgrade apply is two phases, upgrade node one, the sysext one download, the rest free', () => {
  assert.equal(sandboxOperationStepMs(step('kubeadm-upgrade:cp-0', [], { subject: 'apply' }), profile), 20);
  assert.equal(sandboxOperationStepMs(step('kubeadm-upgrade:worker-0'), profile), 10);
  assert.equal(sandboxOperationStepMs(step('sysext:worker-0'), profile), 7);
  for (const id of ['cordon:cp-0', 'drain:cp-0', 'kubelet:cp-0', 'uncordon:cp-0']) assert.equal(sandboxOperationStepMs(step(id), profile), 0, id);
});

test('coverage: known delays, steps with none, drain partial, the rest named as not mapped', () => {
  assert.deepEqual(
    ['vm:cp-0', 'join-cp:cp-2', 'kubelet:w', 'upload-certs', 'drain:w', 'role-assignment', 'azure-addons', 'addon:cloud-provider', 'kured', 'remove-vm:w'].map(stepDelayCoverage),
    ['mapped', 'mapped', 'no-delay', 'no-delay', 'partial', 'unmapped', 'unmapped', 'unmapped', 'unmapped', 'unmapped'],
  );
});

test('an upgrade chain: the bound is the chain\'s sum and equals the serial sum; drain is named partial', () => {
  const chain: OperationStep[] = [];
  let prev: string | undefined;
  for (const n of ['cp-0', 'worker-0']) {
    for (const s of ['cordon', 'drain', 'sysext', 'kubeadm-upgrade', 'kubelet', 'uncordon']) {
      const id = `${s}:${n}`;
      chain.push(step(id, prev ? [prev] : [], s === 'kubeadm-upgrade' && n === 'cp-0' ? { subject: 'apply' } : {}));
      prev = id;
    }
  }
  const b = sandboxBound(chain, profile);
  assert.equal(b.boundMs, 7 + 20 + 7 + 10);
  assert.equal(b.serialMs, b.boundMs, 'no cni step: no time to Ready added');
  assert.deepEqual(b.partial, ['drain:cp-0', 'drain:worker-0']);
  assert.deepEqual(b.unmapped, []);
});

test('three control planes: the joins run one after another after init; the CNI\'s time to Ready counts when it ends later', () => {
  const steps = [
    step('rg'),
    step('api-pip', ['rg']),
    step('lb', ['api-pip']),
    step('nic:cp-0', ['lb']),
    step('vm:cp-0', ['nic:cp-0']),
    step('ssh:cp-0', ['vm:cp-0']),
    step('kubeadm-init', ['ssh:cp-0']),
    step('cni', ['kubeadm-init']),
    step('upload-certs', ['kubeadm-init']),
    step('join-command', ['kubeadm-init']),
    step('join-cp:cp-1', ['join-command', 'upload-certs']),
    step('join-cp:cp-2', ['join-cp:cp-1']),
    step('role-assignment', ['rg']),
    step('nodes-ready', ['cni', 'join-cp:cp-2', 'role-assignment']),
  ];
  const init = 6 * 10 + 2_000 + 2 * 20_000;
  const toInit = 1 + (2 + 100) + (2 + 200) + (2 + 300) + (2 + 1_000 + 500) + init;
  const b = sandboxBound(steps, profile);
  // Joins: 2 x 6 030 = 12 060 after init; the CNI's Ready: 30 + 50 000 after init, later.
  assert.equal(b.boundMs, toInit + 30 + 50_000);
  assert.deepEqual(b.unmapped, ['role-assignment']);
  assert.deepEqual(b.path.slice(-3), ['join-command', 'join-cp:cp-1', 'join-cp:cp-2']);
});

test('operationSteps marks the step that runs kubeadm upgrade apply; measuredCriticalPath follows the measured durations', () => {
  const steps = operationSteps({
    steps: [
      { id: 'kubeadm-upgrade:cp-0', title: 't', kind: 'ssh', node: 'cp-0', dependsOn: [], az: "ssh core@1.2.3.4 'sudo kubeadm upgrade plan v1.35.3 && sudo kubeadm upgrade apply v1.35.3 --yes'" },
      { id: 'kubeadm-upgrade:worker-0', title: 't', kind: 'ssh', node: 'worker-0', dependsOn: ['kubeadm-upgrade:cp-0'], az: "ssh core@1.2.3.5 'sudo kubeadm upgrade node'" },
      { id: 'other', title: 't', kind: 'local', dependsOn: [], az: '' },
    ],
  });
  assert.deepEqual(steps.map((s) => s.subject ?? null), ['apply', null, null]);
  const ev = (stepId: string, status: string, ts: number) => ({ stepId, status, ts });
  const m = measuredCriticalPath(steps, [ev('kubeadm-upgrade:cp-0', 'running', 0), ev('other', 'running', 0), ev('kubeadm-upgrade:cp-0', 'done', 40), ev('kubeadm-upgrade:worker-0', 'running', 45), ev('other', 'done', 60), ev('kubeadm-upgrade:worker-0', 'done', 75)]);
  assert.equal(m.ms, 70);
  assert.deepEqual(m.path, ['kubeadm-upgrade:cp-0', 'kubeadm-upgrade:worker-0']);
});
