import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Opens browser mode in the user's browser without a credential on any command line. Every
 * local user can read every process's command line (/proc/PID/cmdline), so the browser (and
 * xdg-open before it) gets only the path of a launch page that redirects to the sign-in link,
 * as Jupyter does: the page is 0600 in a fresh 0700 folder, so only this user can read the
 * link, and its code works once. The page is removed as soon as the code is spent.
 */
export interface LaunchPage {
  file: string;
  remove(): void;
}

export function writeLaunchPage(signInUrl: string, parent = tmpdir()): LaunchPage {
  // mkdtemp: a new folder with an unguessable name, mode 0700, that nobody could have planted.
  const dir = mkdtempSync(path.join(parent, 'flatkube-open-'));
  const file = path.join(dir, 'flatkube.html');
  const href = signInUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0;url=${href}">
<title>Flatkube</title></head>
<body><p><a href="${href}">Open Flatkube</a></p></body></html>
`;
  writeFileSync(file, html, { mode: 0o600, flag: 'wx' });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The program that opens a file in the user's browser: FLATKUBE_BROWSER when set (a browser of
 * your choice, or a test's stub), else the desktop's opener. Null on a Linux machine without a
 * display, where there is no browser to open.
 */
export function browserOpener(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  if (env.FLATKUBE_BROWSER) return env.FLATKUBE_BROWSER;
  if (platform === 'darwin') return 'open';
  if (platform === 'win32') return 'explorer';
  return env.DISPLAY || env.WAYLAND_DISPLAY ? 'xdg-open' : null;
}

/** Starts `opener` on the launch page; the only argument is the page's path. */
export function openLaunchPage(opener: string, page: LaunchPage, onError: (message: string) => void): void {
  const child = spawn(opener, [page.file], { stdio: 'ignore', detached: true });
  child.on('error', (err) => onError(`could not start ${opener} (${err.message})`));
  child.unref();
}
