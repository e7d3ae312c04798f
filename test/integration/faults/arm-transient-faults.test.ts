/**
 * Fault suite: transient ARM answers during a deployment (1 control plane + 1 worker, instant
 * sandbox). A 429 storm must be waited out as the server asks (Retry-After, checked on the
 * sandbox journal's own timestamps), 500/503 bursts must be retried, and either way the
 * deployment completes without creating anything twice and tears down to nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JournalEntry } from '@flatkube/sandbox';
import { EventLog, startEngineFixture, type EngineFixture } from '../engine/engine-fixture';
import { createsByPath, deploy, destroyAndCheck, failureText, smallSpec } from './fault-fixture';

/** The first request after `e` with the same method and path (the client's retry of it). */
function retryOf(entries: JournalEntry[], e: JournalEntry): JournalEntry | undefined {
  return entries.find((x) => x.seq > e.seq && x.method === e.method && x.path.toLowerCase() === e.path.toLowerCase());
}

/** Follows the retries of `e` to the answer that ended the chain (a GET may end 404: not there yet). */
function lastAttempt(entries: JournalEntry[], e: JournalEntry): JournalEntry {
  let cur = e;
  for (let next = retryOf(entries, cur); next && cur.faultRuleId; next = retryOf(entries, next)) cur = next;
  return cur;
}

/** An answer the provider gave (not an injected fault, not a throttle or server error). */
const settled = (e: JournalEntry) => !e.faultRuleId && e.status !== 429 && e.status < 500;

describe('faults: transient ARM errors during a deployment', () => {
  let f: EngineFixture;
  before(async () => {
    f = await startEngineFixture();
  });
  after(async () => f?.close());

  it('a 429 storm: every retry waits at least Retry-After (sandbox timestamps) and the deployment completes', async () => {
    const spec = smallSpec('throttled');
    const since = (await f.sb.api.journal()).at(-1)?.seq ?? 0;
    // PUTs and GETs of the cluster's group throttled in a row, with different Retry-After values.
    await f.sb.api.addFaults({
      rules: [
        { id: 'storm-put', kind: 'throttle', method: 'PUT', path: '/resourceGroups/throttled-rg/providers/', nth: 1, count: 4, retryAfterSeconds: 1 },
        { id: 'storm-get', kind: 'throttle', method: 'GET', path: '/resourceGroups/throttled-rg/providers/', nth: 2, count: 2, retryAfterSeconds: 2 },
      ],
    });
    const events = new EventLog();
    const r = await deploy(f, spec, events);
    await f.sb.api.clearFaults();
    assert.equal(r.status, 'succeeded', failureText(r, events));

    const entries = await f.sb.api.journal(since);
    const throttled = entries.filter((e) => e.status === 429);
    assert.equal(throttled.length, 6, 'every rule fired in full');
    for (const e of throttled) {
      assert.equal(e.errorCode, 'SubscriptionRequestsThrottled');
      const wanted = e.faultRuleId === 'storm-put' ? 1 : 2;
      assert.equal(e.retryAfter, wanted, 'the sandbox sent Retry-After');
      const retry = retryOf(entries, e);
      assert.ok(retry, `${e.method} ${e.path} was never retried`);
      const waited = retry.receivedAtMs - e.receivedAtMs;
      assert.ok(waited >= wanted * 1000, `${e.method} ${e.path}: retried after ${waited} ms, Retry-After was ${wanted} s`);
      assert.ok(settled(lastAttempt(entries, e)), `${e.method} ${e.path} never got a real answer`);
    }
    const twice = [...createsByPath(entries, spec)].filter(([, n]) => n > 1);
    assert.deepEqual(twice, [], 'nothing created twice');
    await destroyAndCheck(f, spec);
  });

  it('500 and 503 bursts on writes and reads are retried and the deployment completes', async () => {
    const spec = smallSpec('burst');
    const since = (await f.sb.api.journal()).at(-1)?.seq ?? 0;
    await f.sb.api.addFaults({
      rules: [
        { id: 'put-500', kind: 'server-error', status: 500, method: 'PUT', path: '/resourceGroups/burst-rg/providers/', nth: 1, count: 2 },
        { id: 'vm-503', kind: 'server-error', status: 503, method: 'PUT', path: '/virtualMachines/', nth: 1, count: 1 },
        { id: 'get-503', kind: 'server-error', status: 503, method: 'GET', path: '/resourceGroups/burst-rg/providers/', nth: 3, count: 2 },
        { id: 'poll-500', kind: 'server-error', status: 500, method: 'GET', path: '/operations/', nth: 1, count: 1 },
      ],
    });
    const events = new EventLog();
    const r = await deploy(f, spec, events);
    const fired = (await f.sb.api.faults()).rules.map((x) => [x.id, x.fired]);
    await f.sb.api.clearFaults();
    assert.equal(r.status, 'succeeded', failureText(r, events));

    const entries = await f.sb.api.journal(since);
    const injected = entries.filter((e) => e.faultRuleId);
    assert.deepEqual(fired.filter(([, n]) => n === 0), [], 'every rule fired');
    assert.deepEqual(
      [...new Set(injected.map((e) => `${e.status} ${e.errorCode}`))].sort(),
      ['500 InternalServerError', '503 ServiceUnavailable'],
    );
    for (const e of injected) assert.ok(settled(lastAttempt(entries, e)), `${e.method} ${e.path} was not retried to a real answer`);
    const twice = [...createsByPath(entries, spec)].filter(([, n]) => n > 1);
    assert.deepEqual(twice, [], 'a retried create does not create twice');
    await destroyAndCheck(f, spec);
  });
});
