import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { builtCli, root } from '../../helpers/built-cli';

/** Runs the built `flatkube` CLI (test/helpers/built-cli.ts says why built) with its own data dir, as a user would. */
export { root };
export const example = join(root, 'examples/sandbox-dev.yaml');

/** `env` overrides the inherited environment; an undefined value removes the variable. */
export function run(args: string[], dataDir: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [builtCli(), ...args], {
    cwd: root,
    env: { ...process.env, FLATKUBE_DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
