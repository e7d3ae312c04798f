import type { ClusterSpec } from '../../shared/domain/cluster-spec';
import type { EngineEmitter } from '../services/cluster/engine/types';
import { ClusterService, type ClusterConnection } from '../services/cluster/service/cluster-service';
import type { ClusterRecord } from '../services/cluster/store/cluster-record';
import { ClusterStore } from '../services/cluster/store/cluster-store';
import { FileKeySecretStore } from '../services/secrets/file-key-secret-store';
import type { CliAuthMethod } from './azure-session';
import { writeLine, type CliDeps } from './cli-deps';
import { azureTarget, sandboxTarget, type DeployTarget } from './deploy-targets';

/**
 * The ClusterService as the CLI composes it: the data dir's store and key file, the terminal as
 * the emitter, and Azure reached lazily (deploy-targets.ts) only once the service asks, which is
 * after it holds the cluster's lock: a busy cluster is refused before a sandbox starts or a
 * sign-in prompts. Where a cluster lives comes from its record; a new one goes where the flags
 * say (--sandbox).
 */
export interface CliServiceOptions {
  /** Where a cluster without a record goes. */
  environment: ClusterRecord['environment'];
  latency?: 'instant' | 'realistic';
  auth?: CliAuthMethod;
  signal?: AbortSignal;
  /** `status` of a real-Azure cluster needs no sign-in: its API address does not move. */
  azureOptional?: boolean;
  /** Where "sandbox at ...; data in ..." goes (default stdout; `status --json` keeps stdout for its JSON). */
  announce?: NodeJS.WritableStream;
}

export interface CliClusterService {
  service: ClusterService;
  store: ClusterStore;
  close(): Promise<void>;
}

export function cliClusterService(deps: CliDeps, emit: EngineEmitter, opts: CliServiceOptions): CliClusterService {
  const store = new ClusterStore(deps.dataDir);
  const targets = new Map<string, Promise<DeployTarget>>();
  const open = (where: ClusterRecord['environment'], spec: ClusterSpec): Promise<DeployTarget> => {
    const key = where === 'sandbox' ? 'sandbox' : `azure:${spec.subscriptionId}`;
    let t = targets.get(key);
    if (!t) {
      t = (where === 'sandbox' ? sandboxTarget(deps.dataDir, opts.latency) : azureTarget(deps, spec.subscriptionId, opts.signal, opts.auth)).then((target) => {
        writeLine(opts.announce ?? deps.stdout, `${target.where}; data in ${deps.dataDir}`);
        return target;
      });
      targets.set(key, t);
    }
    return t;
  };
  const connect = async (spec: ClusterSpec, recorded: ClusterRecord['environment'] | undefined): Promise<ClusterConnection> => {
    const where = recorded ?? opts.environment;
    if (where === 'azure' && opts.azureOptional) throw new Error('not signing in to Azure for this');
    const t = await open(where, spec);
    return { env: t.env, arm: t.arm };
  };
  const service = new ClusterService({ store, secrets: new FileKeySecretStore({ dataDir: deps.dataDir }), connect, emit });
  return {
    service,
    store,
    async close() {
      for (const t of targets.values()) await (await t.catch(() => undefined))?.close();
    },
  };
}
