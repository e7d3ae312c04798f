// The byte formats behind the simulated download tools: bytes through string pipes
// (surrogateescape), ustar archives, ELF stand-in headers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { bytesToText, textToBytes } from '../../src/nodes/commands/byte-text';
import { packTar, unpackTar } from '../../src/nodes/commands/ustar';
import { elfStandIn, readElf } from '../../src/nodes/commands/elf';

describe('bytes through pipes (byte-text)', () => {
  it('round-trips arbitrary bytes exactly', () => {
    for (let i = 0; i < 50; i++) {
      const b = randomBytes(1 + (i * 37) % 700);
      assert.ok(textToBytes(bytesToText(b)).equals(b));
    }
    const edge = Buffer.from([0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80, 0xc0, 0xaf, 0xe2, 0x82, 0xac, 0x00, 0xff]);
    assert.ok(textToBytes(bytesToText(edge)).equals(edge));
  });

  it('valid UTF-8 stays plain text both ways (what sed and kubectl read)', () => {
    const text = 'net-conf: "Network" é € 𝄞\n';
    assert.equal(bytesToText(Buffer.from(text)), text);
    assert.ok(textToBytes(text).equals(Buffer.from(text)));
    // Invalid bytes among text: the text around them stays readable.
    assert.equal(bytesToText(Buffer.concat([Buffer.from('ab'), Buffer.from([0x8b]), Buffer.from('cd')])), 'ab\udc8bcd');
  });
});

describe('ustar archives', () => {
  it('packs and unpacks entries with mode, owner and data; the checksum is verified', () => {
    const data = randomBytes(1500);
    const tar = packTar([
      { name: 'bin', type: 'dir', mode: 0o755, mtime: 1_700_000_000, uname: 'root', gname: 'root', data: Buffer.alloc(0) },
      { name: 'bin/tool', type: 'file', mode: 0o750, mtime: 1_700_000_000, uname: 'u', gname: 'g', data },
    ]);
    assert.equal(tar.length % 512, 0);
    assert.equal(tar.toString('latin1', 257, 263), 'ustar\0');
    const r = unpackTar(tar);
    assert.ok('entries' in r);
    assert.deepEqual(r.entries.map((e) => [e.name, e.type, e.mode, e.uname]), [['bin', 'dir', 0o755, 'root'], ['bin/tool', 'file', 0o750, 'u']]);
    assert.ok(r.entries[1]!.data.equals(data));
    const corrupt = Buffer.from(tar);
    corrupt[0] = 'X'.charCodeAt(0);
    assert.deepEqual(unpackTar(corrupt), { error: 'This does not look like a tar archive' });
    assert.deepEqual(unpackTar(tar.subarray(0, 1024)), { error: 'Unexpected EOF in archive' });
  });
});

describe('ELF stand-ins', () => {
  it('carry a real ELF64 header with the CPU, and the program they stand for', () => {
    const arm = elfStandIn('aarch64', { program: 'cilium', version: 'v1.2.3' });
    assert.equal(arm.toString('latin1', 0, 4), '\x7fELF');
    assert.equal(arm.readUInt16LE(18), 0xb7);
    assert.deepEqual(readElf(arm), { machine: 'aarch64', note: { program: 'cilium', version: 'v1.2.3' } });
    assert.equal(readElf(elfStandIn('x86_64', { program: 'x', version: 'v1' }))?.machine, 'x86_64');
    assert.equal(readElf(Buffer.from('#!/bin/sh\necho hi\n'.padEnd(80))), undefined);
  });
});
