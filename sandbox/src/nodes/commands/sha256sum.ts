// GNU coreutils sha256sum: print sums of files (or stdin), and -c/--check FILE, which reads
// "<hex>  NAME" lines (as release .sha256sum files are written), hashes each NAME relative to
// the current directory and says OK or FAILED, with coreutils' warnings and exit status 1 on
// any mismatch or unreadable file. --quiet, --status, --ignore-missing and --strict work.
import { createHash } from 'node:crypto';
import type { CommandContext, CommandFn } from '../command-types';
import { abs, canRead } from '../fs-access';
import { textToBytes } from './byte-text';

interface Flags {
  check: boolean;
  quiet: boolean;
  status: boolean;
  ignoreMissing: boolean;
  strict: boolean;
  binary: boolean;
  files: string[];
}

const TRY = "Try 'sha256sum --help' for more information.";

function parseFlags(args: string[]): Flags | string {
  const f: Flags = { check: false, quiet: false, status: false, ignoreMissing: false, strict: false, binary: false, files: [] };
  let onlyFiles = false;
  for (const a of args) {
    if (onlyFiles || a === '-' || !a.startsWith('-')) f.files.push(a);
    else if (a === '--') onlyFiles = true;
    else if (a === '-c' || a === '--check') f.check = true;
    else if (a === '--quiet') f.quiet = true;
    else if (a === '--status') f.status = true;
    else if (a === '--ignore-missing') f.ignoreMissing = true;
    else if (a === '--strict') f.strict = true;
    else if (a === '-b' || a === '--binary') f.binary = true;
    else if (a === '-t' || a === '--text' || a === '-w' || a === '--warn') continue;
    else if (/^-[a-z]{2,}$/.test(a) && [...a.slice(1)].every((c) => 'cbtw'.includes(c))) {
      if (a.includes('c')) f.check = true;
      if (a.includes('b')) f.binary = true;
    } else return a.startsWith('--') ? `sha256sum: unrecognized option '${a}'\n${TRY}` : `sha256sum: invalid option -- '${a[1]}'\n${TRY}`;
  }
  if (!f.check && (f.quiet || f.status || f.ignoreMissing || f.strict)) {
    const which = f.quiet ? '--quiet' : f.status ? '--status' : f.ignoreMissing ? '--ignore-missing' : '--strict';
    return `sha256sum: the ${which} option is meaningful only when verifying checksums\n${TRY}`;
  }
  return f;
}

/** A file's bytes, or coreutils' reason it cannot be read. */
async function read(ctx: CommandContext, name: string): Promise<Buffer | string> {
  if (name === '-') return textToBytes(await ctx.io.readStdin());
  const p = abs(ctx, name);
  const e = ctx.node.fs.stat(p);
  if (!e) return 'No such file or directory';
  if (e.type === 'dir') return 'Is a directory';
  if (!canRead(ctx, p)) return 'Permission denied';
  return ctx.node.fs.readFile(p) as Buffer;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function check(f: Flags, ctx: CommandContext): Promise<number> {
  let status = 0;
  for (const list of f.files.length ? f.files : ['-']) {
    const text = await read(ctx, list);
    if (typeof text === 'string') {
      ctx.io.stderr(`sha256sum: ${list}: ${text}\n`);
      status = 1;
      continue;
    }
    let lines = 0;
    let improper = 0;
    let mismatched = 0;
    let unreadable = 0;
    for (const line of text.toString('utf8').split('\n')) {
      if (line.trim() === '' || line.startsWith('#')) continue;
      const m = /^\\?([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
      if (!m) {
        improper++;
        continue;
      }
      lines++;
      const name = m[2] as string;
      const data = await read(ctx, name);
      if (typeof data === 'string') {
        if (f.ignoreMissing && data === 'No such file or directory') continue;
        ctx.io.stderr(`sha256sum: ${name}: ${data}\n`);
        if (!f.status) ctx.io.stdout(`${name}: FAILED open or read\n`);
        unreadable++;
        continue;
      }
      const ok = sha256(data) === (m[1] as string).toLowerCase();
      if (!ok) mismatched++;
      if (!f.status && (!ok || !f.quiet)) ctx.io.stdout(`${name}: ${ok ? 'OK' : 'FAILED'}\n`);
    }
    if (lines === 0) {
      ctx.io.stderr(`sha256sum: ${list}: no properly formatted checksum lines found\n`);
      status = 1;
      continue;
    }
    if (!f.status) {
      const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
      if (improper) ctx.io.stderr(`sha256sum: WARNING: ${plural(improper, 'line is', 'lines are')} improperly formatted\n`);
      if (unreadable) ctx.io.stderr(`sha256sum: WARNING: ${plural(unreadable, 'listed file', 'listed files')} could not be read\n`);
      if (mismatched) ctx.io.stderr(`sha256sum: WARNING: ${plural(mismatched, 'computed checksum', 'computed checksums')} did NOT match\n`);
    }
    if (mismatched || unreadable || (f.strict && improper)) status = 1;
  }
  return status;
}

export const sha256sum: CommandFn = async (args, ctx) => {
  const f = parseFlags(args);
  if (typeof f === 'string') {
    ctx.io.stderr(`${f}\n`);
    return 1;
  }
  if (f.check) return check(f, ctx);
  let status = 0;
  for (const name of f.files.length ? f.files : ['-']) {
    const data = await read(ctx, name);
    if (typeof data === 'string') {
      ctx.io.stderr(`sha256sum: ${name}: ${data}\n`);
      status = 1;
      continue;
    }
    ctx.io.stdout(`${sha256(data)} ${f.binary ? '*' : ' '}${name}\n`);
  }
  return status;
};
