// GNU sed's `s` command, which is what scripts use sed for: s/RE/REPL/FLAGS with any
// delimiter (s#a#b#), flags g, p, I and a number, several commands joined by `;`, newlines or
// -e, -n, -E/-r, -i[SUFFIX], input from files or stdin. The POSIX regular expressions are
// translated to JavaScript ones (posix-regex.ts). Other sed commands are refused clearly.
import type { CommandContext, CommandFn } from '../command-types';
import { abs, canRead, canWrite } from '../fs-access';
import { posixToJs, RegexSyntaxError } from './posix-regex';

interface Subst {
  re: RegExp;
  parts: (string | number)[];
  global: boolean;
  occurrence: number;
  print: boolean;
}

class SedError extends Error {}

/** Reads up to the next unescaped `delim`; `\delim` stands for the delimiter itself. */
function until(script: string, i: number, delim: string): [string, number] {
  let s = '';
  while (i < script.length) {
    const c = script[i] as string;
    if (c === '\\' && script[i + 1] === delim) {
      s += delim === '&' || /[.*[\]^$]/.test(delim) ? `\\${delim}` : delim;
      i += 2;
    } else if (c === '\\' && i + 1 < script.length) {
      s += c + script[i + 1];
      i += 2;
    } else if (c === delim) {
      return [s, i + 1];
    } else {
      s += c;
      i++;
    }
  }
  throw new SedError("unterminated `s' command");
}

/** Replacement text -> literal strings and group numbers (& is 0). */
function replacementParts(repl: string): (string | number)[] {
  const parts: (string | number)[] = [];
  let lit = '';
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i] as string;
    if (c === '&') {
      parts.push(lit, 0);
      lit = '';
    } else if (c === '\\' && i + 1 < repl.length) {
      const n = repl[++i] as string;
      if (/[0-9]/.test(n)) {
        parts.push(lit, Number(n));
        lit = '';
      } else lit += n === 'n' ? '\n' : n === 't' ? '\t' : n;
    } else lit += c;
  }
  parts.push(lit);
  return parts;
}

function parseScript(script: string, extended: boolean): Subst[] {
  const cmds: Subst[] = [];
  let i = 0;
  for (;;) {
    while (i < script.length && /[\s;]/.test(script[i] as string)) i++;
    if (i >= script.length) return cmds;
    if (script[i] !== 's') throw new SedError(`only the s command is simulated on this node (got \`${script[i]}')`);
    const delim = script[i + 1];
    if (delim === undefined || delim === '\\' || delim === '\n') throw new SedError("unterminated `s' command");
    const [re, afterRe] = until(script, i + 2, delim);
    const [repl, afterRepl] = until(script, afterRe, delim);
    i = afterRepl;
    const sub: Omit<Subst, 're'> = { parts: replacementParts(repl), global: false, occurrence: 1, print: false };
    let icase = false;
    while (i < script.length && !/[\s;}]/.test(script[i] as string)) {
      const f = script[i] as string;
      const num = /^\d+/.exec(script.slice(i))?.[0];
      if (num) {
        sub.occurrence = Number(num);
        i += num.length;
        continue;
      }
      if (f === 'g') sub.global = true;
      else if (f === 'p') sub.print = true;
      else if (f === 'I' || f === 'i') icase = true;
      else throw new SedError("unknown option to `s'");
      i++;
    }
    if (re === '') throw new SedError('no previous regular expression');
    let compiled: RegExp;
    try {
      compiled = new RegExp(posixToJs(re, extended), `g${icase ? 'i' : ''}`);
    } catch (e) {
      throw new SedError(e instanceof RegexSyntaxError ? e.message : 'Invalid preceding regular expression');
    }
    cmds.push({ ...sub, re: compiled });
  }
}

function substitute(line: string, s: Subst): { text: string; changed: boolean } {
  let n = 0;
  let changed = false;
  const text = line.replace(s.re, (...m: unknown[]) => {
    n++;
    if (n < s.occurrence || (!s.global && n > s.occurrence)) return m[0] as string;
    changed = true;
    return s.parts.map((p) => (typeof p === 'number' ? ((m[p] as string | undefined) ?? '') : p)).join('');
  });
  return { text, changed };
}

/** Runs the script over `input`, line by line, keeping a missing final newline missing. */
function runScript(input: string, cmds: Subst[], quiet: boolean): string {
  if (input === '') return '';
  const endsWithNewline = input.endsWith('\n');
  const lines = (endsWithNewline ? input.slice(0, -1) : input).split('\n');
  const out: string[] = [];
  for (const line of lines) {
    let text = line;
    for (const c of cmds) {
      const r = substitute(text, c);
      text = r.text;
      if (r.changed && c.print) out.push(text);
    }
    if (!quiet) out.push(text);
  }
  return out.length === 0 ? '' : out.join('\n') + (endsWithNewline ? '\n' : '');
}

interface SedArgs {
  scripts: string[];
  files: string[];
  quiet: boolean;
  extended: boolean;
  inPlace?: string;
}

function parseArgs(args: string[]): SedArgs | string {
  const a: SedArgs = { scripts: [], files: [], quiet: false, extended: false };
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i] as string;
    if (w === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (w === '-n' || w === '--quiet' || w === '--silent') a.quiet = true;
    else if (w === '-E' || w === '-r' || w === '--regexp-extended') a.extended = true;
    else if (w === '-e' || w === '--expression') {
      const v = args[++i];
      if (v === undefined) return "sed: option requires an argument -- 'e'";
      a.scripts.push(v);
    } else if (w.startsWith('--expression=')) a.scripts.push(w.slice(13));
    else if (w.startsWith('-i') || w.startsWith('--in-place')) a.inPlace = w.startsWith('-i') ? w.slice(2) : w.slice(11);
    else if (w.startsWith('-') && w !== '-') return `sed: invalid option -- '${w.replace(/^-+/, '')[0] ?? ''}'`;
    else rest.push(w);
  }
  if (a.scripts.length === 0) {
    const script = rest.shift();
    if (script === undefined) return 'Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...';
    a.scripts.push(script);
  }
  a.files = rest;
  return a;
}

function readInput(ctx: CommandContext, f: string): string | { error: string } {
  const p = abs(ctx, f);
  const e = ctx.node.fs.stat(p);
  if (!e) return { error: `sed: can't read ${f}: No such file or directory` };
  if (e.type === 'dir') return { error: `sed: read error on ${f}: Is a directory` };
  if (!canRead(ctx, p)) return { error: `sed: can't read ${f}: Permission denied` };
  return ctx.node.fs.readText(p) ?? '';
}

export const sed: CommandFn = async (args, ctx) => {
  const a = parseArgs(args);
  if (typeof a === 'string') {
    ctx.io.stderr(`${a}\n`);
    return 1;
  }
  const cmds: Subst[] = [];
  for (const [n, script] of a.scripts.entries()) {
    try {
      cmds.push(...parseScript(script, a.extended));
    } catch (e) {
      if (!(e instanceof SedError)) throw e;
      ctx.io.stderr(`sed: -e expression #${n + 1}, char ${script.length}: ${e.message}\n`);
      return 1;
    }
  }
  let status = 0;
  if (a.inPlace !== undefined) {
    if (a.files.length === 0) {
      ctx.io.stderr('sed: no input files\n');
      return 1;
    }
    for (const f of a.files) {
      const text = readInput(ctx, f);
      if (typeof text !== 'string') {
        ctx.io.stderr(`${text.error}\n`);
        status = 2;
        continue;
      }
      const p = abs(ctx, f);
      // GNU sed writes a temporary file next to the original, then renames it over.
      if (!canWrite(ctx, p)) {
        ctx.io.stderr(`sed: couldn't open temporary file ${p.slice(0, p.lastIndexOf('/')) || '/'}/sedAbC123: Permission denied\n`);
        return 4;
      }
      if (a.inPlace) ctx.node.fs.writeFile(p + a.inPlace, text);
      ctx.node.fs.writeFile(p, runScript(text, cmds, a.quiet));
    }
    return status;
  }
  let input = '';
  if (a.files.length === 0) input = await ctx.io.readStdin();
  for (const f of a.files) {
    const text = f === '-' ? await ctx.io.readStdin() : readInput(ctx, f);
    if (typeof text !== 'string') {
      ctx.io.stderr(`${text.error}\n`);
      status = 2;
    } else input += text;
  }
  ctx.io.stdout(runScript(input, cmds, a.quiet));
  return status;
};
