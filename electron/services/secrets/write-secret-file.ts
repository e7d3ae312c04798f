import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Owner read/write only: anything holding a secret (or a key that unlocks one). */
export const SECRET_FILE_MODE = 0o600;
/** Owner-only folder for secret files, so their names are not listable by others either. */
export const SECRET_DIR_MODE = 0o700;

const isPosix = process.platform !== 'win32';

/**
 * Writes `data` to `filePath` so that the file is never visible with wider permissions or
 * half-written: a temp file is created with mode 0600 from the start (not chmod-ed after the
 * write, which would leave a window), fsync-ed, then renamed over the target (atomic on POSIX).
 * The folder is created (0700) when missing. If a file already existed with a looser mode, the
 * replacement still ends up 0600 because the new inode is the temp file's.
 */
export async function writeSecretFile(filePath: string, data: Buffer | string): Promise<void> {
  const dir = path.dirname(filePath);
  await mkdir(dir, { recursive: true, mode: SECRET_DIR_MODE });
  const tmp = path.join(dir, `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`);
  // 'wx': never follow or reuse a file an attacker may have planted at the temp name.
  const handle = await open(tmp, 'wx', SECRET_FILE_MODE);
  try {
    try {
      // The umask can only remove bits, but be explicit in case the mode argument was ignored.
      if (isPosix) await handle.chmod(SECRET_FILE_MODE);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, filePath);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await fsyncDir(dir);
}

/**
 * Tightens an existing secret file to 0600 (e.g. after a copy or an old version wrote 0644).
 * Returns true when the mode had to be repaired. No-op on Windows, where modes do not apply.
 */
export async function repairSecretFileMode(filePath: string): Promise<boolean> {
  if (!isPosix) return false;
  const st = await stat(filePath);
  if ((st.mode & 0o777) === SECRET_FILE_MODE) return false;
  await chmod(filePath, SECRET_FILE_MODE);
  return true;
}

/** Persist the rename itself (directory entry) so a crash cannot resurrect the old content. */
async function fsyncDir(dir: string): Promise<void> {
  if (!isPosix) return;
  try {
    const h = await open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // Some filesystems refuse fsync on directories; the data itself is already synced.
  }
}
