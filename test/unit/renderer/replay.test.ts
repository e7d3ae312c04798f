import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OperationView } from '../../../shared/ipc/channels/cluster';
import { replayEvents, ReplayScheduler, type ReplayEvent } from '../../../renderer/src/lib/replay';

const view: OperationView = {
  cluster: 'demo', id: 'create-x', kind: 'create', state: 'succeeded', startedAt: 1000, finishedAt: 9000,
  steps: [
    { id: 'rg', title: 'rg', dependsOn: [], az: '', status: 'done', startedAt: 1000, endedAt: 3000 },
    { id: 'vm', title: 'vm', dependsOn: ['rg'], az: '', status: 'done', startedAt: 3000, endedAt: 9000 },
  ],
  done: 2, total: 2, linesPerStream: 2000,
  logs: [{ stream: 'azure', dropped: 0, lines: [{ seq: 1, level: 'info', text: 'PUT rg', ts: 1500 }, { seq: 2, level: 'info', text: 'PUT vm', ts: 5000 }] }],
};

/** A fake clock: timers fire when the test moves time on. */
function fakeClock() {
  let t = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let id = 0;
  return {
    now: () => t,
    setTimer: (fn: () => void, ms: number) => (timers.push({ at: t + ms, fn, id: ++id }), id),
    clearTimer: (h: unknown) => (timers = timers.filter((x) => x.id !== h)),
    advance(ms: number) {
      const end = t + ms;
      for (;;) {
        const due = timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((x) => x !== due);
        t = due.at;
        due.fn();
      }
      t = end;
    },
  };
}

const label = (e: ReplayEvent) => (e.type === 'step' ? `${e.stepId}:${e.status}` : e.text);

describe('replay scheduler', () => {
  it('the record as events, in recorded order from the start', () => {
    assert.deepEqual(replayEvents(view).map((e) => [e.at, label(e)]), [[0, 'rg:running'], [500, 'PUT rg'], [2000, 'rg:done'], [2000, 'vm:running'], [4000, 'PUT vm'], [8000, 'vm:done']]);
  });

  it('plays the recorded times scaled by the speed, pauses, and changes speed on the way', () => {
    const clock = fakeClock();
    const seen: string[] = [];
    let ended = false;
    const r = new ReplayScheduler(replayEvents(view), clock, (b) => seen.push(...b.map(label)), 8, () => (ended = true));
    r.play();
    assert.deepEqual(seen, ['rg:running']);
    clock.advance(250); // 2 s of the record at 8x
    assert.deepEqual(seen, ['rg:running', 'PUT rg', 'rg:done', 'vm:running']);
    r.pause();
    clock.advance(10_000);
    assert.equal(seen.length, 4, 'nothing happens while paused');
    assert.equal(r.position(), 2000);
    r.setSpeed(2);
    r.play();
    clock.advance(999); // 1998 ms of the record at 2x: PUT vm (at 4000) not yet
    assert.equal(seen.length, 4);
    clock.advance(1);
    assert.equal(seen.at(-1), 'PUT vm');
    r.setSpeed(16);
    clock.advance(250); // 4 s at 16x: the end
    assert.equal(seen.at(-1), 'vm:done');
    assert.ok(ended && r.finished && !r.isPlaying);
  });
});
