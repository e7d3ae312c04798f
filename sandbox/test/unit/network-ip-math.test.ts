import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrContains, cidrOverlaps, firstFreeAddress, isAssignableAddress, parseCidr } from '../../src/providers/network/ip-math';
import { allocatePublicAddress } from '../../src/providers/network/public-ip-pool';
import { validateNetworkName } from '../../src/providers/network/names';

test('CIDR parsing rejects malformed prefixes and set host bits', () => {
  assert.deepEqual(parseCidr('10.0.1.0/24'), { base: (10 << 24) + 256, prefix: 24 });
  assert.equal(parseCidr('10.0.1.1/24'), undefined);
  assert.equal(parseCidr('10.0.1.0/33'), undefined);
  assert.equal(parseCidr('10.0.300.0/24'), undefined);
  assert.equal(parseCidr('banana'), undefined);
});

test('containment and overlap', () => {
  const vnet = parseCidr('10.0.0.0/16')!;
  assert.ok(cidrContains(vnet, parseCidr('10.0.255.0/24')!));
  assert.ok(!cidrContains(vnet, parseCidr('10.1.0.0/24')!));
  assert.ok(cidrOverlaps(parseCidr('10.0.0.0/23')!, parseCidr('10.0.1.0/24')!));
  assert.ok(!cidrOverlaps(parseCidr('10.0.0.0/24')!, parseCidr('10.0.1.0/24')!));
});

test('private addresses start at .4 and skip used ones; the broadcast address is never given', () => {
  const s = parseCidr('10.0.1.0/29')!; // .0-.7: .4, .5, .6 usable
  assert.equal(firstFreeAddress(s, new Set()), '10.0.1.4');
  assert.equal(firstFreeAddress(s, new Set(['10.0.1.4'])), '10.0.1.5');
  assert.equal(firstFreeAddress(s, new Set(['10.0.1.4', '10.0.1.5', '10.0.1.6'])), undefined);
  assert.ok(!isAssignableAddress('10.0.1.3', s));
  assert.ok(!isAssignableAddress('10.0.1.7', s));
  assert.ok(isAssignableAddress('10.0.1.6', s));
});

test('public addresses come from TEST-NET-3, then TEST-NET-2, lowest free first', () => {
  assert.equal(allocatePublicAddress(new Set()), '203.0.113.1');
  assert.equal(allocatePublicAddress(new Set(['203.0.113.1'])), '203.0.113.2');
  const full = new Set(Array.from({ length: 254 }, (_, i) => `203.0.113.${i + 1}`));
  assert.equal(allocatePublicAddress(full), '198.51.100.1');
});

test('network names: 1-80, word character first, word character or _ last', () => {
  for (const ok of ['a', 'vnet-1', 'my_nic.0', 'x_', 'a'.repeat(80)]) assert.doesNotThrow(() => validateNetworkName(ok), ok);
  for (const bad of ['', '-a', 'a-', 'a.', 'has space', 'a'.repeat(81), 'semi;colon']) {
    assert.throws(() => validateNetworkName(bad), (e: { code?: string }) => e.code === 'InvalidResourceName', bad);
  }
});
