/**
 * Platform conditions for tests that need what only some systems have. The CI (.ci/run and
 * .github/workflows/pr.yml on Linux) runs everything in Debian as root; on Windows and macOS these
 * tests skip and say why, instead of failing on a missing tool.
 */
import { spawnSync } from 'node:child_process';

/** A skip reason unless this is Linux (its /proc, /etc/passwd, Debian's OpenSSH, GNU tools). */
export function linuxOnly(what: string): string | false {
  return process.platform === 'linux' ? false : `needs Linux: ${what}`;
}

/** POSIX file modes (0600 files in 0700 folders) exist everywhere but on Windows. */
export const POSIX_MODES = process.platform !== 'win32';

/** A skip reason unless `command args` runs and exits 0 (the tool is installed and works). */
export function needsTool(command: string, args: string[], why: string): string | false {
  const r = spawnSync(command, args, { stdio: 'ignore', timeout: 10_000 });
  return r.status === 0 ? false : `needs ${command}: ${why}`;
}
