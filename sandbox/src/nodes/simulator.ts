// Runs command lines on a simulated node: parses them, wires pipes and
// redirections, handles `sudo`, `sh -c` and the `cd`/`pwd` builtins, and
// dispatches to the simulated programs: Flatcar's own, or one a user installed
// as a file (program-path.ts). Output is shaped like the real tools' so logs
// read the same.
import type { CommandContext, CommandFn, ExecIO, NodeDirectory } from './command-types';
import type { NodePace } from './types';
import type { SimNode } from './sim-node';
import { parseCommandLine, ShellSyntaxError, type SimpleCommand } from './shell';
import { canWrite, abs, parentExists } from './fs-access';
import { basicCommands } from './commands/basic';
import { systemctl } from './commands/systemctl';
import { journalctl } from './commands/journalctl';
import { kubeadm } from './commands/kubeadm';
import { kubectl } from './commands/kubectl';
import { curl } from './commands/curl';
import { sed } from './commands/sed';
import { tar } from './commands/tar';
import { sha256sum } from './commands/sha256sum';
import { sshKeygen } from './commands/ssh-keygen';
import { updateEngineClient } from './commands/update-engine-client';
import { ln, readlink } from './commands/links';
import { cd, pwd } from './commands/shell-builtins';
import { bashFailure, resolveProgram, sudoFailure, type ImagePrograms } from './commands/program-path';

/** Programs in Flatcar's image (plus the sysext's); the ones users install live in program-path.ts. */
const COMMANDS: Record<string, CommandFn> = {
  ...basicCommands,
  systemctl,
  journalctl,
  kubeadm,
  kubectl,
  curl,
  sed,
  tar,
  sha256sum,
  'ssh-keygen': sshKeygen,
  update_engine_client: updateEngineClient,
  ln,
  readlink,
};

/** Programs that come from the Kubernetes sysext: missing when it is not merged. */
const SYSEXT_PROGRAMS = new Set(['kubeadm', 'kubectl', 'kubelet']);

/** Handled by the shell (or sudo) itself, never looked up as a program. */
const SHELL_WORDS = new Set(['sudo', 'sh', 'bash']);

function imagePrograms(node: SimNode): ImagePrograms {
  return { get: (name) => (!Object.hasOwn(COMMANDS, name) || (SYSEXT_PROGRAMS.has(name) && !node.sysext()) ? undefined : COMMANDS[name]) };
}

export interface SimulatorDeps {
  node: SimNode;
  dir: NodeDirectory;
  pace: NodePace;
  /** The programs this machine has instead of a Flatcar node's (a container's, kube/container-exec.ts). */
  programs?: Record<string, CommandFn>;
}

function programsOf(deps: SimulatorDeps): ImagePrograms {
  const own = deps.programs;
  return own ? { get: (name) => (Object.hasOwn(own, name) ? own[name] : undefined) } : imagePrograms(deps.node);
}

export function sleepWith(pace: NodePace, signal: AbortSignal) {
  return (kind: string, factor = 1): Promise<void> => {
    const ms = Math.max(0, pace.delayMs(kind) * factor);
    if (signal.aborted) return Promise.resolve();
    if (ms === 0) return new Promise((r) => setImmediate(r));
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  };
}

/** Executes one command line as user `core` (sudo switches to root). Returns the exit status. */
export async function runCommandLine(deps: SimulatorDeps, line: string, io: ExecIO, env: Record<string, string> = {}): Promise<number> {
  return execLine(deps, line, io, false, { HOME: '/home/core', USER: 'core', PWD: '/home/core', ...env });
}

/** Runs one program with its argv as root, as systemd runs a unit's ExecStart= (no shell). */
export async function runProgramAsRoot(deps: SimulatorDeps, argv: string[], io: ExecIO, env: Record<string, string> = {}): Promise<number> {
  return execLine(deps, argv, io, true, { HOME: '/root', USER: 'root', PWD: '/', ...env });
}

async function execLine(deps: SimulatorDeps, line: string | string[], io: ExecIO, root: boolean, env: Record<string, string>): Promise<number> {
  if (Array.isArray(line)) return execSimple(deps, { argv: line, env: {}, redirects: [] }, io, root, env);
  let items;
  try {
    items = parseCommandLine(line, env.HOME);
  } catch (e) {
    if (e instanceof ShellSyntaxError) {
      io.stderr(`bash: -c: line 1: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  let status = 0;
  for (const item of items) {
    if (item.op === '&&' && status !== 0) continue;
    if (item.op === '||' && status === 0) continue;
    status = await execPipeline(deps, item.pipeline, io, root, env);
    if (io.signal.aborted) break;
  }
  return status;
}

async function execPipeline(deps: SimulatorDeps, cmds: SimpleCommand[], io: ExecIO, root: boolean, env: Record<string, string>): Promise<number> {
  // Stages run one after the other with buffered output: enough for the short
  // pipelines Flatkube sends (`echo ... | sudo tee FILE`).
  let input: Promise<string> | undefined;
  let status = 0;
  for (let i = 0; i < cmds.length; i++) {
    const last = i === cmds.length - 1;
    let buf = '';
    const stageIo: ExecIO = {
      stdout: last ? io.stdout : (s) => (buf += s),
      stderr: io.stderr,
      readStdin: input ? (() => input as Promise<string>) : io.readStdin,
      signal: io.signal,
    };
    // A stage of a real pipeline runs in a subshell: its `cd` does not outlive it.
    status = await execSimple(deps, cmds[i] as SimpleCommand, stageIo, root, cmds.length > 1 ? { ...env } : env);
    input = Promise.resolve(buf);
  }
  return status;
}

async function execSimple(deps: SimulatorDeps, cmd: SimpleCommand, io: ExecIO, root: boolean, parentEnv: Record<string, string>): Promise<number> {
  const env = { ...parentEnv, ...cmd.env };
  const [prog, ...args] = cmd.argv;
  if (prog === undefined) return 0;
  const ctx: CommandContext = {
    node: deps.node,
    dir: deps.dir,
    pace: deps.pace,
    root,
    env,
    io,
    sleep: sleepWith(deps.pace, io.signal),
    run: (l, o) => execLine(deps, l, ctx.io, o?.root ?? ctx.root, ctx.env),
  };
  // A container's shell is root itself; a node's is `core` (even under `sudo cmd > file`).
  const redirected = applyRedirects(ctx, cmd, io, !!deps.programs && root);
  if (typeof redirected === 'number') return redirected;
  ctx.io = redirected.io;
  // Builtins act on the calling shell's environment (cd changes its PWD for the next commands).
  const status = prog === 'cd' ? cd(args, ctx, parentEnv) : prog === 'pwd' ? pwd(ctx) : await dispatch(deps, prog, args, ctx, root);
  redirected.flush();
  return status;
}

function applyRedirects(ctx: CommandContext, cmd: SimpleCommand, io: ExecIO, shellIsRoot = false): { io: ExecIO; flush: () => void } | number {
  if (cmd.redirects.length === 0) return { io, flush: () => {} };
  const sinks: { 1: (s: string) => void; 2: (s: string) => void } = { 1: io.stdout, 2: io.stderr };
  const files: { path: string; append: boolean; data: string }[] = [];
  for (const r of cmd.redirects) {
    if (r.target === '&1' || r.target === '&2') {
      sinks[r.fd] = sinks[r.target === '&1' ? 1 : 2];
    } else if (r.target === '/dev/null') {
      sinks[r.fd] = () => {};
    } else {
      const path = abs(ctx, r.target);
      // Redirections are opened by the calling shell, i.e. as `core` even under `sudo cmd > file`.
      const asCore = { ...ctx, root: shellIsRoot };
      if (!parentExists(asCore, path)) {
        io.stderr(`bash: line 1: ${r.target}: No such file or directory\n`);
        return 1;
      }
      if (!canWrite(asCore, path)) {
        io.stderr(`bash: line 1: ${r.target}: Permission denied\n`);
        return 1;
      }
      const f = { path, append: r.append, data: '' };
      files.push(f);
      sinks[r.fd] = (s) => (f.data += s);
    }
  }
  return {
    io: { ...io, stdout: sinks[1], stderr: sinks[2] },
    flush: () => {
      for (const f of files) {
        const prev = f.append ? (ctx.node.fs.readText(f.path) ?? '') : '';
        ctx.node.fs.writeFile(f.path, prev + f.data, { owner: shellIsRoot ? 'root' : 'core' });
      }
    },
  };
}

async function dispatch(deps: SimulatorDeps, prog: string, args: string[], ctx: CommandContext, root: boolean): Promise<number> {
  const name = prog.replace(/^\/(usr\/)?s?bin\//, '');
  if (name === 'sudo' && !deps.programs) return sudo(args, ctx);
  if ((name === 'sh' || name === 'bash') && (!deps.programs || Object.hasOwn(deps.programs, name))) {
    const i = args.indexOf('-c');
    if (i < 0 || args[i + 1] === undefined) {
      ctx.io.stderr(`${name}: only '${name} -c COMMAND' is simulated on this node\n`);
      return 2;
    }
    return ctx.run(args[i + 1] as string, { root });
  }
  const found = resolveProgram(prog, ctx, programsOf(deps));
  if (!found.ok) {
    const f = bashFailure(prog, found.problem);
    ctx.io.stderr(f.message);
    return f.status;
  }
  // bash passes an external program its own path in $_ (the cilium CLI reads its version there).
  if (found.path) ctx.env = { ...ctx.env, _: found.path };
  return found.fn(args, ctx);
}

async function sudo(args: string[], ctx: CommandContext): Promise<number> {
  // `core` is in the sudoers' NOPASSWD group on Flatcar, so -n never prompts.
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      i++;
      break;
    }
    if (a === '-n' || a === '-E' || a === '-H' || a === '-S') continue;
    if (a === '-u') {
      if (args[i + 1] !== 'root') {
        ctx.io.stderr(`sudo: only root is simulated on this node\n`);
        return 1;
      }
      i++;
      continue;
    }
    if (a.startsWith('-')) {
      ctx.io.stderr(`sudo: invalid option -- '${a.replace(/^-+/, '')}'\nusage: sudo [-n] [-u user] command [arg ...]\n`);
      return 1;
    }
    break;
  }
  const rest = args.slice(i);
  if (rest.length === 0) {
    ctx.io.stderr('usage: sudo -h | -K | -k | -V\nusage: sudo [-n] [-u user] command [arg ...]\n');
    return 1;
  }
  // Leading VAR=value words are environment for the command, as sudo allows.
  const env: Record<string, string> = {};
  while (rest.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0] as string)) {
    const [k, ...v] = (rest.shift() as string).split('=');
    env[k as string] = v.join('=');
  }
  const saved = ctx.env;
  ctx.env = { ...saved, ...env, USER: 'root', HOME: '/root' };
  const prog = rest[0] as string;
  const base = prog.replace(/^\/(usr\/)?s?bin\//, '');
  const found = SHELL_WORDS.has(base) ? undefined : resolveProgram(prog, { ...ctx, root: true }, imagePrograms(ctx.node));
  if (found && !found.ok) {
    // sudo looks the program up itself and reports with its own words (exit status 1).
    ctx.env = saved;
    ctx.io.stderr(sudoFailure(prog, found.problem));
    return 1;
  }
  try {
    return await ctx.run(rest, { root: true });
  } finally {
    ctx.env = saved;
  }
}
