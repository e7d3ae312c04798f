import type { IpcError } from '../../shared/ipc/result';

/**
 * An error a service raises on purpose: it carries a stable code, a message a newcomer can read
 * and, where we know one, a one-line fix. The IPC registry turns it into the error envelope as is;
 * any other thrown value becomes IPC_HANDLER_FAILED with its message.
 */
export class AppError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly azureCode?: string;

  constructor(code: string, message: string, opts: { hint?: string; azureCode?: string; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    if (opts.hint !== undefined) this.hint = opts.hint;
    if (opts.azureCode !== undefined) this.azureCode = opts.azureCode;
  }

  toIpcError(): IpcError {
    const out: IpcError = { code: this.code, message: this.message };
    if (this.hint !== undefined) out.hint = this.hint;
    if (this.azureCode !== undefined) out.azureCode = this.azureCode;
    return out;
  }
}
