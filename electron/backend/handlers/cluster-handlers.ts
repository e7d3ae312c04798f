import { validateClusterSpec, type ClusterSpec } from '../../../shared/domain/cluster-spec';
import type { clusterChannels } from '../../../shared/ipc/channels/cluster';
import type { ArmClients } from '../../services/azure/arm-clients';
import type { AzureEnvironment } from '../../services/azure/environment';
import { clusterKubeconfigPath, mergeClusterKubeconfig } from '../../services/cluster/engine/cluster-kubeconfig';
import type { PaceControl } from '../../services/cluster/engine/pace-gate';
import { NodeLogFollows } from '../../services/cluster/engine/node-logs';
import { renderExports } from '../../services/cluster/engine/exports';
import type { EngineEmitter } from '../../services/cluster/engine/types';
import type { SysextSource } from '../../services/cluster/sysext/bakery';
import { sysextArch } from '../../services/cluster/render/sysext';
import { ClusterService } from '../../services/cluster/service/cluster-service';
import { ClusterStore } from '../../services/cluster/store/cluster-store';
import { AppError } from '../../services/errors';
import type { SecretStore } from '../../services/secrets/secret-store';
import { writeSecretFile } from '../../services/secrets/write-secret-file';
import { generateUserKey, readUserPrivateKey } from '../../services/ssh/user-key';
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
  /** The trainer's pace gate (engine/pace-gate.ts); the service applies it to sandbox operations only. */
  pace?: PaceControl;
}

function specOrThrow(input: unknown): ClusterSpec {
  const r = validateClusterSpec(input);
  if (r.ok) return r.spec;
  throw new AppError('CLUSTER_SPEC_INVALID', r.issues.map((i) => `${i.path || '(spec)'}: ${i.message}`).slice(0, 5).join('; '));
}

export function clusterHandlers(
  ctx: BackendContext,
  services: ClusterServices,
  /** Registers what the backend's close must do: operations running here are cancelled, their locks released. */
  onClose: (fn: () => Promise<void>) => void = () => {},
): HandlerMap<typeof clusterChannels> {
  const emitter: EngineEmitter = {
    progress: (e) => ctx.hub.emit('cluster.progress', e),
    log: (e) => ctx.hub.emit('cluster.log', e),
    finished: (e) => ctx.hub.emit('cluster.finished', e),
  };
  // Operations run in the service (locks, plans, journals, history); this file only adapts IPC to
  // it. They run in the background; the renderer follows them by events.
  const service = new ClusterService({ store: services.store, secrets: services.secrets, connect: (spec) => services.connect(spec), emit: emitter, ...(services.pace ? { pace: services.pace } : {}) });
  onClose(() => service.cancelAll());
  const background = (name: string, done: Promise<unknown>) =>
    void done.catch((err: unknown) => ctx.log(`operation on ${name} crashed: ${err instanceof Error ? err.message : String(err)}`));

  // Live node logs (Clusters view): one SSH follow per id, stopped by cluster.stopLogs.
  const follows = services.logFollows ?? new NodeLogFollows();

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
    'cluster.create': async ({ spec }) => {
      const run = await service.start({ kind: 'create', spec: specOrThrow(spec) });
      background(run.cluster, run.done);
      return { name: run.cluster };
    },
    'cluster.apply': async ({ spec }) => {
      const run = await service.start({ kind: 'apply', spec: specOrThrow(spec) });
      background(run.cluster, run.done);
      return { name: run.cluster, operation: run.preview.kind };
    },
    'cluster.plan': ({ spec }, call) => service.preview({ kind: 'apply', spec: specOrThrow(spec) }, call.signal),
    'cluster.upgrade': async ({ name, kubernetesVersion }) => {
      const run = await service.start({ kind: 'upgrade', name, kubernetesVersion });
      background(run.cluster, run.done);
      return { name: run.cluster, operation: run.preview.kind };
    },
    'cluster.planUpgrade': ({ name, kubernetesVersion }, call) => service.preview({ kind: 'upgrade', name, kubernetesVersion }, call.signal),
    'cluster.resume': async ({ name }) => {
      const run = await service.start({ kind: 'resume', name });
      background(run.cluster, run.done);
      return { name: run.cluster };
    },
    'cluster.operation': ({ name, operationId }) => service.operation(name, operationId),
    'cluster.cancel': ({ name }) => ({ cancelled: service.cancel(name) }),
    'cluster.list': () => service.list(),
    'cluster.status': ({ name }, call) => service.status(name, call.signal),
    'cluster.spec': async ({ name }) => ({ spec: (await services.store.require(name)).spec }),
    'cluster.destroy': async ({ name }) => {
      // Destroy wins over an operation running here: it is cancelled first (another process's
      // operation holds the lock, and the destroy is refused naming it).
      if (service.cancel(name)) await service.settled(name);
      const r = await service.run({ kind: 'destroy', name });
      const leftovers = r.leftovers ?? [];
      if (r.error && leftovers.length === 0) throw new AppError('CLUSTER_TEARDOWN_FAILED', r.error.message, r.error.hint ? { hint: r.error.hint } : {});
      return { leftovers, ...(r.kept?.length ? { kept: r.kept } : {}) };
    },
    'cluster.generateSshKey': ({ cluster }) => generateUserKey(ctx.dataDir, cluster),
    'cluster.downloadSshKey': async ({ keyId }) => {
      const privateKey = await readUserPrivateKey(ctx.dataDir, keyId);
      const fileName = `${keyId}_ed25519`;
      // Browser mode: a one-time link the browser downloads; the key is never a value in the page.
      if (!ctx.saveFileAs) return { fileName, downloadUrl: ctx.downloads.offer(fileName, privateKey) };
      const target = await ctx.saveFileAs(fileName);
      if (!target) return { fileName };
      await writeSecretFile(target, privateKey);
      return { fileName, savedTo: target };
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
