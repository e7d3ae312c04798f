import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ArmClients } from '../../azure/arm-clients';
import type { AzureEnvironment } from '../../azure/environment';
import type { SecretStore } from '../../secrets/secret-store';
import type { SshKeyPair } from '../../ssh/keys';
import { ClusterService } from '../service/cluster-service';
import type { SysextSource } from '../sysext/bakery';
import type { ClusterStore } from '../store/cluster-store';
import type { EngineTimings } from './context';
import { toEngineError } from './executor';
import type { DeploymentStatus, EngineEmitter, EngineError } from './types';
export { sysextPinFor } from './sysext-pin';

/**
 * Creates (or resumes) one cluster in one environment: a `create` through the ClusterService
 * (service/cluster-service.ts), for callers that have the environment at hand (tests, benches).
 * The app and the CLI use the service itself.
 */
export interface DeployOptions {
  spec: ClusterSpec;
  env: AzureEnvironment;
  arm: ArmClients;
  secrets: SecretStore;
  store: ClusterStore;
  emit: EngineEmitter;
  signal?: AbortSignal;
  /** The user's own key instead of a generated per-cluster key (already decrypted, never logged). */
  importedClientKey?: SshKeyPair;
  timings?: Partial<EngineTimings>;
  /** Where the sysext checksum comes from (default: the environment's bakery over HTTPS). */
  sysext?: SysextSource;
}

export interface DeployResult {
  status: Exclude<DeploymentStatus, 'running'>;
  error?: EngineError;
  failedStep?: string;
  kubeconfigPath?: string;
}

export async function deployCluster(opts: DeployOptions): Promise<DeployResult> {
  const service = new ClusterService({
    store: opts.store,
    secrets: opts.secrets,
    connect: async () => ({ env: opts.env, arm: opts.arm }),
    emit: opts.emit,
    ...(opts.timings ? { timings: opts.timings } : {}),
    ...(opts.sysext ? { sysext: () => opts.sysext! } : {}),
  });
  try {
    const r = await service.run({ kind: 'create', spec: opts.spec, ...(opts.importedClientKey ? { importedClientKey: opts.importedClientKey } : {}) }, opts.signal ? { signal: opts.signal } : {});
    return { status: r.status, ...(r.error ? { error: r.error } : {}), ...(r.failedStep ? { failedStep: r.failedStep } : {}), ...(r.kubeconfigPath ? { kubeconfigPath: r.kubeconfigPath } : {}) };
  } catch (err) {
    // Refused before it started (a busy cluster, a changed spec, another environment), or
    // cancelled while it was being planned.
    const cancelled = opts.signal?.aborted === true;
    const error = cancelled ? { message: 'The deployment was cancelled' } : toEngineError(err);
    try {
      opts.emit.finished({ cluster: opts.spec.name, operation: 'create', outcome: cancelled ? 'cancelled' : 'failed', error });
    } catch {
      // emitters must not break the engine
    }
    return { status: cancelled ? 'cancelled' : 'failed', error };
  }
}
