import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from './contract';
import type { IpcResult } from './result';

/**
 * What the renderer sees as `window.flatkube` (Electron preload) or gets from the WebSocket
 * client (browser mode): one function per channel and one subscribe function per event channel.
 * Handlers never throw across the boundary; every call resolves to an IpcResult envelope.
 */
export type InvokeFns = {
  [C in ChannelName]: (input: ChannelInput<C>) => Promise<IpcResult<ChannelOutput<C>>>;
};
export type SubscribeFns = {
  [E in EventName]: (listener: (batch: EventPayload<E>[]) => void) => () => void;
};
export interface FlatkubeApi {
  invoke: InvokeFns;
  on: SubscribeFns;
}

/** The single Electron IPC channel names the preload and main agree on. */
export const ELECTRON_INVOKE_CHANNEL = 'flatkube:invoke';
export const ELECTRON_EVENT_CHANNEL = 'flatkube:events';

/** Wire messages of the WebSocket transport. */
export type WsClientMessage = { type: 'invoke'; id: number; channel: string; payload: unknown };
export type WsServerMessage =
  | { type: 'result'; id: number | null; result: IpcResult<unknown> }
  | { type: 'events'; channel: string; events: unknown[] }
  /** Browser mode: sent once to a page that connected with a one-time sign-in code. */
  | { type: 'session'; token: string };
