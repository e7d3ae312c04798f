// ln -s[f][n] TARGET LINK and readlink [-f] PATH, as GNU coreutils answer them (ln(1), readlink(1)):
// the upgrade re-points /etc/extensions/kubernetes.raw at a new sysext image with `ln -sfn`
// (flatcar/sysext-bakery docs: the image under /opt/extensions/kubernetes/ and the symlink
// /etc/extensions/kubernetes.raw to it) and checks where it points with `readlink -f`.
import type { CommandFn } from '../command-types';
import { abs, canWrite, parentExists } from '../fs-access';

export const ln: CommandFn = async (args, ctx) => {
  const flags = new Set<string>();
  const operands: string[] = [];
  for (const a of args) {
    if (/^-[a-zA-Z]+$/.test(a)) for (const c of a.slice(1)) flags.add(c);
    else if (a === '--symbolic' || a === '--force' || a === '--no-dereference') flags.add(a === '--symbolic' ? 's' : a === '--force' ? 'f' : 'n');
    else operands.push(a);
  }
  const unknown = [...flags].find((f) => !'sfnT'.includes(f));
  if (unknown) {
    ctx.io.stderr(`ln: invalid option -- '${unknown}'\nTry 'ln --help' for more information.\n`);
    return 1;
  }
  if (!flags.has('s')) {
    ctx.io.stderr('ln: hard links are not simulated; use ln -s\n');
    return 1;
  }
  if (operands.length !== 2) {
    ctx.io.stderr(`ln: missing file operand\nTry 'ln --help' for more information.\n`);
    return 1;
  }
  const [target, name] = operands as [string, string];
  const p = abs(ctx, name);
  const cur = ctx.node.fs.lstat(p);
  if (cur && !flags.has('f')) {
    ctx.io.stderr(`ln: failed to create symbolic link '${name}': File exists\n`);
    return 1;
  }
  // Without -n a link to a directory is followed and the new link made inside it.
  if (cur?.type === 'dir' || (!flags.has('n') && !flags.has('T') && ctx.node.fs.stat(p)?.type === 'dir')) {
    ctx.io.stderr(`ln: not simulated: a link inside the directory '${name}'\n`);
    return 1;
  }
  if (!parentExists(ctx, p) || !canWrite(ctx, p)) {
    ctx.io.stderr(`ln: failed to create symbolic link '${name}': ${parentExists(ctx, p) ? 'Permission denied' : 'No such file or directory'}\n`);
    return 1;
  }
  ctx.node.fs.remove(p);
  ctx.node.fs.symlink(p, target);
  ctx.node.save();
  return 0;
};

export const readlink: CommandFn = async (args, ctx) => {
  const canonical = args.includes('-f') || args.includes('--canonicalize');
  const paths = args.filter((a) => !a.startsWith('-'));
  let rc = 0;
  for (const raw of paths) {
    const p = abs(ctx, raw);
    const e = ctx.node.fs.lstat(p);
    if (canonical) ctx.io.stdout(ctx.node.fs.resolve(p) + '\n');
    else if (e?.type === 'link') ctx.io.stdout(e.target + '\n');
    else rc = 1;
  }
  return paths.length ? rc : (ctx.io.stderr("readlink: missing operand\nTry 'readlink --help' for more information.\n"), 1);
};
