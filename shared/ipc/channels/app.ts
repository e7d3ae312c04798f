import { z } from 'zod';

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** Which shell hosts the renderer: the Electron app or plain Chromium through the WebSocket transport. */
  shell: z.enum(['electron', 'browser']),
  nodeVersion: z.string(),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const logLineSchema = z.object({
  /** Which pane the line belongs to: a node name, or "azure" for Azure operations. */
  stream: z.string().min(1).max(100),
  ts: z.number(),
  level: z.enum(['info', 'warn', 'error']),
  text: z.string().max(64_000),
});
export type LogLine = z.infer<typeof logLineSchema>;

export const appChannels = {
  'app.info': { input: z.undefined(), output: appInfoSchema },
};

export const appEvents = {
  'log.line': logLineSchema,
};
