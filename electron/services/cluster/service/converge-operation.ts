import { rm } from 'node:fs/promises';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ArmClients } from '../../azure/arm-clients';
import type { AzureEnvironment } from '../../azure/environment';
import type { SecretStore } from '../../secrets/secret-store';
import type { SshKeyPair } from '../../ssh/keys';
import { ensureClusterKeys } from '../engine/cluster-keys';
import { DEFAULT_TIMINGS, type DeploymentContext, type EngineTimings } from '../engine/context';
import { sysextPinFor } from '../engine/sysext-pin';
import { executePlan, toEngineError } from '../engine/executor';
import { DeploymentJournal } from '../engine/journal';
import type { PaceGate } from '../engine/pace-gate';
import { inferLegacyOwnership } from '../engine/legacy-ownership';
import type { NodeSessions } from '../engine/node-sessions';
import { openDeploymentSessions } from '../engine/deployment-sessions';
import { OwnershipLedger } from '../engine/ownership-ledger';
import { runnerFor } from '../engine/step-runners';
import { linkCallsToStep } from '../engine/call-step';
import type { EngineEmitter, EngineError } from '../engine/types';
import type { ConvergePlan } from '../operations/converge-plan';
import { isVolatileAction, STEP_KINDS } from '../plan/step-actions';
import { sysextSource, type SysextSource } from '../sysext/bakery';
import { RECORD_VERSION, type ClusterRecord, type OperationRecord } from '../store/cluster-record';
import type { ClusterStore } from '../store/cluster-store';
import { emptyOwnership } from '../store/ownership';
import { withOperation } from './operation-history';

/**
 * Runs one create or apply whose plan is made (operations/converge-plan.ts) and whose lock is
 * held (the service takes it): records the operation and the node layout before anything runs,
 * pins the sysext, loads or makes the keys, runs the plan with its own journal, and records the
 * end. A resumed operation (same id) continues its journal; done steps stay done.
 */
export interface ConvergeRun {
  spec: ClusterSpec;
  env: AzureEnvironment;
  arm: ArmClients;
  secrets: SecretStore;
  store: ClusterStore;
  emit: EngineEmitter;
  /** The record as it was before this operation (undefined: new, or destroyed before). */
  existing: ClusterRecord | undefined;
  operation: OperationRecord;
  /** True when `operation` continues an unfinished one (its journal is kept). */
  resumed: boolean;
  planned: ConvergePlan;
  signal?: AbortSignal;
  /** The sandbox's pause and step-through (engine/pace-gate.ts); the service decides when. */
  pace?: PaceGate;
  timings?: Partial<EngineTimings>;
  sysext?: SysextSource;
  importedClientKey?: SshKeyPair;
  /** Called once the operation is in the record (the app answers then, so a list shows it). */
  onRecorded?: () => void;
}

export interface OperationResult {
  status: 'succeeded' | 'failed' | 'cancelled';
  operationId: string;
  error?: EngineError;
  failedStep?: string;
  kubeconfigPath?: string;
}

export async function runConverge(run: ConvergeRun): Promise<OperationResult> {
  const { spec, store, emit, operation: op } = run;
  const paths = store.paths(spec.name);
  let sessions: NodeSessions | undefined;
  const finish = async (status: OperationResult['status'], error?: EngineError, extra: Partial<OperationResult> = {}): Promise<OperationResult> => {
    const endedAt = new Date();
    const ended: OperationRecord = { ...op, state: status, finishedAt: endedAt.toISOString(), ...(error ? { error } : {}) };
    if (!error) delete ended.error;
    await store
      .modify(spec.name, (rec) => ({
        state: status === 'succeeded' ? 'created' : status,
        operations: withOperation(rec.operations, ended),
        // Done: the nodes the spec has, all in place; the removed ones are gone from the record.
        ...(status === 'succeeded' ? { nodes: run.planned.layout.filter((n) => n.state !== 'removing').map((n) => ({ ...n, state: 'ready' as const })) } : {}),
        lastError: error,
      }))
      .catch(() => {});
    const result: OperationResult = { status, operationId: op.id, ...(error ? { error } : {}), ...extra };
    try {
      emit.finished({ cluster: spec.name, operation: op.kind, outcome: status, finishedAt: endedAt.getTime(), ...(error ? { error } : {}), ...(result.kubeconfigPath ? { kubeconfigPath: result.kubeconfigPath } : {}) });
    } catch {
      // emitters must not break the engine
    }
    return result;
  };

  try {
    const prior = run.existing;
    // A record written before ownership was kept is worked out conservatively from Azure
    // (legacy-ownership.ts) before anything is created.
    const ownership = prior?.ownership ?? (prior ? (await inferLegacyOwnership(run.arm, spec, run.signal)).ownership : emptyOwnership());
    const stamp = new Date().toISOString();
    // Before anything runs: the operation, the spec it brings the cluster to, and the nodes it
    // creates or removes (their addresses reserved), so a crash leaves all of it known.
    await store.save({
      ...(prior ?? { version: RECORD_VERSION, name: spec.name, createdAt: stamp, updatedAt: stamp, operations: [] }),
      version: RECORD_VERSION,
      environment: run.env.kind,
      spec,
      state: 'running',
      ownership,
      nodes: run.planned.layout,
      operations: withOperation(prior?.operations ?? [], op),
    });
    run.onRecorded?.();
    // The real checksum before anything is created or rendered: no checksum, no deployment. A
    // cluster keeps the pin it was created with (its VMs' custom data cannot change, and new
    // nodes must run the same Kubernetes).
    const sysextPin = await sysextPinFor(spec, prior?.sysextPin, run.sysext ?? sysextSource(run.env), run.signal);
    await store.update(spec.name, { sysextPin });
    const keys = await ensureClusterKeys(run.secrets, paths.keysDir, spec, {
      ...(run.importedClientKey ? { importedClientKey: run.importedClientKey } : {}),
      nodes: run.planned.layout.map((n) => n.name),
    });
    const journalPath = store.journalPath(spec.name, op.journal);
    if (!run.resumed) await rm(journalPath, { force: true }); // a new operation starts a new journal
    const journal = await DeploymentJournal.open(journalPath, spec.name);
    const timings = { ...DEFAULT_TIMINGS, ...run.timings };
    const ctx: DeploymentContext = {
      spec,
      nodes: run.planned.nodes,
      removing: run.planned.removing,
      env: run.env,
      arm: run.arm,
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
      onControlPlaneEndpoint: async (endpoint) => {
        await store.update(spec.name, { controlPlaneEndpoint: endpoint });
      },
    };
    sessions = openDeploymentSessions(ctx, emit);
    const result = await executePlan({
      plan: run.planned.plan,
      journal,
      emit,
      runnerFor: (step) => linkCallsToStep(step, runnerFor(ctx, step)),
      isVolatile: (s) => isVolatileAction(s.action),
      streamFor: (s) => STEP_KINDS[s.kind].stream,
      ...(run.signal ? { signal: run.signal } : {}),
      ...(run.pace ? { pace: run.pace } : {}),
    });
    const kubeconfigPath = (await store.get(spec.name))?.kubeconfigPath ?? journal.fact('kubeconfigPath');
    return await finish(result.status, result.error, {
      ...(result.failedStep ? { failedStep: result.failedStep } : {}),
      ...(kubeconfigPath && result.status === 'succeeded' ? { kubeconfigPath } : {}),
    });
  } catch (err) {
    // Cancelled before the plan ran (e.g. while the sysext checksum was fetched): not a failure.
    if (run.signal?.aborted) return finish('cancelled', { message: `The ${op.kind} was cancelled` });
    return finish('failed', toEngineError(err));
  } finally {
    sessions?.closeAll();
  }
}
