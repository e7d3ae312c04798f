import { homedir } from 'node:os';
import path from 'node:path';

/**
 * Where the CLI keeps Flatkube's state: FLATKUBE_DATA_DIR, else the OS's per-user config folder
 * (the same folder Electron's userData uses for an app named "flatkube"), so the CLI and the app
 * see the same clusters.
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.FLATKUBE_DATA_DIR) return path.resolve(env.FLATKUBE_DATA_DIR);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'flatkube');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'flatkube');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'flatkube');
}

/** The embedded sandbox's state lives here, so `destroy` finds the same sandbox as `create`. */
export function sandboxStateDir(dataDir: string): string {
  return path.join(dataDir, 'sandbox');
}
