import { validateClusterSpec, type ClusterSpec } from '../../../shared/domain/cluster-spec';
import type { clusterChannels } from '../../../shared/ipc/channels/cluster';
import type { ArmClients } from '../../services/azure/arm-clients';
import type { AzureEnvironment } from '../../services/azure/environment';
import { clusterKubeconfigPath, mergeClusterKubeconfig } from '../../services/cluster/engine/cluster-kubeconfig';
import { deployCluster } from '../../services/cluster/engine/deployment';
import { NodeLogFollows } from '../../services/cluster/engine/node-logs';
import { renderExports } from '../../services/cluster/engine/exports';
import { destroyCluster } from '../../services/cluster/engine/teardown';
import type { EngineEmitter } from '../../services/cluster/engine/types';
import type { SysextSource } from '../../services/cluster/sysext/bakery';
import { sysextArch } from '../../services/cluster/render/sysext';
import { ClusterStore } from '../../services/cluster/store/cluster-store';
import { AppError } from '../../services/errors';
import type { SecretStore } from '../../services/secrets/secret-store';
import type { HandlerMap } from '../../ipc/registry';
import type { BackendContext } from '../context';

/**
 * What the cluster handlers need, injected by backend.ts: where clusters live, the SecretStore
 * for their keys, and a way to reach Azure (the sandbox or the signed-in account) for a spec.
 */
export interface ClusterServices {
  store: ClusterStore;
  secrets: SecretStore;
  /** ARM clients for the spec's subscription in the current environment; throws when signed out. */
  connect(spec: ClusterSpec): Promise<{ env: AzureEnvironment; arm: ArmClients }>;
  /** The current environment's Kubernetes sysext bakery (exports resolve their pin from it). */
  sysext(): Promise<SysextSource>;
  /** Live node-log follows; pass one to stop them all on shutdown (stopAll). Default: per handler map. */
  logFollows?: NodeLogFollows;
}

function specOrThrow(input: unknown): ClusterSpec {
  const r = validateClusterSpec(input);
  if (r.ok) return r.spec;
  throw new AppError('CLUSTER_SPEC_INVALID', r.issues.map((i) => `${i.path || '(spec)'}: ${i.message}`).slice(0, 5).join('; '));
}

export function clusterHandlers(ctx: BackendContext, services: ClusterServices): HandlerMap<typeof clusterChannels> {
  // Deployments run in the background, one per cluster; the renderer follows them by events.
  const active = new Map<string, { abort: AbortController; done: Promise<unknown> }>();
  const emitter: EngineEmitter = {
    progress: (e) => ctx.hub.emit('cluster.progress', e),
    log: (e) => ctx.hub.emit('cluster.log', e),
    finished: (e) => ctx.hub.emit('cluster.finished', e),
  };

  // Live node logs (Clusters view): one SSH follow per id, stopped by cluster.stopLogs.
  const follows = services.logFollows ?? new NodeLogFollows();

  const start = async (spec: ClusterSpec) => {
    if (active.has(spec.name)) throw new AppError('CLUSTER_BUSY', `a deployment of ${spec.name} is already running`);
    const { env, arm } = await services.connect(spec);
    // The record exists before we answer, so a list right after shows the cluster.
    await services.store.create(spec, env.kind);
    const abort = new AbortController();
    const done = deployCluster({ spec, env, arm, secrets: services.secrets, store: services.store, emit: emitter, signal: abort.signal })
      .catch((err: unknown) => ctx.log(`deployment of ${spec.name} crashed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => active.delete(spec.name));
    active.set(spec.name, { abort, done });
    return { name: spec.name };
  };

  return {
    'cluster.exports': async ({ spec: input }, call) => {
      const spec = specOrThrow(input);
      const rec = await services.store.get(spec.name).catch(() => undefined);
      const live = rec && rec.state !== 'deleted' ? rec : undefined;
      // What its nodes really have: the recorded pin, when it is for this image and this
      // environment's bakery (a sandbox cluster's pin names the sandbox; a restarted one moved).
      const sysext = await services.sysext();
      const recorded = live?.sysextPin;
      const same = recorded && live.spec.kubernetesVersion === spec.kubernetesVersion && live.spec.architecture === spec.architecture && recorded.url.startsWith(`${sysext.bakery}/`);
      const pin = same ? recorded : await sysext.resolve(spec.kubernetesVersion, sysextArch(spec.architecture), call.signal);
      // No private key in any export: each node makes its own host key (the az script reads the
      // public half from the node's serial console).
      return renderExports(spec, pin);
    },
    'cluster.create': ({ spec }) => start(specOrThrow(spec)),
    'cluster.resume': async ({ name }) => start((await services.store.require(name)).spec),
    'cluster.cancel': ({ name }) => {
      const run = active.get(name);
      run?.abort.abort();
      return { cancelled: run !== undefined };
    },
    'cluster.list': () => services.store.list((name) => active.has(name)),
    'cluster.destroy': async ({ name }) => {
      const run = active.get(name);
      if (run) {
        run.abort.abort();
        await run.done;
      }
      const rec = await services.store.require(name);
      const { arm } = await services.connect(rec.spec);
      const r = await destroyCluster({ name, store: services.store, arm, emit: emitter });
      if (r.error && r.leftovers.length === 0) throw new AppError('CLUSTER_TEARDOWN_FAILED', r.error.message, r.error.hint ? { hint: r.error.hint } : {});
      return { leftovers: r.leftovers, ...(r.kept.length ? { kept: r.kept } : {}) };
    },
    'cluster.kubeconfig': ({ name }) => clusterKubeconfigPath(services.store, name),
    'cluster.mergeKubeconfig': ({ name, setCurrentContext }) => mergeClusterKubeconfig(services.store, name, { setCurrentContext }),
    'cluster.followLogs': async ({ name, node, unit }) => {
      const rec = await services.store.require(name);
      const { env, arm } = await services.connect(rec.spec);
      return follows.start({ store: services.store, secrets: services.secrets, env, arm, name, node, unit: unit ?? null, emit: emitter.log });
    },
    'cluster.stopLogs': async ({ followId }) => ({ stopped: await follows.stop(followId) }),
  };
}

/**
 * Until the app composes real services (sign-in + environment), clusters are listed from the data
 * dir and every Azure-bound call says why it cannot run. Keys go through the injected SecretStore.
 */
export function defaultClusterServices(dataDir: string, secrets: SecretStore): ClusterServices {
  return {
    store: new ClusterStore(dataDir),
    secrets,
    connect: async () => {
      throw new AppError('CLUSTER_NOT_CONNECTED', 'No Azure environment is connected (sign in, or start the sandbox).');
    },
    sysext: async () => {
      throw new AppError('CLUSTER_NOT_CONNECTED', 'No Azure environment is connected (sign in, or start the sandbox).');
    },
  };
}
