/**
 * Property test of the executor and its journal (fast-check): random DAGs of steps, run with the
 * test deciding which running step ends next, and with random interruptions followed by a resume
 * from the journal:
 *  - cancel: the AbortSignal fires (the user's Cancel, or Ctrl-C in the CLI), between steps or
 *    just as a step ends successfully (so that its dependents become ready after the cancel);
 *  - crash: the process dies; the next process finds the journal file as it was at that moment
 *    (steps it shows as running were cut off);
 *  - fail: a step throws; the deployment ends failed and is resumed later.
 *
 * What the journal promises, checked on every run: a step starts only when all its dependencies
 * have completed (in this run, or done in the journal it resumed from); a step the journal has as
 * done is never run again; no step starts twice in one run, nor after a cancel or a failure; done
 * stays done from one run to the next, and only steps that completed become done; every start is
 * counted in the journal's `runs`; and the last, uninterrupted run ends with every step done, in
 * memory and on disk.
 *
 * Runners wait on gates the test opens one at a time, after the executor has settled (every
 * journal write flushed and nothing left to do), so a seed always gives the same interleaving.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { executePlan, type ExecuteResult } from '../../../electron/services/cluster/engine/executor';
import { DeploymentJournal, readJournal } from '../../../electron/services/cluster/engine/journal';
import type { EngineEmitter } from '../../../electron/services/cluster/engine/types';
import type { GraphStep, Plan } from '../../../electron/services/cluster/plan/types';
import { propertyOptions } from '../../helpers/property';

type Interruption = { afterReleases: number; kind: 'cancel' | 'cancel-as-step-ends' | 'crash' | 'fail' };

/** A DAG of 1-8 steps: step i depends on any subset of the steps before it. */
const dag = fc
  .integer({ min: 1, max: 8 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => `s${j}`)))))
  .map((deps): Plan<GraphStep> => ({
    cluster: 'prop',
    steps: deps.map((dependsOn, i) => ({ id: `s${i}`, title: `step ${i}`, dependsOn, kind: 'local', az: '', explain: '', estimateMs: 1 })),
  }));

const scenario = fc.record({
  plan: dag,
  /** Which waiting step is released next (index modulo the number waiting), consumed in order. */
  picks: fc.array(fc.nat(), { minLength: 1, maxLength: 64 }),
  /**
   * Whether the journal writes through its own save (atomic, fsync-ed, serialised); otherwise the
   * test writes the same JSON synchronously, which keeps most cases fast on a busy disk.
   */
  realDisk: fc.constantFrom(true, false, false, false),
  interruptions: fc.array(fc.record({ afterReleases: fc.integer({ min: 0, max: 6 }), kind: fc.constantFrom<Interruption['kind']>('cancel', 'cancel-as-step-ends', 'crash', 'fail') }), { maxLength: 4 }),
});

const silent: EngineEmitter = { progress: () => {}, log: () => {}, finished: () => {} };
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

const root = mkdtempSync(join(tmpdir(), 'fk-exec-prop-'));
after(() => rmSync(root, { recursive: true, force: true }));
let caseNo = 0;

interface Gate {
  id: string;
  open(): void;
  fail(err: Error): void;
}

/** One executePlan call, driven gate by gate; stops it as `interruption` says. */
async function drive(
  plan: Plan<GraphStep>,
  journal: DeploymentJournal,
  nextPick: () => number,
  interruption: Interruption | undefined,
  starts: Map<string, number>,
  violations: string[],
  realDisk: boolean,
): Promise<{ result: ExecuteResult; completed: Set<string>; crashSnapshot?: string }> {
  const deps = new Map(plan.steps.map((s) => [s.id, s.dependsOn]));
  const doneAtStart = new Set(plan.steps.filter((s) => journal.status(s.id) === 'done').map((s) => s.id));
  const startedNow = new Set<string>();
  const completed = new Set<string>();
  const waiting: Gate[] = [];
  const ac = new AbortController();
  let stopped: string | undefined; // why no step may start any more

  // Count journal writes, to know when the executor has settled.
  let saves = 0;
  const realSave = journal.save.bind(journal);
  journal.save = () => {
    saves++;
    if (realDisk) return realSave();
    journal.data.updatedAt = new Date().toISOString();
    mkdirSync(dirname(journal.path), { recursive: true });
    writeFileSync(journal.path, JSON.stringify(journal.data, null, 2) + '\n');
    return Promise.resolve();
  };

  let result: ExecuteResult | undefined;
  const running = executePlan({
    plan,
    journal,
    emit: silent,
    signal: ac.signal,
    runnerFor: (step) => async (ctx) => {
      // Recorded, not thrown: the executor would take a throw for the step's own failure.
      const check = (ok: boolean, what: string) => void (ok || violations.push(what));
      check(stopped === undefined, `${step.id} started after ${stopped}`);
      check(!doneAtStart.has(step.id), `${step.id} was done in the journal and ran again`);
      check(!startedNow.has(step.id), `${step.id} started twice in one run`);
      for (const d of deps.get(step.id)!) check(doneAtStart.has(d) || completed.has(d), `${step.id} started before its dependency ${d} completed`);
      startedNow.add(step.id);
      starts.set(step.id, (starts.get(step.id) ?? 0) + 1);
      await new Promise<void>((resolve, reject) => {
        waiting.push({ id: step.id, open: resolve, fail: reject });
        ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      });
      completed.add(step.id);
    },
  }).then((r) => (result = r));

  const settle = async () => {
    for (;;) {
      const before = saves;
      await journal.flush();
      await tick();
      if (saves === before) return;
    }
  };

  let releases = 0;
  let crashSnapshot: string | undefined;
  for (;;) {
    await settle();
    if (result) break;
    if (interruption && releases === interruption.afterReleases && (interruption.kind === 'cancel' || interruption.kind === 'crash')) {
      stopped = interruption.kind;
      // A crash: what is on disk now is all the next process will find.
      if (interruption.kind === 'crash') crashSnapshot = readFileSync(journal.path, 'utf8');
      ac.abort();
      await running;
      break;
    }
    assert.ok(waiting.length > 0, 'the executor neither finished nor has a step running');
    assert.ok(releases < plan.steps.length, 'more steps ended in one run than the plan has: something runs again');
    const gate = waiting.splice(nextPick() % waiting.length, 1)[0]!;
    if (interruption?.kind === 'fail' && releases === interruption.afterReleases) {
      stopped = `the failure of ${gate.id}`;
      gate.fail(new Error(`${gate.id} broke`));
    } else if (interruption?.kind === 'cancel-as-step-ends' && releases === interruption.afterReleases) {
      stopped = 'cancel';
      gate.open();
      ac.abort();
    } else {
      gate.open();
    }
    releases++;
  }
  await running;
  journal.save = realSave;
  return { result: result!, completed, ...(crashSnapshot !== undefined ? { crashSnapshot } : {}) };
}

describe('executePlan with random DAGs, interruptions and resumes (fast-check)', () => {
  it('keeps the journal promises and ends with every step done exactly as recorded', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ plan, picks, realDisk, interruptions }) => {
        const path = join(root, `case-${++caseNo}`, 'journal.json');
        let p = 0;
        const nextPick = () => picks[p++ % picks.length]!;
        const starts = new Map<string, number>();
        const violations: string[] = [];
        const ids = plan.steps.map((s) => s.id);

        // Interrupted runs, then one that may run to the end.
        for (const interruption of [...interruptions, undefined]) {
          const journal = await DeploymentJournal.open(path, plan.cluster);
          const doneBefore = new Set(ids.filter((id) => journal.status(id) === 'done'));
          const { result, completed, crashSnapshot } = await drive(plan, journal, nextPick, interruption, starts, violations, realDisk);
          assert.deepEqual(violations, []);

          if (crashSnapshot !== undefined) {
            // The process died: whatever the dying run wrote after that moment never happened.
            writeFileSync(path, crashSnapshot);
          } else if (interruption?.kind === 'cancel' || interruption?.kind === 'cancel-as-step-ends') {
            assert.ok(result.status === 'cancelled' || result.status === 'succeeded', result.status);
          } else if (interruption?.kind === 'fail') {
            assert.ok(result.status === 'failed' || result.status === 'succeeded', result.status);
          } else {
            assert.equal(result.status, 'succeeded', JSON.stringify(result));
          }

          const after = await readJournal(path);
          assert.ok(after);
          const doneAfter = new Set(ids.filter((id) => after.steps[id]?.status === 'done'));
          for (const id of doneBefore) assert.ok(doneAfter.has(id), `${id} was done and is not any more`);
          for (const id of doneAfter) assert.ok(doneBefore.has(id) || completed.has(id), `${id} is done but never completed`);
          for (const id of ids) assert.equal(after.steps[id]?.runs ?? 0, starts.get(id) ?? 0, `${id}: journal runs vs starts`);
          if (result.status === 'succeeded' && crashSnapshot === undefined) assert.equal(doneAfter.size, ids.length);
        }

        // The final run was not interrupted: everything is done, in memory and on disk.
        const final = await readJournal(path);
        assert.equal(final?.status, 'succeeded');
        assert.deepEqual(ids.filter((id) => final?.steps[id]?.status !== 'done'), []);
        assert.deepEqual(Object.keys(final!.steps).sort(), [...ids].sort());
      }),
      propertyOptions(60),
    );
  });
});
