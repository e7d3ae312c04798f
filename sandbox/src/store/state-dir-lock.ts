// One sandbox per state dir, across processes: two sandboxes writing one --state-dir each kept
// their own copy of the resources and the nodes and wrote them over each other (two
// `flatkube create --sandbox` at once left 6 node files for 3 VMs). The lock is a file,
// `<stateDir>/sandbox.lock`, created with O_CREAT|O_EXCL (open flag "wx": of two creators exactly
// one succeeds; https://man7.org/linux/man-pages/man2/open.2.html), mode 0600, naming its holder
// {pid, host, startedAt}. A holder that is gone (SIGKILL, a crash) is taken over, and the log says
// so; a live one, or one on another host (whose processes this host cannot see), is refused with
// the file to remove. The app's cluster lock (electron/services/cluster/lock) works the same way;
// the sandbox imports nothing of the app, so this is its own small copy.
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

export interface StateDirLock {
  release(): void;
}

/** Another sandbox, alive or on another host, holds the state dir. */
export class StateDirInUseError extends Error {}

/** State dirs held by sandboxes of this process (a pid check cannot tell them apart). */
const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // it runs, as another user
  }
}

function create(file: string, holder: Holder): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, JSON.stringify(holder) + '\n');
  } finally {
    closeSync(fd);
  }
  return true;
}

function read(file: string): Holder | undefined {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string') return { pid: h.pid, host: h.host, startedAt: String(h.startedAt ?? '?') };
  } catch {
    // missing, or written half-way by a process that died between create and write
  }
  return undefined;
}

export function lockStateDir(stateDir: string, log: (line: string) => void): StateDirLock {
  const file = join(stateDir, 'sandbox.lock');
  const me: Holder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const inUse = (h: Holder) =>
    new StateDirInUseError(`the sandbox state dir ${stateDir} is in use by another sandbox (pid ${h.pid} on ${h.host}, started ${h.startedAt}); stop it first, or remove ${file} if it is certainly gone`);
  if (heldHere.has(stateDir)) throw inUse(me);
  for (let round = 0; round < 3; round++) {
    if (create(file, me)) {
      heldHere.add(stateDir);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          heldHere.delete(stateDir);
          const now = read(file);
          if (now && now.pid === me.pid && now.host === me.host && now.startedAt === me.startedAt) rmSync(file, { force: true });
        },
      };
    }
    const found = read(file);
    if (found && (found.host !== me.host || (found.pid !== me.pid && alive(found.pid)))) throw inUse(found);
    // Its holder is gone (or never wrote it): take it over.
    log(found ? `took over the state dir's lock from pid ${found.pid} (started ${found.startedAt}), which is no longer running` : `took over the state dir's lock file, which named no holder`);
    rmSync(file, { force: true });
  }
  throw new Error(`could not lock the sandbox state dir ${stateDir}: ${file} keeps changing`);
}

/**
 * lockStateDir, waiting up to `waitMs` for a live holder to let go: a sandbox whose parent just
 * ended (a CLI run killed and started again) is still closing for a moment after its parent is gone.
 */
export async function acquireStateDirLock(stateDir: string, log: (line: string) => void, waitMs = 5000): Promise<StateDirLock> {
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      return lockStateDir(stateDir, log);
    } catch (err) {
      if (Date.now() >= until || !(err instanceof StateDirInUseError)) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
