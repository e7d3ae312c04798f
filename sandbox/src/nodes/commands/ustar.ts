// POSIX ustar archives, the format release tarballs use (Go's archive/tar writes ustar for
// plain files with short names): 512-byte headers with octal fields and a checksum, data
// padded to 512 bytes, two zero blocks at the end. The sandbox's internet packs stand-in
// release tarballs with it and the nodes' simulated tar reads them back.

const BLOCK = 512;

export interface TarEntry {
  name: string;
  type: 'file' | 'dir';
  mode: number;
  /** Seconds since the epoch. */
  mtime: number;
  uname: string;
  gname: string;
  data: Buffer;
}

function writeString(h: Buffer, offset: number, length: number, value: string): void {
  h.write(value.slice(0, length), offset, length, 'utf8');
}

/** Octal, zero-padded to length-1 digits and NUL-terminated, as ustar fields are. */
function writeOctal(h: Buffer, offset: number, length: number, value: number): void {
  writeString(h, offset, length, value.toString(8).padStart(length - 1, '0') + '\0');
}

function header(e: TarEntry): Buffer {
  const h = Buffer.alloc(BLOCK);
  writeString(h, 0, 100, e.name);
  writeOctal(h, 100, 8, e.mode);
  writeOctal(h, 108, 8, 0); // uid
  writeOctal(h, 116, 8, 0); // gid
  writeOctal(h, 124, 12, e.type === 'file' ? e.data.length : 0);
  writeOctal(h, 136, 12, e.mtime);
  h.fill(' ', 148, 156); // the checksum is computed with its own field as spaces
  h.write(e.type === 'dir' ? '5' : '0', 156);
  writeString(h, 257, 6, 'ustar\0');
  writeString(h, 263, 2, '00');
  writeString(h, 265, 32, e.uname);
  writeString(h, 297, 32, e.gname);
  let sum = 0;
  for (const b of h) sum += b;
  writeString(h, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

export function packTar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(header(e));
    if (e.type === 'file' && e.data.length > 0) {
      parts.push(e.data, Buffer.alloc((BLOCK - (e.data.length % BLOCK)) % BLOCK));
    }
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

function readString(h: Buffer, offset: number, length: number): string {
  const raw = h.subarray(offset, offset + length);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul < 0 ? length : nul).toString('utf8');
}

function readOctal(h: Buffer, offset: number, length: number): number {
  const s = readString(h, offset, length).trim();
  return s === '' ? 0 : parseInt(s, 8);
}

function checksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (h[i] as number);
  return readOctal(h, 148, 8) === sum;
}

/** Entries of an archive, or GNU tar's complaint about it. Links and devices are skipped. */
export function unpackTar(buf: Buffer): { entries: TarEntry[] } | { error: string } {
  const entries: TarEntry[] = [];
  let off = 0;
  while (off + BLOCK <= buf.length) {
    const h = buf.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) return { entries };
    if (!checksumOk(h)) return { error: entries.length === 0 ? 'This does not look like a tar archive' : 'Skipping to next header' };
    const size = readOctal(h, 124, 12);
    const type = readString(h, 156, 1);
    const prefix = readString(h, 345, 155);
    const name = (prefix ? `${prefix}/` : '') + readString(h, 0, 100);
    const dataStart = off + BLOCK;
    if (dataStart + size > buf.length) return { error: 'Unexpected EOF in archive' };
    if (type === '0' || type === '' || type === '5') {
      entries.push({
        name,
        type: type === '5' ? 'dir' : 'file',
        mode: readOctal(h, 100, 8),
        mtime: readOctal(h, 136, 12),
        uname: readString(h, 265, 32),
        gname: readString(h, 297, 32),
        data: Buffer.from(buf.subarray(dataStart, dataStart + size)),
      });
    }
    off = dataStart + Math.ceil(size / BLOCK) * BLOCK;
  }
  // GNU tar tolerates a missing end-of-archive marker at a block boundary, not a cut-off block.
  return off === buf.length ? { entries } : { error: 'Unexpected EOF in archive' };
}
