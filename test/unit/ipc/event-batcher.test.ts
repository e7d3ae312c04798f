import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { EventBatcher } from '../../../electron/ipc/event-batcher';
import { EventHub } from '../../../electron/ipc/event-hub';
import { testEvents } from '../../helpers/test-contract';

test('events are delivered in batches, in order, and a full batch flushes at once', async () => {
  const sent: Array<{ channel: string; events: unknown[] }> = [];
  const batcher = new EventBatcher({ intervalMs: 20, maxBatch: 100, send: (channel, events) => sent.push({ channel, events }) });
  for (let n = 0; n < 250; n++) batcher.push('tick', { n });
  // Two full batches went out synchronously; the rest waits for the timer.
  assert.equal(sent.length, 2);
  await delay(60);
  assert.equal(sent.length, 3);
  assert.deepEqual(sent.map((b) => b.events.length), [100, 100, 50]);
  const all = sent.flatMap((b) => b.events as Array<{ n: number }>).map((e) => e.n);
  assert.deepEqual(all, Array.from({ length: 250 }, (_, i) => i));
  batcher.close();
});

test('several channels keep their own order and nothing is sent after close', async () => {
  const sent: Array<{ channel: string; events: unknown[] }> = [];
  const batcher = new EventBatcher({ intervalMs: 1000, send: (channel, events) => sent.push({ channel, events }) });
  batcher.push('a', 1);
  batcher.push('b', 'x');
  batcher.push('a', 2);
  batcher.close();
  batcher.push('a', 3);
  assert.deepEqual(sent, [
    { channel: 'a', events: [1, 2] },
    { channel: 'b', events: ['x'] },
  ]);
});

test('the hub validates events at the source and fans them out to every sink', () => {
  const invalid: string[] = [];
  const hub = new EventHub(testEvents, (channel) => invalid.push(channel));
  const a: unknown[] = [];
  const b: unknown[] = [];
  const offA = hub.connect((_c, e) => a.push(e));
  hub.connect((_c, e) => b.push(e));
  hub.emit('tick', { n: 1 });
  hub.emit('tick', { n: 1.5 });
  offA();
  hub.emit('tick', { n: 2 });
  assert.deepEqual(a, [{ n: 1 }]);
  assert.deepEqual(b, [{ n: 1 }, { n: 2 }]);
  assert.deepEqual(invalid, ['tick']);
});
