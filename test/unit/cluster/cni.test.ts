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

test('cilium pins its CLI, checks its sha256 before installing it, and picks the arm64 build on Arm64', () => {
  const x64 = cniPlan(makeSpec({ cni: 'cilium' }));
  assert.ok(x64.manifests.every((u) => !u.includes('/latest/')));
  assert.deepEqual(x64.manifests.map((u) => u.split('/').pop()), ['cilium-linux-amd64.tar.gz', 'cilium-linux-amd64.tar.gz.sha256sum']);
  const steps = x64.commands[0]!.split(' && ');
  const at = (re: RegExp) => steps.findIndex((s) => re.test(s));
  const download = at(/^curl -fsSL -O \S+\/cilium-linux-amd64\.tar\.gz -O \S+\/cilium-linux-amd64\.tar\.gz\.sha256sum$/);
  const check = at(/^sha256sum --check cilium-linux-amd64\.tar\.gz\.sha256sum$/);
  const extract = at(/^sudo tar -xzf cilium-linux-amd64\.tar\.gz -C \/opt\/bin cilium$/);
  assert.ok(at(/^cd \/tmp\//) >= 0 && at(/^cd \/tmp\//) < download, steps.join('\n'));
  assert.ok(download >= 0 && download < check && check < extract, steps.join('\n'));
  // Only && between the steps: a failed check stops the chain before the extraction.
  assert.ok(!/[;|]/.test(x64.commands[0]!), 'no ;, || or unchecked pipe into tar');
  assert.match(x64.commands.join('\n'), /tunnelProtocol=vxlan/);
  assert.match(x64.commands[1]!, /--set ipam\.operator\.clusterPoolIPv4PodCIDRList=10\.244\.0\.0\/16 /);
  // The chart's key is MTU (upper case) and takes the underlay's MTU; Cilium subtracts VXLAN's 50.
  assert.match(x64.commands[1]!, / --set MTU=1400$/);
  const arm = cniPlan(makeArmSpec({ cni: 'cilium' }));
  assert.ok(!arm.commands[0]!.includes('amd64'), arm.commands[0]);
  assert.match(arm.commands[0]!, /sha256sum --check cilium-linux-arm64\.tar\.gz\.sha256sum && sudo tar -xzf cilium-linux-arm64\.tar\.gz /);
  assert.ok(arm.manifests.every((u) => u.includes('cilium-linux-arm64.tar.gz')));
});
