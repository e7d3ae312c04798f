/**
 * The Azure integration end to end against the sandbox (instant pace): a cluster with the defaults
 * in a group the user made, then every node has its Azure providerID, `kubectl expose ...
 * --type=LoadBalancer` gets an external IP that is a public IP in ARM (created by the cloud
 * provider as the cluster's identity, in the request journal) that goes with the Service, a claim
 * binds to a managed disk, and destroy leaves no resource (the disk included), identity or role
 * assignment, while a resource of someone else in the group stays.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deployCluster } from '../../../electron/services/cluster/engine/deployment';
import { destroyCluster } from '../../../electron/services/cluster/engine/teardown';
import { identityId } from '../../../electron/services/cluster/engine/identity-ids';
import { idsInResourceGroup } from '../../helpers/arm-inventory';
import { EventLog, exampleSpec, FAST_TIMINGS, startEngineFixture, type EngineFixture } from './engine-fixture';

const KUBECTL = process.env.FLATKUBE_TEST_KUBECTL ?? '/usr/bin/kubectl';
const skip = existsSync(KUBECTL) ? false : `${KUBECTL} is not installed (Debian: apt-get install kubernetes-client)`;

const CLAIM = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 4Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: writer
spec:
  containers:
  - name: writer
    image: busybox:1.36
    command: [sleep, "3600"]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
`;

describe('Azure integration: providerIDs, a LoadBalancer Service, a disk, and a clean teardown', { skip }, () => {
  let f: EngineFixture;
  let home: string;
  const spec = exampleSpec((s) => ({ ...s, name: 'azint', resourceGroup: { name: 'azint-shared-rg', create: false } }));
  const rgId = `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup.name}`;

  function kubectl(stdin: string | undefined, ...args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const p = spawn(KUBECTL, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: join(home, 'kubeconfig') } });
      if (stdin !== undefined) p.stdin.end(stdin);
      let out = '';
      let err = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      p.on('error', reject);
      p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`kubectl ${args.join(' ')}: ${out}${err}`))));
    });
  }

  /** Asks again until `read` answers something (the simulated controllers work asynchronously); bounded by attempts, not time. */
  async function eventually(read: () => Promise<string>, attempts = 200): Promise<string> {
    for (let i = 0; i < attempts; i++) {
      const v = (await read()).trim();
      if (v) return v;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('no answer');
  }

  before(async () => {
    f = await startEngineFixture();
    await f.arm.resources.resourceGroups.createOrUpdate(spec.resourceGroup.name, { location: spec.location, tags: { team: 'platform' } });
    // Someone else's Service address in the same group: tagged like the cloud provider's, for another cluster.
    await f.arm.network.publicIPAddresses.createOrUpdate(spec.resourceGroup.name, 'other-svc-pip', { location: spec.location, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', tags: { 'k8s-azure-service': 'default/web', 'k8s-azure-cluster-name': 'other' } });
    const events = new EventLog();
    const r = await deployCluster({ spec, env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: events, timings: FAST_TIMINGS });
    assert.equal(r.status, 'succeeded', `${JSON.stringify(r.error)}\n${events.text()}`);
    home = mkdtempSync(join(tmpdir(), 'fk-azint-'));
    writeFileSync(join(home, 'kubeconfig'), readFileSync(r.kubeconfigPath as string, 'utf8'), { mode: 0o600 });
  });

  after(async () => {
    await f?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('every node has its VM as providerID', async () => {
    const out = await eventually(async () => {
      const t = await kubectl(undefined, 'get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.providerID}{"\\n"}{end}');
      return t.split('\n').filter(Boolean).every((l) => /=azure:\/\//.test(l)) ? t : '';
    });
    const ids = Object.fromEntries(out.trim().split('\n').map((l) => l.split('=') as [string, string]));
    assert.deepEqual(Object.keys(ids).sort(), ['cp-0', 'worker-0', 'worker-1']);
    for (const [node, id] of Object.entries(ids)) assert.equal(id.toLowerCase(), `azure://${rgId}/providers/Microsoft.Compute/virtualMachines/azint-${node}-vm`.toLowerCase());
  });

  it('kubectl expose --type=LoadBalancer: an external IP that is a public IP of the cloud provider in ARM', async () => {
    await kubectl(undefined, 'create', 'deployment', 'web', '--image=nginx:1.27');
    await kubectl(undefined, 'expose', 'deployment', 'web', '--port=80', '--type=LoadBalancer');
    const ip = await eventually(() => kubectl(undefined, 'get', 'svc', 'web', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}'));
    const pips = [];
    for await (const p of f.arm.network.publicIPAddresses.list(spec.resourceGroup.name)) pips.push(p);
    const pip = pips.find((p) => p.ipAddress === ip);
    assert.ok(pip, `a public IP ${ip} in ${spec.resourceGroup.name}`);
    assert.equal(pip.tags?.['k8s-azure-service'], 'default/web');
    assert.equal(pip.tags?.['k8s-azure-cluster-name'], 'azint');
    assert.equal(pip.tags?.['flatkube-cluster'], 'azint');
    const lb = await f.arm.network.loadBalancers.get(spec.resourceGroup.name, 'azint-services-lb');
    assert.equal(lb.frontendIPConfigurations?.[0]?.publicIPAddress?.id?.toLowerCase(), pip.id?.toLowerCase());
    assert.deepEqual(lb.loadBalancingRules?.map((r) => r.frontendPort), [80]);
    const journal = await f.sb.api.journal();
    assert.ok(journal.some((e) => e.method === 'PUT' && e.path.toLowerCase() === pip.id?.toLowerCase() && e.status < 300), 'the cloud provider PUT the public IP through ARM');
  });

  it('deleting the Service removes its public IP and the provider\'s load balancer (its last frontend)', async () => {
    await kubectl(undefined, 'delete', 'svc', 'web');
    const gone = async () => {
      const names: string[] = [];
      for await (const r of f.arm.resources.resources.listByResourceGroup(spec.resourceGroup.name)) names.push(r.name ?? '');
      return names.some((n) => /^azint-a[0-9a-f]+$/.test(n) || n === 'azint-services-lb') ? '' : 'gone';
    };
    assert.equal(await eventually(gone), 'gone');
  });

  it('a claim binds to a managed disk made for it', async () => {
    await kubectl(CLAIM, 'apply', '-f', '-');
    const volume = await eventually(() => kubectl(undefined, 'get', 'pvc', 'data', '-o', 'jsonpath={.spec.volumeName}'));
    assert.equal(await kubectl(undefined, 'get', 'pvc', 'data', '-o', 'jsonpath={.status.phase}'), 'Bound');
    const disk = await f.arm.compute.disks.get(spec.resourceGroup.name, volume);
    assert.equal(disk.diskSizeGB, 4);
    assert.equal(disk.tags?.['kubernetes.io-created-for-pvc-name'], 'data');
    assert.equal(disk.tags?.['k8s-azure-created-by'], 'kubernetes-azure-dd');
  });

  it('destroy leaves no resource, identity or role assignment of the cluster, and keeps what is not its own', async () => {
    const principal = (await f.arm.resources.resources.getById(identityId(spec).slice(1), '2024-11-30')).properties?.principalId as string;
    const events = new EventLog();
    const r = await destroyCluster({ name: spec.name, store: f.store, arm: f.arm, emit: events });
    assert.deepEqual(r.leftovers, [], events.text());
    const left = await idsInResourceGroup(f.arm, spec.resourceGroup.name);
    assert.deepEqual(left.filter((x) => /\/providers\//i.test(x)).map((x) => x.split('/').pop()), ['other-svc-pip'], 'only the other cluster\'s address remains');
    const assignments = [];
    for await (const a of f.arm.authorization.roleAssignments.listForSubscription({ filter: `principalId eq '${principal}'` })) assignments.push(a.id);
    assert.deepEqual(assignments, []);
  });
});
