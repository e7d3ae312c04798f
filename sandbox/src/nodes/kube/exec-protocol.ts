// What exec and attach share between their WebSocket (streams.ts) and SPDY (spdy.ts)
// transports: the validated request, the backend that runs the command, and the Status a
// finished command reports on the error stream (remotecommand v4 and later).
import type { ExecIO } from '../command-types';
import type { KubeBackend } from './http';
import type { KObj } from './types';

export interface ExecRequest {
  pod: KObj;
  container: string;
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export interface StreamBackend extends KubeBackend {
  execCheck(pod: KObj, container: string, argv: string[]): string | undefined;
  execRun(pod: KObj, container: string, argv: string[], io: ExecIO): Promise<{ exitCode: number }>;
}

/** The Status a finished command reports on the error stream (v4+). */
export function exitStatus(command: string[], code: number): Record<string, unknown> {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return { metadata: {}, status: 'Failure', message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`, reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(code) }] } };
}

