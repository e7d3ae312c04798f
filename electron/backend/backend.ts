import { channels, events, type AppInfo } from '../../shared/ipc/contract';
import { EventHub } from '../ipc/event-hub';
import { IpcRegistry, type HandlerMap } from '../ipc/registry';
import type { BackendContext } from './context';
import { appHandlers } from './handlers/app-handlers';
import { clusterHandlers, defaultClusterServices, type ClusterServices } from './handlers/cluster-handlers';
import { FileKeySecretStore } from '../services/secrets/file-key-secret-store';
import { resolveDataDir } from '../services/app/data-dir';
import { NodeLogFollows } from '../services/cluster/engine/node-logs';
import type { ClusterSpec } from '../../shared/domain/cluster-spec';
import { createAzureServices, type AzureServicesOptions } from './azure-services';
import { authHandlers } from './handlers/auth-handlers';
import { azureHandlers } from './handlers/azure-handlers';
import { paceHandlers } from './handlers/pace-handlers';
import { PaceControl } from '../services/cluster/engine/pace-gate';
import { classroomHandlers } from './handlers/classroom-handlers';
import { OneTimeDownloads } from './one-time-downloads';
import { ApiCallLog } from '../services/azure/api-calls/call-log';
import { apiCallPolicy } from '../services/azure/api-calls/call-policy';

export interface BackendOptions {
  shell: AppInfo['shell'];
  /** Where Flatkube keeps its state (settings, clusters, token cache); default: the per-user config folder. */
  dataDir?: string;
  /** Reports handler failures; must not receive secrets (services redact before throwing). */
  log?: (line: string) => void;
  /** The cluster engine's services (store, SecretStore, Azure connection); a data-dir default otherwise. */
  cluster?: ClusterServices;
  /** Sign-in and Azure services (SecretStore, browser opener, sandbox starter); data-dir defaults otherwise. */
  azure?: Partial<AzureServicesOptions>;
  /** The app's save dialog (Electron's, from main.ts); browser mode has none and downloads instead. */
  saveFileAs?: (defaultName: string) => Promise<string | undefined>;
}

export interface Backend {
  registry: IpcRegistry<typeof channels>;
  hub: EventHub<typeof events>;
  /** One-time download links browser mode serves (browser-mode.ts). */
  downloads: OneTimeDownloads;
  close(): Promise<void>;
}

/**
 * Composes the main-process services into the handler map of the IPC contract. Plain Node:
 * the Electron main process, browser mode and the tests all build the same backend.
 */
export function createBackend(options: BackendOptions): Backend {
  const log = options.log ?? (() => {});
  const hub = new EventHub(events, (channel, error) => log(`invalid event on ${channel}: ${String(error)}`));
  const downloads = new OneTimeDownloads();
  const ctx: BackendContext = { shell: options.shell, hub, log, dataDir: options.dataDir ?? resolveDataDir(), downloads, ...(options.saveFileAs ? { saveFileAs: options.saveFileAs } : {}) };
  // One SecretStore for the token cache and the cluster keys: Electron's safeStorage in the app,
  // a key file in the data folder elsewhere (browser mode, CLI, tests).
  const secretStore = options.azure?.secretStore ?? new FileKeySecretStore({ dataDir: ctx.dataDir });
  // Every ARM call of an operation, recorded by a pipeline policy, streamed and kept with the
  // cluster (the API calls pane). Its folder comes from the cluster store, made just below.
  const apiCalls = new ApiCallLog({ clusterDir: (name) => baseCluster.store.paths(name).dir, emit: (c) => hub.emit('azure.call', c), log });
  const azure = createAzureServices({ dataDir: ctx.dataDir, log, armPolicies: [apiCallPolicy(apiCalls.record)], ...options.azure, secretStore });
  // Deployments use whatever environment the session is in: the sandbox until Azure is signed in.
  const baseCluster = options.cluster ?? { ...defaultClusterServices(ctx.dataDir, secretStore), connect: (spec: ClusterSpec) => azure.connectCluster(spec), sysext: async () => azure.sysextFor((await azure.session.current()).env) };
  // Live node-log follows end with the backend (their SSH connections would keep it alive).
  // One pace gate for the backend: the trainer's pause holds every sandbox operation it runs.
  const pace = new PaceControl();
  const cluster = { ...baseCluster, logFollows: baseCluster.logFollows ?? new NodeLogFollows(), pace: baseCluster.pace ?? pace };
  const closers: (() => Promise<void>)[] = [];
  const clusterMap = clusterHandlers(ctx, cluster, (fn) => closers.push(fn));
  // Reset classroom goes through the same cluster.list and cluster.destroy as the UI (this call
  // context is never aborted).
  const internal = { transport: 'internal' as const, signal: new AbortController().signal };
  const classroomClusters = {
    list: async () => clusterMap['cluster.list'](undefined, internal),
    destroy: async (name: string) => clusterMap['cluster.destroy']({ name }, internal),
  };
  const handlers: HandlerMap<typeof channels> = {
    ...appHandlers(ctx),
    ...authHandlers(ctx, azure),
    ...azureHandlers(ctx, azure),
    ...clusterMap,
    ...paceHandlers(ctx, azure, cluster.pace),
    ...classroomHandlers(ctx, azure, apiCalls, classroomClusters),
  };
  const registry = new IpcRegistry(channels, handlers, {
    onHandlerError: (channel, error) => log(`handler ${channel} failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  return {
    registry,
    hub,
    downloads,
    async close() {
      downloads.clear();
      for (const close of closers) await close();
      await cluster.logFollows.stopAll();
      await apiCalls.flushAll();
      await azure.close();
    },
  };
}
