import { runCreate, runDestroy, runKubeconfig, runList } from './cluster-commands';
import { guard } from './command-errors';
import { runPreflight, runRender } from './render-commands';

/** Dispatches the cluster commands (loaded lazily by cli.ts so `web`/`sandbox` stay light). */
export function runClusterCommand(command: string, argv: string[]): Promise<number> {
  const table: Record<string, (a: string[]) => Promise<number>> = {
    render: runRender,
    preflight: runPreflight,
    create: runCreate,
    list: runList,
    kubeconfig: runKubeconfig,
    destroy: runDestroy,
  };
  return guard(command, () => table[command]!(argv));
}
