/**
 * Quotes one argument for a POSIX shell: wrapped in single quotes, with embedded single quotes
 * written as '\'' . Nothing inside single quotes is special, so this is safe for any string.
 */
export function shellQuote(arg: string): string {
  if (arg === '') return "''";
  // Leave obviously harmless words bare so logged commands stay readable.
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Quotes each argument and joins them: an argv turned into one shell command line. */
export function shellJoin(args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}

/**
 * The command line actually sent for `cmd`. With sudo, the whole command (pipes, redirections,
 * `&&` included) runs in a root shell: `sudo -n -- sh -c '<cmd>'`. `-n` makes sudo fail at once
 * instead of waiting forever for a password prompt nobody can answer.
 */
export function buildRemoteCommand(cmd: string, opts: { sudo?: boolean } = {}): string {
  if (!opts.sudo) return cmd;
  return `sudo -n -- sh -c ${shellQuote(cmd)}`;
}
