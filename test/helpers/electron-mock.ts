import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A fuller mock of the `electron` module (Electron Fiddle style) for running main.ts and
 * window.ts under Node: it records every security-relevant call so tests can check the shell's
 * checklist without the Electron binary.
 */
export function createElectronMock() {
  const calls = {
    windows: [] as MockBrowserWindow[],
    openExternal: [] as string[],
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, (req: { url: string }) => Promise<unknown>>(),
    permissionRequestHandler: undefined as undefined | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
    permissionCheckHandler: undefined as undefined | ((...args: unknown[]) => boolean),
    ipcHandlers: new Map<string, unknown>(),
    quit: 0,
    singleInstanceLock: true,
  };

  class MockWebContents extends EventEmitter {
    static nextId = 1;
    id = MockWebContents.nextId++;
    windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
    setWindowOpenHandler(fn: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = fn;
    }
    send() {}
    isDestroyed() {
      return false;
    }
  }

  class MockBrowserWindow extends EventEmitter {
    webContents = new MockWebContents();
    loadedUrl: string | undefined;
    constructor(readonly options: Record<string, unknown> & { webPreferences: Record<string, unknown> }) {
      super();
      calls.windows.push(this);
    }
    loadURL(url: string) {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    show() {}
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
  }

  const userData = mkdtempSync(path.join(tmpdir(), 'flatkube-electron-mock-'));
  const app = Object.assign(new EventEmitter(), {
    getPath: (name: string) => (name === 'userData' ? userData : path.join(userData, name)),
    requestSingleInstanceLock: () => calls.singleInstanceLock,
    quit: () => void calls.quit++,
    exit: () => {},
    whenReady: () => Promise.resolve(),
  });

  const module = {
    app,
    BrowserWindow: MockBrowserWindow,
    shell: { openExternal: async (url: string) => void calls.openExternal.push(url) },
    // Reversible stand-in for the OS keychain; enough for the code paths main.ts sets up.
    safeStorage: {
      isAsyncEncryptionAvailable: async () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptStringAsync: async (s: string) => Buffer.from(s, 'utf8').reverse(),
      decryptStringAsync: async (b: Buffer) => ({ result: Buffer.from(b).reverse().toString('utf8'), shouldReEncrypt: false }),
    },
    ipcMain: { handle: (ch: string, fn: unknown) => void calls.ipcHandlers.set(ch, fn), removeHandler: (ch: string) => void calls.ipcHandlers.delete(ch) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void calls.schemes.push(...schemes),
      handle: (scheme: string, fn: (req: { url: string }) => Promise<unknown>) => void calls.protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof calls.permissionRequestHandler) => void (calls.permissionRequestHandler = fn),
        setPermissionCheckHandler: (fn: typeof calls.permissionCheckHandler) => void (calls.permissionCheckHandler = fn),
      },
    },
    net: { fetch: async () => new Response('<html></html>', { status: 200, headers: { 'content-type': 'text/html' } }) },
  };
  return { module, calls, MockWebContents, userData };
}
