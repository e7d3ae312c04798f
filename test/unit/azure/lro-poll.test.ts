import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { nextPollDelayMs, parseRetryAfter, RetryAfterBook, untilDone, type LroPoller } from '../../../electron/services/azure/lro-poll';

const OP = 'https://management.example.test/subscriptions/s/providers/Microsoft.Network/locations/westeurope/operations/op-1?api-version=2025-03-01';

test('Retry-After: delay-seconds or an HTTP date; nothing else', () => {
  assert.equal(parseRetryAfter('10'), 10_000);
  assert.equal(parseRetryAfter('0'), 0);
  assert.equal(parseRetryAfter(new Date(61_000).toUTCString(), 1_000), 60_000);
  assert.equal(parseRetryAfter(undefined), undefined);
  assert.equal(parseRetryAfter('soon'), undefined);
});

test('the wait is Retry-After, cut to the expected end while that is ahead, the cut never below the floor', () => {
  const pace = { expectedEndMs: 10_000, floorMs: 1_000 };
  assert.equal(nextPollDelayMs(10_000, pace, 6_000), 4_000, 'expected end in 4 s, Azure says 10 s: 4 s');
  assert.equal(nextPollDelayMs(3_000, pace, 0), 3_000, 'Azure asks sooner than the expected end: Azure');
  assert.equal(nextPollDelayMs(10_000, pace, 9_900), 1_000, 'expected end in 0.1 s: the floor');
  assert.equal(nextPollDelayMs(0, pace, 9_900), 0, 'a Retry-After below the floor is followed');
  assert.equal(nextPollDelayMs(10_000, pace, 12_000), 10_000, 'overdue: Retry-After alone, never faster');
  assert.equal(nextPollDelayMs(undefined, pace, 12_000), 2_000, 'no Retry-After: the SDK default');
});

test('the book keeps the Retry-After of an answer under the operation URLs it names', async () => {
  const book = new RetryAfterBook();
  const req = createPipelineRequest({ url: 'https://management.example.test/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v?api-version=1' });
  await book.policy().sendRequest(req, async (r) => ({ request: r, status: 201, headers: createHttpHeaders({ 'retry-after': '10', 'azure-asyncoperation': OP }) }));
  assert.equal(book.retryAfterMs(OP), 10_000);
  assert.equal(book.retryAfterMs(OP.replace(/\?.*/, '')), 10_000, 'the query (api-version) does not matter');
  assert.equal(book.retryAfterMs(req.url), 10_000);
  book.forget(OP);
  assert.equal(book.retryAfterMs(OP), undefined);
});

/** A poller whose operation is done after `pollsToDone` status polls, each answer with Retry-After 10 s. */
function fakePoller(book: RetryAfterBook, pollsToDone: number) {
  let polls = 0;
  const retryAfter = async () => {
    const req = createPipelineRequest({ url: OP });
    await book.policy().sendRequest(req, async (r) => ({ request: r, status: 200, headers: createHttpHeaders({ 'retry-after': '10' }) }));
  };
  const poller: LroPoller<string> & { polls: () => number } = {
    polls: () => polls,
    submitted: retryAfter,
    poll: async () => {
      polls++;
      if (polls < pollsToDone) await retryAfter();
    },
    pollUntilDone: async () => 'result',
    get isDone() {
      return polls >= pollsToDone;
    },
    operationState: { config: { operationLocation: OP } },
    then: (f, r) => Promise.resolve('result').then(f, r),
  };
  return poller;
}

test('an operation expected in 3 s with Retry-After 10 s is looked at after 3 s, then at Azure\'s pace', async () => {
  const book = new RetryAfterBook();
  const poller = fakePoller(book, 3);
  let now = 0;
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
    now += ms;
  };
  assert.equal(await untilDone(poller, { book, expectedMs: 3_000, floorMs: 1_000, now: () => now, sleep }), 'result');
  // No poll before the first wait (the SDK's own loop polls at once), then the expected end, then Retry-After.
  assert.deepEqual(waits, [3_000, 10_000, 10_000]);
  assert.equal(poller.polls(), 3);
  assert.equal(book.retryAfterMs(OP), undefined, 'forgotten once done');
});
