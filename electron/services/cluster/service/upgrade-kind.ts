import type { OperationPreview } from '../../../../shared/ipc/channels/cluster';
import { AppError } from '../../errors';
import { upgradeTargets, refuseUpgradeTarget } from '../operations/upgrade-path';
import { upgradeSteps } from '../plan/upgrade-steps';
import { sysextArch } from '../render/sysext';
import type { ClusterRecord } from '../store/cluster-record';
import type { SysextSource } from '../sysext/bakery';
import { again, operationRecord } from './operation-history';
import type { OperationKindDef } from './operation-kinds';

/**
 * The upgrade's planner (docs/operations.md#upgrades): the cluster must be created and not in the
 * middle of another operation; the target must be a next step the bakery publishes
 * (operations/upgrade-path.ts); an unfinished upgrade is continued, and only to its own target.
 * Nodes the record has at the target already (done by the unfinished upgrade) get no steps.
 */
export interface UpgradeRequest {
  kind: 'upgrade';
  name: string;
  kubernetesVersion: string;
}

export const upgradeKind: OperationKindDef<UpgradeRequest> = {
  async prepare(ctx, req, signal) {
    const rec = await ctx.store.require(req.name);
    const to = req.kubernetesVersion;
    if (rec.state === 'deleted' || rec.state === 'deleting') throw new AppError('CLUSTER_GONE', `cluster ${rec.name} is ${rec.state}`);
    const last = rec.operations.at(-1);
    const unfinishedUpgrade = last?.kind === 'upgrade' && last.state !== 'succeeded' ? last : undefined;
    if (unfinishedUpgrade && unfinishedUpgrade.spec?.kubernetesVersion !== to) {
      const was = unfinishedUpgrade.spec?.kubernetesVersion ?? '?';
      throw new AppError('CLUSTER_UPGRADE_REFUSED', `cluster ${rec.name} has an unfinished upgrade to ${was}`, {
        hint: `Finish it first: flatkube upgrade ${rec.name} --kubernetes ${was} (it continues where it stopped).`,
      });
    }
    if (!unfinishedUpgrade && (rec.state !== 'created' || (last && last.state !== 'succeeded'))) {
      throw new AppError('CLUSTER_UPGRADE_REFUSED', `cluster ${rec.name} is ${rec.state === 'created' ? `not done with its last ${last!.kind}` : rec.state}: its ${last?.kind ?? 'create'} did not finish`, {
        hint: `Resume it first (flatkube ${last?.kind === 'apply' ? 'apply' : 'create'} with the same spec, or Resume in the app), then upgrade.`,
      });
    }
    const connection = await ctx.connect(rec.spec, rec.environment);
    const source = ctx.sysext(connection.env);
    const arch = sysextArch(rec.spec.architecture);
    // The cluster's version changes in the record only when the upgrade is done: a resumed one
    // checks against the version it started from, which the bakery still lists.
    if (!unfinishedUpgrade) refuseUpgradeTarget(rec.name, rec.spec.kubernetesVersion, to, await source.versions(signal), arch);
    const pin = await source.resolve(to, arch, signal);
    const spec = { ...rec.spec, kubernetesVersion: to };
    const todo = rec.nodes.filter((n) => n.kubernetesVersion !== to);
    const controlPlane = rec.nodes.find((n) => n.role === 'control-plane')!;
    const firstCp = controlPlane.name;
    const plan = upgradeSteps({ spec, nodes: todo, applyOn: todo.some((n) => n.name === firstCp) ? firstCp : undefined, pin, from: rec.spec.kubernetesVersion, controlPlane });
    const operation = unfinishedUpgrade ? again(unfinishedUpgrade) : operationRecord('upgrade', spec);
    const preview: OperationPreview = {
      cluster: rec.name,
      kind: 'upgrade',
      environment: connection.env.kind,
      ...(unfinishedUpgrade ? { resumes: unfinishedUpgrade.id } : {}),
      add: [],
      remove: [],
      keep: rec.nodes.filter((n) => n.kubernetesVersion === to).map((n) => n.name),
      steps: plan.steps.map((s) => ({ id: s.id, title: s.title, kind: s.kind, ...(s.node ? { node: s.node } : {}), dependsOn: s.dependsOn, az: s.az })),
    };
    return { kind: 'upgrade', cluster: rec.name, preview, record: rec, spec, plan, pin, operation, resumed: unfinishedUpgrade !== undefined, connection };
  },
};

/** `status`'s `upgrades`: what the cluster may move to next, nearest first ([] when the bakery cannot be read). */
export async function availableUpgrades(rec: ClusterRecord, source: SysextSource, signal?: AbortSignal): Promise<string[]> {
  if (rec.state === 'deleted' || rec.state === 'deleting') return [];
  try {
    return upgradeTargets(rec.spec.kubernetesVersion, await source.versions(signal), sysextArch(rec.spec.architecture));
  } catch {
    return [];
  }
}
