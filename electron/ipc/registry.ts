import type { z } from 'zod';
import type { Contract } from '../../shared/ipc/contract';
import { IpcErrorCode, describeIssues, fail, ok, type IpcResult } from '../../shared/ipc/result';
import { AppError } from '../services/errors';

/**
 * Who is calling: filled in by the transport after its own sender check; `internal` is the backend
 * calling a handler of its own (Reset classroom goes through cluster.list and cluster.destroy).
 */
export interface CallContext {
  transport: 'electron' | 'websocket' | 'internal' | 'test';
  /** Aborted when the caller goes away (window closed, socket dropped). */
  signal: AbortSignal;
}

export type HandlerMap<C extends Contract> = {
  [K in keyof C]: (input: z.output<C[K]['input']>, ctx: CallContext) => Promise<z.input<C[K]['output']>> | z.input<C[K]['output']>;
};

export interface RegistryOptions {
  /** Where handler failures are reported (already redacted by the caller's logger). */
  onHandlerError?: (channel: string, error: unknown) => void;
}

/**
 * The handler registry: one entry per channel of the contract. Both transports (Electron IPC and
 * the WebSocket) call `invoke`, so validation and error mapping happen once, here. It never
 * throws: unknown channels, invalid payloads and failing handlers all come back as envelopes.
 */
export class IpcRegistry<C extends Contract> {
  constructor(
    private readonly contract: C,
    private readonly handlers: HandlerMap<C>,
    private readonly options: RegistryOptions = {},
  ) {}

  has(channel: unknown): channel is keyof C & string {
    return typeof channel === 'string' && Object.hasOwn(this.contract, channel);
  }

  async invoke(channel: unknown, payload: unknown, ctx: CallContext): Promise<IpcResult<unknown>> {
    if (!this.has(channel)) {
      const shown = typeof channel === 'string' ? channel.slice(0, 80) : typeof channel;
      return fail({ code: IpcErrorCode.UnknownChannel, message: `Unknown IPC channel: ${shown}` });
    }
    const def = this.contract[channel]!;
    const parsed = def.input.safeParse(payload);
    if (!parsed.success) {
      return fail({ code: IpcErrorCode.InvalidInput, message: `Invalid input for ${channel}: ${describeIssues(parsed.error)}` });
    }
    let value: unknown;
    try {
      value = await this.handlers[channel](parsed.data as never, ctx);
    } catch (error) {
      this.options.onHandlerError?.(channel, error);
      if (error instanceof AppError) return fail(error.toIpcError());
      const message = error instanceof Error ? error.message : String(error);
      return fail({ code: IpcErrorCode.HandlerFailed, message: message || `${channel} failed` });
    }
    // Outputs are checked too: a handler that drifts from the contract is a bug we want to see
    // as an envelope in the renderer, not as undefined fields three screens later.
    const out = def.output.safeParse(value);
    if (!out.success) {
      this.options.onHandlerError?.(channel, out.error);
      return fail({ code: IpcErrorCode.InvalidOutput, message: `Invalid output from ${channel}: ${describeIssues(out.error)}` });
    }
    return ok(out.data);
  }
}
