import { EventEmitter } from 'node:events';
import type { SshConnection } from '../../../electron/services/ssh/connection';
import type { ExecOptions, ExecResult } from '../../../electron/services/ssh/exec';

/** A stand-in for SshConnection: exec answers from a script, drop() simulates a lost link. */
export class FakeConnection extends EventEmitter {
  closed = false;
  readonly execs: string[] = [];

  constructor(
    readonly id: number,
    private readonly behaviour: (cmd: string, opts?: ExecOptions) => Promise<ExecResult> = async (cmd) => ok(cmd),
  ) {
    super();
  }

  exec(cmd: string, opts?: ExecOptions): Promise<ExecResult> {
    this.execs.push(cmd);
    return this.behaviour(cmd, opts);
  }

  close(): void {
    this.drop();
  }

  drop(err?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', err);
  }

  asConnection(): SshConnection {
    return this as unknown as SshConnection;
  }
}

export function ok(stdout: string): ExecResult {
  return { code: 0, signal: null, stdout, stderr: '', truncated: false };
}
