/**
 * Retries and cancellation through the real SDK pipeline against the sandbox's fault injection.
 * Timing is read from the sandbox's journal (server-side receive times), not from test clocks.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { httpGetText } from '../../../electron/services/azure/http-json';
import type { AppError } from '../../../electron/services/errors';
import { startAzureTestEnv, type AzureTestEnv } from './azure-test-env';

describe('azure robustness: Retry-After, 5xx, resets, cancellation, error mapping', () => {
  let t: AzureTestEnv;
  before(async () => {
    t = await startAzureTestEnv();
    await t.directory.subscriptions();
  });
  after(async () => {
    await t.close();
  });

  const lastSeq = async () => (await t.sb.api.journal()).at(-1)?.seq ?? 0;
  // Answers the rules' ids; a rule the sandbox refuses throws (SandboxApiError).
  const addFaults = (rules: object[]) => t.sb.api.addFaults({ rules });

  it('honours Retry-After on 429 (the retry arrives no earlier than the server asked)', async () => {
    const since = await lastSeq();
    await addFaults([{ kind: 'throttle', method: 'GET', path: '/locations$', nth: 1, count: 1, retryAfterSeconds: 1 }]);
    const locs = await t.reads.locations(t.subscriptionId);
    assert.ok(locs.length > 10);
    const hits = (await t.sb.api.journal(since)).filter((e) => /\/locations$/.test(e.path));
    assert.equal(hits.length, 2);
    assert.equal(hits[0]!.status, 429);
    assert.equal(hits[0]!.retryAfter, 1);
    assert.equal(hits[1]!.status, 200);
    assert.ok(hits[1]!.receivedAtMs - hits[0]!.receivedAtMs >= 1000, `retried after ${hits[1]!.receivedAtMs - hits[0]!.receivedAtMs} ms`);
  });

  it('retries 5xx with backoff and gives up after a bound with an actionable error', async () => {
    let since = await lastSeq();
    await addFaults([{ kind: 'server-error', status: 503, method: 'GET', path: '/usages$', nth: 1, count: 1 }]);
    await t.reads.sizes(t.subscriptionId, 'francecentral', { architecture: 'x64', generation: 2 });
    let hits = (await t.sb.api.journal(since)).filter((e) => /\/usages$/.test(e.path));
    assert.deepEqual(hits.map((h) => h.status), [503, 200]);

    since = await lastSeq();
    await addFaults([{ kind: 'server-error', status: 500, method: 'GET', path: '/publishers/kinvolk/artifacttypes/vmimage/offers$', count: 100 }]);
    await assert.rejects(t.reads.images(t.subscriptionId, 'uksouth', 'x64'), (e: AppError) => {
      assert.equal(e.code, 'AZURE_REQUEST_FAILED');
      assert.equal(e.azureCode, 'InternalServerError');
      assert.match(e.hint ?? '', /temporary problem/);
      return true;
    });
    hits = (await t.sb.api.journal(since)).filter((e) => /offers$/.test(e.path));
    assert.equal(hits.length, 4, 'first try + maxRetries (3), then stop');
    // Backoff: each wait at least as long as... the gaps never shrink to zero (jittered exponential).
    for (let i = 1; i < hits.length; i++) assert.ok(hits[i]!.receivedAtMs - hits[i - 1]!.receivedAtMs >= 10);
    await t.sb.api.clearFaults();
  });

  it('cancels a call waiting out a long Retry-After, without a further request', async () => {
    const since = await lastSeq();
    await addFaults([{ kind: 'throttle', method: 'GET', path: '/skus$', nth: 1, count: 1, retryAfterSeconds: 30 }]);
    const ac = new AbortController();
    const pending = t.reads.sizes(t.subscriptionId, 'swedencentral', { architecture: 'x64', generation: 2 }, ac.signal);
    // Abort once the sandbox has answered the 429 (observed in its journal).
    while (!(await t.sb.api.journal(since)).some((e) => e.status === 429)) await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    await assert.rejects(pending, (e: AppError) => e.code === 'CANCELLED');
    assert.equal((await t.sb.api.journal(since)).filter((e) => /\/skus$/.test(e.path)).length, 1, 'no retry after cancel');
    await t.sb.api.clearFaults();
  });

  it('maps Azure errors to codes with hints (unknown image version -> NotFound)', async () => {
    const { compute } = await t.reads.clients(t.subscriptionId);
    const { azureCall } = await import('../../../electron/services/azure/azure-errors');
    await assert.rejects(
      azureCall('Reading the image', () => compute.virtualMachineImages.get('westeurope', 'kinvolk', 'flatcar-container-linux-free', 'stable', '1.0.0')),
      (e: AppError) => e.code === 'AZURE_NOT_FOUND' && e.azureCode === 'NotFound' && !!e.hint,
    );
  });

  describe('plain HTTPS GETs (prices, public IP, dl.k8s.io)', () => {
    let server: Server;
    let requests = 0;
    before(async () => {
      server = createServer((req, res) => {
        requests++;
        // The first connection is reset mid-request, as a flaky network would.
        if (requests === 1) return req.socket.destroy();
        res.end('198.51.100.7');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    it('retries a connection reset', async () => {
      const port = (server.address() as AddressInfo).port;
      const res = await httpGetText(`http://127.0.0.1:${port}/`, { allowInsecureConnection: true, retryOptions: { retryDelayInMs: 10, maxRetryDelayInMs: 50 } });
      assert.equal(res.text, '198.51.100.7');
      assert.equal(requests, 2);
    });
  });
});
