import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createApi, ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL } from '../shared/ipc/api';

/**
 * Sandboxed preload (bundled to one CommonJS file by esbuild): it exposes one function per
 * channel and one subscribe function per event channel as `window.flatkube`, and never hands
 * ipcRenderer itself to the page. It knows the channel names only (shared/ipc/channel-names.ts):
 * main validates inputs and outputs, so zod and the schemas stay out of this bundle.
 */
type Listener = (batch: unknown[]) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(ELECTRON_EVENT_CHANNEL, (_event: IpcRendererEvent, message: { channel: string; events: unknown[] }) => {
  const set = listeners.get(message?.channel);
  if (!set || !Array.isArray(message.events)) return;
  for (const listener of set) listener(message.events);
});

const api = createApi({
  invoke: (name, input) => ipcRenderer.invoke(ELECTRON_INVOKE_CHANNEL, name, input),
  subscribe: (name, listener) => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
});
contextBridge.exposeInMainWorld('flatkube', api);
