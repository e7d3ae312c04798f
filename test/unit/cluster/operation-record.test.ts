/**
 * The record an operation view is rebuilt from (cluster.operation): the recorder keeps the plan,
 * step times and a bounded, redacted log backlog with line numbers; the view joins it with the
 * journal and the cluster's history.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { stringify } from 'yaml';
import type { ClusterLog } from '../../../shared/ipc/channels/cluster';
import { DeploymentJournal } from '../../../electron/services/cluster/engine/journal';
import { noopEmitter } from '../../../electron/services/cluster/engine/types';
import { parseClusterSpecYaml } from '../../../electron/services/cluster/render/spec-file';
import { operationLogPath, OperationRecorder, readOperationLog } from '../../../electron/services/cluster/service/operation-recorder';
import { assembleOperationView, readOperationView } from '../../../electron/services/cluster/service/operation-view';
import { ClusterStore } from '../../../electron/services/cluster/store/cluster-store';
import type { OperationRecord } from '../../../electron/services/cluster/store/cluster-record';
import { minimalSpecInput } from '../domain/spec-fixture';

const PLAN = [
  { id: 'rg', title: 'Resource group', kind: 'arm' as const, dependsOn: [], az: 'az group create' },
  { id: 'vm:cp-0', title: 'VM cp-0', kind: 'arm' as const, node: 'cp-0', dependsOn: ['rg'], az: 'az vm create' },
  { id: 'init', title: 'kubeadm init', kind: 'ssh' as const, node: 'cp-0', dependsOn: ['vm:cp-0'], az: '' },
];

describe('operation recorder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fk-oprec-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('numbers lines, keeps the newest per stream, redacts, and writes 0600', async () => {
    const parsed = parseClusterSpecYaml(stringify(minimalSpecInput()));
    assert.ok(parsed.ok);
    const store = new ClusterStore(dir);
    await store.create(parsed.spec, 'sandbox');
    const forwarded: ClusterLog[] = [];
    const rec = new OperationRecorder(store, { linesPerStream: 3, writeEveryMs: 5, now: () => 7 });
    const emit = rec.wrap({ ...noopEmitter(), log: (e) => forwarded.push(e) });
    await rec.begin('demo', 'create-20260101T000000Z-abcd', PLAN);
    for (let i = 1; i <= 5; i++) emit.log({ cluster: 'demo', stream: 'cp-0', level: 'info', text: `line ${i}`, ts: 1000 + i });
    emit.log({ cluster: 'demo', stream: 'azure', level: 'info', text: 'PUT with Authorization: Bearer abc.def.ghi', ts: 2000 });
    emit.progress({ cluster: 'demo', stepId: 'rg', title: 'Resource group', status: 'running', done: 0, total: 3, ts: 1500 });
    emit.progress({ cluster: 'demo', stepId: 'rg', title: 'Resource group', status: 'done', done: 1, total: 3, ts: 1700 });
    // Another cluster's lines pass untouched (no operation of it is recorded).
    emit.log({ cluster: 'other', stream: 'cp-0', level: 'info', text: 'x', ts: 1 });
    assert.deepEqual(forwarded.map((l) => l.seq), [7001, 7002, 7003, 7004, 7005, 7006, undefined]);
    await rec.end('demo');

    const path = operationLogPath(store, 'demo', 'create-20260101T000000Z-abcd');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const file = await readOperationLog(path);
    assert.ok(file);
    assert.deepEqual(file.streams['cp-0']!.lines.map((l) => l.text), ['line 3', 'line 4', 'line 5']);
    assert.equal(file.streams['cp-0']!.dropped, 2);
    assert.doesNotMatch(await readFile(path, 'utf8'), /abc\.def\.ghi/);
    assert.deepEqual(file.steps.rg, { title: 'Resource group', status: 'done', startedAt: 1500, endedAt: 1700 });

    // A resumed operation continues the file: numbers go on from where they were.
    await rec.begin('demo', 'create-20260101T000000Z-abcd', PLAN);
    emit.log({ cluster: 'demo', stream: 'cp-0', level: 'info', text: 'after resume', ts: 3000 });
    assert.equal(forwarded.at(-1)?.seq, 7007);
    assert.equal(rec.snapshot('demo')?.streams['cp-0']!.lines.at(-1)?.text, 'after resume');
    await rec.end('demo');
  });

  it('the view: journal states win, plan order and az kept, steps of an ended operation do not run on', async () => {
    const parsed = parseClusterSpecYaml(stringify(minimalSpecInput()));
    assert.ok(parsed.ok);
    const store = new ClusterStore(dir);
    const op: OperationRecord = { id: 'create-20260101T000000Z-abcd', kind: 'create', state: 'failed', startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:01:00.000Z', journal: 'journal.json', error: { message: 'boom' } };
    await store.update('demo', { operations: [op] });
    const journal = await DeploymentJournal.open(store.journalPath('demo', 'journal.json'), 'demo', () => new Date('2026-01-01T00:00:10.000Z'));
    await journal.setStep('rg', 'running');
    await journal.setStep('rg', 'done');
    await journal.setStep('vm:cp-0', 'running');
    const { operation, history } = await readOperationView(store, 'demo', undefined, () => undefined);
    assert.ok(operation);
    assert.deepEqual(history.map((h) => h.id), [op.id]);
    assert.deepEqual(operation.steps.map((s) => [s.id, s.status]), [['rg', 'done'], ['vm:cp-0', 'cancelled'], ['init', 'pending']]);
    assert.equal(operation.steps[1]!.az, 'az vm create');
    assert.equal(operation.steps[0]!.startedAt, Date.parse('2026-01-01T00:00:10.000Z'));
    assert.equal(operation.done, 1);
    assert.equal(operation.total, 3);
    assert.equal(operation.finishedAt, Date.parse(op.finishedAt!));
    assert.equal(operation.error?.message, 'boom');
    assert.ok(operation.logs.some((l) => l.stream === 'cp-0' && l.lines.at(-1)?.seq === 7007));
  });

  it('without an operation log the journal still gives every step it knows', () => {
    const op: OperationRecord = { id: 'apply-20260101T000000Z-abcd', kind: 'apply', state: 'running', startedAt: '2026-01-01T00:00:00.000Z', journal: 'operations/x.json' };
    const v = assembleOperationView('demo', op, { version: 1, cluster: 'demo', status: 'running', createdAt: '', updatedAt: '', attempts: 1, facts: {}, steps: { a: { status: 'done', runs: 1 }, b: { status: 'running', runs: 1, startedAt: '2026-01-01T00:00:05.000Z' } } }, undefined);
    assert.deepEqual(v.steps.map((s) => [s.id, s.status, s.endedAt]), [['a', 'done', undefined], ['b', 'running', undefined]]);
    assert.equal(v.finishedAt, null);
    assert.deepEqual(v.logs, []);
  });
});
