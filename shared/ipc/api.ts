import { CHANNEL_NAMES, EVENT_NAMES } from './channel-names';
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

/** What a transport (Electron IPC in the preload, the WebSocket in browser mode) must do. */
export interface ApiTransport {
  invoke(channel: ChannelName, input: unknown): Promise<IpcResult<unknown>>;
  subscribe(event: EventName, listener: (batch: unknown[]) => void): () => void;
}

/**
 * Builds the FlatkubeApi over a transport: one function per channel name and one subscribe
 * function per event name. It needs only the names (channel-names.ts), not the zod contract, so the
 * preload stays small. The wire itself is untyped; the types hold because main validates every
 * input and output against the contract, and answers an IpcResult envelope for every call.
 */
export function createApi(transport: ApiTransport): FlatkubeApi {
  const invoke = Object.fromEntries(CHANNEL_NAMES.map((name) => [name, (input: unknown) => transport.invoke(name, input)]));
  const on = Object.fromEntries(EVENT_NAMES.map((name) => [name, (listener: (batch: unknown[]) => void) => transport.subscribe(name, listener)]));
  return { invoke: invoke as InvokeFns, on: on as SubscribeFns };
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
