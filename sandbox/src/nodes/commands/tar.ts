// GNU tar reading archives: -x/--extract and -t/--list, -z/--gzip, -f FILE (or stdin), -C DIR,
// -v, member names; options bundled (-xzf F), old style (tar xzvfC F DIR) or long. Messages
// and exit status 2 are GNU tar's. Archives are ustar (ustar.ts), gzip'd or not; bytes from a
// pipe arrive as byte-text strings (byte-text.ts). Creating archives is not simulated.
import { gunzipSync } from 'node:zlib';
import type { CommandContext, CommandFn } from '../command-types';
import { abs, canRead, canWrite, parentExists } from '../fs-access';
import { normalizePath } from '../vfs';
import { textToBytes } from './byte-text';
import { unpackTar, type TarEntry } from './ustar';

interface TarArgs {
  op?: 'x' | 't' | 'c';
  gzip: boolean;
  verbose: boolean;
  file?: string;
  dir?: string;
  members: string[];
}

const TRY = "Try 'tar --help' or 'tar --usage' for more information.";
const FATAL = 'tar: Error is not recoverable: exiting now\n';
const FAILED = 'tar: Exiting with failure status due to previous errors\n';

function parseArgs(args: string[]): TarArgs | string {
  const a: TarArgs = { gzip: false, verbose: false, members: [] };
  const queue = [...args];
  const takesValue = (letter: string) => letter === 'f' || letter === 'C';
  const set = (letter: string, value?: string): string | undefined => {
    if (letter === 'x' || letter === 't' || letter === 'c') a.op = letter;
    else if (letter === 'z') a.gzip = true;
    else if (letter === 'v') a.verbose = true;
    else if (letter === 'f') a.file = value;
    else if (letter === 'C') a.dir = value;
    else if (letter !== 'p' && letter !== 'o') return `tar: invalid option -- '${letter}'\n${TRY}`;
    return undefined;
  };
  // Old style (tar xzvfC FILE DIR): a first word without a dash is a bundle of option letters
  // whose arguments follow as the next words, in the letters' order.
  if (queue[0] !== undefined && /^[A-Za-z]+$/.test(queue[0])) {
    for (const letter of queue.shift() as string) {
      const value = takesValue(letter) ? queue.shift() : undefined;
      if (takesValue(letter) && value === undefined) return `tar: option requires an argument -- '${letter}'\n${TRY}`;
      const err = set(letter, value);
      if (err) return err;
    }
  }
  while (queue.length > 0) {
    const w = queue.shift() as string;
    if (w === '--') {
      a.members.push(...queue.splice(0));
      break;
    }
    if (w.startsWith('--')) {
      const [name, inline] = w.includes('=') ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w, undefined];
      const long: Record<string, string> = { '--extract': 'x', '--get': 'x', '--list': 't', '--create': 'c', '--gzip': 'z', '--gunzip': 'z', '--ungzip': 'z', '--verbose': 'v', '--file': 'f', '--directory': 'C' };
      const letter = long[name];
      if (letter === undefined) {
        if (['--no-same-owner', '--no-same-permissions', '--same-permissions', '--overwrite'].includes(name)) continue;
        return `tar: unrecognized option '${w}'\n${TRY}`;
      }
      const value = takesValue(letter) ? (inline ?? queue.shift()) : undefined;
      if (takesValue(letter) && value === undefined) return `tar: option '${name}' requires an argument\n${TRY}`;
      const err = set(letter, value);
      if (err) return err;
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      // Bundled letters; f and C take the rest of the word, else the next word, as GNU tar does.
      for (let k = 1; k < w.length; k++) {
        const letter = w[k] as string;
        if (takesValue(letter)) {
          const value = k + 1 < w.length ? w.slice(k + 1) : queue.shift();
          if (value === undefined) return `tar: option requires an argument -- '${letter}'\n${TRY}`;
          const err = set(letter, value);
          if (err) return err;
          break;
        }
        const err = set(letter);
        if (err) return err;
      }
      continue;
    }
    a.members.push(w);
  }
  return a;
}

/** The archive's bytes (gunzipped), or the exit status after GNU tar's complaint. */
async function readArchive(a: TarArgs, ctx: CommandContext): Promise<Buffer | number> {
  let data: Buffer;
  const fromFile = a.file !== undefined && a.file !== '-';
  if (fromFile) {
    const p = abs(ctx, a.file as string);
    const e = ctx.node.fs.stat(p);
    const why = !e ? 'No such file or directory' : e.type === 'dir' ? 'Is a directory' : !canRead(ctx, p) ? 'Permission denied' : undefined;
    if (why) {
      ctx.io.stderr(`tar: ${a.file}: Cannot open: ${why}\n${FATAL}`);
      return 2;
    }
    data = ctx.node.fs.readFile(p) as Buffer;
  } else {
    data = textToBytes(await ctx.io.readStdin());
  }
  const gzipped = data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
  if (!a.gzip && gzipped && !fromFile) {
    // GNU tar detects compression by itself only for files it can read twice, not for a pipe.
    ctx.io.stderr(`tar: Archive is compressed. Use -z option\n${FATAL}`);
    return 2;
  }
  if (!a.gzip && !gzipped) return data;
  try {
    return gunzipSync(data);
  } catch (e) {
    const truncated = data.length === 0 || (e as { code?: string }).code === 'Z_BUF_ERROR';
    const why = truncated ? 'unexpected end of file' : gzipped ? 'invalid compressed data--format violated' : 'not in gzip format';
    ctx.io.stderr(`gzip: stdin: ${why}\ntar: Child returned status 1\n${FATAL}`);
    return 2;
  }
}

function listLine(e: TarEntry, verbose: boolean): string {
  if (!verbose) return `${e.name}\n`;
  const bits = 'rwxrwxrwx'.split('').map((ch, i) => (e.mode & (0o400 >> i) ? ch : '-')).join('');
  const d = new Date(e.mtime * 1000).toISOString();
  return `${e.type === 'dir' ? 'd' : '-'}${bits} ${e.uname || 'root'}/${e.gname || 'root'} ${String(e.data.length).padStart(8)} ${d.slice(0, 10)} ${d.slice(11, 16)} ${e.name}\n`;
}

function extract(entries: TarEntry[], a: TarArgs, ctx: CommandContext): number {
  const base = a.dir === undefined ? abs(ctx, '.') : abs(ctx, a.dir);
  if (a.dir !== undefined && ctx.node.fs.stat(base)?.type !== 'dir') {
    ctx.io.stderr(`tar: ${a.dir}: Cannot open: ${ctx.node.fs.stat(base) ? 'Not a directory' : 'No such file or directory'}\n${FATAL}`);
    return 2;
  }
  let failed = false;
  for (const e of entries) {
    if (e.name.split('/').includes('..')) {
      ctx.io.stderr(`tar: ${e.name}: Member name contains '..'\n`);
      failed = true;
      continue;
    }
    const path = normalizePath(e.name.replace(/^\/+/, ''), base);
    if (a.verbose) ctx.io.stdout(`${e.name}\n`);
    if (!parentExists(ctx, path) || !canWrite(ctx, path)) {
      ctx.io.stderr(`tar: ${e.name}: Cannot open: ${parentExists(ctx, path) ? 'Permission denied' : 'No such file or directory'}\n`);
      failed = true;
      continue;
    }
    // root keeps the archive's permissions; other users get them masked by umask 022.
    const mode = ctx.root ? e.mode & 0o7777 : e.mode & 0o755;
    if (e.type === 'dir') ctx.node.fs.mkdirp(path, ctx.root ? 'root' : 'core', mode);
    else ctx.node.fs.writeFile(path, e.data, { mode, owner: ctx.root ? 'root' : 'core' });
  }
  if (failed) ctx.io.stderr(FAILED);
  return failed ? 2 : 0;
}

export const tar: CommandFn = async (args, ctx) => {
  const a = parseArgs(args);
  if (typeof a === 'string') {
    ctx.io.stderr(`${a}\n`);
    return 2;
  }
  if (a.op === undefined) {
    ctx.io.stderr(`tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\n${TRY}\n`);
    return 2;
  }
  if (a.op === 'c') {
    ctx.io.stderr('tar: creating archives is not simulated on this node\n');
    return 2;
  }
  const data = await readArchive(a, ctx);
  if (typeof data === 'number') return data;
  const r = unpackTar(data);
  if ('error' in r) {
    ctx.io.stderr(`tar: ${r.error}\n${r.error.startsWith('Unexpected EOF') ? FATAL : FAILED}`);
    return 2;
  }
  const wanted = (e: TarEntry) => a.members.length === 0 || a.members.some((m) => e.name === m || e.name.startsWith(`${m.replace(/\/$/, '')}/`));
  const chosen = r.entries.filter(wanted);
  const missing = a.members.filter((m) => !r.entries.some((e) => e.name === m || e.name.startsWith(`${m.replace(/\/$/, '')}/`)));
  let status = 0;
  if (a.op === 't') for (const e of chosen) ctx.io.stdout(listLine(e, a.verbose));
  else status = extract(chosen, a, ctx);
  if (missing.length > 0) {
    for (const m of missing) ctx.io.stderr(`tar: ${m}: Not found in archive\n`);
    if (status === 0) ctx.io.stderr(FAILED);
    status = 2;
  }
  return status;
};
