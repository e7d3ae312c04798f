import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cidrContains,
  cidrOverlaps,
  formatIpv4,
  hostAt,
  mustParseCidr,
  parseCidr,
  parseIpv4,
} from '../../../shared/domain/cidr';

test('parseIpv4 accepts dotted quads and refuses junk', () => {
  assert.equal(parseIpv4('10.0.1.4'), 10 * 2 ** 24 + 1 * 256 + 4);
  assert.equal(parseIpv4('255.255.255.255'), 2 ** 32 - 1);
  for (const bad of ['10.0.1', '10.0.1.256', '1.2.3.4.5', '01.2.3.4', 'a.b.c.d', '']) {
    assert.equal(parseIpv4(bad), undefined, bad);
  }
  assert.equal(formatIpv4(parseIpv4('192.168.7.200')!), '192.168.7.200');
});

test('parseCidr parses, canonicalises and rejects set host bits with a suggestion', () => {
  const r = parseCidr('10.244.0.0/16');
  assert.ok(r.ok);
  assert.equal(r.cidr.prefix, 16);
  assert.equal(r.cidr.text, '10.244.0.0/16');
  const bad = parseCidr('10.0.1.5/24');
  assert.ok(!bad.ok);
  assert.match(bad.error, /10\.0\.1\.0\/24/);
  for (const junk of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/x', '10.0.0.0/8/1', '300.0.0.0/8']) {
    assert.equal(parseCidr(junk).ok, false, junk);
  }
  assert.ok(parseCidr('0.0.0.0/0').ok);
});

test('cidrContains: subnet inside VNet, not the other way round', () => {
  const vnet = mustParseCidr('10.0.0.0/16');
  assert.equal(cidrContains(vnet, mustParseCidr('10.0.1.0/24')), true);
  assert.equal(cidrContains(vnet, vnet), true);
  assert.equal(cidrContains(mustParseCidr('10.0.1.0/24'), vnet), false);
  assert.equal(cidrContains(vnet, mustParseCidr('10.1.0.0/24')), false);
  assert.equal(cidrContains(mustParseCidr('0.0.0.0/0'), mustParseCidr('255.255.255.0/24')), true);
});

test('cidrOverlaps is symmetric and exact at the edges', () => {
  const a = mustParseCidr('10.96.0.0/12'); // 10.96.0.0 - 10.111.255.255
  assert.equal(cidrOverlaps(a, mustParseCidr('10.111.255.0/24')), true);
  assert.equal(cidrOverlaps(mustParseCidr('10.111.255.0/24'), a), true);
  assert.equal(cidrOverlaps(a, mustParseCidr('10.112.0.0/16')), false);
  assert.equal(cidrOverlaps(a, mustParseCidr('10.95.255.0/24')), false);
  assert.equal(cidrOverlaps(mustParseCidr('10.244.0.0/16'), mustParseCidr('10.0.0.0/16')), false);
  assert.equal(cidrOverlaps(mustParseCidr('10.0.0.0/8'), mustParseCidr('10.244.0.0/16')), true);
  // One shared address, on either edge, in either order (where "<=" and "<" differ).
  for (const edge of ['10.96.0.0/32', '10.111.255.255/32']) {
    assert.equal(cidrOverlaps(a, mustParseCidr(edge)), true, edge);
    assert.equal(cidrOverlaps(mustParseCidr(edge), a), true, edge);
  }
  for (const outside of ['10.95.255.255/32', '10.112.0.0/32']) {
    assert.equal(cidrOverlaps(a, mustParseCidr(outside)), false, outside);
    assert.equal(cidrOverlaps(mustParseCidr(outside), a), false, outside);
  }
});

test('hostAt returns addresses inside the block only', () => {
  const s = mustParseCidr('10.0.1.0/24');
  assert.equal(hostAt(s, 4), '10.0.1.4');
  assert.equal(hostAt(s, 255), '10.0.1.255');
  assert.equal(hostAt(s, 256), undefined);
  assert.equal(hostAt(s, -1), undefined);
});
