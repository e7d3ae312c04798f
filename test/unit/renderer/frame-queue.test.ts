import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrameQueue } from '../../../renderer/src/lib/frame-queue';

// The one-job-a-frame queue (renderer/src/lib/frame-queue.ts) on fake animation frames.

class Frames {
  private queue: Array<() => void> = [];
  request = (run: () => void) => void this.queue.push(run);
  get pending(): number {
    return this.queue.length;
  }
  run(): void {
    const q = this.queue;
    this.queue = [];
    for (const run of q) run();
  }
}

test('jobs run one a frame, in the order they came', () => {
  const frames = new Frames();
  const q = new FrameQueue(frames.request);
  const ran: string[] = [];
  for (const name of ['a', 'b', 'c']) q.add(() => ran.push(name));
  assert.deepEqual(ran, []);
  assert.equal(frames.pending, 1);
  frames.run();
  assert.deepEqual(ran, ['a']);
  frames.run();
  frames.run();
  assert.deepEqual(ran, ['a', 'b', 'c']);
  // Nothing left: no frame is asked for.
  assert.equal(frames.pending, 0);
});

test('a job taken out before its frame never runs; the others keep their turns', () => {
  const frames = new Frames();
  const q = new FrameQueue(frames.request);
  const ran: string[] = [];
  q.add(() => ran.push('a'));
  const cancel = q.add(() => ran.push('b'));
  q.add(() => ran.push('c'));
  cancel();
  while (frames.pending > 0) frames.run();
  assert.deepEqual(ran, ['a', 'c']);
  // Taking out a job that already ran changes nothing.
  cancel();
});

test('a job that throws does not stop the ones after it', () => {
  const frames = new Frames();
  const q = new FrameQueue(frames.request);
  const ran: string[] = [];
  q.add(() => {
    throw new Error('boom');
  });
  q.add(() => ran.push('b'));
  assert.throws(() => frames.run(), /boom/);
  while (frames.pending > 0) frames.run();
  assert.deepEqual(ran, ['b']);
});
