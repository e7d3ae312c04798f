import { app, dialog, ipcMain, net, protocol, safeStorage, session, shell, utilityProcess } from 'electron';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createBackend } from './backend/backend';
import { utilityProcessLauncher } from './backend/utility-process-launcher';
import type { Contract, EventContract } from '../shared/ipc/contract';
import type { IpcRegistry } from './ipc/registry';
import type { EventHub } from './ipc/event-hub';
import { forwardEventsToWindow, registerElectronIpc } from './ipc/electron-ipc';
import { APP_HOST, APP_SCHEME, contentSecurityPolicy, isAllowedExternalUrl } from './security/policy';
import { createSafeStorageSecretStore } from './services/secrets/safe-storage-secret-store';
import { createMainWindow, hardenWebContents } from './window';

/**
 * Electron entry: the thin glue between Electron and the plain-Node backend. Everything that
 * can be tested without Electron lives in backend/ and services/.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.resolve(here, '../renderer');
const preloadPath = path.resolve(here, '../preload/preload.cjs');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.whenReady().then(async () => {
    // Packaged files only: the custom scheme serves dist/renderer and nothing outside it.
    protocol.handle(APP_SCHEME, async (request) => {
      const url = new URL(request.url);
      const rel = url.hostname === APP_HOST ? decodeURIComponent(url.pathname) : '/__denied__';
      const file = path.resolve(rendererDir, `.${rel === '/' ? '/index.html' : rel}`);
      if (!file.startsWith(rendererDir + path.sep)) return new Response('Forbidden', { status: 403 });
      const response = await net.fetch(pathToFileURL(file).toString());
      const headers = new Headers(response.headers);
      headers.set('Content-Security-Policy', contentSecurityPolicy());
      return new Response(response.body, { status: response.status, headers });
    });
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);

    const backend = createBackend({
      shell: 'electron',
      dataDir: app.getPath('userData'),
      log: (line) => console.error(`[flatkube] ${line}`),
      // A generated private key is downloaded through the system's save dialog (main writes it, 0600).
      saveFileAs: async (defaultName) => {
        const r = await dialog.showSaveDialog({ defaultPath: path.join(app.getPath('home'), '.ssh', defaultName) });
        return r.canceled ? undefined : r.filePath;
      },
      azure: {
        // Tokens and cluster keys are encrypted with the OS keychain (refused on Linux basic_text).
        secretStore: createSafeStorageSecretStore(safeStorage, { platform: process.platform }),
        // Sign-in opens the system browser, and only for allow-listed https hosts.
        openBrowser: async (url) => {
          if (!isAllowedExternalUrl(url)) throw new Error(`refusing to open ${new URL(url).host}: not an allow-listed sign-in host`);
          await shell.openExternal(url);
        },
        // The embedded sandbox runs in a utility process, off the main process's event loop.
        sandboxLauncher: utilityProcessLauncher(utilityProcess),
      },
    });
    const trusted = new Set<number>();
    registerElectronIpc(ipcMain, backend.registry as unknown as IpcRegistry<Contract>, trusted, (d) => console.warn(`[flatkube] ${d}`));

    const openWindow = () => {
      const win = createMainWindow(preloadPath);
      const id = win.webContents.id;
      trusted.add(id);
      forwardEventsToWindow(win.webContents, backend.hub as unknown as EventHub<EventContract>);
      win.on('closed', () => trusted.delete(id));
      return win;
    };
    let main = openWindow();
    if (process.env.FLATKUBE_SMOKE_TEST === '1') {
      // Packaging smoke test (.github/workflows/package.yml): the window loaded, the app works.
      main.webContents.once('did-finish-load', () => app.exit(0));
      main.webContents.once('did-fail-load', () => app.exit(1));
    }
    app.on('second-instance', () => {
      if (main.isDestroyed()) main = openWindow();
      if (main.isMinimized()) main.restore();
      main.focus();
    });
    app.on('window-all-closed', () => {
      void backend.close().finally(() => app.quit());
    });
  });
}
