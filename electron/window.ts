import { BrowserWindow, shell, type WebContents } from 'electron';
import path from 'node:path';
import { APP_ORIGIN, isAllowedExternalUrl, isAllowedNavigation, secureWebPreferences } from './security/policy';

/**
 * Creates the wizard window with the locked-down web preferences and hardens its webContents:
 * no navigation, no new windows (allow-listed https links go to the system browser instead).
 */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'Flatkube',
    backgroundColor: '#0f172a',
    webPreferences: { ...secureWebPreferences, preload: path.resolve(preloadPath) },
  });
  hardenWebContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
