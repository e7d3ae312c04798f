/**
 * Upgrading Kubernetes on simulated nodes the way Flatkube does it (docs/operations.md#upgrades):
 * a new sysext image placed beside the old, the /etc/extensions link re-pointed, the extensions
 * merged again, then kubeadm upgrade apply (first control plane) or node (the others), and the
 * kubelet restarted. kubeadm's refusals (a skipped minor, a target newer than kubeadm, no -y) come
 * with its own wording (policy.go, apply.go).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeDirectory } from '../../src/nodes/command-types';
import type { SimNode } from '../../src/nodes/sim-node';
import { cniInternet, directory, run, simNode } from '../../src/testing/sim-node-fixture';
import { initYaml } from '../../src/testing/nodes-fixtures';

async function cluster(version: string): Promise<{ cp: SimNode; dir: NodeDirectory }> {
  const cp = simNode({ name: 'cp-0', ip: '10.0.1.4', sysextVersion: version });
  cp.fs.writeFile('/etc/kubeadm/init.yaml', initYaml({ ip: '10.0.1.4', version: `v${version}` }), { mode: 0o600 });
  const dir = directory([cp], cniInternet());
  const r = await run(cp, dir, 'sudo kubeadm init --config /etc/kubeadm/init.yaml');
  assert.equal(r.code, 0, r.stderr);
  return { cp, dir };
}

/** Places an image of `version` and points the link at it (what the upgrade's download does). */
async function swapImage(cp: SimNode, dir: NodeDirectory, version: string): Promise<void> {
  const image = `/opt/extensions/kubernetes/kubernetes-v${version}-x86-64.raw`;
  cp.fs.writeFile(image, 'stand-in sysext image\n');
  const r = await run(cp, dir, `sudo ln -sfn ${image} /etc/extensions/kubernetes.raw`);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await run(cp, dir, 'readlink -f /etc/extensions/kubernetes.raw')).stdout, `${image}\n`);
}

const kubeadmVersion = async (cp: SimNode, dir: NodeDirectory) => (await run(cp, dir, 'kubeadm version -o short')).stdout.trim();

describe('kubeadm upgrade on a node whose sysext is swapped', () => {
  it('a re-pointed link changes nothing until the extensions are merged again; then plan and apply move the cluster, and the restarted kubelet reports the new version', async () => {
    const { cp, dir } = await cluster('1.35.3');
    await swapImage(cp, dir, '1.36.0');
    assert.equal(await kubeadmVersion(cp, dir), 'v1.35.3', 'the merged image stays until systemd-sysext restarts');
    const refused = await run(cp, dir, 'sudo kubeadm upgrade apply v1.36.0 --yes');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^\[upgrade\/version\] FATAL: the --version argument is invalid due to these fatal errors:\n\n\t- Specified version to upgrade to "v1\.36\.0" is at least one minor release higher than the kubeadm minor release \(36 > 35\)\. Such an upgrade is not supported\n\nPlease fix the misalignments/);

    assert.equal((await run(cp, dir, 'sudo systemctl restart systemd-sysext')).code, 0);
    assert.equal(await kubeadmVersion(cp, dir), 'v1.36.0');
    const plan = await run(cp, dir, 'sudo kubeadm upgrade plan v1.36.0');
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /\[upgrade\/versions\] Cluster version: v1\.35\.3\n\[upgrade\/versions\] kubeadm version: v1\.36\.0\n/);
    assert.match(plan.stdout, /^kubelet {3,}cp-0 {3,}v1\.35\.3 {3,}v1\.36\.0$/m);
    assert.match(plan.stdout, /You can now apply the upgrade by executing the following command:\n\n\tkubeadm upgrade apply v1\.36\.0\n/);

    const unconfirmed = await run(cp, dir, 'sudo kubeadm upgrade apply v1.36.0');
    assert.equal(unconfirmed.code, 1, 'no terminal to say yes: it does not proceed');
    assert.equal(cp.state.cluster!.kubernetesVersion, 'v1.35.3');

    const applied = await run(cp, dir, 'sudo kubeadm upgrade apply v1.36.0 --yes');
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /\[upgrade\] SUCCESS! A control plane node of your cluster was upgraded to "v1\.36\.0"\./);
    assert.equal(cp.state.cluster!.kubernetesVersion, 'v1.36.0');
    const admin = 'sudo kubectl --kubeconfig /etc/kubernetes/admin.conf -n kube-system';
    const cm = JSON.parse((await run(cp, dir, `${admin} get configmap kubeadm-config -o json`)).stdout) as { data: { ClusterConfiguration: string } };
    assert.match(cm.data.ClusterConfiguration, /^kubernetesVersion: v1\.36\.0$/m);
    assert.match((await run(cp, dir, `${admin} get daemonset kube-proxy -o json`)).stdout, /registry\.k8s\.io\/kube-proxy:v1\.36\.0/);
    const member = () => cp.state.cluster!.members.find((m) => m.name === 'cp-0')!;
    assert.equal(member().kubeletVersion, 'v1.35.3', 'the running kubelet is the old binary');
    assert.equal((await run(cp, dir, 'sudo systemctl restart kubelet')).code, 0);
    assert.equal(member().kubeletVersion, 'v1.36.0');
  });

  it('refuses to skip a minor, as kubeadm does, even with --force', async () => {
    const { cp, dir } = await cluster('1.34.5');
    await swapImage(cp, dir, '1.36.1');
    await run(cp, dir, 'sudo systemctl restart systemd-sysext');
    const r = await run(cp, dir, 'sudo kubeadm upgrade apply v1.36.1 --force');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\t- Specified version to upgrade to "v1\.36\.1" is too high; kubeadm can upgrade only 1 minor version at a time\n/);
    assert.equal(cp.state.cluster!.kubernetesVersion, 'v1.34.5');
  });

  it('kubeadm upgrade node needs a joined node; ln without -f keeps an existing link', async () => {
    const { cp, dir } = await cluster('1.35.3');
    const loose = simNode({ name: 'w-0', ip: '10.0.1.10', sysextVersion: '1.35.3' });
    const r = await run(loose, directory([cp, loose], cniInternet()), 'sudo kubeadm upgrade node');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /kubelet\.conf: no such file or directory/);
    const ln = await run(cp, dir, 'sudo ln -s /opt/x.raw /etc/extensions/kubernetes.raw');
    assert.equal(ln.code, 1);
    assert.match(ln.stderr, /^ln: failed to create symbolic link '\/etc\/extensions\/kubernetes\.raw': File exists$/m);
    const node = await run(cp, dir, 'sudo kubeadm upgrade node');
    assert.equal(node.code, 0, node.stderr);
    assert.match(node.stdout, /\[upgrade\] The configuration for this node was successfully updated!/);
  });
});
