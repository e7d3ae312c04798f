import assert from 'node:assert/strict';
import { test } from 'node:test';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { ELECTRON_INVOKE_CHANNEL } from '../../../shared/ipc/api';
import { APP_ORIGIN, APP_SCHEME } from '../../../electron/security/policy';
import { createElectronMock } from '../../helpers/electron-mock';

/** Bundles electron/main.ts like the build does and runs it against the electron mock. */
async function runMain(opts: { lock?: boolean } = {}) {
  const out = await build({
    entryPoints: ['electron/main.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    write: false,
    logLevel: 'silent',
    define: { 'import.meta.url': JSON.stringify('file:///app/dist/main/main.mjs') },
  });
  const mock = createElectronMock();
  mock.calls.singleInstanceLock = opts.lock ?? true;
  const nodeRequire = createRequire(import.meta.url);
  const requireFn = (name: string) => (name === 'electron' ? mock.module : nodeRequire(name));
  const module = { exports: {} };
  vm.runInThisContext(`(function (require, module, exports) {${out.outputFiles[0]!.text}\n})`)(requireFn, module, module.exports);
  // Let app.whenReady() callbacks run.
  await new Promise((r) => setTimeout(r, 20));
  return mock;
}

test('the window is created isolated, sandboxed, without Node, from the packaged origin', async () => {
  const { calls } = await runMain();
  assert.equal(calls.windows.length, 1);
  const win = calls.windows[0]!;
  const prefs = win.options.webPreferences;
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.webviewTag, false);
  assert.match(String(prefs.preload), /preload\.cjs$/);
  assert.equal(win.loadedUrl, `${APP_ORIGIN}/index.html`);
});

test('navigation and new windows are denied; only allow-listed https links open externally', async () => {
  const { calls } = await runMain();
  const wc = calls.windows[0]!.webContents;
  let prevented = 0;
  wc.emit('will-navigate', { preventDefault: () => prevented++ }, 'https://evil.example/');
  wc.emit('will-navigate', { preventDefault: () => prevented++ }, `${APP_ORIGIN}/other.html`);
  assert.equal(prevented, 2);
  assert.deepEqual(wc.windowOpenHandler!({ url: 'https://learn.microsoft.com/azure' }), { action: 'deny' });
  assert.deepEqual(wc.windowOpenHandler!({ url: 'https://evil.example/' }), { action: 'deny' });
  assert.deepEqual(wc.windowOpenHandler!({ url: 'http://learn.microsoft.com/' }), { action: 'deny' });
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(calls.openExternal, ['https://learn.microsoft.com/azure']);
});

test('permission requests and checks are denied, the app scheme is privileged and IPC registered', async () => {
  const { calls } = await runMain();
  let granted: boolean | undefined;
  calls.permissionRequestHandler!({}, 'media', (ok) => (granted = ok));
  assert.equal(granted, false);
  assert.equal(calls.permissionCheckHandler!({}, 'notifications'), false);
  assert.ok(calls.schemes.some((s) => (s as { scheme: string }).scheme === APP_SCHEME));
  assert.ok(calls.protocolHandlers.has(APP_SCHEME));
  assert.ok(calls.ipcHandlers.has(ELECTRON_INVOKE_CHANNEL));
  // The protocol handler serves nothing outside the renderer folder.
  const res = (await calls.protocolHandlers.get(APP_SCHEME)!({ url: `${APP_ORIGIN}/..%2f..%2fetc/passwd` })) as Response;
  assert.equal(res.status, 403);
});

test('a second instance quits at once (single instance lock)', async () => {
  const { calls } = await runMain({ lock: false });
  assert.equal(calls.quit, 1);
  assert.equal(calls.windows.length, 0);
});

test('builder fuses: cookies encrypted, asar integrity checked, file:// without extra privileges', () => {
  // runAsNode, NODE_OPTIONS, inspect and onlyLoadAppFromAsar: test/unit/build/packaging-config.test.ts.
  const fuses = (parse(readFileSync('build/electron-builder.yml', 'utf8')) as { electronFuses: Record<string, unknown> }).electronFuses;
  assert.equal(fuses.enableCookieEncryption, true);
  assert.equal(fuses.enableEmbeddedAsarIntegrityValidation, true);
  assert.equal(fuses.grantFileProtocolExtraPrivileges, false);
});
