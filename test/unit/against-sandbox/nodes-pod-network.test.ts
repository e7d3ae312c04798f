// The simulated cluster takes its pod network from what was applied (Flannel's net-conf.json,
// Calico's Installation, Cilium's cluster-pool) and checks it against kubeadm's podSubnet:
// a match gives Ready nodes, a mismatch NotReady nodes and the CNI's own error in its logs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cluster } from '@flatkube/sandbox/testing';
import { cniPlan, KUBECTL } from '../../../electron/services/cluster/render/cni';
import { sandboxCniPins } from '@flatkube/sandbox/testing';
import type { ClusterSpec } from '../../../shared/domain/cluster-spec';

function plan(cni: ClusterSpec['cni'], podCidr: string) {
  return cniPlan({ cni, architecture: 'x64', network: { vnetCidr: '10.0.0.0/16', subnetCidr: '10.0.1.0/24', podCidr, serviceCidr: '10.96.0.0/12' } }, { pins: sandboxCniPins() });
}

/** The Calico plan's command that applies the Installation. */
const installationOf = (commands: string[]) => commands.find((c) => c.includes('kind: Installation'))!;

type Cluster = Awaited<ReturnType<typeof cluster>>;

async function runAll(c: Cluster, commands: string[]): Promise<{ code: number; stderr: string }[]> {
  const out = [];
  for (const cmd of commands) out.push(await c.on(cmd));
  return out;
}

async function nodes(c: Cluster): Promise<{ name: string; ready: boolean; message: string; podCIDR?: string }[]> {
  const r = await c.on(`${KUBECTL} get nodes -o json`);
  const list = JSON.parse(r.stdout) as { items: { metadata: { name: string }; spec: { podCIDR?: string }; status: { conditions: { type: string; status: string; message: string }[] } }[] };
  return list.items.map((n) => {
    const ready = n.status.conditions.find((x) => x.type === 'Ready')!;
    return { name: n.metadata.name, ready: ready.status === 'True', message: ready.message, ...(n.spec.podCIDR ? { podCIDR: n.spec.podCIDR } : {}) };
  });
}

describe('pod network from the applied CNI configuration', () => {
  it("flannel: the plan's curl | sed | kubectl apply sets a non-default network; nodes Ready with podCIDRs in it", async () => {
    const c = await cluster({ podSubnet: '10.32.0.0/16', workers: 1 });
    const results = await runAll(c, plan('flannel', '10.32.0.0/16').commands);
    assert.deepEqual(results.map((r) => r.code), [0, 0], results.map((r) => r.stderr).join('\n'));
    assert.deepEqual(await nodes(c), [
      { name: 'cp-0', ready: true, message: 'kubelet is posting ready status', podCIDR: '10.32.0.0/24' },
      { name: 'worker-0', ready: true, message: 'kubelet is posting ready status', podCIDR: '10.32.1.0/24' },
    ]);
    const logs = await c.on(`${KUBECTL} logs -n kube-flannel ds/kube-flannel-ds`);
    assert.match(logs.stderr, /^Found 2 pods, using pod\/kube-flannel-ds-/);
    assert.match(logs.stdout, /main\.go:393\] Running backend\.\n/);
  });

  it("flannel: the default manifest on another podSubnet crash-loops with flannel's error; re-applying fixed makes it Ready", async () => {
    const c = await cluster({ podSubnet: '10.32.0.0/16', workers: 1 });
    const [apply, rollout] = await runAll(c, plan('flannel', '10.244.0.0/16').commands);
    assert.equal(apply!.code, 0);
    assert.equal(rollout!.code, 1);
    assert.match(rollout!.stderr, /timed out waiting for the condition/);
    const bad = await nodes(c);
    assert.deepEqual(bad.map((n) => n.ready), [false, false]);
    assert.equal(bad[1]!.message, 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized (kube-flannel: Error registering network: failed to acquire lease: subnet "10.244.0.0/16" specified in the flannel net config doesn\'t contain "10.32.1.0/24" PodCIDR of the "worker-0" node)');
    const pods = await c.on(`${KUBECTL} get pods -n kube-flannel`);
    assert.match(pods.stdout, /^kube-flannel-ds-\w{5}\s+0\/1\s+CrashLoopBackOff\s/m);
    const logs = await c.on(`${KUBECTL} logs -n kube-flannel -l app=flannel`);
    assert.match(logs.stdout, /^E\d{4} [\d:.]+ +1 main\.go:359\] Error registering network: failed to acquire lease: subnet "10\.244\.0\.0\/16" specified in the flannel net config doesn't contain "10\.32\.0\.0\/24" PodCIDR of the "cp-0" node$/m);

    const fixed = await runAll(c, plan('flannel', '10.32.0.0/16').commands);
    assert.deepEqual(fixed.map((r) => r.code), [0, 0]);
    assert.deepEqual((await nodes(c)).map((n) => n.ready), [true, true]);
  });

  it('flannel: a network that contains the podSubnet works (flannel checks containment, not equality)', async () => {
    const c = await cluster({ podSubnet: '10.32.0.0/16' });
    const widened = plan('flannel', '10.32.0.0/16').commands[0]!.replace('"Network": "10.32.0.0/16"', '"Network": "10.32.0.0/12"');
    assert.equal((await c.on(widened)).code, 0);
    assert.deepEqual((await nodes(c)).map((n) => n.ready), [true]);
  });

  it('calico: an IP pool outside the podSubnet is refused by the operator: no calico-node, NotReady', async () => {
    const c = await cluster({ podSubnet: '10.244.0.0/16', workers: 1 });
    const results = await runAll(c, plan('calico', '192.168.0.0/16').commands);
    assert.ok(results.every((r) => r.code === 0), results.map((r) => r.stderr).join('\n'));
    const bad = await nodes(c);
    assert.deepEqual(bad.map((n) => n.ready), [false, false]);
    assert.match(bad[0]!.message, /\(tigera-operator: Error querying installation: Could not resolve CalicoNetwork IPPool and kubeadm configuration: IPPool 192\.168\.0\.0\/16 is not within the platform's configured pod network CIDR\(s\) \[10\.244\.0\.0\/16\]\)$/);
    const pods = await c.on(`${KUBECTL} get pods -A`);
    assert.ok(!pods.stdout.includes('calico-node'), pods.stdout);
    const logs = await c.on(`${KUBECTL} -n tigera-operator logs deploy/tigera-operator`);
    const last = JSON.parse(logs.stdout.trim().split('\n').at(-1)!) as { level: string; msg: string; error: string };
    assert.deepEqual([last.level, last.msg], ['error', 'Error querying installation']);
    assert.match(last.error, /IPPool 192\.168\.0\.0\/16 is not within/);

    // The plan for the cluster's own CIDR re-applies the Installation: the operator goes ahead.
    const fix = await c.on(installationOf(plan('calico', '10.244.0.0/16').commands));
    assert.deepEqual([fix.code, fix.stdout], [0, 'installation.operator.tigera.io/default configured\n']);
    assert.deepEqual((await nodes(c)).map((n) => n.ready), [true, true]);
    assert.match((await c.on(`${KUBECTL} get pods -n calico-system`)).stdout, /^calico-node-\w{5}\s+1\/1\s+Running\s/m);
  });

  it('calico: a non-default pool that matches kubeadm works', async () => {
    const c = await cluster({ podSubnet: '172.16.0.0/16' });
    const results = await runAll(c, plan('calico', '172.16.0.0/16').commands);
    assert.ok(results.every((r) => r.code === 0), results.map((r) => r.stderr).join('\n'));
    assert.deepEqual(await nodes(c), [{ name: 'cp-0', ready: true, message: 'kubelet is posting ready status', podCIDR: '172.16.0.0/24' }]);
  });

  it('cilium: a cluster-pool outside the podSubnet fails `cilium status --wait` and keeps nodes NotReady', async () => {
    const c = await cluster({ podSubnet: '10.32.0.0/16' });
    const [download, install, status] = await runAll(c, plan('cilium', '10.244.0.0/16').commands);
    assert.deepEqual([download!.code, install!.code, status!.code], [0, 0, 1]);
    assert.match(status!.stderr, /^Errors: +cilium +cilium +1 pods of DaemonSet cilium are not ready$/m);
    assert.match(status!.stderr, /cluster-pool 10\.244\.0\.0\/16 \(ipam\.operator\.clusterPoolIPv4PodCIDRList\) is not within kubeadm's podSubnet 10\.32\.0\.0\/16/);
    assert.match(status!.stderr, /Error: Unable to determine status: {2}timeout while waiting for status to become successful/);
    const [cp] = await nodes(c);
    assert.equal(cp!.ready, false);
    assert.match(cp!.message, /\(cilium-agent: sandbox check: cluster-pool 10\.244\.0\.0\/16/);
    const logs = await c.on(`${KUBECTL} logs -n kube-system -l k8s-app=cilium`);
    assert.match(logs.stdout, /level=fatal msg="Error while creating daemon"/);
  });

  it('kubectl logs: pods still starting, unknown pods and non-CNI pods are answered like kubectl', async () => {
    const c = await cluster();
    assert.equal((await c.on(`${KUBECTL} logs -n kube-system nope`)).stderr, 'Error from server (NotFound): pods "nope" not found\n');
    // Every pod has a (generated) log now, the control plane's static pods too.
    const apiserver = await c.on(`${KUBECTL} logs -n kube-system kube-apiserver-cp-0`);
    assert.deepEqual([apiserver.code, apiserver.stderr], [0, '']);
    assert.match(apiserver.stdout, /Starting kube-apiserver/);
    await runAll(c, plan('flannel', '10.244.0.0/16').commands);
    const wrong = await c.on(`${KUBECTL} logs -n kube-flannel ds/kube-flannel-ds -c nope`);
    assert.match(wrong.stderr, /^error: container nope is not valid for pod kube-flannel-ds-\w{5}\n$/);
    assert.equal((await c.on(`${KUBECTL} logs -n kube-flannel ds/kube-flannel-ds --tail=1`)).stdout.split('\n').length, 2);

    // Pods whose start-up (pace cni-ready) has not passed yet are still in their init containers.
    const slow = await cluster({ pace: { delayMs: (k) => (k === 'cni-ready' ? 3_600_000 : 0) } });
    assert.equal((await slow.on(plan('flannel', '10.244.0.0/16').commands[0]!)).code, 0);
    const starting = await slow.on(`${KUBECTL} logs -n kube-flannel -l app=flannel`);
    assert.match(starting.stderr, /^Error from server \(BadRequest\): container "kube-flannel" in pod "kube-flannel-ds-\w{5}" is waiting to start: PodInitializing\n$/);
    assert.equal(starting.code, 1);
  });
});
