// The cilium CLI on simulated nodes: it exists only once its release binary is extracted to
// /opt/bin (and only for the node's CPU), then installs Cilium and reports its status like
// the real CLI, with the exact commands Flatkube's CNI plan sends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cluster } from '@flatkube/sandbox/testing';
import { cniPlan, CNI_VERSIONS } from '../../../electron/services/cluster/render/cni';
import { findObject } from '@flatkube/sandbox/testing';
import { ciliumCliBinary } from '@flatkube/sandbox/testing';
import type { ClusterSpec } from '../../../shared/domain/cluster-spec';

const AS_ROOT = 'sudo KUBECONFIG=/etc/kubernetes/admin.conf /opt/bin/cilium';

function plan(architecture: ClusterSpec['architecture'] = 'x64', podCidr = '10.244.0.0/16') {
  return cniPlan({ cni: 'cilium', architecture, network: { vnetCidr: '10.0.0.0/16', subnetCidr: '10.0.1.0/24', podCidr, serviceCidr: '10.96.0.0/12' } });
}

describe('simulated cilium CLI', () => {
  it('does not exist before it is installed: bash and sudo say so their own way', async () => {
    const c = await cluster();
    assert.deepEqual(await c.on('/opt/bin/cilium version'), { code: 127, stdout: '', stderr: 'bash: line 1: /opt/bin/cilium: No such file or directory\n' });
    assert.deepEqual(await c.on('cilium version'), { code: 127, stdout: '', stderr: 'bash: line 1: cilium: command not found\n' });
    assert.deepEqual(await c.on(`${AS_ROOT} status --wait`), { code: 1, stdout: '', stderr: 'sudo: /opt/bin/cilium: command not found\n' });
  });

  it("the plan's commands download, verify, install it, then install Cilium and wait for it", async () => {
    const c = await cluster({ workers: 1 });
    const [download, install, status] = plan().commands as [string, string, string];
    const d = await c.on(download);
    assert.deepEqual(d, { code: 0, stdout: 'cilium-linux-amd64.tar.gz: OK\n', stderr: '' });
    assert.equal(c.cp.fs.stat('/tmp/flatkube-cilium-cli'), undefined, 'the download directory is removed');
    assert.ok(c.cp.fs.readFile('/opt/bin/cilium')?.equals(ciliumCliBinary(CNI_VERSIONS.ciliumCli, 'amd64')));
    assert.match((await c.on('cilium version')).stdout, new RegExp(`^cilium-cli: ${CNI_VERSIONS.ciliumCli} compiled for linux/amd64`));

    const i = await c.on(install);
    assert.equal(i.code, 0, i.stderr);
    assert.equal(i.stdout, `ℹ️  Using Cilium version ${CNI_VERSIONS.cilium}\n🔮 Auto-detected cluster name: kubernetes\n🔮 Auto-detected kube-proxy has been installed\n`);
    const config = findObject(c.cp.state.cluster!, 'configmap', 'cilium-config', 'kube-system');
    assert.deepEqual(
      { ipam: config?.data?.ipam, pool: config?.data?.['cluster-pool-ipv4-cidr'], mtu: config?.data?.mtu, mode: config?.data?.['routing-mode'], tunnel: config?.data?.['tunnel-protocol'] },
      { ipam: 'cluster-pool', pool: '10.244.0.0/16', mtu: '1400', mode: 'tunnel', tunnel: 'vxlan' },
    );

    const s = await c.on(status);
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stdout, /^ \/¯¯\\__\/¯¯\\ {4}Cilium: {13}OK$/m);
    assert.match(s.stdout, /^DaemonSet +cilium +Desired: 2, Ready: 2\/2, Available: 2\/2$/m);
    assert.match(s.stdout, new RegExp(`^Helm chart version: +${CNI_VERSIONS.cilium.replace(/\./g, '\\.')}$`, 'm'));
    assert.ok(!s.stdout.includes('Errors:'));
    const nodes = await c.on('sudo kubectl --kubeconfig=/etc/kubernetes/admin.conf get nodes');
    assert.match(nodes.stdout, /^cp-0\s+Ready\s/m);
    assert.match(nodes.stdout, /^worker-0\s+Ready\s/m);

    const again = await c.on(install);
    assert.deepEqual([again.code, again.stderr], [1, 'Error: Unable to install Cilium: cannot re-use a name that is still in use\n']);
  });

  it('an amd64 binary does not run on an Arm64 node; the Arm64 plan downloads the arm64 build', async () => {
    const c = await cluster({ architecture: 'Arm64' });
    assert.equal((await c.on(plan('x64').commands[0]!)).code, 0);
    assert.deepEqual(await c.on(`${AS_ROOT} version`), { code: 1, stdout: '', stderr: 'sudo: unable to execute /opt/bin/cilium: Exec format error\n' });
    assert.deepEqual(await c.on('/opt/bin/cilium version'), { code: 126, stdout: '', stderr: 'bash: line 1: /opt/bin/cilium: cannot execute binary file: Exec format error\n' });
    const arm = await c.on(plan('Arm64').commands[0]!);
    assert.deepEqual(arm, { code: 0, stdout: 'cilium-linux-arm64.tar.gz: OK\n', stderr: '' });
    assert.equal((await c.on(plan('Arm64').commands[1]!)).code, 0);
  });

  it('a file that is not executable is refused', async () => {
    const c = await cluster();
    c.cp.fs.writeFile('/opt/bin/cilium', ciliumCliBinary(CNI_VERSIONS.ciliumCli, 'amd64'), { mode: 0o644 });
    assert.deepEqual(await c.on('/opt/bin/cilium version'), { code: 126, stdout: '', stderr: 'bash: line 1: /opt/bin/cilium: Permission denied\n' });
  });

  it('status without Cilium installed lists the errors; --wait gives up with the CLI error', async () => {
    const c = await cluster();
    await c.on(plan().commands[0]!);
    const now = await c.on(`${AS_ROOT} status`);
    assert.equal(now.code, 0);
    assert.match(now.stdout, /Cilium: +1 errors/);
    assert.match(now.stdout, /^Errors: +cilium +cilium +daemonsets\.apps "cilium" not found$/m);
    const wait = await c.on(`${AS_ROOT} status --wait --wait-duration 1s`);
    assert.equal(wait.code, 1);
    assert.match(wait.stderr, /\nError: Unable to determine status: {2}timeout while waiting for status to become successful: context deadline exceeded\n$/);
  });

  it('refuses what the CLI refuses: no kubeconfig, an unsupported version, bad --set, unknown commands', async () => {
    const c = await cluster();
    await c.on(plan().commands[0]!);
    const noKc = await c.on('/opt/bin/cilium status');
    assert.deepEqual([noKc.code, noKc.stderr], [1, '\nError: Unable to determine status:  stat /home/core/.kube/config: no such file or directory\n']);
    // Not embedded in the CLI: it would pull the chart from helm.cilium.io, which the sandbox does not carry.
    const old = await c.on(`${AS_ROOT} install --version 1.12.0`);
    assert.deepEqual([old.code, old.stderr], [1, 'Error: Unable to install Cilium: looks like "https://helm.cilium.io" is not a valid chart repository or cannot be reached: Get "https://helm.cilium.io/index.yaml": dial tcp: lookup helm.cilium.io: no such host\n']);
    assert.equal((await c.on(`${AS_ROOT} install --set novalue`)).stderr, 'Error: Unable to install Cilium: failed parsing --set data: key "novalue" has no value\n');
    assert.equal((await c.on(`${AS_ROOT} uninstall`)).stderr, 'Error: unknown command "uninstall" for "cilium"\nRun \'cilium --help\' for usage.\n');
    assert.equal(c.cp.state.cluster?.cni, undefined);
  });

  it('installs the Cilium its release embeds by default (cilium-cli v0.19.7: 1.19.5); a chart it does not embed needs helm.cilium.io', async () => {
    const c = await cluster();
    await c.on(plan().commands[0]!);
    assert.match((await c.on(`${AS_ROOT} version`)).stdout, /^cilium image \(default\): v1\.19\.5$/m);
    const newer = await c.on(`${AS_ROOT} install --version 1.19.6`);
    assert.equal(newer.code, 1);
    assert.match(newer.stderr, /cannot be reached: Get "https:\/\/helm\.cilium\.io\/index\.yaml"/);
    const byDefault = await c.on(`${AS_ROOT} install`);
    assert.equal(byDefault.code, 0, byDefault.stderr);
    assert.match(byDefault.stdout, /^ℹ️ {2}Using Cilium version 1\.19\.5$/m);
  });
});
