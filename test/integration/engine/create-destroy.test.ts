import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { mergeClusterKubeconfig } from '../../../electron/services/cluster/engine/cluster-kubeconfig';
import { deployCluster } from '../../../electron/services/cluster/engine/deployment';
import { destroyCluster, listTaggedResources } from '../../../electron/services/cluster/engine/teardown';
import { listNodeReadiness } from '../../../electron/services/kube/nodes';
import { idsInResourceGroup } from '../../helpers/arm-inventory';
import { EventLog, exampleSpec, FAST_TIMINGS, startEngineFixture, type EngineFixture } from './engine-fixture';

describe('engine: create and destroy a sandbox cluster (1 control plane + 2 workers)', () => {
  let f: EngineFixture;
  const spec = exampleSpec();
  before(async () => {
    f = await startEngineFixture();
  });
  after(async () => f?.close());

  it('creates the cluster through the real SDK clients and SSH; nodes Ready from the desktop', async () => {
    const events = new EventLog();
    const r = await deployCluster({ spec, env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: events, timings: FAST_TIMINGS });
    assert.equal(r.status, 'succeeded', `${JSON.stringify(r.error)}\n${events.text()}`);
    assert.ok(r.kubeconfigPath);
    assert.equal(statSync(r.kubeconfigPath).mode & 0o777, 0o600);
    const kc = readFileSync(r.kubeconfigPath, 'utf8');
    assert.match(kc, /server: https:\/\/127\.0\.0\.1:\d+/);
    const nodes = await listNodeReadiness(kc);
    assert.deepEqual(nodes.map((n) => [n.name, n.ready]).sort(), [['cp-0', true], ['worker-0', true], ['worker-1', true]]);
    // Live, per-node logs: kubeadm init streamed on cp-0, joins on the workers.
    assert.match(events.text('cp-0'), /Your Kubernetes control-plane has initialized successfully/);
    assert.match(events.text('worker-1'), /This node has joined the cluster/);
    assert.ok(events.logs.every((l) => !/[a-z0-9]{6}\.[a-z0-9]{16}/.test(l.text)), 'no bootstrap token in logs');
    const last = events.progressEvents.at(-1)!;
    assert.equal(last.done, last.total);
    const rec = await f.store.get(spec.name);
    assert.equal(rec?.state, 'created');
  });

  it('merges the kubeconfig into the user\'s (backup, current-context untouched)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-kube-'));
    const userConfig = join(dir, 'config');
    writeFileSync(userConfig, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts:\n- name: mine\n  context: {cluster: c, user: u}\ncurrent-context: mine\n');
    const r = await mergeClusterKubeconfig(f.store, spec.name, { env: { KUBECONFIG: `${userConfig}:/nonexistent/other` } });
    assert.equal(r.path, userConfig);
    assert.ok(r.backupPath);
    assert.equal(statSync(r.backupPath).mode & 0o777, 0o600);
    const merged = parse(readFileSync(userConfig, 'utf8')) as { contexts: { name: string }[]; 'current-context': string };
    assert.deepEqual(merged.contexts.map((c) => c.name), ['mine', 'flatkube-dev']);
    assert.equal(merged['current-context'], 'mine');
    assert.equal(statSync(userConfig).mode & 0o777, 0o600);
  });

  it('destroy leaves no resource (resources by tag, everything ARM lists) and removes the merged context', async () => {
    const events = new EventLog();
    const rec = await f.store.get(spec.name);
    const r = await destroyCluster({ name: spec.name, store: f.store, arm: f.arm, emit: events });
    assert.deepEqual(r.leftovers, [], events.text());
    assert.deepEqual(await listTaggedResources(f.arm, spec.name), []);
    assert.deepEqual(await idsInResourceGroup(f.arm, spec.resourceGroup.name), [], 'nothing left in the resource group, nor the group');
    const merged = parse(readFileSync(rec!.mergedContext!.path, 'utf8')) as { contexts: { name: string }[] };
    assert.deepEqual(merged.contexts.map((c) => c.name), ['mine']);
    assert.equal((await f.store.get(spec.name))?.state, 'deleted');
    assert.equal(events.finishedEvents.at(-1)?.outcome, 'succeeded');
  });
});
