import { z } from 'zod';

/**
 * The Azure side of an operation, visible: every ARM request the app made for it (method, path
 * without query secrets, status, duration, the executor step that made it), recorded in the
 * main process by an SDK pipeline policy (electron/services/azure/api-calls/), so the pane is the
 * same in real Azure and in the sandbox. Never a header or a body.
 */

export const apiCallSchema = z.object({
  /** Order within the operation, from 1. */
  seq: z.number().int(),
  cluster: z.string(),
  operationId: z.string(),
  /** The plan step that made the call; absent for calls made while planning or tearing down. */
  stepId: z.string().optional(),
  method: z.string(),
  /** The host, for calls outside ARM's endpoint (e.g. a long-running operation's status URL on another host). */
  host: z.string(),
  /** Path and allow-listed query (api-version); other query values are redacted. */
  path: z.string(),
  /** HTTP status; 0 when no answer came (network error, cancelled). */
  status: z.number().int(),
  durationMs: z.number(),
  /** When the request was sent (ms since the epoch). */
  startedAt: z.number(),
  /** Azure's request id (x-ms-request-id), to quote to Azure support. */
  requestId: z.string().optional(),
  /** Network error text (redacted) when there was no answer. */
  error: z.string().optional(),
});
export type ApiCall = z.infer<typeof apiCallSchema>;

export const apiCallsResultSchema = z.object({
  /** The operation the calls belong to (the latest recorded one unless asked for another). */
  operationId: z.string().optional(),
  calls: z.array(apiCallSchema),
});
export type ApiCallsResult = z.infer<typeof apiCallsResultSchema>;

const clusterName = z.string().min(1).max(100);

export const azureCallsChannels = {
  /** The calls recorded for a cluster's operation (default: its latest), from the data folder: they survive a reload. */
  'azure.calls': { input: z.object({ cluster: clusterName, operationId: z.string().min(1).max(200).optional() }), output: apiCallsResultSchema },
};

export const azureCallsEvents = {
  /** One ARM request of a running operation, as soon as its answer (or failure) is in. */
  'azure.call': apiCallSchema,
};
