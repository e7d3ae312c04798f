// Unix permission checks reduced to what matters on a node: root may do
// anything; `core` owns its home and /tmp, and may read world-readable files.
import type { CommandContext } from './command-types';
import { normalizePath } from './vfs';

export function abs(ctx: CommandContext, path: string): string {
  return normalizePath(path, ctx.env.PWD ?? '/home/core');
}

export function canRead(ctx: CommandContext, path: string): boolean {
  if (ctx.root) return true;
  const e = ctx.node.fs.stat(path);
  if (!e || e.type === 'link') return true;
  return (e.mode & 0o004) !== 0 || (e.owner === 'core' && (e.mode & 0o400) !== 0);
}

export function canWrite(ctx: CommandContext, path: string): boolean {
  if (ctx.root) return true;
  const p = ctx.node.fs.resolve(path);
  if (p === '/home/core' || p.startsWith('/home/core/') || p.startsWith('/tmp/')) {
    const e = ctx.node.fs.stat(p);
    return !e || e.type === 'dir' || (e.type === 'file' && (e.owner === 'core' || (e.mode & 0o002) !== 0));
  }
  return false;
}

/** Parent directory exists (writes do not create directories, like the real syscalls). */
export function parentExists(ctx: CommandContext, path: string): boolean {
  const p = ctx.node.fs.resolve(path);
  const parent = p.slice(0, p.lastIndexOf('/')) || '/';
  return ctx.node.fs.stat(parent)?.type === 'dir';
}
