/**
 * Launching `flatkube` for the apply/status/lock tests, as its own process with its own data dir:
 * the build (`dist/cli/cli.mjs`; ../../helpers/built-cli.ts says why, and fails when it is stale),
 * as run-cli.ts does. And a look into the sandbox the CLI left behind: the
 * same sandbox (its state dir under the data dir) started again, with ARM clients on it; only
 * between CLI runs, as two sandboxes must not share a state dir.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { nodeResources as armNodeResources } from '../../helpers/arm-inventory';
import { builtCli, root } from '../../helpers/built-cli';
import { openSandboxSession, type SandboxSession } from '../../../electron/cli/sandbox-session';

export const example = join(root, 'examples/sandbox-dev.yaml');

function command(args: string[]): string[] {
  return [builtCli(), ...args];
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function flatkube(args: string[], dataDir: string): Ran {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, command(args), { cwd: root, env: { ...process.env, FLATKUBE_DATA_DIR: dataDir }, encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

/** A running `flatkube`, its output so far, and its end. */
export interface Running {
  child: ChildProcess;
  output(): string;
  /** Resolves once the output matches. */
  waitFor(re: RegExp, ms?: number): Promise<void>;
  exit: Promise<number | null>;
}

export function startFlatkube(args: string[], dataDir: string): Running {
  const child = spawn(process.execPath, command(args), { cwd: root, env: { ...process.env, FLATKUBE_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  const feed = (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of [...waiters]) {
      if (!w.re.test(out)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout!.on('data', feed);
  child.stderr!.on('data', feed);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exit,
    waitFor(re, ms = 120_000) {
      if (re.test(out)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${re} in the output within ${ms} ms:\n${out}`)), ms);
        waiters.push({ re, resolve: () => (clearTimeout(timer), resolve()) });
        void exit.then(() => setTimeout(() => reject(new Error(`flatkube ended without ${re}:\n${out}`)), 50));
      });
    },
  };
}

/** The sandbox the CLI used, started again on its state dir, for ARM's view; closed after `fn`. */
export async function inSandbox<T>(dataDir: string, fn: (s: SandboxSession) => Promise<T>): Promise<T> {
  const s = await openSandboxSession(dataDir);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

/** Which of a node's VM, NIC, OS disk and public IP the sandbox's ARM has. */
export function nodeResources(s: SandboxSession, cluster: string, rg: string, node: string): Promise<string[]> {
  return armNodeResources(s.arm, cluster, rg, node);
}
