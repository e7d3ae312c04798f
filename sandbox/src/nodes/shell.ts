// A small POSIX-ish command-line parser: enough for what Flatkube and a human
// type over SSH (quotes, `&&`, `||`, `;`, pipes, `VAR=x cmd`, `>`/`>>`,
// `2>&1`, `2>/dev/null`, here-documents `<<EOF` / `<<'EOF'` / `<<-EOF`). No
// globbing, no variables expansion beyond $HOME.

export interface Redirect {
  fd: 1 | 2;
  /** A file path, or `&1` / `&2` for duplication. */
  target: string;
  append: boolean;
}

export interface SimpleCommand {
  argv: string[];
  env: Record<string, string>;
  redirects: Redirect[];
}

export interface ListItem {
  /** How this item is joined to the previous one (first item: ';'). */
  op: ';' | '&&' | '||';
  pipeline: SimpleCommand[];
}

export class ShellSyntaxError extends Error {}

type Tok = { kind: 'word'; value: string } | { kind: 'op'; value: string } | { kind: 'heredoc'; body: string };

/** Reads a here-document's delimiter word at `i` (quotes removed; no expansion happens anyway). */
function heredocDelimiter(src: string, i: number): { delim: string; next: number } {
  while (src[i] === ' ' || src[i] === '\t') i++;
  let delim = '';
  while (i < src.length && !' \t\n;&|<>'.includes(src[i] as string)) {
    const q = src[i] as string;
    if (q === "'" || q === '"') {
      const end = src.indexOf(q, i + 1);
      if (end < 0) throw new ShellSyntaxError(`unexpected EOF while looking for matching \`${q}'`);
      delim += src.slice(i + 1, end);
      i = end + 1;
    } else if (q === '\\') {
      delim += src[i + 1] ?? '';
      i += 2;
    } else {
      delim += q;
      i++;
    }
  }
  if (delim === '') throw new ShellSyntaxError("syntax error near unexpected token `newline'");
  return { delim, next: i };
}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let cur: string | null = null;
  const flush = () => {
    if (cur !== null) toks.push({ kind: 'word', value: cur });
    cur = null;
  };
  // Here-documents whose bodies start after the current line: filled in at the next newline.
  let pending: { tok: { kind: 'heredoc'; body: string }; delim: string; stripTabs: boolean }[] = [];
  const readBodies = () => {
    for (const h of pending) {
      const lines: string[] = [];
      while (i < src.length) {
        let end = src.indexOf('\n', i);
        if (end < 0) end = src.length;
        let line = src.slice(i, end);
        i = end + 1;
        if (h.stripTabs) line = line.replace(/^\t+/, '');
        if (line === h.delim) break;
        lines.push(line + '\n');
      }
      h.tok.body = lines.join('');
    }
    pending = [];
  };
  while (i < src.length) {
    const c = src[i] as string;
    if (c === ' ' || c === '\t') {
      flush();
      i++;
    } else if (c === '\n') {
      flush();
      toks.push({ kind: 'op', value: ';' });
      i++;
      readBodies();
    } else if (src.startsWith('<<', i) && !src.startsWith('<<<', i)) {
      flush();
      const stripTabs = src[i + 2] === '-';
      const { delim, next } = heredocDelimiter(src, i + (stripTabs ? 3 : 2));
      const tok = { kind: 'heredoc' as const, body: '' };
      toks.push(tok);
      pending.push({ tok, delim, stripTabs });
      i = next;
    } else if (c === '#' && cur === null) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `''");
      cur = (cur ?? '') + src.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\' && j + 1 < src.length && '"\\$`'.includes(src[j + 1] as string)) {
          s += src[j + 1];
          j += 2;
        } else {
          s += src[j];
          j++;
        }
      }
      if (j >= src.length) throw new ShellSyntaxError('unexpected EOF while looking for matching `"\'');
      cur = (cur ?? '') + s;
      i = j + 1;
    } else if (c === '\\') {
      if (src[i + 1] === '\n') i += 2;
      else {
        cur = (cur ?? '') + (src[i + 1] ?? '');
        i += 2;
      }
    } else if (src.startsWith('&&', i) || src.startsWith('||', i)) {
      flush();
      toks.push({ kind: 'op', value: src.slice(i, i + 2) });
      i += 2;
    } else if (c === ';' || c === '|') {
      flush();
      toks.push({ kind: 'op', value: c });
      i++;
    } else if (c === '>' || (c >= '1' && c <= '2' && src[i + 1] === '>' && cur === null)) {
      flush();
      let j = i;
      let fd = '1';
      if (c !== '>') {
        fd = c;
        j++;
      }
      let op = '>';
      if (src[j + 1] === '>') {
        op = '>>';
        j++;
      }
      j++;
      if (src[j] === '&') {
        toks.push({ kind: 'op', value: `${fd}>&` });
        j++;
      } else toks.push({ kind: 'op', value: `${fd}${op}` });
      i = j;
    } else {
      cur = (cur ?? '') + c;
      i++;
    }
  }
  flush();
  return toks;
}

export function parseCommandLine(src: string, home = '/home/core'): ListItem[] {
  const toks = tokenize(src);
  const items: ListItem[] = [];
  let op: ListItem['op'] = ';';
  let pipeline: SimpleCommand[] = [];
  let cmd: SimpleCommand = { argv: [], env: {}, redirects: [] };
  let heredoc: string | undefined;
  const endCmd = (required: boolean) => {
    if (cmd.argv.length === 0 && Object.keys(cmd.env).length === 0) {
      if (required) throw new ShellSyntaxError('syntax error near unexpected token');
      return;
    }
    if (heredoc !== undefined) {
      // The body becomes the command's stdin: modelled as `echo -n BODY | cmd`, which the
      // pipeline runner already feeds to the command's stdin. Only the first stage may take one.
      if (pipeline.length > 0) throw new ShellSyntaxError('a here-document after a pipe is not simulated on this node');
      pipeline.push({ argv: ['echo', '-n', heredoc], env: {}, redirects: [] });
      heredoc = undefined;
    }
    pipeline.push(cmd);
    cmd = { argv: [], env: {}, redirects: [] };
  };
  const endPipeline = () => {
    if (pipeline.length > 0) items.push({ op, pipeline });
    pipeline = [];
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Tok;
    if (t.kind === 'heredoc') {
      heredoc = t.body;
      continue;
    }
    if (t.kind === 'word') {
      let v = t.value;
      if (v === '~' || v.startsWith('~/')) v = home + v.slice(1);
      v = v.replace(/\$HOME|\$\{HOME\}/g, home);
      const assign = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(v);
      if (assign && cmd.argv.length === 0) cmd.env[assign[1] as string] = assign[2] as string;
      else cmd.argv.push(v);
      continue;
    }
    if (/^[12]>>?$/.test(t.value) || /^[12]>&$/.test(t.value)) {
      const next = toks[++i];
      if (!next || next.kind !== 'word') throw new ShellSyntaxError("syntax error near unexpected token `newline'");
      const fd = t.value[0] === '2' ? 2 : 1;
      if (t.value.endsWith('&')) cmd.redirects.push({ fd, target: `&${next.value}`, append: false });
      else cmd.redirects.push({ fd, target: next.value, append: t.value.endsWith('>>') });
      continue;
    }
    if (t.value === '|') {
      endCmd(true);
      continue;
    }
    endCmd(t.value !== ';');
    endPipeline();
    op = t.value as ListItem['op'];
  }
  endCmd(false);
  endPipeline();
  return items;
}
