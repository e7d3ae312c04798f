// curl against the sandbox's simulated internet (ctx.dir.internet): -f/--fail, -s/--silent,
// -S/--show-error, -L/--location, -o/--output FILE, -O/--remote-name, --remote-name-all,
// bundled short flags (-fsSL). Exit codes and messages are curl 8's: 6 "Could not resolve
// host", 22 for HTTP >= 400 with -f, 23 when the output cannot be written. As curl does, each
// URL is fetched in turn and the last one decides the exit status.
import type { CommandContext, CommandFn } from '../command-types';
import { abs, canWrite, parentExists } from '../fs-access';
import { bytesToText } from './byte-text';

interface Transfer {
  url: string;
  /** undefined: stdout. */
  output?: string;
  remoteName?: boolean;
}

interface Options {
  fail: boolean;
  silent: boolean;
  showError: boolean;
  transfers: Transfer[];
}

const TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";
/** Flags with no value that we accept; -L matters little here because no simulated site redirects. */
const NO_VALUE = new Set(['-f', '--fail', '-s', '--silent', '-S', '--show-error', '-L', '--location', '-O', '--remote-name', '--remote-name-all', '-k', '--insecure', '-v', '--verbose', '-#', '--progress-bar']);
const WITH_VALUE = new Set(['-o', '--output', '--retry', '--retry-delay', '--max-time', '-m', '--connect-timeout', '-H', '--header', '-A', '--user-agent']);

function parse(args: string[]): Options | string {
  const o: Options = { fail: false, silent: false, showError: false, transfers: [] };
  const pendingOutputs: string[] = [];
  let pendingRemote = 0;
  let remoteAll = false;
  const words: string[] = [];
  // Expand bundled short flags: -fsSLo FILE -> -f -s -S -L -o FILE; -ofile -> -o file.
  for (const a of args) {
    if (!/^-[^-]./.test(a)) {
      words.push(a);
      continue;
    }
    for (let k = 1; k < a.length; k++) {
      const flag = `-${a[k]}`;
      words.push(flag);
      if (WITH_VALUE.has(flag) && k + 1 < a.length) {
        words.push(a.slice(k + 1));
        break;
      }
    }
  }
  for (let i = 0; i < words.length; i++) {
    const a = words[i] as string;
    if (!a.startsWith('-') || a === '-') {
      const out = pendingOutputs.shift();
      const remote = out === undefined && (pendingRemote > 0 || remoteAll);
      if (remote && pendingRemote > 0) pendingRemote--;
      o.transfers.push({ url: a, ...(out !== undefined ? { output: out } : {}), ...(remote ? { remoteName: true } : {}) });
      continue;
    }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (!NO_VALUE.has(flag) && !WITH_VALUE.has(flag)) return `curl: option ${flag}: is unknown\n${TRY}`;
    let value: string | undefined;
    if (WITH_VALUE.has(flag)) {
      value = eq > 0 ? a.slice(eq + 1) : words[++i];
      if (value === undefined) return `curl: option ${flag}: requires parameter\n${TRY}`;
    }
    if (flag === '-f' || flag === '--fail') o.fail = true;
    else if (flag === '-s' || flag === '--silent') o.silent = true;
    else if (flag === '-S' || flag === '--show-error') o.showError = true;
    else if (flag === '-O' || flag === '--remote-name') pendingRemote++;
    else if (flag === '--remote-name-all') remoteAll = true;
    else if (flag === '-o' || flag === '--output') pendingOutputs.push(value as string);
  }
  if (o.transfers.length === 0) return `curl: no URL specified\n${TRY}`;
  return o;
}

/** curl's exit code for a failed fetch, from the reason SandboxInternet gives. */
function failureCode(reason: string): number {
  if (reason.startsWith('Could not resolve host')) return 6;
  if (reason.startsWith('Protocol')) return 1;
  if (reason.startsWith('URL rejected')) return 3;
  return 7;
}

function meter(size: number): string {
  const n = String(size);
  return [
    '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current',
    '                                 Dload  Upload   Total   Spent    Left  Speed',
    `100 ${n.padStart(5)}  100 ${n.padStart(5)}    0     0  ${n.padStart(6)}      0 --:--:-- --:--:-- --:--:-- ${n.padStart(6)}`,
    '',
  ].join('\n');
}

/** Writes one body to its file (or stdout); returns curl's exit status. */
function deliver(t: Transfer, body: Buffer, o: Options, ctx: CommandContext): number {
  let name = t.output;
  if (t.remoteName) {
    name = new URL(t.url).pathname.split('/').pop() ?? '';
    if (name === '') {
      if (!o.silent || o.showError) ctx.io.stderr('curl: (23) Remote file name has no length\n');
      return 23;
    }
  }
  if (!o.silent) ctx.io.stderr(meter(body.length));
  if (name === undefined || name === '-') {
    ctx.io.stdout(bytesToText(body));
    return 0;
  }
  const path = abs(ctx, name);
  const why = !parentExists(ctx, path) ? 'No such file or directory' : ctx.node.fs.stat(path)?.type === 'dir' ? 'Is a directory' : !canWrite(ctx, path) ? 'Permission denied' : undefined;
  if (why) {
    if (!o.silent) ctx.io.stderr(`Warning: Failed to open the file ${name}: ${why}\n`);
    if (!o.silent || o.showError) ctx.io.stderr(`curl: (23) Failure writing output to destination, passed ${body.length} returned 4294967295\n`);
    return 23;
  }
  ctx.node.fs.writeFile(path, body, ctx.root ? { mode: 0o644, owner: 'root' } : { mode: 0o644, owner: 'core' });
  return 0;
}

export const curl: CommandFn = async (args, ctx) => {
  const o = parse(args);
  if (typeof o === 'string') {
    ctx.io.stderr(o);
    return 2;
  }
  const say = (line: string) => {
    if (!o.silent || o.showError) ctx.io.stderr(line);
  };
  let status = 0;
  for (const t of o.transfers) {
    // Pace kind `download`: the latency profile's default duration for a node's network fetch.
    await ctx.sleep('download');
    const r = ctx.dir.internet.fetch(t.url);
    if (r.ok) {
      status = deliver(t, r.file.body, o, ctx);
    } else if (r.status === 0) {
      status = failureCode(r.reason);
      say(`curl: (${status}) ${r.reason}\n`);
    } else if (o.fail) {
      // -f: no body is written and the file is not created.
      status = 22;
      say(`curl: (22) The requested URL returned error: ${r.status}\n`);
    } else {
      // Without -f the error page is the "download": the classic reason to pass -f.
      status = deliver(t, Buffer.from('Not Found'), o, ctx);
    }
  }
  return status;
};
