/**
 * Cluster records written by the code before node pools (test/fixtures/records/, from real runs
 * of commit b03b624's CLI) load as version 2: the workers become the pool `workers` with the same
 * node names and addresses, the history holds the create they describe, the old journal is that
 * create's. `create` with a changed spec is refused now instead of reporting success.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { withPoolCount } from '../../../shared/domain/cluster-spec';
import { ClusterStore } from '../../../electron/services/cluster/store/cluster-store';
import { AppError } from '../../../electron/services/errors';

const fixtures = new URL('../../fixtures/records/', import.meta.url).pathname;

function storeWith(fixture: string): { store: ClusterStore; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fk-migrate-'));
  cpSync(join(fixtures, fixture), join(dir, 'clusters', 'dev'), { recursive: true });
  return { store: new ClusterStore(dir), dir };
}

describe('cluster records from before node pools', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('a created cluster: pool workers, same node names and addresses, its create in the history, its journal found', async () => {
    const { store, dir } = storeWith('v1-created');
    dirs.push(dir);
    const raw = JSON.parse(readFileSync(join(dir, 'clusters/dev/cluster.json'), 'utf8')) as { version: number; spec: Record<string, unknown> };
    assert.equal(raw.version, 1, 'the fixture is the old format');
    assert.ok('workers' in raw.spec);

    const rec = await store.require('dev');
    assert.equal(rec.version, 2);
    assert.equal(rec.state, 'created');
    assert.deepEqual(rec.spec.nodePools, [{ name: 'workers', count: 2, size: 'Standard_B2s' }]);
    assert.deepEqual(rec.spec.controlPlane, { count: 1, size: 'Standard_B2s' });
    assert.deepEqual(
      rec.nodes.map((n) => `${n.name} ${n.role} ${n.pool ?? '-'} ${n.privateIp} ${n.state}`),
      ['cp-0 control-plane - 10.0.1.4 ready', 'worker-0 worker workers 10.0.1.10 ready', 'worker-1 worker workers 10.0.1.11 ready'],
    );
    // The same names the old engine gave its Azure resources (recorded in its ownership list).
    for (const n of rec.nodes) assert.ok(rec.ownership!.resources.some((id) => id.endsWith(`/virtualMachines/dev-${n.name}-vm`)), n.name);
    assert.equal(rec.operations.length, 1);
    const op = rec.operations[0]!;
    assert.deepEqual([op.kind, op.state, op.journal, op.migrated, op.startedAt, op.finishedAt], ['create', 'succeeded', 'journal.json', true, '2026-12-06T19:23:39.299Z', '2026-12-06T19:23:45.214Z']);
    const journal = await store.journal('dev');
    assert.equal(Object.values(journal!.steps).filter((s) => s.status === 'done').length, 27);
    const [summary] = await store.list();
    assert.deepEqual([summary!.nodes, summary!.nodeNames, summary!.stepsDone, summary!.stepsTotal], [3, ['cp-0', 'worker-0', 'worker-1'], 27, 27]);

    // Saved again, it is version 2 on disk and reads back the same.
    await store.update('dev', {});
    const again = JSON.parse(readFileSync(join(dir, 'clusters/dev/cluster.json'), 'utf8')) as { version: number; spec: Record<string, unknown> };
    assert.equal(again.version, 2);
    assert.equal('workers' in again.spec, false);
    assert.deepEqual((await store.require('dev')).nodes, rec.nodes);
  });

  it('a create killed mid-way: an unfinished create in the history, nodes still being created', async () => {
    const { store, dir } = storeWith('v1-killed');
    dirs.push(dir);
    const rec = await store.require('dev');
    assert.equal(rec.state, 'running');
    assert.ok(rec.nodes.every((n) => n.state === 'creating'));
    assert.deepEqual(rec.operations.map((o) => [o.kind, o.state, o.finishedAt]), [['create', 'running', undefined]]);
    const [summary] = await store.list();
    assert.equal(summary!.state, 'unfinished');
    assert.deepEqual([summary!.stepsDone, summary!.stepsTotal], [14, 27]);
  });

  it('create with the same spec returns the record; with a changed spec it is refused, pointing at apply', async () => {
    const { store, dir } = storeWith('v1-created');
    dirs.push(dir);
    const rec = await store.require('dev');
    assert.equal((await store.create(rec.spec, 'sandbox')).name, 'dev');
    await assert.rejects(store.create(withPoolCount(rec.spec, 'workers', 3), 'sandbox'), (err: unknown) => {
      assert.ok(err instanceof AppError);
      assert.equal(err.code, 'CLUSTER_SPEC_CHANGED');
      assert.match(err.hint!, /flatkube apply --spec/);
      return true;
    });
    assert.equal((await store.require('dev')).spec.nodePools[0]!.count, 2, 'the record is unchanged');
  });
});
