import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay } from '../../../electron/services/ssh/backoff';

describe('backoffDelay', () => {
  const opts = { baseDelayMs: 100, maxDelayMs: 1000 };

  it('grows exponentially and is capped', () => {
    const top = (a: number) => backoffDelay(a, { ...opts, random: () => 0.999999 });
    assert.deepEqual([1, 2, 3, 4, 5, 10].map(top), [100, 200, 400, 800, 1000, 1000]);
  });

  it('keeps half of the delay fixed and jitters the other half', () => {
    assert.equal(backoffDelay(3, { ...opts, random: () => 0 }), 200);
    assert.equal(backoffDelay(3, { ...opts, random: () => 0.5 }), 300);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(4, opts);
      assert.ok(d >= 400 && d <= 800, String(d));
    }
  });
});
