import { createApi, type FlatkubeApi, type WsClientMessage, type WsServerMessage } from '../../../shared/ipc/api';
import { IpcErrorCode } from '../../../shared/ipc/error-codes';
import type { IpcResult } from '../../../shared/ipc/result';

export interface WsApiOptions {
  /** Gets the session token the server sends once when the page connected with a sign-in code. */
  onSession?: (token: string) => void;
  /** What to say when the backend cannot be reached (e.g. the page has no credential). */
  unreachable?: string;
}

/**
 * The browser-mode half of the WebSocket transport: the same typed FlatkubeApi as the Electron
 * preload (both built by createApi from the contract's channel names), so the rest of the renderer
 * cannot tell which shell it runs in.
 */
export function createWsApi(url: string, options: WsApiOptions = {}): FlatkubeApi {
  let nextId = 1;
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  const listeners = new Map<string, Set<(batch: unknown[]) => void>>();
  const socket = new WebSocket(url);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(options.unreachable ?? 'Cannot reach the Flatkube backend')), { once: true });
  });
  opened.catch(() => {});

  socket.addEventListener('message', (event) => {
    let msg: WsServerMessage;
    try {
      msg = JSON.parse(String(event.data)) as WsServerMessage;
    } catch {
      return;
    }
    if (msg.type === 'result' && msg.id !== null) {
      pending.get(msg.id)?.(msg.result);
      pending.delete(msg.id);
    } else if (msg.type === 'events') {
      for (const listener of listeners.get(msg.channel) ?? []) listener(msg.events);
    } else if (msg.type === 'session') {
      options.onSession?.(msg.token);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) {
      resolve({ ok: false, error: { code: IpcErrorCode.TransportClosed, message: 'The connection to the Flatkube backend was closed. Restart the app.' } });
    }
    pending.clear();
  });

  const call = async (channel: string, payload: unknown): Promise<IpcResult<unknown>> => {
    try {
      await opened;
    } catch (error) {
      return { ok: false, error: { code: IpcErrorCode.TransportClosed, message: (error as Error).message } };
    }
    const id = nextId++;
    const message: WsClientMessage = { type: 'invoke', id, channel, payload };
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify(message));
    });
  };

  return createApi({
    invoke: call,
    subscribe: (name, listener) => {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  });
}
