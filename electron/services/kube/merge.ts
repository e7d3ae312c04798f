import { readFile, readlink, realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { writeSecretFile } from '../secrets/write-secret-file';
import { parseKubeconfig, stringifyKubeconfig, type Kubeconfig } from './kubeconfig';

/**
 * Merging Flatkube's kubeconfig into the user's, the way kubectl users expect: the file is the
 * first entry of KUBECONFIG (kubectl writes to the first file of the list too) or ~/.kube/config;
 * a backup is written before any change; entries with the same names are replaced, nothing else is
 * touched; current-context changes only when asked.
 */

export interface KubeconfigTargetOptions {
  /** Explicit file; otherwise KUBECONFIG's first entry, then ~/.kube/config. */
  path?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

export function userKubeconfigPath(opts: KubeconfigTargetOptions = {}): string {
  if (opts.path) return opts.path;
  const env = opts.env ?? process.env;
  const first = (env.KUBECONFIG ?? '').split(path.delimiter).find((p) => p.trim() !== '');
  return first ?? path.join(opts.home ?? homedir(), '.kube', 'config');
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * The file to read, back up and replace for `file`: ~/.kube/config is often a symlink (dotfile
 * managers), and replacing the link with a file would cut it off from its target. Writes go to
 * the target, atomically in the target's own folder. A link whose target does not exist yet
 * points at where the file is created.
 */
async function writeTarget(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  let link: string;
  try {
    link = await readlink(file);
  } catch (err) {
    // EINVAL: not a link; ENOENT: nothing there yet. Either way the file is created at `file`.
    if (['EINVAL', 'ENOENT'].includes((err as NodeJS.ErrnoException).code ?? '')) return file;
    throw err;
  }
  // A dangling link (realpath said ENOENT); a loop fails in realpath with ELOOP instead.
  return writeTarget(path.resolve(path.dirname(file), link));
}

async function backup(file: string, now: Date): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const target = `${file}.flatkube-backup-${stamp}`;
  // Through writeSecretFile, not copyFile: the backup holds credentials too and must be 0600.
  await writeSecretFile(target, await readFile(file));
  return target;
}

function upsert<T extends { name: string }>(list: T[], item: T): T[] {
  return [...list.filter((x) => x.name !== item.name), item];
}

export interface MergeResult {
  path: string;
  context: string;
  backupPath?: string;
}

/** Merges the (single-context) kubeconfig `source` into the user's kubeconfig. */
export async function mergeKubeconfig(
  source: string,
  opts: KubeconfigTargetOptions & { setCurrentContext?: boolean; now?: () => Date } = {},
): Promise<MergeResult> {
  const file = userKubeconfigPath(opts);
  const src = parseKubeconfig(source);
  const context = src.contexts[0];
  if (!context) throw new Error('the kubeconfig to merge has no context');
  const real = await writeTarget(file);
  const existingText = await readOptional(real);
  const target: Kubeconfig = parseKubeconfig(existingText ?? '');
  const backupPath = existingText !== undefined ? await backup(real, (opts.now ?? (() => new Date()))()) : undefined;
  for (const c of src.clusters) target.clusters = upsert(target.clusters, c);
  for (const u of src.users) target.users = upsert(target.users, u);
  target.contexts = upsert(target.contexts, context);
  if (opts.setCurrentContext) target['current-context'] = context.name;
  await writeSecretFile(real, stringifyKubeconfig(target));
  return { path: file, context: context.name, ...(backupPath ? { backupPath } : {}) };
}

/**
 * Removes a context Flatkube added, with its cluster and user entries when no other context uses
 * them. Returns false when the file or the context does not exist (nothing is written then).
 */
export async function removeKubeconfigContext(
  contextName: string,
  opts: KubeconfigTargetOptions & { now?: () => Date } = {},
): Promise<{ removed: boolean; path: string; backupPath?: string }> {
  const file = userKubeconfigPath(opts);
  const real = await writeTarget(file);
  const text = await readOptional(real);
  if (text === undefined) return { removed: false, path: file };
  const cfg = parseKubeconfig(text);
  const ctx = cfg.contexts.find((c) => c.name === contextName);
  if (!ctx) return { removed: false, path: file };
  const backupPath = await backup(real, (opts.now ?? (() => new Date()))());
  cfg.contexts = cfg.contexts.filter((c) => c.name !== contextName);
  if (!cfg.contexts.some((c) => c.context.cluster === ctx.context.cluster)) cfg.clusters = cfg.clusters.filter((c) => c.name !== ctx.context.cluster);
  if (!cfg.contexts.some((c) => c.context.user === ctx.context.user)) cfg.users = cfg.users.filter((u) => u.name !== ctx.context.user);
  if (cfg['current-context'] === contextName) delete cfg['current-context'];
  await writeSecretFile(real, stringifyKubeconfig(cfg));
  return { removed: true, path: file, backupPath };
}
