import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { cniPlan, CNI_VERSIONS, POD_MTU, UPSTREAM_CNI_PINS } from '../../../electron/services/cluster/render/cni';
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

// Recorded facts of the real upstream files (test/fixtures/upstream/README.md says how they were extracted).
const fact = <T>(name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/upstream/${name}`, import.meta.url), 'utf8')) as T;
interface FileFact { ref: string; download?: string; sha256: string; releaseAsset?: string }
const operatorFact = fact<FileFact>('calico-v3.31.7-tigera-operator.json');
const crdsFact = fact<FileFact>('calico-v3.31.7-operator-crds.json');
const flannelFact = fact<FileFact>('flannel-v0.28.9.json');
const cliFact = fact<{ ref: string; releaseDownload: string; assets: string[]; embeddedCiliumCharts: string[]; defaultCiliumVersion: string }>('cilium-cli-v0.19.7.json');

test('calico: operator-crds.yaml is created before tigera-operator.yaml (3.30+ ships the CRDs apart), both checked against their sha256 first', () => {
  const plan = cniPlan(makeSpec({ cni: 'calico' }));
  assert.deepEqual(plan.manifests, [crdsFact.download, operatorFact.download]);
  const at = (re: RegExp) => plan.commands.findIndex((c) => re.test(c));
  const download = at(/curl /);
  const crds = at(/ create -f \S*operator-crds\.yaml$/);
  const operator = at(/ create -f \S*tigera-operator\.yaml$/);
  const wait = at(/ wait --for condition=established .*crd\/installations\.operator\.tigera\.io$/);
  const installation = at(/FLATKUBE_EOF/);
  assert.ok(download >= 0 && download < crds && crds < operator && operator < wait && wait < installation, plan.commands.join('\n'));
  // kubectl reads the checked local copies, never the URL (bytes nobody checked).
  for (const c of plan.commands.filter((c) => c.includes(' create -f '))) assert.match(c, / create -f \/tmp\/\S+\.yaml$/);
  const steps = plan.commands[download]!.split(' && ');
  const fetchAt = steps.findIndex((s) => s.startsWith('curl '));
  for (const [file, sha] of [['operator-crds.yaml', crdsFact.sha256], ['tigera-operator.yaml', operatorFact.sha256]] as const) {
    const check = steps.findIndex((s) => s === `echo '${sha}  ${file}' | sha256sum --check --strict`);
    assert.ok(check > fetchAt && fetchAt >= 0, `${file}: ${steps.join('\n')}`);
  }
  assert.ok(!plan.commands[download]!.includes(';'), 'only &&: a failed check stops the chain');
});

test('pins can be swapped (the sandbox serves stand-ins at the same URLs), and a URL without a pin is refused', () => {
  const urls = cniPlan(makeSpec({ cni: 'calico' })).manifests;
  const pins = Object.fromEntries(urls.map((u, i) => [u, String(i).repeat(64)]));
  const plan = cniPlan(makeSpec({ cni: 'calico' }), { pins });
  assert.match(plan.commands.join('\n'), new RegExp(`echo '${'0'.repeat(64)}  operator-crds\\.yaml'`));
  assert.throws(() => cniPlan(makeSpec({ cni: 'calico' }), { pins: {} }), /no sha256 pin for https:\/\/raw\.githubusercontent\.com\/projectcalico\/calico\//);
});

test('versions and pins are the recorded upstream releases', () => {
  assert.equal(CNI_VERSIONS.flannel, flannelFact.ref);
  assert.equal(CNI_VERSIONS.calico, operatorFact.ref);
  assert.equal(CNI_VERSIONS.calico, crdsFact.ref);
  assert.equal(CNI_VERSIONS.ciliumCli, cliFact.ref);
  // The Cilium version is the one the pinned CLI embeds and installs by default (no chart download).
  assert.equal(CNI_VERSIONS.cilium, cliFact.defaultCiliumVersion);
  assert.ok(cliFact.embeddedCiliumCharts.includes(CNI_VERSIONS.cilium));
  assert.deepEqual(UPSTREAM_CNI_PINS, { [crdsFact.download!]: crdsFact.sha256, [operatorFact.download!]: operatorFact.sha256 });
  assert.deepEqual(cniPlan(makeSpec()).manifests, [flannelFact.releaseAsset]);
  const cilium = cniPlan(makeSpec({ cni: 'cilium' }));
  assert.deepEqual(cilium.manifests, cliFact.assets.filter((a) => a.includes('amd64')).map((a) => `${cliFact.releaseDownload}${a}`));
  assert.match(cilium.commands[1]!, new RegExp(`/opt/bin/cilium install --version ${CNI_VERSIONS.cilium.replace(/\./g, '\\.')} `));
});
