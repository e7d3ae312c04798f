// Coreutils-like basics: hostname, cat, test, tee, mkdir, uname, echo, ...
// Error texts follow GNU coreutils, which Flatcar ships.
import type { CommandContext, CommandFn } from '../command-types';
import { abs, canRead, canWrite, parentExists } from '../fs-access';
import { KERNEL_VERSION } from '../flatcar-os';
import { seq } from './seq';

const hostname: CommandFn = async (args, ctx) => {
  if (args.length > 0 && !args[0]?.startsWith('-')) {
    ctx.io.stderr('hostname: you must be root to change the host name\n');
    return 1;
  }
  ctx.io.stdout(ctx.node.hostname + '\n');
  return 0;
};

const cat: CommandFn = async (args, ctx) => {
  const files = args.filter((a) => a !== '--');
  if (files.length === 0) {
    ctx.io.stdout(await ctx.io.readStdin());
    return 0;
  }
  let status = 0;
  for (const f of files) {
    const p = abs(ctx, f);
    const e = ctx.node.fs.stat(p);
    if (!e) {
      ctx.io.stderr(`cat: ${f}: No such file or directory\n`);
      status = 1;
    } else if (e.type === 'dir') {
      ctx.io.stderr(`cat: ${f}: Is a directory\n`);
      status = 1;
    } else if (!canRead(ctx, p)) {
      ctx.io.stderr(`cat: ${f}: Permission denied\n`);
      status = 1;
    } else {
      ctx.io.stdout(ctx.node.fs.readText(p) ?? '');
    }
  }
  return status;
};

function evalTest(args: string[], ctx: CommandContext): boolean | 'usage' {
  if (args[0] === '!') {
    const r = evalTest(args.slice(1), ctx);
    return r === 'usage' ? r : !r;
  }
  if (args.length === 1) return (args[0] as string) !== '';
  if (args.length === 2) {
    const [op, operand] = args as [string, string];
    const e = () => ctx.node.fs.stat(abs(ctx, operand));
    switch (op) {
      case '-e':
        return !!e();
      case '-f':
        return e()?.type === 'file';
      case '-d':
        return e()?.type === 'dir';
      case '-s': {
        const x = e();
        return x?.type === 'file' && x.data.length > 0;
      }
      case '-L':
      case '-h':
        return ctx.node.fs.lstat(abs(ctx, operand))?.type === 'link';
      case '-r':
        return !!e() && canRead(ctx, abs(ctx, operand));
      case '-z':
        return operand === '';
      case '-n':
        return operand !== '';
      default:
        return 'usage';
    }
  }
  if (args.length === 3) {
    const [a, op, b] = args as [string, string, string];
    if (op === '=' || op === '==') return a === b;
    if (op === '!=') return a !== b;
  }
  return args.length === 0 ? false : 'usage';
}

const test: CommandFn = async (args, ctx) => {
  const r = evalTest(args, ctx);
  if (r === 'usage') {
    ctx.io.stderr(`test: ${args[0] ?? ''}: unary operator expected\n`);
    return 2;
  }
  return r ? 0 : 1;
};

const bracket: CommandFn = async (args, ctx) => {
  if (args[args.length - 1] !== ']') {
    ctx.io.stderr("[: missing `]'\n");
    return 2;
  }
  return test(args.slice(0, -1), ctx);
};

const tee: CommandFn = async (args, ctx) => {
  const append = args.includes('-a') || args.includes('--append');
  const files = args.filter((a) => !a.startsWith('-'));
  const input = await ctx.io.readStdin();
  ctx.io.stdout(input);
  let status = 0;
  for (const f of files) {
    const p = abs(ctx, f);
    if (!parentExists(ctx, p)) {
      ctx.io.stderr(`tee: ${f}: No such file or directory\n`);
      status = 1;
    } else if (!canWrite(ctx, p)) {
      ctx.io.stderr(`tee: ${f}: Permission denied\n`);
      status = 1;
    } else {
      const prev = append ? (ctx.node.fs.readText(p) ?? '') : '';
      ctx.node.fs.writeFile(p, prev + input, ctx.root ? {} : { owner: 'core' });
    }
  }
  return status;
};

const mkdir: CommandFn = async (args, ctx) => {
  const parents = args.some((a) => a === '-p' || a === '--parents');
  const dirs = args.filter((a) => !a.startsWith('-'));
  if (dirs.length === 0) {
    ctx.io.stderr("mkdir: missing operand\nTry 'mkdir --help' for more information.\n");
    return 1;
  }
  let status = 0;
  for (const d of dirs) {
    const p = abs(ctx, d);
    const existing = ctx.node.fs.stat(p);
    if (existing) {
      if (!parents || existing.type !== 'dir') {
        ctx.io.stderr(`mkdir: cannot create directory '${d}': File exists\n`);
        status = 1;
      }
      continue;
    }
    if (!parents && !parentExists(ctx, p)) {
      ctx.io.stderr(`mkdir: cannot create directory '${d}': No such file or directory\n`);
      status = 1;
    } else if (!canWrite(ctx, p)) {
      ctx.io.stderr(`mkdir: cannot create directory '${d}': Permission denied\n`);
      status = 1;
    } else {
      ctx.node.fs.mkdirp(p, ctx.root ? 'root' : 'core');
    }
  }
  return status;
};

/**
 * `install [-m MODE] SOURCE DEST` (coreutils): copies SOURCE to DEST and sets its mode. Flatkube
 * uses `install -m 0600 /dev/null FILE` to create a file only root can read before writing a
 * secret into it through stdin (`tee` keeps an existing file's mode).
 */
const install: CommandFn = async (args, ctx) => {
  let mode = 0o755;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-m' || a === '--mode') {
      const m = args[++i] ?? '';
      if (!/^[0-7]{3,4}$/.test(m)) {
        ctx.io.stderr(`install: invalid mode '${m}'\n`);
        return 1;
      }
      mode = parseInt(m, 8);
    } else if (a.startsWith('-')) {
      ctx.io.stderr(`install: unsupported option '${a}' (simulated node)\n`);
      return 1;
    } else operands.push(a);
  }
  if (operands.length !== 2) {
    ctx.io.stderr("install: missing file operand\nTry 'install --help' for more information.\n");
    return 1;
  }
  const [src, dest] = operands as [string, string];
  const data = src === '/dev/null' ? '' : ctx.node.fs.readText(abs(ctx, src));
  if (data === undefined || !canRead(ctx, abs(ctx, src))) {
    ctx.io.stderr(`install: cannot stat '${src}': No such file or directory\n`);
    return 1;
  }
  const p = abs(ctx, dest);
  if (!parentExists(ctx, p) || !canWrite(ctx, p)) {
    ctx.io.stderr(`install: cannot create regular file '${dest}': ${parentExists(ctx, p) ? 'Permission denied' : 'No such file or directory'}\n`);
    return 1;
  }
  ctx.node.fs.writeFile(p, data, { mode, owner: ctx.root ? 'root' : 'core' });
  return 0;
};

const uname: CommandFn = async (args, ctx) => {
  const machine = ctx.node.state.architecture === 'Arm64' ? 'aarch64' : 'x86_64';
  const parts: string[] = [];
  const flags = args.join('');
  if (flags.includes('a')) {
    ctx.io.stdout(`Linux ${ctx.node.hostname} ${KERNEL_VERSION} #1 SMP PREEMPT_DYNAMIC ${machine} GNU/Linux\n`);
    return 0;
  }
  if (flags.includes('s') || args.length === 0) parts.push('Linux');
  if (flags.includes('n')) parts.push(ctx.node.hostname);
  if (flags.includes('r')) parts.push(KERNEL_VERSION);
  if (flags.includes('m') || flags.includes('p')) parts.push(machine);
  ctx.io.stdout(parts.join(' ') + '\n');
  return 0;
};

const echo: CommandFn = async (args, ctx) => {
  const noNewline = args[0] === '-n';
  ctx.io.stdout(args.slice(noNewline ? 1 : 0).join(' ') + (noNewline ? '' : '\n'));
  return 0;
};

const ls: CommandFn = async (args, ctx) => {
  const targets = args.filter((a) => !a.startsWith('-'));
  let status = 0;
  for (const t of targets.length ? targets : [ctx.env.PWD ?? '/home/core']) {
    const p = ctx.node.fs.resolve(abs(ctx, t));
    const e = ctx.node.fs.stat(p);
    if (!e) {
      ctx.io.stderr(`ls: cannot access '${t}': No such file or directory\n`);
      status = 2;
      continue;
    }
    if (e.type !== 'dir') {
      ctx.io.stdout(t + '\n');
      continue;
    }
    const prefix = p === '/' ? '/' : p + '/';
    const names = ctx.node.fs
      .list(p)
      .filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/') && k !== p)
      .map((k) => k.slice(prefix.length));
    if (names.length) ctx.io.stdout(names.join('\n') + '\n');
  }
  return status;
};

const rm: CommandFn = async (args, ctx) => {
  const force = args.some((a) => /^-[a-zA-Z]*f/.test(a));
  let status = 0;
  for (const f of args.filter((a) => !a.startsWith('-'))) {
    const p = abs(ctx, f);
    if (!ctx.node.fs.lstat(p)) {
      if (!force) {
        ctx.io.stderr(`rm: cannot remove '${f}': No such file or directory\n`);
        status = 1;
      }
    } else if (!canWrite(ctx, p)) {
      ctx.io.stderr(`rm: cannot remove '${f}': Permission denied\n`);
      status = 1;
    } else {
      for (const k of ctx.node.fs.list(p)) ctx.node.fs.remove(k);
    }
  }
  return status;
};

export const basicCommands: Record<string, CommandFn> = {
  hostname,
  cat,
  test,
  '[': bracket,
  tee,
  install,
  mkdir,
  uname,
  echo,
  ls,
  rm,
  seq,
  true: async () => 0,
  false: async () => 1,
  whoami: async (_a, ctx) => (ctx.io.stdout((ctx.root ? 'root' : 'core') + '\n'), 0),
  id: async (args, ctx) => {
    const uid = ctx.root ? 0 : 500;
    if (args.includes('-u')) ctx.io.stdout(`${uid}\n`);
    else if (args.includes('-g')) ctx.io.stdout(`${uid}\n`);
    else ctx.io.stdout(ctx.root ? 'uid=0(root) gid=0(root) groups=0(root)\n' : 'uid=500(core) gid=500(core) groups=500(core),10(wheel),190(systemd-journal),233(docker)\n');
    return 0;
  },
};
