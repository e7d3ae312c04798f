import { EventEmitter } from 'node:events';

/**
 * A stand-in for the parts of the `electron` module the preload uses (the Electron binary is not
 * available on CI machines; its types are). Records what the preload exposes and sends.
 */
export function createFakeElectron() {
  const exposed = new Map<string, unknown>();
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  const ipcRenderer = Object.assign(new EventEmitter(), {
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return { ok: true, value: 'from-main' };
    },
  });
  const contextBridge = {
    exposeInMainWorld: (key: string, api: unknown) => {
      exposed.set(key, api);
    },
  };
  return { module: { contextBridge, ipcRenderer }, exposed, invoked, ipcRenderer };
}
