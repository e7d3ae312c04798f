/**
 * The app's sandbox launcher: Electron's utilityProcess (a Node child that Electron manages and
 * ends with the app), speaking @flatkube/sandbox/process's protocol: the info line on stdout,
 * the log on stderr, and {type: 'stop'} as a message (a utility process has no stdin).
 * main.ts passes electron's `utilityProcess` in; this file never imports electron.
 * API: electron.d.ts (node_modules/electron), `utilityProcess.fork(modulePath, args, {stdio, execArgv, serviceName})`.
 */
import type { SandboxLauncher } from '@flatkube/sandbox/process';

/** The part of Electron's UtilityProcess the launcher uses. */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  kill(): boolean;
  once(event: 'exit', listener: (code: number) => void): unknown;
}

export interface UtilityProcessApi {
  fork(modulePath: string, args: string[], options: { stdio: 'pipe'; execArgv: string[]; serviceName: string }): UtilityProcessLike;
}

export function utilityProcessLauncher(utilityProcess: UtilityProcessApi): SandboxLauncher {
  return (entry, args, execArgv) => {
    // --stop-on-stdin-end means nothing without stdin; the message below stops it instead.
    const child = utilityProcess.fork(entry, args, { stdio: 'pipe', execArgv, serviceName: 'Flatkube sandbox' });
    return {
      pid: child.pid,
      stdout: child.stdout,
      stderr: child.stderr,
      stop: () => child.postMessage({ type: 'stop' }),
      kill: () => void child.kill(),
      onExit: (l) => void child.once('exit', (code) => l(code)),
    };
  };
}
