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

/** Error codes raised by the IPC layer itself (error-codes.ts, which the renderer loads at start). */
export { IpcErrorCode } from './error-codes';

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
