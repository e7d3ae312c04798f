/**
 * Runs the sandbox in its own process, so simulated nodes, TLS and ARM never share the caller's
 * event loop: a child process of Node (the CLI and browser mode), or Electron's utilityProcess
 * (the app passes a launcher for it; this package never imports electron).
 *
 * The protocol is the `flatkube sandbox` command's: the child prints one JSON line (SandboxInfo)
 * on stdout and serves until told to stop: its stdin closes (a Node child: also when the parent
 * dies), or, in a utility process, the message {type: 'stop'} arrives. Its stderr is the log.
 * Nothing secret crosses argv or the environment: the API token comes back on the stdout pipe.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SandboxApiClient } from './client';
import type { Sandbox, SandboxOptions } from './index';
import type { SandboxInfo } from './server';

/** What a launcher hands back: a started process speaking the protocol above. */
export interface SandboxChild {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  /** Asks the sandbox to stop (it saves its state and exits 0). */
  stop(): void;
  /** Ends it now (after a stop that went unanswered). */
  kill(): void;
  onExit(listener: (code: number | null) => void): void;
}

/** Starts `entry` (a module path) with these arguments and Node flags. */
export type SandboxLauncher = (entry: string, args: string[], execArgv: string[]) => SandboxChild;

export interface SandboxProcess extends Sandbox {
  readonly pid: number | undefined;
}

export interface SpawnSandboxOptions extends Omit<SandboxOptions, 'log'> {
  /** Default: a Node child process (the same Node binary as this process). */
  launcher?: SandboxLauncher;
  /** The sandbox's log lines (its stderr). Default: this process's stderr. */
  log?: (line: string) => void;
  /** How long a start may take before it is given up (ms). */
  startTimeoutMs?: number;
}

/**
 * The module the child runs: next to a bundle, the built `sandbox/sandbox.mjs`
 * (dist/cli/cli.mjs -> dist/sandbox/sandbox.mjs); from source, main.ts under tsx, or the bundle
 * FLATKUBE_SANDBOX_BUNDLE names. test/run.mjs names dist/sandbox/sandbox.mjs there when it is newer
 * than every source file: a sandbox started from source under tsx cost about 7 s of CPU, the bundle
 * about 2 s (V8 CPU profiles of a whole test run), and the tests start dozens. The bundled app
 * never reads it.
 */
export function sandboxEntry(env: NodeJS.ProcessEnv = process.env): { entry: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const bundle = env['FLATKUBE_SANDBOX_BUNDLE'];
    if (bundle) return { entry: bundle, execArgv: [] };
    return { entry: fileURLToPath(new URL('./main.ts', here)), execArgv: ['--import', import.meta.resolve('tsx')] };
  }
  return { entry: fileURLToPath(new URL('../sandbox/sandbox.mjs', here)), execArgv: [] };
}

export const nodeLauncher: SandboxLauncher = (entry, args, execArgv) => {
  const child = spawn(process.execPath, [...execArgv, entry, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  // The child owns nothing of ours: no environment beyond what a Node process needs to run.
  return {
    pid: child.pid,
    stdout: child.stdout,
    stderr: child.stderr,
    stop: () => child.stdin.end(),
    kill: () => void child.kill('SIGKILL'),
    onExit: (l) => void child.once('exit', (code) => l(code)),
  };
};

export function sandboxArgs(opts: SandboxOptions): string[] {
  const args: string[] = [];
  if (opts.port !== undefined) args.push('--port', String(opts.port));
  if (opts.stateDir !== undefined) args.push('--state-dir', opts.stateDir);
  if (opts.latency !== undefined) args.push('--latency', opts.latency);
  if (opts.speed !== undefined) args.push('--speed', String(opts.speed));
  if (opts.faultsFile !== undefined) args.push('--faults', opts.faultsFile);
  return args;
}

export async function spawnSandbox(opts: SpawnSandboxOptions = {}): Promise<SandboxProcess> {
  const launcher = opts.launcher ?? nodeLauncher;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { entry, execArgv } = sandboxEntry();
  const child = launcher(entry, ['--stop-on-stdin-end', ...sandboxArgs(opts)], execArgv);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.onExit((code) => resolve((exitCode = code))));
  const stderrLines: string[] = [];
  if (child.stderr) {
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderrLines.push(line);
      if (stderrLines.length > 20) stderrLines.shift();
      log(line);
    });
  }
  const info = await new Promise<SandboxInfo>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the sandbox did not start within ${opts.startTimeoutMs ?? 60_000} ms`));
    }, opts.startTimeoutMs ?? 60_000);
    if (!child.stdout) return reject(new Error('the sandbox process has no stdout'));
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as SandboxInfo);
      } catch {
        reject(new Error('the sandbox printed something other than its info'));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox exited (${code}) before it started: ${stderrLines.join(' | ').slice(-600)}`));
    });
  });
  const caCertPem = readFileSync(info.caCertPath, 'utf8');
  let closing: Promise<void> | undefined;
  return {
    pid: child.pid,
    info,
    caCertPem,
    api: new SandboxApiClient(info, caCertPem),
    close() {
      closing ??= (async () => {
        if (exitCode !== undefined) return;
        child.stop();
        const timer = setTimeout(() => child.kill(), 10_000);
        await exited;
        clearTimeout(timer);
      })();
      return closing;
    },
  };
}
