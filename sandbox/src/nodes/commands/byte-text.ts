// Pipes between simulated programs carry strings (ExecIO), but curl, tar and sha256sum move
// bytes (a gzip tarball). Bytes become a string the way Python's "surrogateescape" does it
// (PEP 383): valid UTF-8 decodes to ordinary text, so sed and kubectl downstream see the same
// text they always did, and each byte that is not part of valid UTF-8 becomes a lone surrogate
// U+DC80..U+DCFF, which decoding real text never produces. textToBytes undoes it exactly, so
// `curl URL | tar -xz` hands tar the very bytes curl downloaded.

const ESCAPE_BASE = 0xdc00;

/** Length of the valid UTF-8 sequence at `i` (RFC 3629: no overlongs, no surrogates), 0 if invalid. */
function utf8SequenceLength(buf: Buffer, i: number): number {
  const b0 = buf[i] as number;
  if (b0 < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const b = buf[i + k];
    return b !== undefined && b >= lo && b <= hi;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const [lo, hi] = b0 === 0xe0 ? [0xa0, 0xbf] : b0 === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const [lo, hi] = b0 === 0xf0 ? [0x90, 0xbf] : b0 === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** Bytes -> pipe string: UTF-8 text as is, every other byte escaped (see above). */
export function bytesToText(buf: Buffer): string {
  const plain = buf.toString('utf8');
  // Node replaces invalid sequences with U+FFFD: without one, the decoding was lossless.
  if (!plain.includes('\ufffd')) return plain;
  let out = '';
  let runStart = 0;
  let i = 0;
  while (i < buf.length) {
    const n = utf8SequenceLength(buf, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += buf.toString('utf8', runStart, i) + String.fromCharCode(ESCAPE_BASE + (buf[i] as number));
    i++;
    runStart = i;
  }
  return out + buf.toString('utf8', runStart);
}

/** Pipe string -> bytes: the inverse of bytesToText; plain text encodes as UTF-8. */
export function textToBytes(text: string): Buffer {
  if (!/[\udc80-\udcff]/.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
    // A low surrogate right after a high one is half of a real astral character, not an escape.
    if (c >= 0xdc80 && c <= 0xdcff && !(prev >= 0xd800 && prev <= 0xdbff)) {
      parts.push(Buffer.from(text.slice(runStart, i), 'utf8'), Buffer.from([c - ESCAPE_BASE]));
      runStart = i + 1;
    }
  }
  parts.push(Buffer.from(text.slice(runStart), 'utf8'));
  return Buffer.concat(parts);
}
