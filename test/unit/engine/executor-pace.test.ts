/**
 * The pace gate (engine/pace-gate.ts) as the executor uses it: paused, the next step does not
 * start (it stays pending and waits at the gate); Step lets exactly one start; Resume lets the
 * rest go; a running step finishes; a cancel while paused ends the run without starting anything.
 * Driven by gates and the gate's own change events, no timers.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { executePlan } from '../../../electron/services/cluster/engine/executor';
import { DeploymentJournal } from '../../../electron/services/cluster/engine/journal';
import { PaceControl, type PaceState } from '../../../electron/services/cluster/engine/pace-gate';
import type { EngineEmitter } from '../../../electron/services/cluster/engine/types';
import type { GraphStep, Plan } from '../../../electron/services/cluster/plan/types';

const step = (id: string, dependsOn: string[] = []): GraphStep => ({ id, title: `step ${id}`, dependsOn, estimateMs: 1 });
// a -> (b, c in parallel) -> d
const plan: Plan<GraphStep> = { cluster: 'demo', steps: [step('a'), step('b', ['a']), step('c', ['a']), step('d', ['b', 'c'])] };
const emit: EngineEmitter = { progress: () => {}, log: () => {}, finished: () => {} };

function gate() {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
}

/** Resolves once the pace state satisfies `pred` (now or after a later change). */
function until(pace: PaceControl, pred: (s: PaceState) => boolean): Promise<PaceState> {
  return new Promise((resolve) => {
    if (pred(pace.state())) return resolve(pace.state());
    const off = pace.onChange((s) => {
      if (!pred(s)) return;
      off();
      resolve(s);
    });
  });
}
const waitingIds = (s: PaceState) => s.waiting.map((w) => w.stepId).sort();

describe('executePlan with a pace gate', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fk-pace-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const open = () => DeploymentJournal.open(join(dir, 'journal.json'), 'demo');

  it('paused: no step starts; Step lets exactly one start; Resume runs the rest to the end', async () => {
    const journal = await open();
    const pace = new PaceControl();
    pace.setPaused(true);
    const started: string[] = [];
    const finished: Record<string, ReturnType<typeof gate>> = { a: gate(), b: gate(), c: gate(), d: gate() };
    const run = executePlan({
      plan,
      journal,
      emit,
      pace,
      runnerFor: (s) => async () => {
        started.push(s.id);
        finished[s.id]!.open();
      },
    });
    const first = await until(pace, (s) => s.waiting.length === 1);
    assert.deepEqual(first.waiting, [{ cluster: 'demo', stepId: 'a', title: 'step a' }]);
    assert.deepEqual(started, [], 'paused before the first step: nothing started');
    assert.equal(journal.status('a'), 'pending');

    assert.equal(pace.step()?.stepId, 'a');
    await finished.a!.p;
    // a done: b and c are ready, and both wait.
    const two = await until(pace, (s) => s.waiting.length === 2);
    assert.deepEqual(waitingIds(two), ['b', 'c']);
    assert.deepEqual(started, ['a']);
    assert.equal(journal.status('a'), 'done');

    const let1 = pace.step()!.stepId;
    await finished[let1]!.p;
    const left = await until(pace, (s) => s.waiting.length === 1);
    const other = let1 === 'b' ? 'c' : 'b';
    assert.deepEqual(waitingIds(left), [other], 'exactly one more started');
    assert.deepEqual(started, ['a', let1]);
    assert.equal(journal.status(other), 'pending');

    pace.setPaused(false);
    const result = await run;
    assert.equal(result.status, 'succeeded');
    assert.deepEqual(started, ['a', let1, other, 'd']);
    assert.deepEqual(pace.state(), { paused: false, waiting: [] });
  });

  it('a pause while a step runs lets it finish; Step with none waiting lets the next ready one through; cancel while paused starts nothing', async () => {
    const journal = await open();
    const pace = new PaceControl();
    const ac = new AbortController();
    const started: string[] = [];
    const aRunning = gate();
    const aMayEnd = gate();
    const secondStarted = gate();
    const run = executePlan({
      plan,
      journal,
      emit,
      pace,
      signal: ac.signal,
      runnerFor: (s) => async () => {
        started.push(s.id);
        if (started.length === 2) secondStarted.open();
        if (s.id === 'a') {
          aRunning.open();
          await aMayEnd.p;
        }
      },
    });
    await aRunning.p;
    pace.setPaused(true);
    assert.equal(pace.step(), undefined, 'none waits yet: the next step to become ready goes');
    aMayEnd.open();
    const held = await until(pace, (s) => s.waiting.length === 1);
    await secondStarted.p;
    assert.equal(journal.status('a'), 'done', 'the running step finished');
    assert.equal(started.length, 2, `exactly one of b and c started: ${started.join()}`);
    assert.deepEqual(waitingIds(held), [started[1] === 'b' ? 'c' : 'b']);

    ac.abort(new Error('cancelled by the user'));
    const result = await run;
    assert.equal(result.status, 'cancelled');
    assert.equal(started.length, 2, 'nothing started after the cancel');
    assert.equal(journal.status(held.waiting[0]!.stepId), 'pending');
    assert.equal(journal.status('d'), 'pending');
    assert.deepEqual(pace.state().waiting, [], 'the cancelled waiter left the gate');
  });

  it('without a pause the gate holds nothing', async () => {
    const journal = await open();
    const pace = new PaceControl();
    const changes: PaceState[] = [];
    pace.onChange((s) => changes.push(s));
    const result = await executePlan({ plan, journal, emit, pace, runnerFor: () => async () => {} });
    assert.equal(result.status, 'succeeded');
    assert.deepEqual(changes, []);
    assert.equal(pace.step(), undefined, 'Step does nothing unless paused');
  });
});
