import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createHttpHeaders, createPipelineRequest, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';
import type { ApiCall } from '../../../shared/ipc/channels/azure-calls';
import { ApiCallLog } from '../../../electron/services/azure/api-calls/call-log';
import { apiCallPolicy, redactedPath, type ObservedCall } from '../../../electron/services/azure/api-calls/call-policy';
import { withCallScope } from '../../../electron/services/azure/api-calls/call-scope';
import { linkCallsToStep } from '../../../electron/services/cluster/engine/call-step';

const ARM = 'https://management.example.test';

/** The policy in front of a fake wire: answers `status`, or throws when told. */
function send(calls: ObservedCall[], req: PipelineRequest, answer: { status?: number; fail?: Error } = {}) {
  const client: HttpClient = {
    sendRequest: async (r) => {
      if (answer.fail) throw answer.fail;
      return { request: r, status: answer.status ?? 200, headers: createHttpHeaders({ 'x-ms-request-id': 'req-1' }) };
    },
  };
  let t = 1000;
  return apiCallPolicy((c) => calls.push(c), () => (t += 25)).sendRequest(req, (r) => client.sendRequest(r));
}

test('a generated secret in a query, a header or a body never reaches the recorded call', async () => {
  const secret = randomBytes(24).toString('base64url');
  const jwt = `eyJ${randomBytes(12).toString('base64url')}.${randomBytes(24).toString('base64url')}.${randomBytes(16).toString('base64url')}`;
  const req = createPipelineRequest({
    url: `${ARM}/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/x?api-version=2024-01-01&sig=${secret}&code=${secret}`,
    method: 'PUT',
    headers: createHttpHeaders({ Authorization: `Bearer ${jwt}`, 'x-ms-client-secret': secret }),
    body: JSON.stringify({ password: secret, token: jwt }),
  });
  const calls: ObservedCall[] = [];
  await withCallScope({ cluster: 'demo', operationId: 'create-1' }, () => send(calls, req, { status: 201 }));
  assert.equal(calls.length, 1);
  const text = JSON.stringify(calls);
  assert.ok(!text.includes(secret), 'the secret is not in the record');
  assert.ok(!text.includes(jwt.slice(0, 20)), 'no part of the token is in the record');
  assert.equal(calls[0]?.method, 'PUT');
  assert.equal(calls[0]?.status, 201);
  assert.equal(calls[0]?.requestId, 'req-1');
  assert.equal(calls[0]?.host, 'management.example.test');
  assert.match(calls[0]?.path ?? '', /^\/subscriptions\/s1\/resourceGroups\/rg\/providers\/Microsoft\.Storage\/x\?api-version=2024-01-01&sig=\[REDACTED\]&code=\[REDACTED\]$/);
  assert.equal(calls[0]?.durationMs, 25);
});

test('a token inside the path itself is redacted as free text', () => {
  const jwt = `eyJ${randomBytes(12).toString('base64url')}.${randomBytes(24).toString('base64url')}.sig`;
  assert.ok(!redactedPath(`${ARM}/x/${jwt}/y`).path.includes(jwt));
});

test('calls are linked to the operation and the step whose runner made them; calls outside an operation are not recorded', async () => {
  const calls: ObservedCall[] = [];
  const get = (url: string) => send(calls, createPipelineRequest({ url: `${ARM}${url}`, method: 'GET' }));
  await get('/outside');
  const runner = linkCallsToStep({ id: 'vnet', dependsOn: [] } as never, async () => {
    await new Promise((r) => setTimeout(r, 1));
    await get('/in-step');
  });
  await withCallScope({ cluster: 'demo', operationId: 'create-1' }, async () => {
    await get('/planning');
    // Two steps at once, as the executor runs them: each keeps its own link across awaits.
    await Promise.all([runner({} as never), linkCallsToStep({ id: 'nsg', dependsOn: [] } as never, async () => void (await get('/other')))({} as never)]);
  });
  assert.deepEqual(
    calls.map((c) => [c.path, c.operationId, c.stepId]),
    [
      ['/planning', 'create-1', undefined],
      ['/other', 'create-1', 'nsg'],
      ['/in-step', 'create-1', 'vnet'],
    ],
  );
});

test('a request that gets no answer is recorded with status 0 and its redacted error, and still fails', async () => {
  const secret = randomBytes(16).toString('hex');
  const calls: ObservedCall[] = [];
  const req = createPipelineRequest({ url: `${ARM}/x`, method: 'DELETE' });
  await assert.rejects(withCallScope({ cluster: 'demo', operationId: 'op' }, () => send(calls, req, { fail: new Error(`socket hang up client_secret=${secret}`) })), /socket hang up/);
  assert.equal(calls[0]?.status, 0);
  assert.match(calls[0]?.error ?? '', /socket hang up/);
  assert.ok(!calls[0]?.error?.includes(secret));
});

test('the log numbers, streams and keeps the last N calls per operation on disk, 0600, and continues them after a restart', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'flatkube-calls-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const emitted: ApiCall[] = [];
  const opts = { clusterDir: (c: string) => path.join(dir, c), emit: (c: ApiCall) => emitted.push(c), keep: 3, flushMs: 5 };
  const log = new ApiCallLog(opts);
  const call = (n: number, op = 'create-1'): ObservedCall => ({ cluster: 'demo', operationId: op, stepId: 'rg', method: 'PUT', host: 'h', path: `/p${n}`, status: 200, durationMs: 1, startedAt: n });
  for (let i = 1; i <= 5; i++) log.record(call(i));
  log.record(call(9, '../escape'));
  await log.flushAll();
  assert.deepEqual(emitted.map((c) => c.seq), [1, 2, 3, 4, 5], 'each call streamed once, numbered; a bad operation id is dropped');
  const file = path.join(dir, 'demo', 'api-calls', 'create-1.json');
  assert.deepEqual((JSON.parse(await readFile(file, 'utf8')) as ApiCall[]).map((c) => c.path), ['/p3', '/p4', '/p5']);
  if (process.platform !== 'win32') assert.equal((await stat(file)).mode & 0o777, 0o600);

  // Another process (a restart) reads them back and, resuming the operation, numbers on.
  const again = new ApiCallLog(opts);
  assert.deepEqual((await again.stored('demo')).calls.map((c) => c.seq), [3, 4, 5]);
  assert.equal((await again.stored('demo')).operationId, 'create-1');
  again.record(call(6));
  await again.flushAll();
  assert.deepEqual((await new ApiCallLog(opts).stored('demo', 'create-1')).calls.map((c) => c.seq), [4, 5, 6]);
  assert.deepEqual((await again.stored('other')).calls, []);
});

test('createArmClients puts the recorder in every client pipeline, after signing', async () => {
  const { createArmClients } = await import('../../../electron/services/azure/arm-clients');
  const { publicCloudEnvironment } = await import('../../../electron/services/azure/environment');
  const { API_CALL_POLICY_NAME } = await import('../../../electron/services/azure/api-calls/call-policy');
  const policy = apiCallPolicy(() => {});
  const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 60_000 }) };
  const arm = createArmClients(publicCloudEnvironment({ clientId: 'c' }), credential, '00000000-0000-0000-0000-000000000000', { policies: [policy] });
  for (const name of ['subscriptions', 'resources', 'compute', 'network', 'marketplace', 'authorization'] as const) {
    const names = arm[name].pipeline.getOrderedPolicies().map((p) => p.name);
    assert.equal(names.at(-1), API_CALL_POLICY_NAME, `${name}: the recorder runs last, next to the wire`);
  }
});
