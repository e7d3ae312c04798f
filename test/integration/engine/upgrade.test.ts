/**
 * Upgrading Kubernetes through the ClusterService in the sandbox (in process, real SDK clients and
 * SSH; the simulated nodes run kubeadm upgrade and swap their sysext): the plan first; a node whose
 * image arrives damaged stops the upgrade with that node left cordoned, the nodes before it done
 * and recorded, the ones after it untouched; running it again continues the same operation from
 * that node (the app's Resume); every node then reports the new version, Ready and schedulable, and the record has
 * the cluster's new version. Refusals (a skipped minor, a version the bakery lacks) come first.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { ClusterService } from '../../../electron/services/cluster/service/cluster-service';
import { kubeOk } from '../../../electron/services/kube/kube-http';
import { EventLog, exampleSpec, FAST_TIMINGS, startEngineFixture, type EngineFixture } from './engine-fixture';

interface NodeObject {
  metadata: { name: string };
  spec?: { unschedulable?: boolean };
}

interface PodObject {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string };
  spec: { containers: { image: string }[] };
  status?: { phase?: string };
}

describe('engine: upgrading Kubernetes node by node', () => {
  let f: EngineFixture;
  let service: ClusterService;
  let events: EventLog;
  const spec = exampleSpec((s) => ({ ...s, name: 'upg', resourceGroup: { name: 'upg-rg', create: true } }));
  before(async () => {
    f = await startEngineFixture();
    events = new EventLog();
    service = new ClusterService({ store: f.store, secrets: f.secrets, connect: async () => ({ env: f.env, arm: f.arm }), emit: events, timings: FAST_TIMINGS });
    const r = await service.run({ kind: 'create', spec });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
  });
  after(async () => f?.close());

  const cordoned = async () => {
    const kc = (await f.store.require('upg')).kubeconfigPath!;
    const list = await kubeOk<{ items: NodeObject[] }>(await readFile(kc, 'utf8'), '/api/v1/nodes');
    return list.items.filter((n) => n.spec?.unschedulable).map((n) => n.metadata.name);
  };

  /** The images the running pods of each add-on workload have (every container but the CSI sidecars). */
  const addonImages = async () => {
    const kc = await readFile((await f.store.require('upg')).kubeconfigPath!, 'utf8');
    const pods = await kubeOk<{ items: PodObject[] }>(kc, '/api/v1/namespaces/kube-system/pods');
    const out: Record<string, string[]> = {};
    for (const [name, label] of [['cloud-controller-manager', 'component'], ['cloud-node-manager', 'k8s-app'], ['csi-azuredisk-controller', 'app'], ['csi-azuredisk-node', 'app']] as const) {
      const running = pods.items.filter((p) => p.metadata.labels?.[label] === name && p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
      out[name] = [...new Set(running.flatMap((p) => p.spec.containers.map((c) => c.image)).filter((i) => /azure-cloud|azuredisk-csi:/.test(i)))];
    }
    return out;
  };

  it('status offers the next releases, nearest first; an older or an unpublished version is refused before anything runs', async () => {
    assert.equal(spec.kubernetesVersion, '1.35.3');
    assert.deepEqual((await service.status('upg')).upgrades, ['1.36.0', '1.36.1']);
    await assert.rejects(service.preview({ kind: 'upgrade', name: 'upg', kubernetesVersion: '1.35.2' }), /cannot upgrade to 1\.35\.2: 1\.35\.2 is older than its 1\.35\.3/);
    await assert.rejects(service.preview({ kind: 'upgrade', name: 'upg', kubernetesVersion: '1.36.9' }), (e: Error & { hint?: string }) => /publishes no 1\.36\.9 image/.test(e.message) && e.hint === 'It may go to 1.36.0, 1.36.1.');
    const plan = await service.preview({ kind: 'upgrade', name: 'upg', kubernetesVersion: '1.36.0' });
    assert.deepEqual(
      plan.steps.filter((s) => s.node === 'cp-0').map((s) => s.id),
      ['cordon:cp-0', 'drain:cp-0', 'sysext:cp-0', 'kubeadm-upgrade:cp-0', 'kubelet:cp-0', 'uncordon:cp-0'],
    );
    assert.equal(plan.steps.find((s) => s.id === 'addon:cloud-provider')?.dependsOn[0], 'uncordon:cp-0', 'the cloud provider moves once the control plane runs 1.36');
    assert.equal(plan.steps.find((s) => s.id === 'cordon:worker-0')?.dependsOn[0], 'addon:cloud-provider', 'one node at a time, control plane first, the workers after the add-ons');
    assert.match(plan.steps.find((s) => s.id === 'kubeadm-upgrade:cp-0')!.az, /sudo kubeadm upgrade plan v1\.36\.0 && sudo kubeadm upgrade apply v1\.36\.0 --yes/);
    assert.match(plan.steps.find((s) => s.id === 'kubeadm-upgrade:worker-1')!.az, /sudo kubeadm upgrade node'$/);
    assert.equal((await f.store.require('upg')).operations.length, 1, 'a plan records nothing');
  });

  it('a damaged image on worker-0 stops the upgrade there, worker-0 left cordoned; run again, it continues from worker-0 and every node runs 1.36.0', async () => {
    // cp-0 downloads the image first; the second download (worker-0's) arrives altered.
    await f.sb.api.addFaults({ rules: [{ kind: 'download-corrupted', path: '/kubernetes-v1\\.36\\.0-x86-64\\.raw$', nth: 2 }] });
    const failed = await service.run({ kind: 'upgrade', name: 'upg', kubernetesVersion: '1.36.0' });
    assert.equal(failed.status, 'failed');
    assert.equal(failed.failedStep, 'sysext:worker-0');
    assert.match(failed.error!.message, /does not match the sha256 of the bakery's SHA256SUMS/);
    assert.match(failed.error!.hint!, /worker-0 is left cordoned .* `flatkube upgrade upg --kubernetes 1\.36\.0`/);
    assert.deepEqual(await cordoned(), ['worker-0']);
    const rec = await f.store.require('upg');
    assert.deepEqual(rec.nodes.map((n) => [n.name, n.kubernetesVersion ?? null]), [['cp-0', '1.36.0'], ['worker-0', null], ['worker-1', null]]);
    assert.equal(rec.spec.kubernetesVersion, '1.35.3', 'the cluster version changes when the upgrade is done');
    const mid = await service.status('upg');
    assert.deepEqual(mid.nodes.map((n) => n.kubernetesVersion), ['v1.36.0', 'v1.35.3', 'v1.35.3']);
    await assert.rejects(service.preview({ kind: 'upgrade', name: 'upg', kubernetesVersion: '1.36.1' }), /unfinished upgrade to 1\.36\.0/);

    const plan = await service.preview({ kind: 'upgrade', name: 'upg', kubernetesVersion: '1.36.0' });
    assert.equal(plan.resumes, rec.operations.at(-1)!.id);
    assert.deepEqual(plan.keep, ['cp-0']);
    assert.ok(!plan.steps.some((s) => s.node === 'cp-0'), 'the node done is left out');
    // The app's Resume: the last operation again, which is this upgrade.
    const resumed = await service.run({ kind: 'resume', name: 'upg' });
    assert.equal(resumed.status, 'succeeded', JSON.stringify(resumed.error));
    assert.equal(resumed.operationId, failed.operationId, 'the same operation, continued');
    const s = await service.status('upg');
    assert.deepEqual(s.nodes.map((n) => [n.name, n.kubernetesVersion, n.ready]), [['cp-0', 'v1.36.0', true], ['worker-0', 'v1.36.0', true], ['worker-1', 'v1.36.0', true]]);
    assert.deepEqual(await cordoned(), []);
    assert.deepEqual(s.operations.map((o) => `${o.kind}:${o.state}`), ['create:succeeded', 'upgrade:succeeded']);
    assert.deepEqual(s.upgrades, ['1.36.1']);
    // The Azure add-ons run the releases pinned for 1.36 (render/azure-addons.ts): the cloud
    // provider moved to v1.36.0, every pod of it replaced; the disk driver kept its release.
    assert.deepEqual(await addonImages(), {
      'cloud-controller-manager': ['mcr.microsoft.com/oss/v2/kubernetes/azure-cloud-controller-manager:v1.36.0'],
      'cloud-node-manager': ['mcr.microsoft.com/oss/v2/kubernetes/azure-cloud-node-manager:v1.36.0'],
      'csi-azuredisk-controller': ['mcr.microsoft.com/oss/v2/kubernetes-csi/azuredisk-csi:v1.34.4'],
      'csi-azuredisk-node': ['mcr.microsoft.com/oss/v2/kubernetes-csi/azuredisk-csi:v1.34.4'],
    });
    const after = await f.store.require('upg');
    assert.equal(after.spec.kubernetesVersion, '1.36.0');
    assert.match(after.sysextPin!.url, /kubernetes-v1\.36\.0-x86-64\.raw$/);
    assert.match(events.text('worker-0'), /SUCCESS|The configuration for this node was successfully updated/);
  });
});
