import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Runs the `flatkube` CLI from source (tsx) with its own data dir, as a user would. */
export const root = new URL('../../../', import.meta.url).pathname;
export const cli = join(root, 'electron/cli.ts');
export const example = join(root, 'examples/sandbox-dev.yaml');

/** `env` overrides the inherited environment; an undefined value removes the variable. */
export function run(args: string[], dataDir: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: root,
    env: { ...process.env, FLATKUBE_DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
