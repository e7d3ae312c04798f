import path from 'node:path';
import { createBackend } from '../backend/backend';
import { startBrowserMode, type BrowserModeServer } from '../browser-mode';
import { browserOpener, openLaunchPage, writeLaunchPage, type LaunchPage } from './open-browser';

/**
 * `flatkube web [--open]`: serve the wizard in browser mode until SIGINT/SIGTERM. Prints a
 * one-time sign-in link on stdout (the user's own terminal) and, after each use, a fresh one for
 * another browser. `--open` (what `npm start` uses) also opens the user's browser through a
 * private launch page, so no link ever appears on a command line.
 */
export async function runWeb(opts: { port?: number; rendererDir: string; reason?: string; open?: boolean }): Promise<number> {
  const backend = createBackend({ shell: 'browser', log: (line) => console.error(`[flatkube] ${line}`) });
  const server = await startBrowserMode({ backend, rendererDir: path.resolve(opts.rendererDir), ...(opts.port !== undefined ? { port: opts.port } : {}) });
  if (opts.reason) console.log(opts.reason);
  const nextLink = (): string =>
    server.signInUrl(() => console.log(`A browser signed in with that link; it works only once. For another browser, open ${nextLink()}`));
  console.log(`Flatkube (browser mode) is ready: open ${nextLink()}`);
  const launch = opts.open ? openBrowser(server) : undefined;
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  launch?.remove();
  await server.close();
  await backend.close();
  return 0;
}

function openBrowser(server: BrowserModeServer): LaunchPage | undefined {
  const opener = browserOpener();
  if (!opener) {
    console.log('No display to open a browser on: open the link above in a browser on this machine.');
    return undefined;
  }
  // A code of its own, so the link printed above stays usable for the user's other browser.
  // Removed once its code is spent (the callback only runs after `page` exists).
  const url = server.signInUrl(() => page.remove());
  const page = writeLaunchPage(url);
  openLaunchPage(opener, page, (message) => console.error(`flatkube: ${message}; open the link above instead.`));
  return page;
}
