// bash builtins that change or show the shell's own state: `cd` (so `cd DIR && curl -O ...`
// downloads into DIR, as scripts do) and `pwd`. They act on the shell's environment, which
// the simulator hands in; a `sudo cd` finds no program, as on a real node.
import type { CommandContext } from '../command-types';
import { abs } from '../fs-access';

export function cd(args: string[], ctx: CommandContext, shellEnv: Record<string, string>): number {
  if (args.length > 1) {
    ctx.io.stderr('bash: line 1: cd: too many arguments\n');
    return 1;
  }
  const arg = args[0];
  const target = arg === undefined || arg === '~' ? shellEnv.HOME : arg === '-' ? shellEnv.OLDPWD : arg;
  if (target === undefined) {
    ctx.io.stderr(`bash: line 1: cd: ${arg === '-' ? 'OLDPWD' : 'HOME'} not set\n`);
    return 1;
  }
  const path = abs(ctx, target);
  const e = ctx.node.fs.stat(path);
  const why = !e ? 'No such file or directory' : e.type !== 'dir' ? 'Not a directory' : !ctx.root && (e.mode & (e.owner === 'core' ? 0o100 : 0o001)) === 0 ? 'Permission denied' : undefined;
  if (why) {
    ctx.io.stderr(`bash: line 1: cd: ${target}: ${why}\n`);
    return 1;
  }
  if (shellEnv.PWD !== undefined) shellEnv.OLDPWD = shellEnv.PWD;
  shellEnv.PWD = path;
  if (arg === '-') ctx.io.stdout(`${path}\n`);
  return 0;
}

export function pwd(ctx: CommandContext): number {
  ctx.io.stdout(`${ctx.env.PWD ?? '/'}\n`);
  return 0;
}
