import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL, type FlatkubeApi } from '../shared/ipc/api';
import { channelNames, eventNames } from '../shared/ipc/contract';

/**
 * Sandboxed preload (bundled to one CommonJS file by esbuild): it exposes one function per
 * channel and one subscribe function per event channel as `window.flatkube`, and never hands
 * ipcRenderer itself to the page.
 */
type Listener = (batch: unknown[]) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(ELECTRON_EVENT_CHANNEL, (_event: IpcRendererEvent, message: { channel: string; events: unknown[] }) => {
  const set = listeners.get(message?.channel);
  if (!set || !Array.isArray(message.events)) return;
  for (const listener of set) listener(message.events);
});

const invoke = Object.fromEntries(
  channelNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(ELECTRON_INVOKE_CHANNEL, name, input)]),
);
const on = Object.fromEntries(
  eventNames.map((name) => [
    name,
    (listener: Listener) => {
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  ]),
);

const api = { invoke, on } as unknown as FlatkubeApi;
contextBridge.exposeInMainWorld('flatkube', api);
