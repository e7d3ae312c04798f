// GNU coreutils `seq` on simulated nodes: prints a sequence of numbers. Streams its output in
// chunks (so `seq 1 1000000` over SSH does not build one huge string) and stops when the channel
// closes. Used by the log-pipeline benchmark to make nodes emit many lines fast.
//
//   seq [OPTION]... LAST | FIRST LAST | FIRST INCREMENT LAST
//   -f, --format=FORMAT     printf-style floating-point FORMAT (one %e/%f/%g directive)
//   -s, --separator=STRING  use STRING to separate numbers (default: \n)
//   -w, --equal-width       equalize width by padding with leading zeroes
//
// Numbers are exact decimals (BigInt mantissa + scale), so `seq 0 0.1 0.3` ends with 0.3 as GNU's
// prints it (GNU uses long double plus a "prints as LAST" rescue; exact arithmetic gives the same
// output for decimal inputs). The default output precision follows GNU: the larger number of
// fraction digits of FIRST and INCREMENT (an exponent shifts it); LAST may be `inf`.
import type { CommandContext, CommandFn } from '../command-types';

/** Bytes of output gathered before each write to the channel. */
const CHUNK_CHARS = 64 * 1024;

interface Operand {
  /** value = mantissa / 10^scale (finite operands). */
  mantissa: bigint;
  scale: number;
  /** GNU's output precision contribution (fraction digits, shifted by an exponent). */
  precision: number;
  /** Characters of the operand as an integer part (for -w). */
  infinite?: 1 | -1;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function usage(ctx: CommandContext, message: string): number {
  ctx.io.stderr(`seq: ${message}\nTry 'seq --help' for more information.\n`);
  return 1;
}

function parseOperand(text: string): Operand | 'invalid' | 'nan' {
  const t = text.trim();
  if (/^[+-]?nan$/i.test(t)) return 'nan';
  if (/^[+-]?inf(inity)?$/i.test(t)) return { mantissa: 0n, scale: 0, precision: 0, infinite: t.startsWith('-') ? -1 : 1 };
  if (!NUMBER.test(t)) return 'invalid';
  const [num, expPart] = t.split(/[eE]/) as [string, string | undefined];
  const exp = expPart === undefined ? 0 : Number(expPart);
  const negative = num.startsWith('-');
  const unsigned = num.replace(/^[+-]/, '');
  const [intPart = '', frac = ''] = unsigned.split('.');
  let mantissa = BigInt((intPart + frac).replace(/^0+(?=\d)/, '') || '0');
  let scale = frac.length - exp;
  if (scale < 0) {
    mantissa *= 10n ** BigInt(-scale);
    scale = 0;
  }
  if (negative) mantissa = -mantissa;
  // coreutils scan_arg: precision = fraction digits, minus a positive exponent (not below 0),
  // plus the magnitude of a negative one.
  const precision = exp < 0 ? frac.length - exp : frac.length - Math.min(frac.length, exp);
  return { mantissa, scale, precision };
}

function rescale(o: Operand, scale: number): bigint {
  return o.mantissa * 10n ** BigInt(scale - o.scale);
}

/** An exact decimal (mantissa / 10^scale) with `precision` fraction digits, rounded half away from zero. */
function fixed(mantissa: bigint, scale: number, precision: number): string {
  let m = mantissa;
  if (precision < scale) {
    const div = 10n ** BigInt(scale - precision);
    const q = m / div;
    const r = m % div;
    const twice = (r < 0n ? -r : r) * 2n;
    m = twice >= div ? q + (m < 0n ? -1n : 1n) : q;
  } else if (precision > scale) {
    m *= 10n ** BigInt(precision - scale);
  }
  const neg = m < 0n;
  let digits = (neg ? -m : m).toString();
  if (precision === 0) return (neg ? '-' : '') + digits;
  digits = digits.padStart(precision + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -precision)}.${digits.slice(-precision)}`;
}

interface FormatSpec {
  prefix: string;
  suffix: string;
  flags: string;
  width: number;
  precision: number | undefined;
  conv: string;
}

/** Parses a -f FORMAT: exactly one %[flags][width][.precision]{a,e,f,g,A,E,F,G}; %% is a literal. */
function parseFormat(fmt: string): FormatSpec | string {
  let i = 0;
  let prefix = '';
  const unescape = (s: string) => s.replace(/%%/g, '%');
  while (i < fmt.length) {
    if (fmt[i] === '%' && fmt[i + 1] === '%') {
      i += 2;
      continue;
    }
    if (fmt[i] === '%') break;
    i++;
  }
  if (i >= fmt.length) return `format '${fmt}' has no % directive`;
  prefix = unescape(fmt.slice(0, i));
  const m = /^%([-+ #0']*)(\d*)(?:\.(\d*))?([aeEfFgGA]?)/.exec(fmt.slice(i));
  if (!m) return `format '${fmt}' has unknown %${fmt[i + 1] ?? ''} directive`;
  if (!m[4]) {
    const bad = fmt.slice(i + m[0].length)[0];
    return bad === undefined ? `format '${fmt}' ends in %` : `format '${fmt}' has unknown %${bad} directive`;
  }
  const rest = fmt.slice(i + m[0].length);
  if (/%(?!%)/.test(rest.replace(/%%/g, ''))) return `format '${fmt}' has too many % directives`;
  return {
    prefix,
    suffix: unescape(rest),
    flags: m[1] ?? '',
    width: Number(m[2] || 0),
    precision: m[3] === undefined ? undefined : Number(m[3] || 0),
    conv: m[4],
  };
}

function cExponent(x: number, precision: number, upper: boolean): string {
  const s = x.toExponential(precision); // 1.50e+2
  const [mant, exp = '+0'] = s.split('e');
  const sign = exp.startsWith('-') ? '-' : '+';
  const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
  const out = `${mant}e${sign}${digits}`;
  return upper ? out.toUpperCase() : out;
}

/** C's %g: %e or %f by exponent, trailing zeros removed unless '#'. */
function cGeneral(x: number, precision: number, alt: boolean, upper: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return alt ? (0).toFixed(p - 1) : '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toExponential(p - 1)))));
  let s = exp < -4 || exp >= p ? cExponent(x, p - 1, upper) : x.toFixed(Math.max(0, p - 1 - exp));
  if (!alt) {
    s = s.includes('e') || s.includes('E') ? s.replace(/\.?0+([eE])/, '$1') : s.includes('.') ? s.replace(/\.?0+$/, '') : s;
  }
  return s;
}

function applyFormat(spec: FormatSpec, x: number): string {
  const precision = spec.precision ?? 6;
  const upper = spec.conv === spec.conv.toUpperCase();
  let body: string;
  if (!Number.isFinite(x)) body = Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  else if (spec.conv === 'f' || spec.conv === 'F') body = x.toFixed(precision);
  else if (spec.conv === 'e' || spec.conv === 'E') body = cExponent(x, precision, upper);
  else if (spec.conv === 'a' || spec.conv === 'A') body = cExponent(x, precision, upper); // hex floats: approximated as %e
  else body = cGeneral(x, precision, spec.flags.includes('#'), upper);
  if (upper) body = body.toUpperCase();
  if (!body.startsWith('-')) {
    if (spec.flags.includes('+')) body = `+${body}`;
    else if (spec.flags.includes(' ')) body = ` ${body}`;
  }
  if (body.length < spec.width) {
    if (spec.flags.includes('-')) body = body.padEnd(spec.width);
    else if (spec.flags.includes('0') && Number.isFinite(x)) {
      const sign = /^[+ -]/.test(body) ? body[0]! : '';
      body = sign + body.slice(sign.length).padStart(spec.width - sign.length, '0');
    } else body = body.padStart(spec.width);
  }
  return `${spec.prefix}${body}${spec.suffix}`;
}

/** Pads a number with zeros after its sign to `width` characters (-w). */
function zeroPad(s: string, width: number): string {
  if (s.length >= width) return s;
  const neg = s.startsWith('-');
  return (neg ? '-' : '') + s.slice(neg ? 1 : 0).padStart(width - (neg ? 1 : 0), '0');
}

const HELP = `Usage: seq [OPTION]... LAST
  or:  seq [OPTION]... FIRST LAST
  or:  seq [OPTION]... FIRST INCREMENT LAST
Print numbers from FIRST to LAST, in steps of INCREMENT.

  -f, --format=FORMAT      use printf style floating-point FORMAT
  -s, --separator=STRING   use STRING to separate numbers (default: \\n)
  -w, --equal-width        equalize width by padding with leading zeroes
      --help        display this help and exit
      --version     output version information and exit
`;

export const seq: CommandFn = async (args, ctx) => {
  let separator = '\n';
  let format: string | undefined;
  let equalWidth = false;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    // A leading '-' followed by a digit or '.' is a negative number, not an option (as GNU).
    if (operands.length > 0 || !a.startsWith('-') || a === '-' || /^-[\d.]/.test(a)) {
      operands.push(a);
      continue;
    }
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a === '--help') {
      ctx.io.stdout(HELP);
      return 0;
    }
    if (a === '--version') {
      ctx.io.stdout('seq (GNU coreutils) 9.5\n');
      return 0;
    }
    const long = /^--(format|separator|equal-width)(?:=(.*))?$/s.exec(a);
    if (long) {
      const name = long[1]!;
      if (name === 'equal-width') {
        equalWidth = true;
        continue;
      }
      const value = long[2] ?? args[++i];
      if (value === undefined) return usage(ctx, `option '--${name}' requires an argument`);
      if (name === 'format') format = value;
      else separator = value;
      continue;
    }
    if (a.startsWith('--')) return usage(ctx, `unrecognized option '${a}'`);
    // Bundled short options: -w, -s SEP / -sSEP, -f FMT / -fFMT.
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (c === 'w') {
        equalWidth = true;
        continue;
      }
      if (c === 's' || c === 'f') {
        const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (value === undefined) return usage(ctx, `option requires an argument -- '${c}'`);
        if (c === 's') separator = value;
        else format = value;
        break;
      }
      return usage(ctx, `invalid option -- '${c}'`);
    }
  }
  if (operands.length === 0) return usage(ctx, 'missing operand');
  if (operands.length > 3) return usage(ctx, `extra operand '${operands[3]}'`);
  if (format !== undefined && equalWidth) return usage(ctx, 'format string may not be specified when printing equal width strings');
  const spec = format === undefined ? undefined : parseFormat(format);
  if (typeof spec === 'string') {
    ctx.io.stderr(`seq: ${spec}\n`);
    return 1;
  }

  const parsed: Operand[] = [];
  for (const text of operands) {
    const p = parseOperand(text);
    if (p === 'nan') return usage(ctx, `invalid 'not-a-number' argument: '${text}'`);
    if (p === 'invalid') return usage(ctx, `invalid floating point argument: '${text}'`);
    parsed.push(p);
  }
  const one: Operand = { mantissa: 1n, scale: 0, precision: 0 };
  const [first, step, last] = parsed.length === 1 ? [one, one, parsed[0]!] : parsed.length === 2 ? [parsed[0]!, one, parsed[1]!] : [parsed[0]!, parsed[1]!, parsed[2]!];
  if (first.infinite || step.infinite) {
    // GNU prints inf forever (or nothing); not useful on a node: refuse like an invalid argument.
    return usage(ctx, `invalid floating point argument: '${first.infinite ? operands[0] : operands[1]}'`);
  }
  if (step.mantissa === 0n) return usage(ctx, `invalid Zero increment value: '${operands[1]}'`);

  const scale = Math.max(first.scale, step.scale, last.infinite ? 0 : last.scale);
  const a0 = rescale(first, scale);
  const inc = rescale(step, scale);
  const end = last.infinite ? undefined : rescale(last, scale);
  const direction = last.infinite ?? 0;
  const precision = Math.max(first.precision, step.precision);
  const inRange = (v: bigint) => (end === undefined ? (inc > 0n ? direction > 0 : direction < 0) : inc > 0n ? v <= end : v >= end);

  let width = 0;
  if (equalWidth && end !== undefined) {
    // GNU: the widest of FIRST and LAST as printed (LAST with the output precision).
    width = Math.max(fixed(a0, scale, precision).length, fixed(end, scale, precision).length);
  }
  const render = (v: bigint): string => {
    if (spec) return applyFormat(spec, Number(v) / 10 ** scale);
    const s = fixed(v, scale, precision);
    return equalWidth ? zeroPad(s, width) : s;
  };

  let v = a0;
  let buf = '';
  let any = false;
  const signal = ctx.io.signal;
  while (inRange(v)) {
    if (signal.aborted) return 141; // the reader went away: as SIGPIPE would end it
    buf += (any ? separator : '') + render(v);
    any = true;
    v += inc;
    if (buf.length >= CHUNK_CHARS) {
      if (!(await write(ctx, buf))) return 141;
      buf = '';
    }
  }
  if (any) buf += '\n';
  if (buf) ctx.io.stdout(buf);
  return 0;
};

/**
 * Writes one chunk and yields to the event loop so the SSH channel can send it (and the
 * channel's close can abort us). When the channel reports a full buffer (write returned
 * false: ssh2's highWaterMark / the peer's window), pause until it has room again.
 */
async function write(ctx: CommandContext, chunk: string): Promise<boolean> {
  const accepted = (ctx.io.stdout as (c: string) => unknown)(chunk);
  await new Promise<void>((r) => setImmediate(r));
  if (accepted === false) {
    // ExecIO gives no 'drain' event: back off briefly, a few ms at a time, while the peer reads.
    for (let i = 0; i < 3 && !ctx.io.signal.aborted; i++) await new Promise<void>((r) => setTimeout(r, 2));
  }
  return !ctx.io.signal.aborted;
}
