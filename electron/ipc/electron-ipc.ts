import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL } from '../../shared/ipc/api';
import type { Contract, EventContract } from '../../shared/ipc/contract';
import { IpcErrorCode, fail } from '../../shared/ipc/result';
import { isTrustedSender } from '../security/policy';
import { EventBatcher } from './event-batcher';
import type { EventHub } from './event-hub';
import type { IpcRegistry } from './registry';

/**
 * The Electron transport: one ipcMain.handle for every call, the trusted-sender check first,
 * then the shared registry. Typed against electron.d.ts but takes ipcMain as a parameter so
 * tests can hand in a fake (Electron's binary is not available on CI machines).
 */
export function registerElectronIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  registry: IpcRegistry<Contract>,
  trustedIds: ReadonlySet<number>,
  onUntrusted: (detail: string) => void = () => {},
): () => void {
  ipcMain.handle(ELECTRON_INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, channel: unknown, payload: unknown) => {
    const frame = event.senderFrame;
    const facts = {
      webContentsId: event.sender.id,
      frameUrl: frame ? frame.url : null,
      isMainFrame: frame ? frame.parent === null : false,
    };
    if (!isTrustedSender(facts, trustedIds)) {
      onUntrusted(`dropped IPC call from webContents ${facts.webContentsId} (${facts.frameUrl ?? 'no frame'})`);
      return fail({ code: IpcErrorCode.UntrustedSender, message: 'Caller is not a trusted Flatkube window' });
    }
    const abort = new AbortController();
    event.sender.once('destroyed', () => abort.abort());
    return registry.invoke(channel, payload, { transport: 'electron', signal: abort.signal });
  });
  return () => ipcMain.removeHandler(ELECTRON_INVOKE_CHANNEL);
}

/** Streams hub events to one window, batched, until the window goes away. */
export function forwardEventsToWindow(
  webContents: Pick<WebContents, 'send' | 'isDestroyed' | 'once'>,
  hub: EventHub<EventContract>,
  batch: { intervalMs?: number; maxBatch?: number } = {},
): () => void {
  const batcher = new EventBatcher({
    ...batch,
    send: (channel, events) => {
      if (!webContents.isDestroyed()) webContents.send(ELECTRON_EVENT_CHANNEL, { channel, events });
    },
  });
  const disconnect = hub.connect((channel, event) => batcher.push(channel, event));
  const stop = () => {
    disconnect();
    batcher.close();
  };
  webContents.once('destroyed', stop);
  return stop;
}
