import path from 'node:path';
import { createBackend } from '../backend/backend';
import { startBrowserMode } from '../browser-mode';

/**
 * `flatkube web`: serve the wizard in browser mode until SIGINT/SIGTERM. Prints the URL (with its
 * one-time token) on stdout so a person or a script can open it.
 */
export async function runWeb(opts: { port?: number; rendererDir: string; reason?: string }): Promise<number> {
  const backend = createBackend({ shell: 'browser', log: (line) => console.error(`[flatkube] ${line}`) });
  const server = await startBrowserMode({ backend, rendererDir: path.resolve(opts.rendererDir), ...(opts.port !== undefined ? { port: opts.port } : {}) });
  if (opts.reason) console.log(opts.reason);
  console.log(`Flatkube (browser mode) is ready: open ${server.url}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  await backend.close();
  return 0;
}
