// POSIX regular expressions (basic, as sed and grep read them by default, or extended with
// -E) translated to JavaScript RegExp source: BRE's \( \) \{ \} \+ \? \| are the operators
// and the bare characters literals, bracket expressions keep backslash literal and know the
// [:class:] names, GNU's \< \> \` \' anchors map to their nearest JavaScript forms.

export class RegexSyntaxError extends Error {}

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  xdigit: '0-9A-Fa-f',
  punct: '!-\\/:-@\\[-`{-~',
};

/** A POSIX bracket expression starting at `i` ('[') -> [JS class, index after it]. */
function bracket(src: string, i: number): [string, number] {
  let j = i + 1;
  let out = '[';
  if (src[j] === '^') {
    out += '^';
    j++;
  }
  if (src[j] === ']') {
    out += '\\]';
    j++;
  }
  while (j < src.length && src[j] !== ']') {
    const cls = /^\[:([a-z]+):\]/.exec(src.slice(j));
    if (cls) {
      const js = CLASSES[cls[1] as string];
      if (js === undefined) throw new RegexSyntaxError('Invalid character class name');
      out += js;
      j += cls[0].length;
      continue;
    }
    const c = src[j] as string;
    // Backslash and '[' are ordinary inside a POSIX bracket expression.
    out += c === '\\' || c === '[' ? `\\${c}` : c;
    j++;
  }
  if (j >= src.length) throw new RegexSyntaxError('Unmatched [, [^, [:, [., or [=');
  return [out + ']', j + 1];
}

/** POSIX BRE (or ERE with -E) -> JavaScript RegExp source. */
export function posixToJs(src: string, extended: boolean): string {
  let out = '';
  let atStart = true; // where a BRE `*` is literal
  for (let i = 0; i < src.length; ) {
    const c = src[i] as string;
    if (c === '[') {
      const [cls, next] = bracket(src, i);
      out += cls;
      i = next;
      atStart = false;
      continue;
    }
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) throw new RegexSyntaxError('Trailing backslash');
      i += 2;
      if ('(){}+?|'.includes(n)) out += extended ? `\\${n}` : n;
      else if (n === 'n') out += '\\n';
      else if (n === 't') out += '\\t';
      else if (/[1-9wWsSbB]/.test(n)) out += `\\${n}`;
      else if (n === '<' || n === '>') out += '\\b';
      else if (n === '`') out += '^';
      else if (n === "'") out += '$';
      else out += n.replace(/[\\^$.|?*+()[\]{}/]/g, '\\$&');
      atStart = !extended && n === '(';
      continue;
    }
    i++;
    if ('(){}+?|'.includes(c)) out += extended ? c : `\\${c}`;
    else if (c === '*' && atStart && !extended) out += '\\*';
    else out += c;
    atStart = c === '^' && out.length === 1;
  }
  return out;
}
