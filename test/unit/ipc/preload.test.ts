import assert from 'node:assert/strict';
import { test } from 'node:test';
import vm from 'node:vm';
import { build } from 'esbuild';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL, type FlatkubeApi } from '../../../shared/ipc/api';
import { channelNames, eventNames } from '../../../shared/ipc/contract';
import { createFakeElectron } from '../../helpers/fake-electron';

/** Bundles the real preload as the build does (one CommonJS file) and runs it against a fake electron. */
async function loadPreload() {
  const out = await build({ entryPoints: ['electron/preload.ts'], bundle: true, platform: 'node', format: 'cjs', external: ['electron'], write: false, logLevel: 'silent' });
  const code = out.outputFiles[0]!.text;
  const fake = createFakeElectron();
  const module = { exports: {} };
  const requireFn = (name: string) => {
    // A sandboxed preload can require only 'electron' (and a few polyfills): anything else is a bundling bug.
    if (name === 'electron') return fake.module;
    throw new Error(`the sandboxed preload tried to require "${name}"`);
  };
  vm.runInNewContext(`(function (require, module, exports) {${code}\n})`, { console })(requireFn, module, module.exports);
  return fake;
}

test('the preload exposes window.flatkube with a function per channel and never ipcRenderer', async () => {
  const fake = await loadPreload();
  assert.deepEqual([...fake.exposed.keys()], ['flatkube']);
  const api = fake.exposed.get('flatkube') as FlatkubeApi & Record<string, unknown>;
  assert.deepEqual(Object.keys(api).sort(), ['invoke', 'on']);
  assert.deepEqual(Object.keys(api.invoke).sort(), [...channelNames].sort());
  assert.deepEqual(Object.keys(api.on).sort(), [...eventNames].sort());
  const seen = new Set<unknown>();
  const walk = (value: unknown) => {
    if (value === fake.ipcRenderer) assert.fail('ipcRenderer is reachable from the exposed API');
    if (value && typeof value === 'object' && !seen.has(value)) {
      seen.add(value);
      for (const v of Object.values(value)) walk(v);
    }
  };
  walk(api);
});

test('a channel function sends one invoke with the channel name and the input', async () => {
  const fake = await loadPreload();
  const api = fake.exposed.get('flatkube') as FlatkubeApi;
  const result = await api.invoke['app.info'](undefined);
  assert.deepEqual(result, { ok: true, value: 'from-main' });
  assert.deepEqual(fake.invoked, [{ channel: ELECTRON_INVOKE_CHANNEL, args: ['app.info', undefined] }]);
});

test('subscribers get event batches for their channel only, until they unsubscribe', async () => {
  const fake = await loadPreload();
  const api = fake.exposed.get('flatkube') as FlatkubeApi;
  const got: unknown[][] = [];
  const unsubscribe = api.on['log.line']((batch) => got.push(batch));
  const line = { stream: 'cp-0', ts: 1, level: 'info', text: 'hello' };
  fake.ipcRenderer.emit(ELECTRON_EVENT_CHANNEL, {}, { channel: 'log.line', events: [line] });
  fake.ipcRenderer.emit(ELECTRON_EVENT_CHANNEL, {}, { channel: 'other.channel', events: [1] });
  fake.ipcRenderer.emit(ELECTRON_EVENT_CHANNEL, {}, { channel: 'log.line', events: 'not-an-array' });
  unsubscribe();
  fake.ipcRenderer.emit(ELECTRON_EVENT_CHANNEL, {}, { channel: 'log.line', events: [line] });
  assert.deepEqual(got, [[line]]);
  assert.throws(() => api.on['log.line'](42 as never), /listener must be a function/);
});
