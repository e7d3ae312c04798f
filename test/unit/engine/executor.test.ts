import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { executePlan } from '../../../electron/services/cluster/engine/executor';
import { DeploymentJournal, readJournal } from '../../../electron/services/cluster/engine/journal';
import { StepError, type ClusterLog, type ClusterProgress, type EngineEmitter } from '../../../electron/services/cluster/engine/types';
import type { GraphStep, Plan } from '../../../electron/services/cluster/plan/types';
import { POSIX_MODES } from '../../helpers/platform';

function step(id: string, dependsOn: string[] = [], extra: Partial<GraphStep> = {}): GraphStep {
  return { id, title: `step ${id}`, dependsOn, estimateMs: 1, ...extra };
}

// a -> (b, c in parallel) -> d
const plan: Plan<GraphStep> = { cluster: 'demo', steps: [step('a'), step('b', ['a']), step('c', ['a']), step('d', ['b', 'c'])] };

function collector() {
  const progress: ClusterProgress[] = [];
  const logs: ClusterLog[] = [];
  const emit: EngineEmitter = { progress: (e) => progress.push(e), log: (e) => logs.push(e), finished: () => {} };
  return { progress, logs, emit };
}

/** A gate a runner waits on, so tests decide when steps end (no timers). */
function gate() {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
}

describe('executePlan', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fk-exec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const journalPath = () => join(dir, 'clusters', 'demo', 'journal.json');

  it('runs ready steps at once, in dependency order, and journals every step', async () => {
    const journal = await DeploymentJournal.open(journalPath(), 'demo');
    const order: string[] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    const bc = { b: gate(), c: gate() };
    let started = 0;
    const { emit, progress } = collector();
    const result = await executePlan({
      plan,
      journal,
      emit,
      runnerFor: (s) => async () => {
        order.push(s.id);
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        if (s.id === 'b' || s.id === 'c') {
          // Both must be running before either may finish: proves they run in parallel.
          if (++started === 2) {
            bc.b.open();
            bc.c.open();
          }
          await bc[s.id].p;
        }
        concurrent--;
      },
    });
    assert.equal(result.status, 'succeeded');
    assert.equal(order[0], 'a');
    assert.equal(order[3], 'd');
    assert.equal(maxConcurrent, 2);
    const saved = await readJournal(journalPath());
    assert.equal(saved?.status, 'succeeded');
    assert.deepEqual(Object.values(saved!.steps).map((s) => s.status), ['done', 'done', 'done', 'done']);
    if (POSIX_MODES) {
      assert.equal(statSync(journalPath()).mode & 0o777, 0o600);
      assert.equal(statSync(join(dir, 'clusters', 'demo')).mode & 0o777, 0o700);
    }
    const last = progress.at(-1)!;
    assert.equal(last.done, 4);
    assert.equal(last.total, 4);
  });

  it('stops starting steps after a failure, keeps the error and the hint, logs redacted', async () => {
    const journal = await DeploymentJournal.open(journalPath(), 'demo');
    const ran: string[] = [];
    const { emit, logs } = collector();
    const result = await executePlan({
      plan,
      journal,
      emit,
      runnerFor: (s) => async (ctx) => {
        ran.push(s.id);
        ctx.log('info', 'join with --token abcdef.0123456789abcdef please');
        if (s.id === 'b') throw new StepError('quota', { azureCode: 'OperationNotAllowed' });
        if (s.id === 'c') throw new Error('Operation could not be completed as it results in exceeding approved standardBSFamily Cores quota');
      },
    });
    assert.equal(result.status, 'failed');
    assert.ok(!ran.includes('d'));
    const saved = await readJournal(journalPath());
    assert.equal(saved?.steps.d?.status, 'pending');
    assert.equal(saved?.status, 'failed');
    const cErr = saved?.steps.c?.error;
    assert.match(cErr?.hint ?? '', /quota/i);
    assert.ok(logs.every((l) => !l.text.includes('0123456789abcdef')), 'token redacted');
    assert.ok(logs.some((l) => l.level === 'error'));
  });

  it('emits node output without terminal controls: no 8-bit C1, no escape sequences, no carriage returns', async () => {
    // What a node's journal did to the log pane (xterm.js acts on 8-bit C1 controls too).
    const hostile = [
      'kubeadm init FAILED\x9b2K\x9b1Gkubeadm init ok', // C1 CSI: erase the line, cursor to column 1
      'ERROR x\x9b1A\x9b2Kfine', // cursor up onto the line before, erase it
      '\x9d8;;https://evil.example\x9cdocs\x9d8;;\x9c', // C1 OSC 8: a hidden link
      '\x9d0;window title\x07after', // C1 OSC: window title, BEL-terminated
      '\x90+q544e\x9cdcs', // C1 DCS ... ST
      '\x1b]0;title\x07\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\', // 7-bit OSC
      '\x1bP+q544e\x1b\\\x1b_apc\x1b\\\x1b^pm\x1b\\\x1bXsos\x1b\\7bit', // 7-bit DCS, APC, PM, SOS
      '\x1b[1A\x1b[2K\x1b7\x1b8\x1bM\x1b(0\x1bc\x1b[31mred\x1b[0m', // cursor moves, reset, charset, SGR
      'bar 50%\rbar 100%\x85\x84\x8d\x96\x97end', // CR, NEL, IND, RI, SPA, EPA
      'token abcdef\x9b.0123456789abcdef', // a control must not hide a secret from the redaction
    ];
    const journal = await DeploymentJournal.open(journalPath(), 'demo');
    const { emit, logs } = collector();
    await executePlan({
      plan: { cluster: 'demo', steps: [step('a', [], { node: 'cp-0' })] },
      journal,
      emit,
      runnerFor: () => async (ctx) => {
        for (const line of hostile) ctx.log('info', line);
        throw new StepError('kubeadm said \x9d0;pwned\x07\x1b[2Jno');
      },
    });
    const texts = logs.map((l) => l.text);
    // eslint-disable-next-line no-control-regex
    for (const t of texts) assert.doesNotMatch(t, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/, JSON.stringify(t));
    assert.deepEqual(texts.slice(0, hostile.length), [
      'kubeadm init FAILEDkubeadm init ok',
      'ERROR xfine',
      'docs',
      'after',
      'dcs',
      'link',
      '7bit',
      'red',
      'bar 50%bar 100%end',
      'token [REDACTED]',
    ]);
    assert.equal(texts.at(-1), 'kubeadm said no');
  });

  it('cancels running steps through the signal and resumes later without re-running done steps', async () => {
    const journal = await DeploymentJournal.open(journalPath(), 'demo');
    const ac = new AbortController();
    const runs: string[] = [];
    const first = await executePlan({
      plan,
      journal,
      emit: collector().emit,
      signal: ac.signal,
      runnerFor: (s) => async (ctx) => {
        runs.push(s.id);
        if (s.id === 'b') {
          ac.abort();
          return;
        }
        if (s.id === 'c') {
          await new Promise((_r, reject) => {
            if (ctx.signal.aborted) reject(new Error('aborted'));
            ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
          });
        }
      },
    });
    assert.equal(first.status, 'cancelled');
    const afterCancel = await readJournal(journalPath());
    assert.equal(afterCancel?.steps.a?.status, 'done');
    assert.equal(afterCancel?.steps.c?.status, 'cancelled');

    // A new process: reopen the journal from disk and resume.
    const reopened = await DeploymentJournal.open(journalPath(), 'demo');
    const resumedRuns: string[] = [];
    const second = await executePlan({ plan, journal: reopened, emit: collector().emit, runnerFor: (s) => async () => void resumedRuns.push(s.id) });
    assert.equal(second.status, 'succeeded');
    assert.ok(!resumedRuns.includes('a'), 'done step skipped');
    assert.ok(resumedRuns.includes('c') && resumedRuns.includes('d'));
    assert.equal(reopened.data.attempts, 2);
  });

  it('re-runs a step the journal shows as running (process killed) and volatile steps still needed', async () => {
    const journal = await DeploymentJournal.open(journalPath(), 'demo');
    journal.step('a').status = 'done';
    journal.step('b').status = 'done';
    journal.step('c').status = 'running';
    await journal.save();
    const reopened = await DeploymentJournal.open(journalPath(), 'demo');
    const runs: string[] = [];
    const result = await executePlan({
      plan,
      journal: reopened,
      emit: collector().emit,
      isVolatile: (s) => s.id === 'b',
      runnerFor: (s) => async () => void runs.push(s.id),
    });
    assert.equal(result.status, 'succeeded');
    assert.deepEqual(runs.sort(), ['b', 'c', 'd']);
  });

  it('refuses a journal of another cluster', async () => {
    const journal = await DeploymentJournal.open(journalPath(), 'demo');
    await journal.save();
    await assert.rejects(DeploymentJournal.open(journalPath(), 'other'), /belongs to cluster demo/);
    assert.match(readFileSync(journalPath(), 'utf8'), /"cluster": "demo"/);
  });
});
