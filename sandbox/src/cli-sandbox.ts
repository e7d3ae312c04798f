/**
 * `flatkube sandbox [--port N] [--state-dir DIR] [--latency instant|realistic] [--speed F] [--faults FILE]`
 * Prints exactly one JSON line (the SandboxInfo) on stdout, serves until SIGINT/SIGTERM, exits 0.
 * That line holds the sandbox API token (`apiToken`): stdout is the user's own terminal, which is
 * how the user gets it; nothing else prints or logs it. Bad arguments: one line on stderr, exit 2.
 */
import { existsSync } from 'node:fs';
import { startSandboxServer as startSandbox, type SandboxServerOptions } from './server';

/** The flags' options, plus how the process is told to stop besides SIGINT/SIGTERM. */
export type SandboxOptions = Pick<SandboxServerOptions, 'port' | 'stateDir' | 'latency' | 'speed' | 'faultsFile'> & { stopOnStdinEnd?: boolean };

export class SandboxArgsError extends Error {}

export function parseSandboxArgs(argv: string[]): SandboxOptions {
  const opts: SandboxOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const eq = flag.indexOf('=');
    const name = eq > 0 ? flag.slice(0, eq) : flag;
    const value = eq > 0 ? flag.slice(eq + 1) : argv[i + 1];
    const take = (): string => {
      if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new SandboxArgsError(`${name} needs a value`);
      if (eq < 0) i++;
      return value;
    };
    switch (name) {
      case '--port': {
        const v = take();
        const n = Number(v);
        if (!/^\d+$/.test(v) || n > 65535) throw new SandboxArgsError(`--port must be an integer 0-65535, got '${v}'`);
        opts.port = n;
        break;
      }
      case '--stop-on-stdin-end':
        // process.ts: a parent that dies or closes our stdin stops us (no orphaned sandbox).
        opts.stopOnStdinEnd = true;
        break;
      case '--state-dir':
        opts.stateDir = take();
        break;
      case '--latency': {
        const v = take();
        if (v !== 'instant' && v !== 'realistic') throw new SandboxArgsError(`--latency must be instant or realistic, got '${v}'`);
        opts.latency = v;
        break;
      }
      case '--speed': {
        const v = take();
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0) throw new SandboxArgsError(`--speed must be a positive number, got '${v}'`);
        opts.speed = n;
        break;
      }
      case '--faults': {
        const v = take();
        if (!existsSync(v)) throw new SandboxArgsError(`--faults file not found: ${v}`);
        opts.faultsFile = v;
        break;
      }
      default:
        throw new SandboxArgsError(`unknown argument '${flag}'`);
    }
  }
  return opts;
}

export async function runSandboxCommand(argv: string[]): Promise<number> {
  let opts: SandboxOptions;
  try {
    opts = parseSandboxArgs(argv);
  } catch (err) {
    if (err instanceof SandboxArgsError) {
      process.stderr.write(`flatkube sandbox: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const { stopOnStdinEnd, ...serverOpts } = opts;
  let sandbox;
  try {
    sandbox = await startSandbox(serverOpts);
  } catch (err) {
    // A bad faults file is a usage error too (one line, exit 2).
    const msg = (err as Error).message.split('\n')[0];
    process.stderr.write(`flatkube sandbox: ${msg}\n`);
    return /invalid faults|JSON/i.test(msg ?? '') ? 2 : 1;
  }
  process.stdout.write(`${JSON.stringify(sandbox.info)}\n`);
  const running = sandbox;
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stdin.off('end', stop);
      process.stdin.off('close', stop);
      parentPort?.off('message', onMessage);
      void running.close().then(() => resolve(0), () => resolve(1));
    };
    // Electron's utilityProcess has no stdin: its parent says {type: 'stop'} (process.ts).
    const parentPort = (process as { parentPort?: NodeJS.EventEmitter }).parentPort;
    const onMessage = (e: { data?: { type?: unknown } }) => {
      if (e?.data?.type === 'stop') stop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    parentPort?.on('message', onMessage);
    if (stopOnStdinEnd) {
      process.stdin.on('end', stop);
      process.stdin.on('close', stop);
      process.stdin.resume();
    }
  });
}
