import { channels, events, type AppInfo } from '../../shared/ipc/contract';
import { EventHub } from '../ipc/event-hub';
import { IpcRegistry, type HandlerMap } from '../ipc/registry';
import type { BackendContext } from './context';
import { appHandlers } from './handlers/app-handlers';

export interface BackendOptions {
  shell: AppInfo['shell'];
  /** Where Flatkube keeps its state (settings, clusters, token cache); 0700. */
  dataDir?: string;
  /** Reports handler failures; must not receive secrets (services redact before throwing). */
  log?: (line: string) => void;
}

export interface Backend {
  registry: IpcRegistry<typeof channels>;
  hub: EventHub<typeof events>;
  close(): Promise<void>;
}

/**
 * Composes the main-process services into the handler map of the IPC contract. Plain Node:
 * the Electron main process, browser mode and the tests all build the same backend.
 */
export function createBackend(options: BackendOptions): Backend {
  const log = options.log ?? (() => {});
  const hub = new EventHub(events, (channel, error) => log(`invalid event on ${channel}: ${String(error)}`));
  const ctx: BackendContext = { shell: options.shell, hub, log, dataDir: options.dataDir ?? '' };
  const handlers: HandlerMap<typeof channels> = {
    ...appHandlers(ctx),
  };
  const registry = new IpcRegistry(channels, handlers, {
    onHandlerError: (channel, error) => log(`handler ${channel} failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  return {
    registry,
    hub,
    async close() {},
  };
}
