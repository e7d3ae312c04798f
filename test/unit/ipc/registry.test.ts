import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IpcErrorCode } from '../../../shared/ipc/result';
import { makeTestRegistry } from '../../helpers/test-contract';

const ctx = { transport: 'test' as const, signal: new AbortController().signal };

test('a valid call returns the handler value in an ok envelope', async () => {
  const { registry } = makeTestRegistry();
  assert.deepEqual(await registry.invoke('math.add', { a: 2, b: 3 }, ctx), { ok: true, value: 5 });
});

test('an invalid payload gets an error envelope naming the field', async () => {
  const { registry } = makeTestRegistry();
  const result = await registry.invoke('math.add', { a: 'two', b: 3 }, ctx);
  assert.equal(result.ok, false);
  assert.ok(!result.ok);
  assert.equal(result.error.code, IpcErrorCode.InvalidInput);
  assert.match(result.error.message, /math\.add/);
  assert.match(result.error.message, /\ba\b/);
});

test('an unknown channel is refused, also for non-string and prototype names', async () => {
  const { registry } = makeTestRegistry();
  for (const name of ['nope.never', 42, null, '__proto__', 'constructor', 'toString']) {
    const result = await registry.invoke(name, undefined, ctx);
    assert.ok(!result.ok, `channel ${String(name)} must be refused`);
    assert.equal(result.error.code, IpcErrorCode.UnknownChannel);
  }
});

test('a handler that throws returns an envelope with its message', async () => {
  const { registry, errors } = makeTestRegistry();
  const result = await registry.invoke('fail.plain', undefined, ctx);
  assert.deepEqual(result, { ok: false, error: { code: IpcErrorCode.HandlerFailed, message: 'disk on fire' } });
  assert.deepEqual(errors, ['fail.plain']);
});

test('an AppError keeps its code, hint and Azure code across the boundary', async () => {
  const { registry } = makeTestRegistry();
  const result = await registry.invoke('fail.app', undefined, ctx);
  assert.deepEqual(result, {
    ok: false,
    error: {
      code: 'AZURE_REQUEST_FAILED',
      message: 'The image terms are not accepted',
      hint: 'Accept them in the Image step',
      azureCode: 'MarketplacePurchaseEligibilityFailed',
    },
  });
});

test('a handler whose output drifts from the contract is reported, not passed on', async () => {
  const { registry } = makeTestRegistry();
  const result = await registry.invoke('bad.output', undefined, ctx);
  assert.ok(!result.ok);
  assert.equal(result.error.code, IpcErrorCode.InvalidOutput);
});
