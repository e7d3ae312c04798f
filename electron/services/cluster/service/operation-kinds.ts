import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { OperationPreview } from '../../../../shared/ipc/channels/cluster';
import { AppError } from '../../errors';
import type { SshKeyPair } from '../../ssh/keys';
import type { Plan, PlanStep } from '../plan/types';
import type { SysextPin } from '../render/sysext';
import { literalWords, shq } from '../plan/az-commands';
import { planConverge, type ConvergePlan } from '../operations/converge-plan';
import { EMPTY_INVENTORY, readInventory } from '../operations/inventory';
import { refuseFixedChanges } from '../operations/spec-changes';
import { sameSpec, type ClusterRecord, type OperationKind, type OperationRecord } from '../store/cluster-record';
import { specChangedError, type ClusterStore } from '../store/cluster-store';
import type { SysextSource } from '../sysext/bakery';
import type { AzureEnvironment } from '../../azure/environment';
import { upgradeKind, type UpgradeRequest } from './upgrade-kind';
import type { ClusterConnection, ClusterServiceDeps } from './cluster-service';
import { again, operationRecord, unfinished } from './operation-history';

/**
 * The operation kinds and their planners: what each needs to know before it runs, what it
 * refuses, and the plan it shows. The service (cluster-service.ts) runs whatever a planner
 * prepared, so a new kind (an upgrade: its planner compares versions and plans node by node) is
 * one more entry here and a runner, not another flow.
 */

export interface PlannerContext {
  store: ClusterStore;
  connect: ClusterServiceDeps['connect'];
  log: (cluster: string, level: 'info' | 'warn', text: string) => void;
  /** The bakery of an environment (the upgrade reads versions and pins from it). */
  sysext: (env: AzureEnvironment) => SysextSource;
}

interface Prepared {
  cluster: string;
  preview: OperationPreview;
}

export type PreparedOperation =
  /** The cluster already is as asked: nothing runs, nothing is recorded. */
  | (Prepared & { kind: 'noop'; kubeconfigPath?: string })
  | (Prepared & {
      kind: 'converge';
      spec: ClusterSpec;
      existing: ClusterRecord | undefined;
      operation: OperationRecord;
      resumed: boolean;
      planned: ConvergePlan;
      connection: ClusterConnection;
      importedClientKey?: SshKeyPair;
    })
  | (Prepared & { kind: 'destroy'; operation: OperationRecord; connection: ClusterConnection })
  | (Prepared & {
      kind: 'upgrade';
      record: ClusterRecord;
      spec: ClusterSpec;
      plan: Plan<PlanStep>;
      pin: SysextPin;
      operation: OperationRecord;
      resumed: boolean;
      connection: ClusterConnection;
    });

type ConvergeRequest = { kind: 'create' | 'apply'; spec: ClusterSpec; importedClientKey?: SshKeyPair };
type DestroyRequest = { kind: 'destroy'; name: string };

export interface OperationKindDef<R> {
  prepare(ctx: PlannerContext, req: R, signal?: AbortSignal): Promise<PreparedOperation>;
}

function noop(cluster: string, kind: OperationKind, environment: ClusterRecord['environment'], keep: string[], kubeconfigPath?: string): PreparedOperation {
  return { kind: 'noop', cluster, preview: { cluster, kind, environment, add: [], remove: [], keep, steps: [] }, ...(kubeconfigPath ? { kubeconfigPath } : {}) };
}

/** create and apply: bring a cluster to a spec (apply creates it when it does not exist). */
const converge: OperationKindDef<ConvergeRequest> = {
  async prepare(ctx, req, signal) {
    const { spec } = req;
    const raw = await ctx.store.get(spec.name);
    const existing = raw && raw.state !== 'deleted' ? raw : undefined;
    if (existing && req.kind === 'create' && !sameSpec(existing.spec, spec)) throw specChangedError(spec.name);
    // Three control planes are deployed behind a load balancer (plan/ha-steps.ts); their number
    // is fixed at creation (spec-changes.ts).
    if (existing) refuseFixedChanges(spec.name, existing.spec, spec);
    if (existing && req.kind === 'create' && existing.state === 'created') {
      return noop(spec.name, 'create', existing.environment, existing.nodes.map((n) => n.name), existing.kubeconfigPath);
    }
    const connection = await ctx.connect(spec, existing?.environment);
    if (existing && existing.environment !== connection.env.kind) {
      const where = (e: string) => (e === 'sandbox' ? 'the sandbox' : 'real Azure');
      throw new AppError('CLUSTER_ENVIRONMENT_MISMATCH', `cluster ${spec.name} exists in ${where(existing.environment)}, not in ${where(connection.env.kind)}`, {
        hint: existing.environment === 'sandbox' ? 'Add --sandbox (or switch the app to the sandbox), or destroy it first.' : 'Leave out --sandbox (or sign in to Azure in the app), or destroy it first.',
      });
    }
    if (!existing && req.kind === 'apply') ctx.log(spec.name, 'info', `no cluster named ${spec.name} yet: apply creates it`);
    const inventory = existing ? await readInventory(connection.arm, spec, signal) : EMPTY_INVENTORY;
    const planned = planConverge({ desired: spec, recorded: existing?.nodes ?? [], inventory });
    const last = unfinished(existing, ['create', 'apply']);
    const resumes = last?.spec && sameSpec(last.spec, spec) ? last : undefined;
    if (!resumes && existing?.state === 'created' && planned.plan.steps.length === 0) {
      return noop(spec.name, 'apply', existing.environment, planned.keep, existing.kubeconfigPath);
    }
    const operation = resumes ? again(resumes) : operationRecord(existing ? 'apply' : 'create', spec);
    const preview: OperationPreview = {
      cluster: spec.name,
      kind: operation.kind,
      environment: connection.env.kind,
      ...(resumes ? { resumes: resumes.id } : {}),
      add: planned.add,
      remove: planned.remove,
      keep: planned.keep,
      steps: planned.plan.steps.map((s) => ({ id: s.id, title: s.title, kind: s.kind, ...(s.node ? { node: s.node } : {}), dependsOn: s.dependsOn, az: s.az })),
    };
    return {
      kind: 'converge',
      cluster: spec.name,
      preview,
      spec,
      existing,
      operation,
      resumed: resumes !== undefined,
      planned,
      connection,
      ...(req.importedClientKey ? { importedClientKey: req.importedClientKey } : {}),
    };
  },
};

/** destroy: everything Flatkube created for the cluster, and its local files (engine/teardown.ts). */
const destroy: OperationKindDef<DestroyRequest> = {
  async prepare(ctx, req) {
    const rec = await ctx.store.require(req.name);
    const connection = await ctx.connect(rec.spec, rec.environment);
    const last = unfinished(rec, ['destroy']);
    const operation = last ? again(last) : operationRecord('destroy', undefined);
    const w = literalWords(rec.spec);
    const owned = rec.ownership?.resources ?? [];
    const whole = rec.ownership?.resourceGroupCreated === true;
    const preview: OperationPreview = {
      cluster: rec.name,
      kind: 'destroy',
      environment: rec.environment,
      ...(last ? { resumes: last.id } : {}),
      add: [],
      remove: rec.nodes.map((n) => ({ node: n.name, ...(n.pool ? { pool: n.pool } : {}), size: n.size, privateIp: n.privateIp })),
      keep: [],
      steps: [
        {
          id: 'teardown',
          title: whole
            ? `Delete resource group ${rec.spec.resourceGroup.name} and everything in it (Flatkube created it)`
            : rec.ownership
              ? `Delete the ${owned.length} resource(s) Flatkube created in ${rec.spec.resourceGroup.name}, by id; the group stays`
              : `Work out from Azure what an older Flatkube created for ${rec.name}, and delete that`,
          kind: 'arm',
          dependsOn: [],
          az: whole ? `az group delete --name ${w.rg} --yes` : owned.length ? `az resource delete --ids ${owned.map(shq).join(' ')}` : '# nothing recorded',
        },
      ],
    };
    return { kind: 'destroy', cluster: rec.name, preview, operation, connection };
  },
};

export const OPERATIONS: {
  create: OperationKindDef<ConvergeRequest>;
  apply: OperationKindDef<ConvergeRequest>;
  destroy: OperationKindDef<DestroyRequest>;
  upgrade: OperationKindDef<UpgradeRequest>;
} = {
  create: converge,
  apply: converge,
  destroy,
  upgrade: upgradeKind,
};
