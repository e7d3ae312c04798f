import { rm } from 'node:fs/promises';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ArmClients } from '../../azure/arm-clients';
import type { AzureEnvironment } from '../../azure/environment';
import type { SecretStore } from '../../secrets/secret-store';
import { ensureClusterKeys } from '../engine/cluster-keys';
import { DEFAULT_TIMINGS, type DeploymentContext, type EngineTimings } from '../engine/context';
import { executePlan, toEngineError } from '../engine/executor';
import { DeploymentJournal } from '../engine/journal';
import type { PaceGate } from '../engine/pace-gate';
import type { NodeSessions } from '../engine/node-sessions';
import { openDeploymentSessions } from '../engine/deployment-sessions';
import { OwnershipLedger } from '../engine/ownership-ledger';
import { runnerFor } from '../engine/step-runners';
import { linkCallsToStep } from '../engine/call-step';
import type { EngineEmitter, EngineError } from '../engine/types';
import { withUpgradeHint } from '../engine/upgrade-steps';
import type { Plan, PlanStep } from '../plan/types';
import { isVolatileAction, STEP_KINDS } from '../plan/step-actions';
import type { SysextPin } from '../render/sysext';
import type { ClusterRecord, OperationRecord } from '../store/cluster-record';
import type { ClusterStore } from '../store/cluster-store';
import { emptyOwnership } from '../store/ownership';
import type { OperationResult } from './converge-operation';
import { withOperation } from './operation-history';

/**
 * Runs one upgrade whose plan is made (plan/upgrade-steps.ts) and whose lock is held: records the
 * operation, runs the nodes' steps one after the other with the operation's journal, records each
 * node's version as it is done with it (so a resume leaves it out), and at the end the cluster's
 * version and the image's pin (new nodes, added later, get that image). Nothing in Azure changes:
 * the VMs and their custom data stay; Kubernetes changes on the nodes.
 */
export interface UpgradeRun {
  record: ClusterRecord;
  /** The record's spec with the target version. */
  spec: ClusterSpec;
  plan: Plan<PlanStep>;
  pin: SysextPin;
  env: AzureEnvironment;
  arm: ArmClients;
  secrets: SecretStore;
  store: ClusterStore;
  emit: EngineEmitter;
  operation: OperationRecord;
  resumed: boolean;
  signal?: AbortSignal;
  /** The sandbox's pause and step-through (engine/pace-gate.ts); the service decides when. */
  pace?: PaceGate;
  timings?: Partial<EngineTimings>;
  onRecorded?: () => void;
}

export async function runUpgrade(run: UpgradeRun): Promise<OperationResult> {
  const { spec, store, emit, operation: op, record: rec } = run;
  const name = spec.name;
  const to = spec.kubernetesVersion;
  let sessions: NodeSessions | undefined;
  const finish = async (status: OperationResult['status'], error?: EngineError, failedStep?: string): Promise<OperationResult> => {
    const endedAt = new Date();
    const ended: OperationRecord = { ...op, state: status, finishedAt: endedAt.toISOString(), ...(error ? { error } : {}) };
    if (!error) delete ended.error;
    await store
      .modify(name, (cur) => ({
        state: status === 'succeeded' ? 'created' : status,
        operations: withOperation(cur.operations, ended),
        // Done: the cluster runs the target everywhere; nodes added from now on get its image.
        ...(status === 'succeeded' ? { spec: { ...cur.spec, kubernetesVersion: to }, sysextPin: run.pin, nodes: cur.nodes.map((n) => ({ ...n, kubernetesVersion: to })) } : {}),
        lastError: error,
      }))
      .catch(() => {});
    try {
      emit.finished({ cluster: name, operation: 'upgrade', outcome: status, finishedAt: endedAt.getTime(), ...(error ? { error } : {}) });
    } catch {
      // emitters must not break the engine
    }
    return { status, operationId: op.id, ...(error ? { error } : {}), ...(failedStep ? { failedStep } : {}) };
  };

  try {
    await store.modify(name, (cur) => ({ state: 'running', operations: withOperation(cur.operations, op) }));
    run.onRecorded?.();
    const paths = store.paths(name);
    const keys = await ensureClusterKeys(run.secrets, paths.keysDir, rec.spec, { nodes: rec.nodes.map((n) => n.name) });
    const journalPath = store.journalPath(name, op.journal);
    if (!run.resumed) await rm(journalPath, { force: true });
    const journal = await DeploymentJournal.open(journalPath, name);
    const timings = { ...DEFAULT_TIMINGS, ...run.timings };
    const ctx: DeploymentContext = {
      spec,
      nodes: rec.nodes,
      removing: [],
      env: run.env,
      arm: run.arm,
      keys,
      journal,
      // An upgrade creates nothing in Azure; the ledger is there because every context has one.
      ownership: new OwnershipLedger(store, name, rec.ownership ?? emptyOwnership()),
      paths,
      timings,
      customData: new Map(),
      sysextPin: run.pin,
      sessions: undefined as unknown as NodeSessions,
      onNodeUpgraded: async (node, version) => {
        await store.modify(name, (cur) => ({ nodes: cur.nodes.map((n) => (n.name === node ? { ...n, kubernetesVersion: version } : n)) }));
      },
    };
    sessions = openDeploymentSessions(ctx, emit);
    const result = await executePlan({
      plan: run.plan,
      journal,
      emit,
      runnerFor: (step) => linkCallsToStep(step, withUpgradeHint(ctx, step, runnerFor(ctx, step))),
      isVolatile: (s) => isVolatileAction(s.action),
      streamFor: (s) => STEP_KINDS[s.kind].stream,
      ...(run.signal ? { signal: run.signal } : {}),
      ...(run.pace ? { pace: run.pace } : {}),
    });
    return await finish(result.status, result.error, result.failedStep);
  } catch (err) {
    if (run.signal?.aborted) return finish('cancelled', { message: 'The upgrade was cancelled' });
    return finish('failed', toEngineError(err));
  } finally {
    sessions?.closeAll();
  }
}
