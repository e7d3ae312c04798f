/**
 * Planning a create or apply from the record's nodes, the desired spec and the VMs in Azure
 * (operations/converge-plan.ts), what apply refuses (spec-changes.ts), and which pods a drain
 * moves (kube/drain.ts, kubectl's filters).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withPoolCount } from '../../../shared/domain/cluster-spec';
import { planConverge } from '../../../electron/services/cluster/operations/converge-plan';
import { refusedChanges } from '../../../electron/services/cluster/operations/spec-changes';
import { buildPlan } from '../../../electron/services/cluster/plan/build-plan';
import { validatePlan } from '../../../electron/services/cluster/plan/graph';
import { STEP_ACTIONS } from '../../../electron/services/cluster/plan/step-actions';
import type { RecordedNode } from '../../../electron/services/cluster/store/cluster-record';
import { drainDecision } from '../../../electron/services/kube/drain';
import { flatcarVersionOf } from '../../../electron/services/kube/node-status';
import { makeSpec } from './fixtures';

const spec = makeSpec({ workers: { count: 2 } });
const ready = (names: string[]): RecordedNode[] =>
  names.map((name, i) => ({ name, role: name.startsWith('cp-') ? 'control-plane' : 'worker', ...(name.startsWith('cp-') ? {} : { pool: 'workers' }), size: 'Standard_B2s', privateIp: name === 'cp-0' ? '10.0.1.4' : `10.0.1.${9 + i}`, state: 'ready' }));
const inv = (vms: string[]) => ({ groupExists: true, vms: new Set(vms) });

test('a new cluster: the whole create plan, every step kind from the registry', () => {
  const p = planConverge({ desired: spec, recorded: [], inventory: inv([]) });
  assert.deepEqual(p.plan, buildPlan(spec));
  assert.deepEqual(p.add.map((a) => a.node), ['cp-0', 'worker-0', 'worker-1']);
  for (const s of p.plan.steps) assert.equal(s.kind, STEP_ACTIONS[s.action].kind, s.id);
  assert.ok(p.layout.every((n) => n.state === 'creating'));
});

test('nodes in place get no step; what an earlier operation did is not depended on', () => {
  const p = planConverge({ desired: withPoolCount(spec, 'workers', 3), recorded: ready(['cp-0', 'worker-0', 'worker-1']), inventory: inv(['cp-0', 'worker-0', 'worker-1']) });
  // 'identity': the new VM carries the cluster's identity and its azure.json names it (read again, plan/azure-steps.ts).
  assert.deepEqual(p.plan.steps.map((s) => s.id), ['identity', 'pip:worker-2', 'nic:worker-2', 'ignition:worker-2', 'vm:worker-2', 'ssh:worker-2', 'join-command', 'join:worker-2', 'nodes-ready']);
  assert.deepEqual(validatePlan(p.plan), []);
  assert.deepEqual(p.plan.steps.find((s) => s.id === 'nic:worker-2')!.dependsOn, ['pip:worker-2'], 'vnet and nsg exist');
  assert.deepEqual(p.plan.steps.find((s) => s.id === 'join-command')!.dependsOn, [], 'kubeadm init was done by the create');
  assert.deepEqual(p.keep.sort(), ['cp-0', 'worker-0', 'worker-1']);
  assert.deepEqual(p.layout.map((n) => `${n.name}:${n.state}`), ['cp-0:ready', 'worker-0:ready', 'worker-1:ready', 'worker-2:creating']);
});

test('a recorded node whose VM is gone is created again and joins again', () => {
  const p = planConverge({ desired: spec, recorded: ready(['cp-0', 'worker-0', 'worker-1']), inventory: inv(['cp-0', 'worker-0']) });
  assert.deepEqual(p.add.map((a) => `${a.node}@${a.privateIp}`), ['worker-1@10.0.1.11']);
  assert.ok(p.plan.steps.some((s) => s.id === 'join:worker-1'));
});

test('scale down: cordon, drain, VM, then NIC and disk, then public IP; the Node object after the VM', () => {
  const p = planConverge({ desired: withPoolCount(spec, 'workers', 1), recorded: ready(['cp-0', 'worker-0', 'worker-1']), inventory: inv(['cp-0', 'worker-0', 'worker-1']) });
  const deps = Object.fromEntries(p.plan.steps.map((s) => [s.id, s.dependsOn]));
  assert.deepEqual(deps, {
    'cordon:worker-1': [],
    'drain:worker-1': ['cordon:worker-1'],
    'remove-vm:worker-1': ['drain:worker-1'],
    'remove-nic:worker-1': ['remove-vm:worker-1'],
    'remove-disk:worker-1': ['remove-vm:worker-1'],
    'remove-pip:worker-1': ['remove-nic:worker-1'],
    'delete-node:worker-1': ['remove-vm:worker-1'],
    'nodes-ready': ['remove-vm:worker-1', 'delete-node:worker-1'],
  });
  assert.match(p.plan.steps.find((s) => s.id === 'drain:worker-1')!.az, /kubectl --kubeconfig \S+ drain worker-1 --ignore-daemonsets --delete-emptydir-data --timeout=300s/);
  assert.deepEqual(p.layout.map((n) => `${n.name}:${n.state}`), ['cp-0:ready', 'worker-0:ready', 'worker-1:removing']);
});

test('a cluster that never came up loses nodes in Azure only; an unrecorded VM of the cluster goes too, a control plane never', () => {
  const recorded = ready(['cp-0', 'worker-0', 'worker-1']).map((n) => ({ ...n, state: 'creating' as const }));
  const p = planConverge({ desired: withPoolCount(spec, 'workers', 0), recorded, inventory: inv(['cp-0', 'worker-0', 'worker-7', 'cp-2']) });
  assert.deepEqual(p.remove.map((r) => r.node), ['worker-0', 'worker-1', 'worker-7']);
  assert.ok(!p.plan.steps.some((s) => s.kind === 'kube' && s.id !== 'nodes-ready'), 'no cordon, drain or delete-node without a running cluster');
  assert.deepEqual(validatePlan(p.plan), []);
});

test('apply refuses every fixed field at once; pool counts, new pools and empty pools\' sizes may change', () => {
  assert.deepEqual(refusedChanges(spec, withPoolCount(withPoolCount(spec, 'workers', 7), 'gpu', 2, 'Standard_D4s_v5')), []);
  const moved = { ...spec, location: 'northeurope', kubernetesVersion: '1.36.0', controlPlane: { count: 3 as const, size: 'Standard_B2s' } };
  assert.deepEqual(refusedChanges(spec, moved).map((r) => r.split(':')[0]), ['location', 'kubernetesVersion', 'controlPlane.count']);
  assert.deepEqual(refusedChanges(spec, { ...spec, nodePools: [{ name: 'workers', count: 2, size: 'Standard_D4s_v5' }] }).length, 1);
  const empty = withPoolCount(spec, 'workers', 0);
  assert.deepEqual(refusedChanges(empty, { ...empty, nodePools: [{ name: 'workers', count: 2, size: 'Standard_D4s_v5' }] }), []);
});

test('drain moves what a controller restarts elsewhere; DaemonSet and mirror pods stay; bare pods stop it', () => {
  const owned = (kind: string) => ({ metadata: { ownerReferences: [{ kind, controller: true }] } });
  assert.equal(drainDecision(owned('ReplicaSet')), 'evict');
  assert.equal(drainDecision(owned('StatefulSet')), 'evict');
  assert.equal(drainDecision(owned('DaemonSet')), 'skip-daemonset');
  assert.equal(drainDecision({ metadata: { annotations: { 'kubernetes.io/config.mirror': 'x' } } }), 'skip-mirror');
  assert.equal(drainDecision({ metadata: {} }), 'unmanaged');
  assert.equal(drainDecision({ metadata: {}, status: { phase: 'Succeeded' } }), 'evict', 'a finished bare pod may go');
  assert.equal(flatcarVersionOf('Flatcar Container Linux by Kinvolk 4230.2.2 (Oklo)'), '4230.2.2');
  assert.equal(flatcarVersionOf('Ubuntu 24.04 LTS'), undefined);
});

test('three control planes: a new cluster plans the load balancer and the control-plane joins', () => {
  const ha = makeSpec({ controlPlane: { count: 3 } });
  const ids = buildPlan(ha).steps.map((s) => s.id);
  for (const id of ['api-pip', 'lb', 'upload-certs', 'join-cp:cp-1', 'join-cp:cp-2']) assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
  const converge = planConverge({ desired: ha, recorded: [], inventory: inv([]) });
  assert.ok(converge.plan.steps.some((s) => s.id === 'lb'));
});
