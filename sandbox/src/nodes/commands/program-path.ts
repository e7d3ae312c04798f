// Which program a command word runs. Flatcar's own programs (coreutils, kubeadm from the
// sysext, ...) are simulated without files behind them; programs a user installs (the cilium
// CLI, extracted by tar into /opt/bin) run only from an executable file on the node's
// filesystem whose ELF header is for the node's CPU, found by path or through PATH. Failures
// are described the way bash and sudo report them.
import type { CommandContext, CommandFn } from '../command-types';
import { abs } from '../fs-access';
import { nodeMachine, readElf } from './elf';
import { cilium } from './cilium';

/** Programs that exist on a node only once someone installs their binary. */
const INSTALLABLE: Record<string, CommandFn> = { cilium };

/** Flatcar's PATH (/opt/bin is where Flatcar users put their own binaries). */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/bin';

/** Flatcar's own programs, addressed by name or as /usr/bin/NAME, /sbin/NAME, ... */
export interface ImagePrograms {
  get(name: string): CommandFn | undefined;
}

export type Resolution =
  | { ok: true; fn: CommandFn; /** Set for installed programs: bash passes it as $_ . */ path?: string }
  | { ok: false; problem: 'not-found' | 'no-such-file' | 'is-a-directory' | 'permission-denied' | 'exec-format' | 'not-simulated' };

function fromFile(ctx: CommandContext, path: string): Resolution {
  const e = ctx.node.fs.stat(path);
  if (!e) return { ok: false, problem: 'no-such-file' };
  if (e.type === 'dir') return { ok: false, problem: 'is-a-directory' };
  if (e.type !== 'file' || (e.mode & 0o111) === 0) return { ok: false, problem: 'permission-denied' };
  const elf = readElf(e.data);
  // The kernel refuses an ELF for another CPU (and the sandbox runs no scripts or unknown ELFs).
  if (!elf || elf.machine !== nodeMachine(ctx.node.state.architecture)) return { ok: false, problem: 'exec-format' };
  const fn = elf.note && Object.hasOwn(INSTALLABLE, elf.note.program) ? INSTALLABLE[elf.note.program] : undefined;
  return fn ? { ok: true, fn, path } : { ok: false, problem: 'not-simulated' };
}

export function resolveProgram(prog: string, ctx: CommandContext, image: ImagePrograms): Resolution {
  if (!prog.includes('/')) {
    const own = image.get(prog);
    if (own) return { ok: true, fn: own };
    for (const dir of (ctx.env.PATH ?? DEFAULT_PATH).split(':')) {
      const p = `${dir.replace(/\/$/, '')}/${prog}`;
      if (dir.startsWith('/') && ctx.node.fs.stat(p)?.type === 'file') return fromFile(ctx, p);
    }
    return { ok: false, problem: 'not-found' };
  }
  const own = /^\/(?:usr\/)?s?bin\/([^/]+)$/.exec(prog)?.[1];
  if (own !== undefined) {
    const fn = image.get(own);
    return fn ? { ok: true, fn } : { ok: false, problem: 'no-such-file' };
  }
  return fromFile(ctx, abs(ctx, prog));
}

/** bash's message and exit status for a program it cannot run. */
export function bashFailure(prog: string, problem: Exclude<Resolution, { ok: true }>['problem']): { message: string; status: number } {
  const text: Record<typeof problem, string> = {
    'not-found': 'command not found',
    'no-such-file': 'No such file or directory',
    'is-a-directory': 'Is a directory',
    'permission-denied': 'Permission denied',
    'exec-format': 'cannot execute binary file: Exec format error',
    'not-simulated': 'cannot execute: not a program this sandbox simulates',
  };
  const status = problem === 'not-found' || problem === 'no-such-file' ? 127 : 126;
  return { message: `bash: line 1: ${prog}: ${text[problem]}\n`, status };
}

/** sudo's message (its exit status is 1) for a program it cannot run. */
export function sudoFailure(prog: string, problem: Exclude<Resolution, { ok: true }>['problem']): string {
  if (problem === 'exec-format') return `sudo: unable to execute ${prog}: Exec format error\n`;
  if (problem === 'not-simulated') return `sudo: unable to execute ${prog}: not a program this sandbox simulates\n`;
  return `sudo: ${prog}: command not found\n`;
}
