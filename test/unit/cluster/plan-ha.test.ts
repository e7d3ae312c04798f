// The plan of a cluster with three control planes (plan/ha-steps.ts): the API's public IP with
// its DNS name and the load balancer first, the control planes' NICs in its pool, the nodes' own
// addresses allowed to 6443, kubeadm init then the certificates shared, the other control planes
// joining one after the other, workers joining through the endpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiServerDnsLabel, apiServerFqdn } from '../../../shared/domain/api-endpoint';
import { clusterNodes } from '../../../shared/domain/cluster-layout';
import { buildPlan } from '../../../electron/services/cluster/plan/build-plan';
import { findCycle, topoOrder, validatePlan } from '../../../electron/services/cluster/plan/graph';
import { isVolatileAction } from '../../../electron/services/cluster/plan/step-actions';
import type { Plan, PlanStep } from '../../../electron/services/cluster/plan/types';
import { makeSpec } from './fixtures';

const spec = makeSpec({ name: 'ha', controlPlane: { count: 3 }, workers: { count: 2 } });
const step = (p: Plan, id: string): PlanStep => {
  const s = p.steps.find((x) => x.id === id);
  assert.ok(s, `step ${id}`);
  return s;
};
const ids = (p: Plan) => p.steps.map((s) => s.id);

test('a valid DAG with the load balancer steps; none of them for one control plane', () => {
  const plan = buildPlan(spec);
  assert.deepEqual(validatePlan(plan), []);
  assert.equal(findCycle(plan), undefined);
  for (const id of ['api-pip', 'lb', 'nsg-rule:kube-api-nodes', 'upload-certs', 'join-cp:cp-1', 'join-cp:cp-2', 'pip:cp-2', 'nic:cp-2', 'vm:cp-2', 'ssh:cp-2']) assert.ok(ids(plan).includes(id), id);
  assert.ok(!ids(plan).includes('join:cp-1'), 'control planes join with join-cp, not as workers');
  const single = buildPlan(makeSpec({ name: 'one', workers: { count: 2 } }));
  for (const id of ['api-pip', 'lb', 'nsg-rule:kube-api-nodes', 'upload-certs']) assert.ok(!ids(single).includes(id), id);
  assert.ok(!ids(single).some((id) => id.startsWith('join-cp:')));
});

test('the API endpoint exists before the control planes: their NICs need the load balancer, its pool needs the IP', () => {
  const plan = buildPlan(spec);
  assert.deepEqual(step(plan, 'api-pip').dependsOn, ['rg']);
  assert.deepEqual(step(plan, 'lb').dependsOn, ['api-pip']);
  for (const cp of ['cp-0', 'cp-1', 'cp-2']) assert.ok(step(plan, `nic:${cp}`).dependsOn.includes('lb'), `nic:${cp} after lb`);
  for (const w of ['worker-0', 'worker-1']) assert.ok(!step(plan, `nic:${w}`).dependsOn.includes('lb'), `nic:${w} is not in the pool`);
  // The endpoint name is known from the spec: cp-0's Ignition waits for no public IP (only for the
  // cluster's identity, which its azure.json names).
  assert.deepEqual(step(plan, 'ignition:cp-0').dependsOn, ['identity']);
  assert.match(step(plan, 'api-pip').az, new RegExp(`--dns-name ${apiServerDnsLabel(spec)} `));
  assert.match(step(plan, 'api-pip').title, new RegExp(apiServerFqdn(spec).replaceAll('.', '\\.')));
  assert.match(step(plan, 'nic:cp-1').az, /--lb-name ha-api-lb --lb-address-pools control-planes /);
  assert.doesNotMatch(step(plan, 'nic:worker-0').az, /--lb-name/);
  const lb = step(plan, 'lb').az;
  assert.match(lb, /az network lb create .*--sku Standard --public-ip-address ha-api-pip --frontend-ip-name api-frontend --backend-pool-name control-planes/);
  assert.match(lb, /az network lb probe create .*--name HTTPSProbe --protocol Https --port 6443 --path \/readyz --interval 15 --probe-threshold 1/);
  assert.match(lb, /az network lb rule create .*--name LBRuleHTTPS --protocol Tcp --frontend-port 6443 --backend-port 6443 .*--probe-name HTTPSProbe/);
  assert.doesNotMatch(lb, /outbound-rule/, 'no outbound rule: the nodes keep their own public IPs');
});

test('control planes join one at a time after the certificates are shared; workers after the nodes rule', () => {
  const plan = buildPlan(spec);
  assert.deepEqual(step(plan, 'upload-certs').dependsOn, ['kubeadm-init']);
  assert.equal(step(plan, 'upload-certs').node, 'cp-0');
  assert.ok(isVolatileAction(step(plan, 'upload-certs').action), 'the key lives in memory: upload again after a restart');
  const cp1 = step(plan, 'join-cp:cp-1');
  const cp2 = step(plan, 'join-cp:cp-2');
  for (const d of ['join-command', 'upload-certs', 'ssh:cp-1', 'nsg-rule:kube-api-nodes']) assert.ok(cp1.dependsOn.includes(d), `join-cp:cp-1 after ${d}`);
  assert.ok(cp2.dependsOn.includes('join-cp:cp-1'), 'cp-2 joins after cp-1');
  assert.ok(!cp1.dependsOn.includes('join-cp:cp-2'));
  assert.equal(cp1.kind, 'ssh');
  for (const w of ['worker-0', 'worker-1']) {
    assert.ok(step(plan, `join:${w}`).dependsOn.includes('nsg-rule:kube-api-nodes'), `join:${w} after the nodes rule`);
    assert.ok(!step(plan, `join:${w}`).dependsOn.some((d) => d.startsWith('join-cp:')), 'workers do not wait for the other control planes');
  }
  const rule = step(plan, 'nsg-rule:kube-api-nodes');
  for (const n of clusterNodes(spec)) assert.ok(rule.dependsOn.includes(`pip:${n.name}`), `the rule knows ${n.name}'s address`);
  const ready = step(plan, 'nodes-ready').dependsOn;
  for (const d of ['join-cp:cp-1', 'join-cp:cp-2', 'join:worker-0', 'cni', 'kubeconfig']) assert.ok(ready.includes(d), d);
  const order = topoOrder(plan).map((s) => s.id);
  assert.ok(order.indexOf('kubeadm-init') < order.indexOf('join-cp:cp-1') && order.indexOf('join-cp:cp-1') < order.indexOf('join-cp:cp-2'));
});

test('the az equivalents keep the key and token off command lines', () => {
  const plan = buildPlan(spec);
  const init = step(plan, 'kubeadm-init').az;
  // Hairpin: the endpoint name is this node itself before init (CAPZ's apiserver-host-dns.yaml).
  assert.match(init, new RegExp(`echo "127\\.0\\.0\\.1 ${apiServerFqdn(spec).replaceAll('.', '\\.')}" \\| sudo tee -a /etc/hosts .*sudo kubeadm init --config /etc/kubeadm/init\\.yaml`));
  const upload = step(plan, 'upload-certs').az;
  assert.match(upload, /^CERT_KEY_OUTPUT="\$\(ssh .*'sudo kubeadm init phase upload-certs --upload-certs'\)"/);
  const join = step(plan, 'join-cp:cp-1').az;
  assert.match(join, /^\[\[ \$\{JOIN_TOKEN\} =~ .* \$\{CERT_KEY\} =~ \^\[0-9a-f\]\{64\}\$ \]\] \|\|\n {2}\{ echo .*exit 1; \}\nprintf '%s' "/);
  assert.match(join, /certificateKey: \$\{CERT_KEY\}/);
  assert.match(join, /sudo kubeadm join --config \/etc\/kubeadm\/join\.yaml/);
  // After the join: the node's own API server answers the endpoint name there.
  assert.match(join.split('\n').at(-1)!, /127\.0\.0\.1 ha-[0-9a-f]+\.westeurope\.cloudapp\.azure\.com/);
  for (const s of plan.steps) {
    assert.doesNotMatch(s.az, /--certificate-key/, `${s.id}: no key flag`);
    assert.equal(s.explain.split('\n').length, 2, `${s.id} explain has two lines`);
  }
  assert.match(step(plan, 'nsg-rule:kube-api-nodes').az, /--name allow-kube-api-nodes --priority 120 .*--source-address-prefixes \$\{NODE_IPS\} --destination-port-ranges 6443/);
});

test('apply to a running cluster of three: a new worker gets the nodes rule again and joins; no load balancer step', () => {
  const bigger = makeSpec({ name: 'ha', controlPlane: { count: 3 }, workers: { count: 3 } });
  const nodes = clusterNodes(bigger);
  const settled = new Set(['cp-0', 'cp-1', 'cp-2', 'worker-0', 'worker-1']);
  const plan = buildPlan(bigger, { nodes, settled, remove: [] });
  assert.deepEqual(validatePlan(plan), []);
  // 'identity': the new VM carries the cluster's identity and its azure.json names it (read again, plan/azure-steps.ts).
  assert.deepEqual(ids(plan), ['identity', 'pip:worker-2', 'nic:worker-2', 'ignition:worker-2', 'vm:worker-2', 'ssh:worker-2', 'nsg-rule:kube-api-nodes', 'join-command', 'join:worker-2', 'nodes-ready']);
  assert.deepEqual(step(plan, 'nsg-rule:kube-api-nodes').dependsOn, ['pip:worker-2']);
  assert.deepEqual(step(plan, 'join:worker-2').dependsOn, ['join-command', 'ssh:worker-2', 'nsg-rule:kube-api-nodes']);
  // Nothing changes: no step at all.
  assert.deepEqual(buildPlan(bigger, { nodes, settled: new Set(nodes.map((n) => n.name)), remove: [] }).steps, []);
});

test('apply to a running cluster of three: a control plane whose VM is gone is created again and joins as a control plane', () => {
  const nodes = clusterNodes(spec);
  const plan = buildPlan(spec, { nodes, settled: new Set(['cp-0', 'cp-2', 'worker-0', 'worker-1']), remove: [] });
  assert.deepEqual(validatePlan(plan), []);
  assert.deepEqual(step(plan, 'nic:cp-1').dependsOn, ['pip:cp-1'], 'the network and the load balancer are there');
  assert.deepEqual(step(plan, 'upload-certs').dependsOn, [], 'a new upload: this run did not init');
  assert.deepEqual(step(plan, 'join-cp:cp-1').dependsOn.sort(), ['join-command', 'nsg-rule:kube-api-nodes', 'ssh:cp-1', 'upload-certs']);
});

test('apply to a running cluster of three: a removed worker leaves the nodes rule too', () => {
  const smaller = makeSpec({ name: 'ha', controlPlane: { count: 3 }, workers: { count: 1 } });
  const all = clusterNodes(spec);
  const nodes = clusterNodes(smaller, all);
  const gone = all.find((n) => n.name === 'worker-1')!;
  const plan = buildPlan(smaller, { nodes, settled: new Set(nodes.map((n) => n.name)), remove: [gone] });
  assert.deepEqual(validatePlan(plan), []);
  assert.ok(ids(plan).includes('nsg-rule:kube-api-nodes'), 'the rule is written again without the removed node');
  assert.deepEqual(step(plan, 'nsg-rule:kube-api-nodes').dependsOn, [], 'every remaining node has its address already');
  assert.ok(ids(plan).includes('remove-pip:worker-1'));
  assert.ok(!ids(plan).some((id) => id === 'lb' || id === 'api-pip' || id === 'upload-certs'));
});
