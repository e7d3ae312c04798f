/**
 * Property tests of the CIDR arithmetic against models that share no code or arithmetic with it:
 * addresses as 32-character bit strings (a block is "every address whose first n bits are the
 * network's"), blocks enumerated address by address for /24 to /32, and BigInt ranges for every
 * prefix. Blocks are drawn from a small neighbourhood so that they touch, nest and overlap often,
 * and one property puts blocks exactly on each other's first and last address.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  cidrContains,
  cidrLast,
  cidrOverlaps,
  cidrSize,
  formatIpv4,
  hostAt,
  ipInCidr,
  mustParseCidr,
  parseCidr,
  parseIpv4,
  type Cidr,
} from '../../../shared/domain/cidr';
import { propertyOptions } from '../../helpers/property';

// ---- The models -------------------------------------------------------------------------------

const bits = (ip: number): string => ip.toString(2).padStart(32, '0');
const fromBits = (b: string): number => parseInt(b, 2);
/** Dotted quad from the bit string, octet by octet. */
const dotted = (ip: number): string => [0, 8, 16, 24].map((i) => parseInt(bits(ip).slice(i, i + 8), 2)).join('.');
/** The network of `ip` under `prefix`: its first `prefix` bits, then zeros. */
const modelNetwork = (ip: number, prefix: number): number => fromBits(bits(ip).slice(0, prefix).padEnd(32, '0'));
/** Membership: the first `prefix` bits agree. */
const modelIn = (ip: number, c: { network: number; prefix: number }): boolean => bits(ip).slice(0, c.prefix) === bits(c.network).slice(0, c.prefix);
/** Every address of a block (only for /24 and longer: at most 256). */
function enumerate(c: { network: number; prefix: number }): number[] {
  assert.ok(c.prefix >= 24, 'enumerate only small blocks');
  const hostBits = 32 - c.prefix;
  const head = bits(c.network).slice(0, c.prefix);
  const out: number[] = [];
  for (let h = 0; h < 1 << hostBits; h++) out.push(fromBits(head + (hostBits === 0 ? '' : h.toString(2).padStart(hostBits, '0'))));
  return out;
}
/** First and last address as BigInts: the range model for blocks of any size. */
const range = (c: { network: number; prefix: number }): [bigint, bigint] => {
  const first = BigInt(`0b${bits(c.network)}`);
  return [first, first + (1n << BigInt(32 - c.prefix)) - 1n];
};

// ---- Generators -------------------------------------------------------------------------------

const uint32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
/** A base address so that everything drawn near it lies in one /20 (edges of the space included). */
const base = fc.oneof(fc.constant(0), fc.constant(2 ** 32 - 4096), fc.integer({ min: 0, max: 2 ** 20 - 1 }).map((n) => n * 4096));

/** A valid block `text` near `b`: an address within 4096 of it, host bits cleared by the model. */
function blockNear(b: number, minPrefix: number, maxPrefix = 32) {
  return fc.record({ offset: fc.integer({ min: 0, max: 4095 }), prefix: fc.integer({ min: minPrefix, max: maxPrefix }) }).map(({ offset, prefix }) => {
    const network = modelNetwork(b + offset, prefix);
    return { network, prefix, text: `${dotted(network)}/${prefix}` };
  });
}
/** Two blocks in one neighbourhood, the first of /16../32, the second small enough to enumerate. */
const nearPair = base.chain((b) => fc.tuple(blockNear(b, 16), blockNear(b, 24)));
const parsed = (m: { text: string }): Cidr => mustParseCidr(m.text);

// ---- Properties -------------------------------------------------------------------------------

describe('CIDR arithmetic against independent models (fast-check)', () => {
  it('parseIpv4 and formatIpv4 agree with the bit-string dotted quad, both ways', () => {
    fc.assert(
      fc.property(uint32, (ip) => {
        assert.equal(formatIpv4(ip), dotted(ip));
        assert.equal(parseIpv4(dotted(ip)), ip);
      }),
      propertyOptions(200),
    );
  });

  it('parseIpv4 accepts exactly four decimal octets 0-255 without leading zeros', () => {
    // Mostly valid octets, so that a single bad one among four valid ones is common.
    const part = fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 255 }).map(String), weight: 6 },
      { arbitrary: fc.constantFrom('0', '255', '256'), weight: 2 },
      { arbitrary: fc.integer({ min: 256, max: 999 }).map(String), weight: 1 },
      { arbitrary: fc.stringMatching(/^0\d{1,2}$/), weight: 1 },
      { arbitrary: fc.stringMatching(/^\d{4}$/), weight: 1 },
      { arbitrary: fc.constantFrom('', 'a', '-1', '+1', '1e2', ' 1', '0x1'), weight: 1 },
    );
    const modelParse = (text: string): number | undefined => {
      const parts = text.trim().split('.'); // parseIpv4 forgives blanks around the address
      if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
      return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
    };
    fc.assert(
      fc.property(fc.oneof(fc.array(part, { minLength: 4, maxLength: 4 }), fc.array(part, { minLength: 2, maxLength: 6 })), (parts) => {
        const text = parts.join('.');
        assert.equal(parseIpv4(text), modelParse(text), JSON.stringify(text));
      }),
      propertyOptions(300),
    );
  });

  it('parseCidr accepts an address/prefix exactly when the host bits are zero, and suggests the network', () => {
    fc.assert(
      fc.property(uint32, fc.integer({ min: 0, max: 32 }), (ip, prefix) => {
        const r = parseCidr(`${dotted(ip)}/${prefix}`);
        const network = modelNetwork(ip, prefix);
        if (network === ip) {
          assert.ok(r.ok, `${dotted(ip)}/${prefix}`);
          assert.deepEqual(r.cidr, { network, prefix, text: `${dotted(ip)}/${prefix}` });
        } else {
          assert.ok(!r.ok, `${dotted(ip)}/${prefix} has host bits`);
          assert.ok(r.error.includes(`${dotted(network)}/${prefix}`), r.error);
        }
      }),
      propertyOptions(300),
    );
  });

  it('parseCidr refuses every prefix that is not a decimal 0-32', () => {
    const badPrefix = fc.oneof(
      fc.integer({ min: 33, max: 999 }).map(String),
      fc.constantFrom('33', '-1', '', ' 8', '+8', '1e1', '0x8', '08a', '/8', '032', '8/8'),
    );
    fc.assert(
      fc.property(uint32, badPrefix, (ip, prefix) => {
        // A network address, so only the prefix can be wrong ("032" is two digits too many).
        const text = `${dotted(modelNetwork(ip, 0))}/${prefix}`;
        assert.equal(parseCidr(text).ok, false, text);
      }),
      propertyOptions(100),
    );
  });

  it('a block has 2^(32-n) addresses from its network to cidrLast, and ipInCidr/hostAt say which', () => {
    fc.assert(
      fc.property(
        base.chain((b) => fc.tuple(blockNear(b, 24), fc.oneof(fc.integer({ min: -300, max: 600 }), fc.constantFrom('before', 'last', 'after')))),
        ([m, probeAt]) => {
          const c = parsed(m);
          const all = enumerate(m);
          // Mostly anywhere near the block, often right on or just past its edges.
          const delta = typeof probeAt === 'number' ? probeAt : { before: -1, last: all.length - 1, after: all.length }[probeAt];
          assert.equal(cidrSize(c), all.length);
          assert.equal(c.network, all[0]);
          assert.equal(cidrLast(c), all.at(-1));
          // A probe around the block: inside exactly when the model says so.
          const probe = c.network + delta;
          if (probe >= 0 && probe <= 2 ** 32 - 1) assert.equal(ipInCidr(probe, c), modelIn(probe, m), `${dotted(probe)} in ${m.text}`);
          assert.equal(hostAt(c, delta), delta >= 0 && delta < all.length ? dotted(all[delta]!) : undefined);
        },
      ),
      propertyOptions(150),
    );
  });

  it('cidrContains and cidrOverlaps agree with enumerating the smaller block', () => {
    fc.assert(
      fc.property(nearPair, ([outerM, innerM]) => {
        const outer = parsed(outerM);
        const inner = parsed(innerM);
        const addresses = enumerate(innerM);
        const inOuter = addresses.filter((ip) => modelIn(ip, outerM)).length;
        assert.equal(cidrContains(outer, inner), inOuter === addresses.length, `${outerM.text} contains ${innerM.text}`);
        assert.equal(cidrOverlaps(outer, inner), inOuter > 0, `${outerM.text} overlaps ${innerM.text}`);
        assert.equal(cidrOverlaps(inner, outer), inOuter > 0, `${innerM.text} overlaps ${outerM.text}`);
        // And the other way round: the small block contains the other one only when that is small too.
        const outerInInner = outerM.prefix >= 24 && enumerate(outerM).every((ip) => modelIn(ip, innerM));
        assert.equal(cidrContains(inner, outer), outerInInner, `${innerM.text} contains ${outerM.text}`);
      }),
      propertyOptions(200),
    );
  });

  it('cidrOverlaps and cidrContains agree with BigInt ranges for blocks of any size', () => {
    const anyBlock = fc.record({ ip: uint32, prefix: fc.integer({ min: 0, max: 32 }) }).map(({ ip, prefix }) => {
      const network = modelNetwork(ip, prefix);
      return { network, prefix, text: `${dotted(network)}/${prefix}` };
    });
    // Half the pairs share a neighbourhood, so overlaps are not rare.
    const pair = fc.oneof(fc.tuple(anyBlock, anyBlock), base.chain((b) => fc.tuple(blockNear(b, 0), blockNear(b, 0))));
    fc.assert(
      fc.property(pair, ([am, bm]) => {
        const [a0, a1] = range(am);
        const [b0, b1] = range(bm);
        const a = parsed(am);
        const b = parsed(bm);
        assert.equal(cidrOverlaps(a, b), a0 <= b1 && b0 <= a1, `${am.text} / ${bm.text}`);
        assert.equal(cidrContains(a, b), a0 <= b0 && b1 <= a1, `${am.text} contains ${bm.text}`);
        assert.equal(BigInt(cidrLast(a)), a1);
      }),
      propertyOptions(300),
    );
  });

  it('blocks that share exactly one edge address overlap; blocks that only touch do not', () => {
    // A /32 (or a larger aligned block) placed on the first or last address of another block, or
    // just outside it: the cases where "<=" and "<" differ.
    const edgeCase = base.chain((b) =>
      fc.record({
        block: blockNear(b, 20),
        at: fc.constantFrom('first', 'last', 'before', 'after'),
        prefix: fc.integer({ min: 24, max: 32 }),
      }),
    );
    fc.assert(
      fc.property(edgeCase, ({ block, at, prefix }) => {
        const c = parsed(block);
        const [first, last] = range(block).map(Number) as [number, number];
        const address = { first, last, before: first - 1, after: last + 1 }[at];
        fc.pre(address >= 0 && address <= 2 ** 32 - 1);
        // The aligned block of `prefix` bits around that address, and the /32 of the address.
        for (const p of [32, prefix]) {
          const m = { network: modelNetwork(address, p), prefix: p };
          const other = mustParseCidr(`${dotted(m.network)}/${p}`);
          const shared = enumerate(m).some((ip) => modelIn(ip, block));
          assert.equal(cidrOverlaps(c, other), shared, `${block.text} / ${other.text}`);
          assert.equal(cidrOverlaps(other, c), shared, `${other.text} / ${block.text}`);
          assert.equal(cidrContains(c, other), enumerate(m).every((ip) => modelIn(ip, block)), `${block.text} contains ${other.text}`);
          if (p === 32) assert.equal(shared, at === 'first' || at === 'last');
        }
      }),
      propertyOptions(200),
    );
  });
});
