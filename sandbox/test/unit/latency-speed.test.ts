/**
 * The latency profile's speed (time/latency-profiles.ts): the realistic figures divided by the
 * speed, changed at run time (PUT /_sandbox/speed) for the delays asked for afterwards.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLatencyProfile } from '../../src/time/latency-profiles';

describe('latency profile speed', () => {
  it('divides the realistic delays by the speed, and a change applies to the next delay', () => {
    const p = createLatencyProfile('realistic', 1);
    const base = p.duration('vm.create');
    assert.ok(base > 0);
    p.setSpeed(4);
    assert.equal(p.speed, 4);
    assert.equal(p.duration('vm.create'), Math.round(base / 4));
    p.setSpeed(0.5);
    assert.equal(p.duration('vm.create'), Math.round(base * 2));
  });

  it('keeps instant at 0 whatever the speed, and refuses a speed out of range without changing it', () => {
    const p = createLatencyProfile('instant', 2);
    p.setSpeed(10);
    assert.equal(p.duration('vm.create'), 0);
    assert.throws(() => p.setSpeed(0), /positive/);
    assert.throws(() => p.setSpeed(Number.NaN), /positive/);
    assert.throws(() => p.setSpeed(101), /between/);
    assert.equal(p.speed, 10);
    assert.throws(() => createLatencyProfile('realistic', -1), /positive/);
  });
});
