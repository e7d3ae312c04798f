import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL } from '../../../shared/ipc/api';
import { IpcErrorCode, type IpcResult } from '../../../shared/ipc/result';
import { forwardEventsToWindow, registerElectronIpc } from '../../../electron/ipc/electron-ipc';
import type { IpcRegistry } from '../../../electron/ipc/registry';
import type { Contract } from '../../../shared/ipc/contract';
import { APP_ORIGIN } from '../../../electron/security/policy';
import { makeTestRegistry } from '../../helpers/test-contract';

/** A stand-in for ipcMain: Electron's binary is not available here, its types are. */
function fakeIpcMain() {
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  return {
    handle: (channel: string, fn: (...args: unknown[]) => unknown) => void handlers.set(channel, fn),
    removeHandler: (channel: string) => void handlers.delete(channel),
    call: (event: unknown, ...args: unknown[]) => handlers.get(ELECTRON_INVOKE_CHANNEL)!(event, ...args) as Promise<IpcResult<unknown>>,
    handlers,
  };
}

function fakeEvent(opts: { id: number; url: string | null; mainFrame?: boolean }) {
  const sender = Object.assign(new EventEmitter(), { id: opts.id });
  const senderFrame = opts.url === null ? null : { url: opts.url, parent: opts.mainFrame === false ? {} : null };
  return { sender, senderFrame };
}

test('calls from the trusted window reach the registry', async () => {
  const ipc = fakeIpcMain();
  const { registry } = makeTestRegistry();
  registerElectronIpc(ipc as never, registry as unknown as IpcRegistry<Contract>, new Set([7]));
  const result = await ipc.call(fakeEvent({ id: 7, url: `${APP_ORIGIN}/index.html` }), 'math.add', { a: 1, b: 1 });
  assert.deepEqual(result, { ok: true, value: 2 });
});

test('messages from untrusted senders are dropped before any handler runs', async () => {
  const ipc = fakeIpcMain();
  let ran = 0;
  const { registry } = makeTestRegistry();
  const counting = { invoke: (...args: Parameters<typeof registry.invoke>) => (ran++, registry.invoke(...args)) };
  const dropped: string[] = [];
  registerElectronIpc(ipc as never, counting as unknown as IpcRegistry<Contract>, new Set([7]), (d) => dropped.push(d));
  const cases = [
    fakeEvent({ id: 8, url: `${APP_ORIGIN}/index.html` }), // a window we did not create
    fakeEvent({ id: 7, url: 'https://evil.example/' }), // our window, navigated away
    fakeEvent({ id: 7, url: `${APP_ORIGIN}/index.html`, mainFrame: false }), // an iframe
    fakeEvent({ id: 7, url: null }), // frame already gone
  ];
  for (const event of cases) {
    const result = await ipc.call(event, 'math.add', { a: 1, b: 1 });
    assert.ok(!result.ok);
    assert.equal(result.error.code, IpcErrorCode.UntrustedSender);
  }
  assert.equal(ran, 0);
  assert.equal(dropped.length, cases.length);
});

test('a window closing aborts its calls in flight', async () => {
  const ipc = fakeIpcMain();
  let aborted = false;
  const { registry } = makeTestRegistry(() => (aborted = true));
  registerElectronIpc(ipc as never, registry as unknown as IpcRegistry<Contract>, new Set([7]));
  const event = fakeEvent({ id: 7, url: `${APP_ORIGIN}/index.html` });
  const pending = ipc.call(event, 'wait.abort', undefined);
  event.sender.emit('destroyed');
  assert.deepEqual(await pending, { ok: true, value: 'aborted' });
  assert.equal(aborted, true);
});

test('events reach the window batched on one channel and stop when it is destroyed', () => {
  const { hub } = makeTestRegistry();
  const sent: Array<{ channel: string; message: { channel: string; events: unknown[] } }> = [];
  const contents = Object.assign(new EventEmitter(), {
    isDestroyed: () => false,
    send: (channel: string, message: { channel: string; events: unknown[] }) => void sent.push({ channel, message }),
  });
  forwardEventsToWindow(contents as never, hub as never, { maxBatch: 3, intervalMs: 10_000 });
  for (let n = 0; n < 6; n++) hub.emit('tick', { n });
  contents.emit('destroyed');
  hub.emit('tick', { n: 99 });
  assert.deepEqual(sent.map((s) => s.channel), [ELECTRON_EVENT_CHANNEL, ELECTRON_EVENT_CHANNEL]);
  assert.deepEqual(sent.flatMap((s) => s.message.events), [0, 1, 2, 3, 4, 5].map((n) => ({ n })));
  assert.equal(hub.sinkCount, 0);
});
