import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrameBudget } from '../../../renderer/src/lib/frame-budget';

// The log panes' per-frame budget (renderer/src/lib/frame-budget.ts) on made-up frame times.

test('a frame on time keeps the full budget; a late one halves it, down to the least', () => {
  const b = new FrameBudget({ maxMs: 8, minMs: 1 });
  assert.equal(b.frame(0, false), 8);
  assert.equal(b.frame(16.7, true), 8);
  assert.equal(b.frame(50, true), 4);
  assert.equal(b.frame(100, true), 2);
  assert.equal(b.frame(150, true), 1);
  assert.equal(b.frame(200, true), 1);
  assert.equal(b.ms, 1);
});

test('after late frames the budget grows back a step a frame on time, up to the most', () => {
  const b = new FrameBudget({ maxMs: 8, minMs: 1, stepMs: 0.5 });
  let t = 0;
  b.frame(t, false);
  b.frame((t += 100), true);
  b.frame((t += 100), true);
  assert.equal(b.ms, 2);
  const seen: number[] = [];
  for (let i = 0; i < 16; i++) seen.push(b.frame((t += 16.7), true));
  assert.deepEqual(seen.slice(0, 4), [2.5, 3, 3.5, 4]);
  assert.equal(seen.at(-1), 8);
});

test('an interval the panes were idle through says nothing: the budget stays', () => {
  const b = new FrameBudget({ maxMs: 8, minMs: 1 });
  b.frame(0, false);
  // Two seconds without lines, then a frame: not a late frame.
  assert.equal(b.frame(2000, false), 8);
  assert.equal(b.frame(2016.7, true), 8);
});

test('the threshold of a late frame is set by lateMs', () => {
  const b = new FrameBudget({ maxMs: 8, minMs: 1, lateMs: 40 });
  b.frame(0, false);
  assert.equal(b.frame(33.3, true), 8);
  assert.equal(b.frame(83.3, true), 4);
});
