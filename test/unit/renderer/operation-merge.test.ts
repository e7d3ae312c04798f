import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OperationView } from '../../../shared/ipc/channels/cluster';
import { applyProgress, criticalPathEta, familyDurations, mergeLines, mergeSteps, stepsFromView, type SeqLine } from '../../../renderer/src/lib/operation-merge';

const view: OperationView = {
  cluster: 'demo', id: 'create-x', kind: 'create', state: 'running', startedAt: 1000, finishedAt: null,
  steps: [
    { id: 'rg', title: 'Resource group', dependsOn: [], az: 'az group create', status: 'done', startedAt: 1000, endedAt: 2000 },
    { id: 'vm:cp-0', title: 'VM cp-0', node: 'cp-0', dependsOn: ['rg'], az: '', status: 'running', startedAt: 2000 },
    { id: 'init', title: 'kubeadm init', node: 'cp-0', dependsOn: ['vm:cp-0'], az: '', status: 'pending' },
  ],
  done: 1, total: 3, logs: [], linesPerStream: 2000,
};
const line = (seq: number | undefined, ts: number, text = `l${seq}`): SeqLine => ({ stream: 'cp-0', level: 'info', text, ts, ...(seq !== undefined ? { seq } : {}) });

describe('hydration merge', () => {
  it('a record gives every step its state, times and the operation start', () => {
    const s = stepsFromView(view);
    assert.deepEqual(s.order, ['rg', 'vm:cp-0', 'init']);
    assert.equal(s.steps.rg!.status, 'done');
    assert.equal(s.steps['vm:cp-0']!.startedAt, 2000);
    assert.equal(s.startedAt, 1000);
  });

  it('a live event older than the record is dropped; a newer one applies', () => {
    const s = stepsFromView(view);
    const stale = applyProgress(s, { cluster: 'demo', stepId: 'rg', title: 'Resource group', status: 'running', done: 0, total: 3, ts: 1500 });
    assert.equal(stale.steps.rg!.status, 'done');
    const fresh = applyProgress(s, { cluster: 'demo', stepId: 'vm:cp-0', title: 'VM cp-0', status: 'done', done: 2, total: 3, ts: 5000 });
    assert.deepEqual([fresh.steps['vm:cp-0']!.status, fresh.steps['vm:cp-0']!.startedAt, fresh.steps['vm:cp-0']!.endedAt, fresh.done], ['done', 2000, 5000, 2]);
  });

  it('a record read while events came: each step as it changed last', () => {
    const live = applyProgress(stepsFromView(view), { cluster: 'demo', stepId: 'vm:cp-0', title: 'VM cp-0', status: 'done', done: 2, total: 3, ts: 5000 });
    const older = stepsFromView(view);
    const m = mergeSteps(live, older);
    assert.deepEqual([m.steps['vm:cp-0']!.status, m.steps.rg!.status, m.done, m.total], ['done', 'done', 2, 3]);
    // A record newer than what was seen wins.
    const m2 = mergeSteps(stepsFromView({ ...view, steps: view.steps.map((s) => ({ ...s, status: 'pending' as const, startedAt: undefined, endedAt: undefined })) }), older);
    assert.equal(m2.steps.rg!.status, 'done');
  });

  it('lines seen live and in the record appear once, in order; unnumbered ones by time', () => {
    const live = [line(3, 30), line(4, 40), line(undefined, 5, 'before the operation')];
    const recorded = [line(1, 10), line(2, 20), line(3, 30)];
    assert.deepEqual(mergeLines(live, recorded).map((l) => l.text), ['before the operation', 'l1', 'l2', 'l3', 'l4']);
    assert.deepEqual(mergeLines(mergeLines(live, recorded), recorded).map((l) => l.seq), [undefined, 1, 2, 3, 4]);
  });
});

describe('ETA from the critical path', () => {
  it('nothing measured: no estimate', () => {
    assert.equal(criticalPathEta([{ id: 'a', dependsOn: [], status: 'running', startedAt: 0 }], 10), null);
  });

  it('the longest chain of what is left, by measured family durations, minus what runs already', () => {
    const steps = [
      { id: 'vm:cp-0', dependsOn: [], status: 'done' as const, startedAt: 0, endedAt: 10_000 },
      { id: 'vm:worker-0', dependsOn: [], status: 'running' as const, startedAt: 4_000 },
      { id: 'ssh:worker-0', dependsOn: ['vm:worker-0'], status: 'pending' as const },
      { id: 'join', dependsOn: ['ssh:worker-0', 'vm:cp-0'], status: 'pending' as const },
    ];
    // vm:worker-0: 10 s expected, 2 s ran -> 8 s; ssh and join unmeasured -> the mean, 10 s each.
    assert.equal(criticalPathEta(steps, 6_000), 28_000);
    // Past operations tell how long ssh and join take.
    assert.equal(criticalPathEta(steps, 6_000, new Map([['ssh', 1_000], ['join', 500]])), 9_500);
  });

  it('family durations of a finished operation feed the next one', () => {
    assert.deepEqual([...familyDurations([{ id: 'vm:a', dependsOn: [], status: 'done', startedAt: 0, endedAt: 4 }, { id: 'vm:b', dependsOn: [], status: 'done', startedAt: 0, endedAt: 6 }])], [['vm', 5]]);
  });
});
