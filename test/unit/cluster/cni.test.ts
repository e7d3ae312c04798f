import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { cniPlan, POD_MTU } from '../../../electron/services/cluster/render/cni';
import { makeArmSpec, makeSpec } from './fixtures';

test('flannel is the default and applies the pinned manifest as is for 10.244.0.0/16', () => {
  const plan = cniPlan(makeSpec());
  assert.equal(plan.name, 'flannel');
  assert.match(plan.manifests[0]!, /^https:\/\/github\.com\/flannel-io\/flannel\/releases\/download\/v\d+\.\d+\.\d+\/kube-flannel\.yml$/);
  assert.match(plan.commands[0]!, /kubectl --kubeconfig=\/etc\/kubernetes\/admin\.conf apply -f https:/);
});

test('flannel rewrites its network when the pod CIDR differs', () => {
  const plan = cniPlan(makeSpec({ network: { podCidr: '172.16.0.0/16' } }));
  assert.match(plan.commands[0]!, /sed 's#"Network": "10\.244\.0\.0\/16"#"Network": "172\.16\.0\.0\/16"#'/);
});

test('calico uses VXLAN, never IP-in-IP, with the spec pod CIDR and Azure MTU', () => {
  const plan = cniPlan(makeSpec({ cni: 'calico', network: { podCidr: '192.168.0.0/16' } }));
  const heredoc = plan.commands.find((c) => c.includes('FLATKUBE_EOF'))!;
  const body = heredoc.split('\n').slice(1, -1).join('\n');
  const inst = parse(body) as { kind: string; spec: { calicoNetwork: { bgp: string; mtu: number; ipPools: { cidr: string; encapsulation: string }[] } } };
  assert.equal(inst.kind, 'Installation');
  assert.equal(inst.spec.calicoNetwork.bgp, 'Disabled');
  assert.equal(inst.spec.calicoNetwork.mtu, POD_MTU);
  assert.deepEqual(inst.spec.calicoNetwork.ipPools.map((p) => [p.cidr, p.encapsulation]), [['192.168.0.0/16', 'VXLAN']]);
  assert.ok(!plan.commands.join('\n').includes('IPIP'));
  assert.equal(POD_MTU, 1350);
});

test('cilium pins its CLI and picks the arm64 build on Arm64', () => {
  const x64 = cniPlan(makeSpec({ cni: 'cilium' }));
  assert.ok(x64.manifests.every((u) => !u.includes('/latest/')));
  assert.match(x64.commands.join('\n'), /tunnelProtocol=vxlan/);
  const arm = cniPlan(makeArmSpec({ cni: 'cilium' }));
  assert.match(arm.commands[0]!, /cilium-linux-arm64/);
});
