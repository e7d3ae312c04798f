/**
 * `flatkube apply` and `flatkube status` in the sandbox, as a user runs them (issue 14's done-when,
 * with one control plane): a spec with a pool of 2 -> 3 nodes Ready; the pool at 3 -> 4; back to
 * 1 -> 2, and ARM has no VM, NIC, public IP or disk of the removed nodes; `--dry-run` shows the
 * plan and changes nothing; `destroy` leaves nothing. Exit codes as for the other commands.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listTaggedResources } from '../../../electron/services/cluster/engine/teardown';
import { example, flatkube, inSandbox, nodeResources } from './life-cli';

interface Status {
  name: string;
  state: string;
  controlPlaneEndpoint: string | null;
  nodes: { name: string; role: string; pool: string | null; vmSize: string; ready: boolean; kubernetesVersion: string | null; flatcarVersion: string | null; providerID: string | null }[];
  updates: { strategy: string; pendingReboots: string[] | null };
  operations: { kind: string; state: string; startedAt: string; finishedAt: string | null }[];
}

describe('flatkube apply and status (sandbox)', () => {
  let dataDir: string;
  let spec: string;
  const withCount = (n: number) => writeFileSync(spec, readFileSync(example, 'utf8').replace(/^workers:\n {2}count: 2$/m, `workers:\n  count: ${n}`));
  const status = (): Status => {
    const r = flatkube(['status', 'dev', '--json'], dataDir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 1, 'one JSON line on stdout');
    return JSON.parse(r.stdout) as Status;
  };
  const ready = (s: Status) => s.nodes.filter((n) => n.ready).map((n) => n.name).sort();

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'fk-apply-'));
    spec = join(dataDir, 'dev.yaml');
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('apply of a spec with a pool of 2 creates the cluster: status --json shows 3 nodes Ready, in exactly the documented shape', () => {
    withCount(2);
    const r = flatkube(['apply', '--spec', spec, '--sandbox'], dataDir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^plan: create of dev in the sandbox: 3 node\(s\) to add, 0 to remove, 0 unchanged; 31 step\(s\)$/m); // 27 + the Kured step + the Azure integration's identity, role and add-ons
    assert.match(r.stdout, /^cluster dev is ready$/m);
    const s = status();
    assert.deepEqual(Object.keys(s), ['name', 'state', 'controlPlaneEndpoint', 'nodes', 'updates', 'operations', 'upgrades']);
    // Kured is the default; nothing waits for a reboot on a new cluster.
    assert.deepEqual(s.updates, { strategy: 'kured', pendingReboots: [] });
    assert.deepEqual(Object.keys(s.nodes[0]!), ['name', 'role', 'pool', 'vmSize', 'ready', 'kubernetesVersion', 'flatcarVersion', 'providerID']);
    assert.deepEqual(Object.keys(s.operations[0]!), ['kind', 'state', 'startedAt', 'finishedAt']);
    assert.equal(s.name, 'dev');
    assert.equal(s.state, 'created');
    assert.match(s.controlPlaneEndpoint!, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(
      s.nodes.map((n) => [n.name, n.role, n.pool, n.vmSize, n.ready, n.kubernetesVersion]),
      [
        ['cp-0', 'control-plane', null, 'Standard_B2s', true, 'v1.35.3'],
        ['worker-0', 'worker', 'workers', 'Standard_B2s', true, 'v1.35.3'],
        ['worker-1', 'worker', 'workers', 'Standard_B2s', true, 'v1.35.3'],
      ],
    );
    for (const n of s.nodes) assert.match(n.flatcarVersion!, /^\d+\.\d+\.\d+$/);
    // The cloud provider found each node's VM (the Azure integration is on by default).
    for (const n of s.nodes) assert.match(n.providerID!, new RegExp(`^azure:///subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Compute/virtualMachines/[^/]+-${n.name}-vm$`, 'i'));
    assert.deepEqual(s.operations.map((o) => [o.kind, o.state]), [['create', 'succeeded']]);
    assert.ok(Date.parse(s.operations[0]!.finishedAt!) >= Date.parse(s.operations[0]!.startedAt));
  });

  it('--dry-run prints the plan with each step and its az equivalent, and changes nothing', () => {
    withCount(3);
    const before = readFileSync(join(dataDir, 'clusters/dev/cluster.json'), 'utf8');
    const r = flatkube(['apply', '--spec', spec, '--sandbox', '--dry-run'], dataDir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^plan: apply of dev in the sandbox: 1 node\(s\) to add, 0 to remove, 3 unchanged; 9 step\(s\)$/m); // with the read of the cluster's identity
    assert.match(r.stdout, /^ {2}\+ worker-2 \(pool workers, Standard_B2s, 10\.0\.1\.12\)$/m);
    assert.match(r.stdout, /^ {2}\[arm\] vm:worker-2: Create VM dev-worker-2-vm \(Standard_B2s\) \(after nic:worker-2, ignition:worker-2, identity\)$/m);
    assert.match(r.stdout, /^ {6}az vm create --resource-group dev-rg --name dev-worker-2-vm /m);
    assert.doesNotMatch(r.stdout, /is ready/);
    assert.equal(readFileSync(join(dataDir, 'clusters/dev/cluster.json'), 'utf8'), before, 'the record is untouched');
  });

  it('the pool at 3: one node added and joined, 4 nodes Ready', () => {
    withCount(3);
    const r = flatkube(['apply', '--spec', spec, '--sandbox'], dataDir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^ {2}= cp-0, worker-0, worker-1 \(unchanged\)$/m);
    assert.deepEqual(ready(status()), ['cp-0', 'worker-0', 'worker-1', 'worker-2']);
  });

  it('back to 1: 2 nodes Ready, and no VM, NIC, public IP or disk of the removed nodes is left', async () => {
    withCount(1);
    const r = flatkube(['apply', '--spec', spec, '--sandbox'], dataDir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^ {2}- worker-1 \(pool workers, Standard_B2s, 10\.0\.1\.11\)$/m);
    assert.match(r.stdout, /^ {2}- worker-2 \(pool workers, Standard_B2s, 10\.0\.1\.12\)$/m);
    assert.match(r.stdout, /node\/worker-2 drained/);
    const s = status();
    assert.deepEqual(s.nodes.map((n) => n.name), ['cp-0', 'worker-0']);
    assert.deepEqual(ready(s), ['cp-0', 'worker-0']);
    assert.deepEqual(s.operations.map((o) => `${o.kind}:${o.state}`), ['create:succeeded', 'apply:succeeded', 'apply:succeeded']);
    await inSandbox(dataDir, async (sb) => {
      for (const n of ['worker-1', 'worker-2']) assert.deepEqual(await nodeResources(sb, 'dev', 'dev-rg', n), [], n);
      assert.deepEqual((await nodeResources(sb, 'dev', 'dev-rg', 'worker-0')).filter((x) => x !== 'disk'), ['vm', 'nic', 'pip']);
    });
  });

  it('exit codes: 2 for a bad spec or usage, 1 for a refused change or an unknown cluster', () => {
    assert.equal(flatkube(['apply', '--sandbox'], dataDir).code, 2);
    assert.equal(flatkube(['status'], dataDir).code, 2);
    const moved = join(dataDir, 'moved.yaml');
    writeFileSync(moved, readFileSync(example, 'utf8').replace(/^location: westeurope$/m, 'location: northeurope'));
    const refused = flatkube(['apply', '--spec', moved, '--sandbox'], dataDir);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^flatkube apply: cluster dev cannot change this: location: Azure resources do not change region$/m);
    const unknown = flatkube(['status', 'nope'], dataDir);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no cluster named "nope"/);
    // create does not change a cluster: the changed spec is refused with the way to apply it.
    withCount(4);
    const create = flatkube(['create', '--spec', spec, '--sandbox'], dataDir);
    assert.equal(create.code, 1);
    assert.match(create.stderr, /^flatkube create: cluster dev exists with a different spec; create does not change a cluster$/m);
  });

  it('destroy leaves nothing, and the history says so', async () => {
    const r = flatkube(['destroy', 'dev'], dataDir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    await inSandbox(dataDir, async (sb) => assert.deepEqual(await listTaggedResources(sb.arm, 'dev'), []));
    const s = status();
    assert.equal(s.state, 'deleted');
    assert.deepEqual(s.nodes, []);
    assert.deepEqual(s.operations.map((o) => o.kind), ['create', 'apply', 'apply', 'destroy']);
  });
});
