import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ArmClients } from '../../azure/arm-clients';
import type { AzureEnvironment } from '../../azure/environment';
import type { SecretStore } from '../../secrets/secret-store';
import type { SshKeyPair } from '../../ssh/keys';
import { buildPlan } from '../plan/build-plan';
import { sysextSource, type SysextSource } from '../sysext/bakery';
import { checkSysextPin, sysextArch, type SysextPin } from '../render/sysext';
import type { PlanStep } from '../plan/types';
import type { ClusterStore } from '../store/cluster-store';
import { emptyOwnership } from '../store/ownership';
import { armRunner } from './arm-steps';
import { ensureClusterKeys } from './cluster-keys';
import { DEFAULT_TIMINGS, type DeploymentContext, type EngineTimings } from './context';
import { executePlan, toEngineError } from './executor';
import { DeploymentJournal } from './journal';
import { inferLegacyOwnership } from './legacy-ownership';
import { nodesReadyRunner } from './kubeconfig-step';
import { logText } from './log-text';
import { publicIpOf } from './node-facts';
import { NodeSessions } from './node-sessions';
import { OwnershipLedger } from './ownership-ledger';
import { renderNodeCustomData } from './render-node';
import { sshRunner } from './ssh-steps';
import type { DeploymentStatus, EngineEmitter, EngineError, StepRunner } from './types';

/**
 * Creates (or resumes) one cluster: record + keys + journal + plan, then the executor with the
 * step runners for this environment. The same call resumes an unfinished deployment: the journal
 * says what is done, the runners check before they act.
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

// 'terms' too: a VM create that met unaccepted terms (cancelled since, or not propagated yet)
// must find them checked again on resume, not skipped as done.
const VOLATILE = (s: PlanStep) => s.id === 'join-command' || s.id === 'terms' || s.id.startsWith('ignition:');

export async function deployCluster(opts: DeployOptions): Promise<DeployResult> {
  const { spec, store, emit } = opts;
  const paths = store.paths(spec.name);
  const finish = (r: DeployResult): DeployResult => {
    try {
      emit.finished({
        cluster: spec.name,
        operation: 'create',
        outcome: r.status,
        ...(r.error ? { error: r.error } : {}),
        ...(r.kubeconfigPath ? { kubeconfigPath: r.kubeconfigPath } : {}),
      });
    } catch {
      // emitters must not break the engine
    }
    return r;
  };

  let ctx: DeploymentContext | undefined;
  try {
    const existing = await store.get(spec.name);
    if (existing && existing.state === 'created') {
      return finish({ status: 'succeeded', ...(existing.kubeconfigPath ? { kubeconfigPath: existing.kubeconfigPath } : {}) });
    }
    if (existing && existing.state !== 'deleted' && existing.environment !== opts.env.kind) {
      throw new Error(`cluster ${spec.name} exists in the ${existing.environment}, not in ${opts.env.kind}`);
    }
    const stamp = new Date().toISOString();
    const prior = existing && existing.state !== 'deleted' ? existing : undefined;
    // A resumed deployment keeps what it recorded; one recorded by older code is worked out
    // conservatively from Azure (legacy-ownership.ts) before anything is created.
    const ownership = prior?.ownership ?? (prior ? (await inferLegacyOwnership(opts.arm, spec, opts.signal)).ownership : emptyOwnership());
    await store.save({
      ...(prior ?? { version: 2 as const, name: spec.name, createdAt: stamp, updatedAt: stamp, nodes: [], operations: [] }),
      environment: opts.env.kind,
      spec,
      state: 'running',
      ownership,
    });
    // The real checksum before anything is created or rendered: no checksum, no deployment. A
    // resumed deployment keeps the pin it started with (its VMs' custom data cannot change).
    const sysextPin = await sysextPinFor(spec, prior?.sysextPin, opts.sysext ?? sysextSource(opts.env), opts.signal);
    await store.update(spec.name, { sysextPin });
    const keys = await ensureClusterKeys(opts.secrets, paths.keysDir, spec, opts.importedClientKey ? { importedClientKey: opts.importedClientKey } : {});
    const journal = await DeploymentJournal.open(paths.journal, spec.name);
    const timings = { ...DEFAULT_TIMINGS, ...opts.timings };
    const plan = buildPlan(spec);
    const context: DeploymentContext = {
      spec,
      env: opts.env,
      arm: opts.arm,
      keys,
      journal,
      ownership: new OwnershipLedger(store, spec.name, ownership),
      paths,
      timings,
      customData: new Map(),
      sysextPin,
      sessions: undefined as unknown as NodeSessions,
      onKubeconfig: async (path) => {
        await store.update(spec.name, { kubeconfigPath: path });
      },
    };
    context.sessions = new NodeSessions({
      env: opts.env,
      keys,
      user: spec.ssh.user,
      timings,
      publicIp: (node, signal) => publicIpOf(context, node, signal),
      onReconnect: (node, info) =>
        emit.log({
          cluster: spec.name,
          stream: node,
          level: 'warn',
          text: logText(`SSH connection lost; reconnecting (attempt ${info.attempt})${info.error ? `: ${info.error.message}` : ''}`),
          ts: Date.now(),
        }),
    });
    ctx = context;
    const runnerFor = (step: PlanStep): StepRunner => {
      switch (step.kind) {
        case 'arm':
          return armRunner(context, step);
        case 'ssh':
          return sshRunner(context, step);
        case 'kube':
          return nodesReadyRunner(context, step);
        case 'local':
          return async (r) => {
            await renderNodeCustomData(context, step.node!, r.signal);
            r.log('info', `Ignition config rendered (${context.customData.get(step.node!)!.length} base64 characters of custom data)`);
          };
      }
    };
    const result = await executePlan({
      plan,
      journal,
      emit,
      runnerFor,
      isVolatile: VOLATILE,
      streamFor: (s) => (s.kind === 'arm' ? 'azure' : 'local'),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const kubeconfigPath = journal.fact('kubeconfigPath');
    await store.update(spec.name, {
      state: result.status === 'succeeded' ? 'created' : result.status,
      ...(result.error ? { lastError: result.error } : { lastError: undefined }),
    });
    return finish({ ...result, ...(kubeconfigPath && result.status === 'succeeded' ? { kubeconfigPath } : {}) });
  } catch (err) {
    // Cancelled before the plan ran (e.g. while the sysext checksum was fetched): not a failure.
    if (opts.signal?.aborted) {
      const error = { message: 'The deployment was cancelled' };
      await store.update(spec.name, { state: 'cancelled', lastError: error }).catch(() => {});
      return finish({ status: 'cancelled', error });
    }
    const error = toEngineError(err);
    await store.update(spec.name, { state: 'failed', lastError: error }).catch(() => {});
    return finish({ status: 'failed', error });
  } finally {
    ctx?.sessions.closeAll();
  }
}

/** The recorded pin when it is for this spec's image, else one resolved from the bakery. */
export async function sysextPinFor(spec: ClusterSpec, recorded: SysextPin | undefined, source: SysextSource, signal?: AbortSignal): Promise<SysextPin> {
  const arch = sysextArch(spec.architecture);
  if (recorded) {
    try {
      return checkSysextPin(recorded, spec.kubernetesVersion, arch);
    } catch {
      // The spec changed version or architecture since: resolve afresh.
    }
  }
  return source.resolve(spec.kubernetesVersion, arch, signal);
}
