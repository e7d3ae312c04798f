import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hostKeyName } from '../../../electron/services/cluster/engine/cluster-keys';
import { deployCluster } from '../../../electron/services/cluster/engine/deployment';
import { readJournal } from '../../../electron/services/cluster/engine/journal';
import { saveClusterKey } from '../../../electron/services/ssh/cluster-key-store';
import { generateEd25519KeyPair } from '../../../electron/services/ssh/keys';
import type { ClusterSpec } from '../../../shared/domain/cluster-spec';
import { idsTaggedFor } from '../../helpers/arm-inventory';
import { EventLog, exampleSpec, FAST_TIMINGS, startEngineFixture, type EngineFixture } from './engine-fixture';

const named = (name: string, workers: number) => (s: ClusterSpec): ClusterSpec => ({
  ...s,
  name,
  resourceGroup: { name: `${name}-rg`, create: true },
  nodePools: [{ name: 'workers', count: workers, size: 'Standard_B2s' }],
});

/** Creates (HTTP 201 answers to PUT) per resource path in the sandbox's request journal. */
async function createsByPath(f: EngineFixture, rg: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const e of await f.sb.api.journal()) {
    if (e.method !== 'PUT' || e.status !== 201 || !e.path.toLowerCase().includes(`/resourcegroups/${rg.toLowerCase()}`)) continue;
    const key = e.path.toLowerCase();
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/**
 * For each resource PUT into the group (journal entries after `since`): was the same path read
 * (GET) earlier in those entries? The get-before-PUT of arm-steps.ts `ensure`.
 */
async function putsInGroup(f: EngineFixture, rg: string, since: number): Promise<{ path: string; readFirst: boolean }[]> {
  const group = `/resourcegroups/${rg.toLowerCase()}/providers/`;
  const read = new Set<string>();
  const out: { path: string; readFirst: boolean }[] = [];
  for (const e of await f.sb.api.journal(since)) {
    const path = e.path.split('?')[0]!.toLowerCase();
    if (!path.includes(group)) continue;
    if (e.method === 'GET') read.add(path);
    if (e.method === 'PUT' && !out.some((p) => p.path === path)) out.push({ path, readFirst: read.has(path) });
  }
  return out;
}

describe('engine: resume, host keys, dropped sessions', () => {
  let f: EngineFixture;
  before(async () => {
    f = await startEngineFixture();
  });
  after(async () => f?.close());

  it('a deployment stopped mid-way resumes from its journal without creating anything twice', async () => {
    const spec = exampleSpec(named('resume', 2));
    const ac = new AbortController();
    const first = new EventLog();
    // The workers' VMs are throttled (429, Retry-After 60 s) in the first run, so they are still
    // to be created when it stops: without that, under load all VMs could exist before the stop
    // took effect, and the resumed run had nothing left to create (a CI run failed so).
    await f.sb.api.addFaults({ rules: [{ kind: 'throttle', method: 'PUT', path: '/virtualMachines/(?![^/]*cp-\\d)[^/]+$', retryAfterSeconds: 60 }] });
    // Stop as soon as the control plane's VM exists: workers' resources are half-way.
    first.progress = (e) => {
      first.progressEvents.push(e);
      if (e.stepId === 'vm:cp-0' && e.status === 'done') ac.abort();
    };
    const start = (await f.sb.api.journal()).at(-1)?.seq ?? 0;
    const r1 = await deployCluster({ spec, env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: first, signal: ac.signal, timings: FAST_TIMINGS });
    assert.equal(r1.status, 'cancelled', JSON.stringify(r1.error));
    await f.sb.api.clearFaults();
    const throttled = (await f.sb.api.journal(start)).filter((e) => e.method === 'PUT' && e.status === 429 && /\/virtualmachines\/[^/?]*worker/i.test(e.path));
    assert.ok(throttled.length > 0, 'the first run was held back at the workers\' VMs');
    // The group was created by this run (201): nothing in it is looked up before its PUT, except
    // what sits under a resource this run wrote (the NSG's rules: a parent's PUT may bring children).
    const firstPuts = await putsInGroup(f, spec.resourceGroup.name, start);
    assert.ok(firstPuts.length >= 5, `vnet, nsg, ip, nic, vm at least; got ${firstPuts.map((p) => p.path).join(', ')}`);
    assert.deepEqual(
      firstPuts.filter((p) => p.readFirst && !p.path.includes('/securityrules/')).map((p) => p.path),
      [],
      'no GET before the PUT of a resource in the group the same run created',
    );
    const resumeFrom = (await f.sb.api.journal()).at(-1)?.seq ?? 0;
    const j1 = await readJournal(f.store.paths(spec.name).journal);
    assert.equal(j1?.steps['vm:cp-0']?.status, 'done');
    assert.notEqual(j1?.steps['nodes-ready']?.status, 'done');
    const idsBefore = await idsTaggedFor(f.arm, spec.name);
    assert.ok(idsBefore.length > 0, 'the stopped run left tagged resources behind');
    assert.equal((await f.store.list()).find((c) => c.name === spec.name)?.state, 'cancelled');

    const second = new EventLog();
    const r2 = await deployCluster({ spec, env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: second, timings: FAST_TIMINGS });
    assert.equal(r2.status, 'succeeded', `${JSON.stringify(r2.error)}\n${second.text()}`);
    // Resumed: the record says the group was created by an earlier run, whose PUTs may have made
    // anything: every PUT is preceded by a GET of the same resource (adopt, never create twice).
    const resumedPuts = await putsInGroup(f, spec.resourceGroup.name, resumeFrom);
    assert.ok(resumedPuts.length > 0, 'the resumed run created the rest');
    assert.deepEqual(resumedPuts.filter((p) => !p.readFirst).map((p) => p.path), [], 'a resumed run GETs before every PUT');
    const creates = await createsByPath(f, spec.resourceGroup.name);
    const twice = [...creates].filter(([, n]) => n > 1);
    assert.deepEqual(twice, [], 'no resource created twice');
    assert.ok(creates.size >= 11, `expected vnet, nsg, 3 pips, 3 nics, 3 vms; got ${creates.size}`);
    const idsAfter = await idsTaggedFor(f.arm, spec.name);
    for (const id of idsBefore) assert.ok(idsAfter.includes(id), `${id} kept`);
    assert.ok(!second.logs.some((l) => l.stepId === 'vm:cp-0'), 'done steps are not run again');
    assert.equal((await readJournal(f.store.paths(spec.name).journal))?.attempts, 2);
  });

  it('refuses a node whose host key differs from the pair an older Flatkube stored for it', async () => {
    const spec = exampleSpec(named('hostkey', 0));
    const ac = new AbortController();
    const first = new EventLog();
    first.progress = (e) => {
      if (e.stepId === 'vm:cp-0' && e.status === 'done') ac.abort();
    };
    await deployCluster({ spec, env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: first, signal: ac.signal, timings: FAST_TIMINGS });
    // The node has host key A; Flatkube now holds a pair B for it, as an older Flatkube stored the
    // pair it put into the node's Ignition. The VM exists, so B is what its node must present:
    // another machine behind the address.
    await saveClusterKey(f.secrets, f.store.paths(spec.name).keysDir, spec.name, generateEd25519KeyPair('root@cp-0'), hostKeyName('cp-0'));
    const events = new EventLog();
    const r = await deployCluster({ spec, env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: events, timings: FAST_TIMINGS });
    assert.equal(r.status, 'failed');
    assert.equal(r.failedStep, 'ssh:cp-0');
    assert.match(r.error?.message ?? '', /Host key mismatch .* expected SHA256:\S+, the server presented SHA256:\S+\. The connection was refused/);
    assert.match(events.text('cp-0'), /Host key mismatch/);
  });

  it('an SSH session dropped mid-kubeadm init reconnects and finishes, with the logs kept', async () => {
    const spec = exampleSpec(named('drop', 1));
    await f.sb.api.addFaults({ rules: [{ kind: 'ssh-drop', method: 'SSH', path: 'kubeadm init', nth: 1, count: 1, afterMs: 0 }] });
    const events = new EventLog();
    const r = await deployCluster({ spec, env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: events, timings: FAST_TIMINGS });
    assert.equal(r.status, 'succeeded', `${JSON.stringify(r.error)}\n${events.text()}`);
    const cp = events.text('cp-0');
    assert.match(cp, /SSH session dropped during kubeadm init/);
    assert.match(cp, /reconnecting/);
    assert.match(cp, /\[init\] Using Kubernetes version/, 'output before the drop is kept');
  });
});
