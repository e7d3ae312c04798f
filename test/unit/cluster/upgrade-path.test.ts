/**
 * Which versions a cluster may upgrade to (operations/upgrade-path.ts): its minor's newer patches
 * and the next minor's releases the bakery publishes for its architecture, nearest first; the
 * refusals say why (kubeadm's one minor at a time among them) and what would do. And the
 * upgrade's plan (plan/upgrade-steps.ts): one chain, control planes first, `apply` on the first
 * only, the sysext swap shown with the release's checksum.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { refuseUpgradeTarget, upgradeTargets } from '../../../electron/services/cluster/operations/upgrade-path';
import { refusedChanges } from '../../../electron/services/cluster/operations/spec-changes';
import { upgradeSteps } from '../../../electron/services/cluster/plan/upgrade-steps';
import { validatePlan } from '../../../electron/services/cluster/plan/graph';
import type { SysextVersion } from '../../../electron/services/cluster/render/sysext-checksums';
import { clusterNodes } from '../../../shared/domain/cluster-layout';
import { makeSpec } from './fixtures';

const both = ['arm64', 'x86-64'] as SysextVersion['arches'];
const published: SysextVersion[] = [
  { version: '1.34.4', arches: both },
  { version: '1.34.5', arches: both },
  { version: '1.35.2', arches: both },
  { version: '1.35.3', arches: both },
  { version: '1.35.4', arches: ['x86-64'] },
  { version: '1.36.0', arches: both },
  { version: '1.36.1', arches: both },
];

describe('upgrade targets', () => {
  it('newer patches of the minor and releases of the next minor, nearest first, for the architecture only', () => {
    assert.deepEqual(upgradeTargets('1.34.4', published, 'x86-64'), ['1.34.5', '1.35.2', '1.35.3', '1.35.4']);
    assert.deepEqual(upgradeTargets('1.35.3', published, 'arm64'), ['1.36.0', '1.36.1']);
    assert.deepEqual(upgradeTargets('1.35.3', published, 'x86-64'), ['1.35.4', '1.36.0', '1.36.1']);
    assert.deepEqual(upgradeTargets('1.36.1', published, 'x86-64'), [], 'nothing newer (1.37 is not supported either)');
  });

  it('refuses a skipped minor, a downgrade, the same version and an unpublished one, each saying why and offering the next steps', () => {
    const refusal = (from: string, to: string) => {
      try {
        refuseUpgradeTarget('dev', from, to, published, 'arm64');
        return undefined;
      } catch (err) {
        return err as Error & { code: string; hint?: string };
      }
    };
    assert.equal(refusal('1.34.5', '1.35.2'), undefined);
    const skip = refusal('1.34.5', '1.36.0')!;
    assert.equal(skip.code, 'CLUSTER_UPGRADE_REFUSED');
    assert.equal(skip.message, 'cluster dev cannot upgrade to 1.36.0: 1.36.0 skips a minor: kubeadm upgrades one minor at a time (1.34.5 -> 1.35.x first)');
    assert.equal(skip.hint, 'It may go to 1.35.2, 1.35.3.');
    assert.match(refusal('1.35.3', '1.34.5')!.message, /1\.34\.5 is older than its 1\.35\.3 \(downgrades are not done\)/);
    assert.match(refusal('1.35.3', '1.35.3')!.message, /it runs Kubernetes 1\.35\.3 already/);
    assert.match(refusal('1.35.3', '1.35.4')!.message, /the sysext bakery publishes no 1\.35\.4 image for arm64/);
    assert.equal(refusal('1.36.1', '1.36.2')!.hint, 'The bakery publishes no newer release it may go to.');
  });

  it('apply of a spec file still at the version before an upgrade says what the cluster runs', () => {
    const upgraded = makeSpec({ kubernetesVersion: '1.36.1' });
    assert.deepEqual(refusedChanges(upgraded, { ...upgraded, kubernetesVersion: '1.35.3' }), [
      `kubernetesVersion: the cluster runs 1.36.1 (put that in the spec; moving it is an upgrade: flatkube upgrade ${upgraded.name} --kubernetes X.Y.Z)`,
    ]);
  });
});

describe('upgrade plan', () => {
  const spec = makeSpec({ kubernetesVersion: '1.36.0' });
  const pin = { url: 'https://bakery.example/kubernetes-v1.36.0/kubernetes-v1.36.0-x86-64.raw', hash: `sha256-${'ab'.repeat(32)}` };

  it('one chain, control planes first; apply on the first control plane only; the checksum in the shown command', () => {
    const nodes = clusterNodes(spec);
    const plan = upgradeSteps({ spec, nodes: [...nodes].reverse(), applyOn: nodes[0]!.name, pin, from: '1.35.3', controlPlane: nodes[0]! });
    assert.deepEqual(validatePlan(plan), []);
    const order = plan.steps.map((s) => s.node).filter((n, i, all) => all.indexOf(n) === i);
    assert.equal(order[0], nodes[0]!.name, 'the control plane first, whatever order the nodes came in');
    plan.steps.forEach((s, i) => assert.deepEqual(s.dependsOn, i === 0 ? [] : [plan.steps[i - 1]!.id]));
    const kubeadm = plan.steps.filter((s) => s.action === 'kubeadm-upgrade');
    assert.deepEqual(kubeadm.map((s) => s.subject ?? 'node'), ['apply', ...nodes.slice(1).map(() => 'node')]);
    const swap = plan.steps.find((s) => s.action === 'upgrade-sysext')!;
    // The remote command is one single-quoted word: its own quotes appear as '\''.
    assert.ok(swap.az.includes(`echo '\\''${'ab'.repeat(32)}  /opt/extensions/kubernetes/kubernetes-v1.36.0-x86-64.raw'\\'' | sha256sum --check --strict`), swap.az);
    assert.match(swap.az, /ln -sfn \/opt\/extensions\/kubernetes\/kubernetes-v1\.36\.0-x86-64\.raw \/etc\/extensions\/kubernetes\.raw && sudo systemctl restart systemd-sysext/);
  });

  it('a resumed upgrade whose control plane is done runs kubeadm upgrade node everywhere', () => {
    const workers = clusterNodes(spec).filter((n) => n.role === 'worker');
    const plan = upgradeSteps({ spec, nodes: workers, applyOn: undefined, pin, from: '1.35.3', controlPlane: clusterNodes(spec)[0]! });
    assert.ok(plan.steps.filter((s) => s.action === 'kubeadm-upgrade').every((s) => s.subject === undefined));
    // The add-ons (done or not: the journal knows) come before the first worker.
    assert.deepEqual(plan.steps.slice(0, 3).map((s) => s.id), ['addon:cloud-provider', 'cordon:worker-0', 'drain:worker-0'].map((id) => id.replace('worker-0', workers[0]!.name)));
  });

  describe('the Azure add-ons', () => {
    const nodes = clusterNodes(spec);
    const cp = nodes.find((n) => n.role === 'control-plane')!;
    const ids = (p: { steps: { id: string }[] }) => p.steps.map((s) => s.id);

    it('a minor upgrade moves the cloud provider to the new minor\'s release after the last control plane and before the first worker', () => {
      const plan = upgradeSteps({ spec, nodes, applyOn: cp.name, pin, from: '1.35.3', controlPlane: cp });
      assert.deepEqual(validatePlan(plan), []);
      const at = ids(plan).indexOf('addon:cloud-provider');
      assert.equal(ids(plan)[at - 1], `uncordon:${cp.name}`);
      assert.equal(ids(plan)[at + 1], `cordon:${nodes.find((n) => n.role === 'worker')!.name}`);
      const step = plan.steps[at]!;
      assert.equal(step.node, undefined, 'names no node: the CLI lists the nodes it changes');
      assert.deepEqual([step.action, step.subject, step.dependsOn], ['azure-addons', 'cloud-provider', [`uncordon:${cp.name}`]]);
      assert.match(step.title, /cloud-provider-azure .* to v1\.36\.0$/);
      assert.match(step.explain, /^v1\.35\.4 -> v1\.36\.0 \(mcr\.microsoft\.com\/oss\/v2\/kubernetes\/azure-cloud-controller-manager:v1\.36\.0, /);
      assert.match(step.az, /image: mcr\.microsoft\.com\/oss\/v2\/kubernetes\/azure-cloud-node-manager:v1\.36\.0/);
      assert.match(step.az, /rollout status deployment\/cloud-controller-manager --timeout=5m\n.*rollout status daemonset\/cloud-node-manager/);
      assert.doesNotMatch(step.az, /azuredisk/, 'only the cloud provider\'s objects');
      assert.ok(!ids(plan).includes('addon:disk-csi'), 'the disk driver pins one release for both minors');
    });

    it('a patch upgrade keeps the add-ons, unless a pin differs; the integration off moves nothing', () => {
      const patch = { ...spec, kubernetesVersion: '1.36.1' };
      assert.ok(!ids(upgradeSteps({ spec: patch, nodes, applyOn: cp.name, pin, from: '1.36.0', controlPlane: cp })).some((id) => id.startsWith('addon:')));
      // A table where 1.36.1 has its own disk driver release (and the same cloud provider).
      const pins = (v: string) => ({ 'cloud-provider': 'v1.36.0', 'disk-csi': v === '1.36.1' ? 'v1.36.9' : 'v1.34.4' });
      const moved = upgradeSteps({ spec: patch, nodes, applyOn: cp.name, pin, from: '1.36.0', controlPlane: cp, addonPins: pins });
      assert.deepEqual(ids(moved).filter((id) => id.startsWith('addon:')), ['addon:disk-csi']);
      assert.match(moved.steps.find((s) => s.id === 'addon:disk-csi')!.az, /rollout status deployment\/csi-azuredisk-controller/);
      const both = upgradeSteps({ spec, nodes, applyOn: cp.name, pin, from: '1.35.3', controlPlane: cp, addonPins: (v) => ({ 'cloud-provider': v, 'disk-csi': v }) });
      assert.deepEqual(ids(both).filter((id) => id.startsWith('addon:')), ['addon:cloud-provider', 'addon:disk-csi'], 'the cloud provider first');
      const off = { ...spec, azureIntegration: { cloudProvider: false, disks: false } };
      assert.ok(!ids(upgradeSteps({ spec: off, nodes, applyOn: cp.name, pin, from: '1.35.3', controlPlane: cp })).some((id) => id.startsWith('addon:')));
    });
  });
});
