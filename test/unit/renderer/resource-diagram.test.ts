import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boxState, diagramModel } from '../../../renderer/src/lib/resource-diagram';
import { mergeCalls } from '../../../renderer/src/lib/api-calls';
import type { ApiCall } from '../../../shared/ipc/channels/azure-calls';

const ids = ['rg', 'vnet', 'nsg', 'nsg-rule:ssh', 'pip:cp-0', 'pip:workers-0', 'nic:cp-0', 'nic:workers-0', 'ignition:cp-0', 'vm:cp-0', 'vm:workers-0', 'ssh:cp-0', 'kubeadm-init', 'cni', 'join-command', 'join:workers-0', 'nodes-ready'];
const plan = ids.map((id) => ({ id, az: `az ${id}` }));
const state = (m: ReturnType<typeof diagramModel>) =>
  Object.fromEntries([...m.shared, ...m.nodes.flatMap((n) => n.boxes), ...(m.podNetwork ? [m.podNetwork] : [])].map((b) => [b.id, b.state]));

test('boxes light up as their steps complete: the NSG waits for its rules, the subnet comes with the VNet', () => {
  assert.deepEqual(Object.values(state(diagramModel(plan, {}))).filter((s) => s !== 'pending'), [], 'nothing before the operation starts');
  const m = diagramModel(plan, { rg: 'done', vnet: 'running', nsg: 'done', 'nsg-rule:ssh': 'pending', 'pip:cp-0': 'done', 'vm:cp-0': 'failed' });
  const s = state(m);
  assert.equal(s.rg, 'done');
  assert.equal(s.vnet, 'running');
  assert.equal(s.subnet, 'running');
  assert.equal(s.nsg, 'running', 'one rule still to go');
  assert.equal(s['pip:cp-0'], 'done');
  assert.equal(s['pip:workers-0'], 'pending');
  assert.equal(s['vm:cp-0'], 'failed');
  assert.equal(s['pod-network'], 'pending');
  assert.deepEqual(m.nodes.map((n) => [n.node, n.boxes.map((b) => b.label)]), [
    ['cp-0', ['Public IP', 'Network interface', 'Virtual machine', 'Kubernetes node']],
    ['workers-0', ['Public IP', 'Network interface', 'Virtual machine', 'Kubernetes node']],
  ]);
  const all = Object.fromEntries(ids.map((id) => [id, 'done']));
  assert.ok(Object.values(state(diagramModel(plan, all))).every((v) => v === 'done'));
});

test('each box carries the az commands of its own steps', () => {
  const m = diagramModel(plan, {});
  assert.deepEqual(m.shared.find((b) => b.id === 'nsg')?.az, ['az nsg', 'az nsg-rule:ssh']);
  assert.deepEqual(m.nodes[0]?.boxes.find((b) => b.id === 'node:cp-0')?.az, ['az kubeadm-init']);
  assert.deepEqual(m.nodes[1]?.boxes.find((b) => b.id === 'node:workers-0')?.steps, ['join:workers-0']);
  assert.deepEqual(m.podNetwork?.az, ['az cni']);
});

test('a box state is failed over running over pending', () => {
  assert.equal(boxState(['done', 'failed']), 'failed');
  assert.equal(boxState(['done', undefined]), 'running');
  assert.equal(boxState([undefined, 'pending']), 'pending');
  assert.equal(boxState([]), 'pending');
});

test('the pane keeps one operation per cluster, drops repeats and lets a newer operation replace an older one', () => {
  const c = (seq: number, op: string, startedAt: number): ApiCall => ({ seq, cluster: 'demo', operationId: op, method: 'PUT', host: 'h', path: `/p${seq}`, status: 201, durationMs: 3, startedAt });
  let s = mergeCalls({}, [c(1, 'a', 10), c(2, 'a', 11)]);
  s = mergeCalls(s, [c(2, 'a', 11), c(3, 'a', 12)]);
  assert.deepEqual(s.demo?.calls.map((x) => x.seq), [1, 2, 3]);
  s = mergeCalls(s, [c(1, 'b', 20)]);
  assert.deepEqual([s.demo?.operationId, s.demo?.calls.length], ['b', 1]);
  s = mergeCalls(s, [c(4, 'a', 13)]);
  assert.equal(s.demo?.operationId, 'b', 'a late call of the older operation does not replace the newer one');
});
