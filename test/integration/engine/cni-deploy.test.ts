/**
 * Full sandbox deployments (instant latency) with each pod network add-on and a non-default pod
 * CIDR where it matters: the engine's CNI commands run on the simulated control plane against
 * the sandbox's simulated internet (curl, sed, sha256sum, tar, the cilium CLI), and every node
 * must end Ready with a podCIDR from the spec. (A corrupted cilium CLI download is in the fault
 * suite: faults/download-corrupted.test.ts.)
 */
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { deployCluster } from '../../../electron/services/cluster/engine/deployment';
import { DeploymentJournal } from '../../../electron/services/cluster/engine/journal';
import { kubeAccess } from '../../../electron/services/kube/kubeconfig';
import { listNodeReadiness } from '../../../electron/services/kube/nodes';
import type { ClusterSpec } from '../../../shared/domain/cluster-spec';
import { CNI_VERSIONS } from '../../../electron/services/cluster/render/cni';
import { EventLog, exampleSpec, FAST_TIMINGS, startEngineFixture, type EngineFixture } from './engine-fixture';

const variant = (name: string, cni: ClusterSpec['cni'], podCidr?: string) => (s: ClusterSpec): ClusterSpec => ({
  ...s,
  name,
  cni,
  resourceGroup: { name: `${name}-rg`, create: true },
  nodePools: [{ name: 'workers', count: 1, size: 'Standard_B2s' }],
  network: { ...s.network, ...(podCidr ? { podCidr } : {}) },
});

/** Each node's spec.podCIDR, read from the cluster's API with the saved kubeconfig. */
function podCidrs(kubeconfig: string): Promise<Record<string, string | undefined>> {
  const a = kubeAccess(kubeconfig);
  return new Promise((resolve, reject) => {
    const req = request(new URL('/api/v1/nodes', a.server), { ca: a.caPem, cert: a.certPem, key: a.keyPem, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        const list = JSON.parse(body) as { items: { metadata: { name: string }; spec: { podCIDR?: string } }[] };
        resolve(Object.fromEntries(list.items.map((n) => [n.metadata.name, n.spec.podCIDR])));
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function deployAndCheck(f: EngineFixture, spec: ClusterSpec, podCidrsWanted: Record<string, string>): Promise<EventLog> {
  const events = new EventLog();
  const r = await deployCluster({ spec, env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: events, timings: FAST_TIMINGS });
  assert.equal(r.status, 'succeeded', `${JSON.stringify(r.error)}\n${events.text()}`);
  const kc = readFileSync(r.kubeconfigPath!, 'utf8');
  const nodes = await listNodeReadiness(kc);
  assert.deepEqual(nodes.map((n) => [n.name, n.ready]).sort(), [['cp-0', true], ['worker-0', true]]);
  assert.deepEqual(await podCidrs(kc), podCidrsWanted);
  return events;
}

describe('engine: every CNI deploys to Ready nodes in the sandbox', () => {
  let f: EngineFixture;
  before(async () => {
    f = await startEngineFixture();
  });
  after(async () => f?.close());

  it('cilium (default pod CIDR): CLI downloaded and checked, installed, status OK', async () => {
    const events = await deployAndCheck(f, exampleSpec(variant('cil', 'cilium')), { 'cp-0': '10.244.0.0/24', 'worker-0': '10.244.1.0/24' });
    const cp = events.text('cp-0');
    assert.match(cp, /cilium-linux-amd64\.tar\.gz: OK/);
    assert.match(cp, new RegExp(`Using Cilium version ${CNI_VERSIONS.cilium.replace(/\./g, '\\.')}`));
    assert.match(cp, /Cilium: +OK/);
  });

  it('cilium, the CNI step run again (a resume after it was cut off): the existing release is accepted, status OK', async () => {
    const spec = exampleSpec(variant('cilre', 'cilium'));
    await deployAndCheck(f, spec, { 'cp-0': '10.244.0.0/24', 'worker-0': '10.244.1.0/24' });
    const journal = await DeploymentJournal.open(f.store.paths(spec.name).journal, spec.name);
    await journal.setStep('cni', 'failed', { message: 'the SSH session was cut off' });
    await journal.setStatus('failed');
    // The record as a create that failed there leaves it: the operation failed, its nodes not in place.
    await f.store.modify(spec.name, (r) => ({
      state: 'failed',
      nodes: r.nodes.map((n) => ({ ...n, state: 'creating' as const })),
      operations: r.operations.map((o) => ({ ...o, state: 'failed' as const })),
    }));
    const again = new EventLog();
    const r = await deployCluster({ spec, env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: again, timings: FAST_TIMINGS });
    assert.equal(r.status, 'succeeded', `${JSON.stringify(r.error)}\n${again.text()}`);
    const cp = again.text('cp-0');
    assert.match(cp, /cannot re-use a name that is still in use/);
    assert.match(cp, /Cilium: +OK/);
  });

  it('flannel with podCidr 10.32.0.0/16: the manifest is rewritten by sed, kubeadm allocates from the same network', async () => {
    const events = await deployAndCheck(f, exampleSpec(variant('fl32', 'flannel', '10.32.0.0/16')), { 'cp-0': '10.32.0.0/24', 'worker-0': '10.32.1.0/24' });
    const cp = events.text('cp-0');
    assert.match(cp, /\| sed 's#"Network": "10\.244\.0\.0\/16"#"Network": "10\.32\.0\.0\/16"#' \|/);
    assert.match(cp, /configmap\/kube-flannel-cfg created/);
    assert.match(cp, /daemon set "kube-flannel-ds" successfully rolled out/);
  });

  it('calico with podCidr 172.16.0.0/16: CRDs from operator-crds.yaml first, the Installation pool and kubeadm agree', async () => {
    const events = await deployAndCheck(f, exampleSpec(variant('cal172', 'calico', '172.16.0.0/16')), { 'cp-0': '172.16.0.0/24', 'worker-0': '172.16.1.0/24' });
    const cp = events.text('cp-0');
    assert.match(cp, /operator-crds\.yaml: OK/);
    assert.match(cp, /tigera-operator\.yaml: OK/);
    const crd = cp.indexOf('customresourcedefinition.apiextensions.k8s.io/installations.operator.tigera.io created');
    const operator = cp.indexOf('deployment.apps/tigera-operator created');
    assert.ok(crd >= 0 && operator > crd, cp);
    assert.match(cp, /customresourcedefinition\.apiextensions\.k8s\.io\/installations\.operator\.tigera\.io condition met/);
    assert.match(cp, /installation\.operator\.tigera\.io\/default created/);
  });

  it('calico, the CNI step run again (a resume): both creates accept AlreadyExists, the Installation is unchanged', async () => {
    const spec = exampleSpec(variant('calre', 'calico'));
    await deployAndCheck(f, spec, { 'cp-0': '10.244.0.0/24', 'worker-0': '10.244.1.0/24' });
    const journal = await DeploymentJournal.open(f.store.paths(spec.name).journal, spec.name);
    await journal.setStep('cni', 'failed', { message: 'the SSH session was cut off' });
    await journal.setStatus('failed');
    // The record as a create that failed there leaves it: the operation failed, its nodes not in place.
    await f.store.modify(spec.name, (r) => ({
      state: 'failed',
      nodes: r.nodes.map((n) => ({ ...n, state: 'creating' as const })),
      operations: r.operations.map((o) => ({ ...o, state: 'failed' as const })),
    }));
    const again = new EventLog();
    const r = await deployCluster({ spec, env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: again, timings: FAST_TIMINGS });
    assert.equal(r.status, 'succeeded', `${JSON.stringify(r.error)}\n${again.text()}`);
    const cp = again.text('cp-0');
    assert.match(cp, /customresourcedefinitions\.apiextensions\.k8s\.io "installations\.operator\.tigera\.io" already exists/);
    assert.match(cp, /deployments\.apps "tigera-operator" already exists/);
    assert.match(cp, /installation\.operator\.tigera\.io\/default unchanged/);
  });
});
