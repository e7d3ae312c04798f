import { open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { AppError } from '../../errors';

/**
 * One operation at a time per cluster, across processes: the desktop app, browser mode and the
 * CLI may all run on one data folder. The lock is a file, `clusters/<name>/operation.lock`,
 * created with O_CREAT|O_EXCL (open flag "wx": of two processes creating it, exactly one
 * succeeds; https://man7.org/linux/man-pages/man2/open.2.html, O_EXCL), mode 0600, holding who
 * holds it: {pid, host, operation, operationId, startedAt}. A second operation is refused at once,
 * naming the running one.
 *
 * A lock whose holder is gone (SIGKILL, a crash, a power cut) stays behind. Same host and its pid
 * is not running: it is taken over, and the log says so. Another host (a data folder on a shared
 * drive): this host cannot see that host's processes, so it refuses and says which file to remove
 * once the user knows the other operation is over. A pid the system has since given to another
 * process reads as alive: refused, with the same hint (the safe side).
 *
 * Taking over is itself guarded by a second O_EXCL file (`operation.lock.takeover`), so of
 * several processes that find the same stale lock, one takes it over and the others see the new
 * holder.
 */

export interface LockHolder {
  pid: number;
  host: string;
  /** The operation kind, e.g. "apply". */
  operation: string;
  operationId: string;
  startedAt: string;
}

export interface LockEnvironment {
  host: string;
  pid: number;
  /** Does a process with this pid run on this host? (signal 0: https://man7.org/linux/man-pages/man2/kill.2.html) */
  isAlive(pid: number): boolean;
  now(): Date;
}

export function processLockEnvironment(): LockEnvironment {
  return {
    host: hostname(),
    pid: process.pid,
    isAlive: (pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (err) {
        // EPERM: it runs, as another user.
        return (err as NodeJS.ErrnoException).code === 'EPERM';
      }
    },
    now: () => new Date(),
  };
}

/** A lock file this long without readable contents is one its writer never finished (it died between create and write). */
const UNWRITTEN_GRACE_MS = 10_000;
/** A takeover guard this old was left by a process that died while taking over. */
const TAKEOVER_GRACE_MS = 10_000;

export interface HeldLock {
  /** Who holds it (kept current by `describe`). */
  readonly holder: LockHolder;
  /** Says a stale lock was taken over, and whose it was (for the operation's log). */
  readonly tookOver?: LockHolder;
  /**
   * Names the operation once it is known (the lock is taken before the plan says whether a new
   * operation starts or an unfinished one continues, and which kind it is). The file is replaced
   * by a rename, so a reader sees the old content or the new, never half.
   */
  describe(operation: string, operationId: string): Promise<void>;
  /** Removes the lock file if it is still this holder's. */
  release(): Promise<void>;
}

export interface AcquireOptions {
  cluster: string;
  operation: string;
  operationId: string;
  env?: LockEnvironment;
}

export async function acquireClusterLock(file: string, opts: AcquireOptions): Promise<HeldLock> {
  const env = opts.env ?? processLockEnvironment();
  const holder: LockHolder = { pid: env.pid, host: env.host, operation: opts.operation, operationId: opts.operationId, startedAt: env.now().toISOString() };
  let tookOver: LockHolder | undefined;
  // Bounded: each round either takes the lock, refuses, or saw the lock change under it.
  for (let round = 0; round < 5; round++) {
    if (await createExclusive(file, holder)) return held(file, holder, tookOver);
    const found = await readHolder(file);
    if (found === 'missing') continue; // released between our create and our read
    if (found === 'unwritten') {
      if ((await ageMs(file, env)) < UNWRITTEN_GRACE_MS) throw busy(opts.cluster, undefined, file);
      throw new AppError('CLUSTER_LOCKED', `cluster ${opts.cluster} has a lock file that names no holder: ${file}`, {
        hint: `No operation wrote it completely. If none is running, remove ${file} and try again.`,
      });
    }
    if (found.host !== env.host) {
      throw new AppError('CLUSTER_LOCKED', `${describe(opts.cluster, found)} holds its lock on another host (${found.host})`, {
        hint: `Flatkube cannot see that host's processes. Once that operation is over (or certainly dead), remove ${file} and try again.`,
      });
    }
    if (env.isAlive(found.pid)) throw busy(opts.cluster, found, file);
    // The holder died: take over, one process at a time.
    if (await takeOver(file, found, holder, env)) {
      tookOver = found;
      return held(file, holder, tookOver);
    }
    // Another process is taking it over: let it finish, so the next round names the new holder
    // (without the wait, five quick rounds could all see the dead holder and say only "busy").
    await untilReplaced(file, found, TAKEOVER_WAIT_MS);
  }
  throw busy(opts.cluster, undefined, file);
}

/** How long a contender waits for another process's takeover of a stale lock to finish. */
const TAKEOVER_WAIT_MS = 3_000;

/** Resolves once `file` no longer names `stale` (replaced or removed), or after `ms`. */
async function untilReplaced(file: string, stale: LockHolder, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const now = await readHolder(file);
    if (now === 'missing' || now === 'unwritten' || !sameHolder(now, stale)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function describe(cluster: string, h: LockHolder): string {
  return `cluster ${cluster} is busy: ${h.operation} (operation ${h.operationId}, pid ${h.pid}, started ${h.startedAt})`;
}

function busy(cluster: string, h: LockHolder | undefined, file: string): AppError {
  return new AppError('CLUSTER_LOCKED', h ? `${describe(cluster, h)} is running` : `cluster ${cluster} is busy: another operation is starting`, {
    hint: `Wait for it to finish, or cancel it where it runs (Ctrl-C in its terminal, Cancel in the app). The lock is ${file}.`,
  });
}

async function createExclusive(file: string, holder: LockHolder): Promise<boolean> {
  let fh;
  try {
    fh = await open(file, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    await fh.writeFile(JSON.stringify(holder) + '\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
  return true;
}

async function readHolder(file: string): Promise<LockHolder | 'missing' | 'unwritten'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.operation === 'string' && typeof h.startedAt === 'string') {
      return { pid: h.pid, host: h.host, operation: h.operation, operationId: typeof h.operationId === 'string' ? h.operationId : '?', startedAt: h.startedAt };
    }
  } catch {
    // Written half-way (its writer is between create and write, or died there).
  }
  return 'unwritten';
}

async function ageMs(file: string, env: LockEnvironment): Promise<number> {
  try {
    return env.now().getTime() - (await stat(file)).mtimeMs;
  } catch {
    return 0;
  }
}

function sameHolder(a: LockHolder, b: LockHolder): boolean {
  return a.pid === b.pid && a.host === b.host && a.operationId === b.operationId && a.startedAt === b.startedAt;
}

/** Replaces a dead holder's lock with ours under the takeover guard; false when another process got there first. */
async function takeOver(file: string, stale: LockHolder, holder: LockHolder, env: LockEnvironment): Promise<boolean> {
  const guard = `${file}.takeover`;
  if (!(await createExclusive(guard, holder))) {
    if ((await ageMs(guard, env)) < TAKEOVER_GRACE_MS) return false;
    await unlink(guard).catch(() => {});
    if (!(await createExclusive(guard, holder))) return false;
  }
  try {
    const now = await readHolder(file);
    if (now === 'missing') return await createExclusive(file, holder);
    if (now === 'unwritten' || !sameHolder(now, stale)) return false;
    // Our holder replaces the dead one's in one step (a rename over it), so the file is never
    // missing: removing it and then creating ours let a contender create it plainly in between,
    // holding the lock without saying it was a takeover. Only the guard's holder gets here, and
    // nobody else writes over a lock file that exists.
    await writeOver(file, holder);
    return true;
  } finally {
    await unlink(guard).catch(() => {});
  }
}

/** Replaces the lock file's holder in one step: written whole (0600) beside it, then renamed over it. */
async function writeOver(file: string, holder: LockHolder): Promise<void> {
  const tmp = `${file}.${holder.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(holder) + '\n', { mode: 0o600, flush: true });
  await rename(tmp, file);
}

function held(file: string, first: LockHolder, tookOver: LockHolder | undefined): HeldLock {
  let released = false;
  let holder = first;
  return {
    get holder() {
      return holder;
    },
    ...(tookOver ? { tookOver } : {}),
    async describe(operation, operationId) {
      const next = { ...holder, operation, operationId };
      await writeOver(file, next);
      holder = next;
    },
    async release() {
      if (released) return;
      released = true;
      const now = await readHolder(file);
      if (now !== 'missing' && now !== 'unwritten' && sameHolder(now, holder)) await unlink(file).catch(() => {});
    },
  };
}

/** The holder of a cluster's lock right now, if any (for `status` and the cluster list). */
export async function lockHolder(file: string, env: LockEnvironment = processLockEnvironment()): Promise<(LockHolder & { alive: boolean | undefined }) | undefined> {
  const h = await readHolder(file);
  if (h === 'missing' || h === 'unwritten') return undefined;
  return { ...h, alive: h.host === env.host ? env.isAlive(h.pid) : undefined };
}
