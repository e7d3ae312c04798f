import type { z } from 'zod';
import { appChannels, appEvents } from './channels/app';
import { clusterChannels, clusterEvents } from './channels/cluster';
import { authChannels, authEvents } from './channels/auth';
import { azureChannels, azureEvents } from './channels/azure';
import { paceChannels, paceEvents } from './channels/pace';
import { azureCallsChannels, azureCallsEvents } from './channels/azure-calls';
import { sandboxChannels, sandboxEvents } from './channels/classroom';

export type { AppInfo, LogLine } from './channels/app';
export { appInfoSchema, logLineSchema } from './channels/app';

/**
 * The one map of IPC channels. Each channel names a zod schema for its input and its output;
 * both processes derive their types from here, so a channel cannot drift between them.
 * Event channels name the schema of one event; transports deliver them in ordered batches.
 */
export interface ChannelDef {
  input: z.ZodType;
  output: z.ZodType;
}
export type Contract = Record<string, ChannelDef>;
export type EventContract = Record<string, z.ZodType>;

/**
 * Each domain keeps its channels in shared/ipc/channels/<domain>.ts; this map joins them.
 * Names are '<domain>.<verb>' and must be unique across domains.
 */
export const channels = {
  ...appChannels,
  ...clusterChannels,
  ...authChannels,
  ...azureChannels,
  ...paceChannels,
  ...azureCallsChannels,
  ...sandboxChannels,
} satisfies Contract;

export const events = {
  ...appEvents,
  ...clusterEvents,
  ...authEvents,
  ...azureEvents,
  ...paceEvents,
  ...azureCallsEvents,
  ...sandboxEvents,
} satisfies EventContract;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const channelNames = Object.keys(channels) as ChannelName[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
