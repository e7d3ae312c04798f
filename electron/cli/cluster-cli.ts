import { runLogin, runLogout } from './auth-commands';
import type { CliDeps } from './cli-deps';
import { runCreate, runDestroy, runKubeconfig, runList } from './cluster-commands';
import { runApply, runStatus } from './life-commands';
import { runUpgradeCommand } from './upgrade-command';
import { guard } from './command-errors';
import { runPreflight, runRender } from './render-commands';

/**
 * Dispatches the cluster and sign-in commands (loaded lazily by cli.ts so `web`/`sandbox` stay
 * light). `deps` replaces the terminal, data dir and Azure environment, for in-process tests.
 */
export function runClusterCommand(command: string, argv: string[], deps?: CliDeps): Promise<number> {
  const table: Record<string, (a: string[]) => Promise<number>> = {
    render: runRender,
    preflight: (a) => runPreflight(a, deps),
    create: (a) => runCreate(a, deps),
    apply: (a) => runApply(a, deps),
    status: (a) => runStatus(a, deps),
    upgrade: (a) => runUpgradeCommand(a, deps),
    list: (a) => runList(a, deps),
    kubeconfig: (a) => runKubeconfig(a, deps),
    destroy: (a) => runDestroy(a, deps),
    login: (a) => runLogin(a, deps),
    logout: (a) => runLogout(a, deps),
  };
  return guard(command, () => table[command]!(argv));
}
