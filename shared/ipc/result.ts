import { z } from 'zod';

/**
 * The error half of every IPC answer. It crosses the process boundary as plain data, so it
 * carries everything the renderer needs to show a newcomer what went wrong and what to do.
 */
export const ipcErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  azureCode: z.string().optional(),
});
export type IpcError = z.infer<typeof ipcErrorSchema>;

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Error codes raised by the IPC layer itself; services add their own (see AppError). */
export const IpcErrorCode = {
  UnknownChannel: 'IPC_UNKNOWN_CHANNEL',
  InvalidInput: 'IPC_INVALID_INPUT',
  InvalidOutput: 'IPC_INVALID_OUTPUT',
  UntrustedSender: 'IPC_UNTRUSTED_SENDER',
  HandlerFailed: 'IPC_HANDLER_FAILED',
  MalformedMessage: 'IPC_MALFORMED_MESSAGE',
  TransportClosed: 'IPC_TRANSPORT_CLOSED',
} as const;

export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function fail(error: IpcError): IpcResult<never> {
  return { ok: false, error };
}

/** Turns zod issues into one readable line: "workers.count: Too big: expected number to be <=20". */
export function describeIssues(error: z.ZodError, max = 5): string {
  const lines = error.issues.slice(0, max).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(input)';
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > max ? ` (+${error.issues.length - max} more)` : '';
  return lines.join('; ') + more;
}
