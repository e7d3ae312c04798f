import { resourceNames } from '../../../../shared/domain/cluster-layout';
import { isNotFound } from '../../azure/azure-errors';
import type { PlanStep } from '../plan/types';
import { forgetHostKey } from './cluster-keys';
import { computeId, networkId, nodeNamed, type DeploymentContext } from './context';
import { StepError, type StepRunContext, type StepRunner } from './types';

/**
 * Deleting a removed node's Azure resources (plan/removal-steps.ts says in which order, and why).
 * Data safety (docs/architecture.md#ownership-records): a resource is deleted only when the
 * cluster's record says Flatkube created it; one with the node's name that the record does not
 * list is someone else's, and the step fails rather than touch it. A resource already gone is
 * fine (a resumed removal, a disk that went with its VM). Once deleted, the id leaves the
 * record, so the record keeps listing what exists; a node of the same name created later is
 * recorded again before its first PUT.
 */

interface Target {
  what: string;
  id: string;
  del: (signal: AbortSignal) => Promise<unknown>;
}

function targetOf(ctx: DeploymentContext, step: PlanStep): Target {
  const { spec, arm } = ctx;
  const rg = spec.resourceGroup.name;
  const node = nodeNamed(ctx, step.node).name;
  switch (step.action) {
    case 'remove-vm': {
      const name = resourceNames.vm(spec.name, node);
      return { what: `VM ${name}`, id: computeId(spec, 'virtualMachines', name), del: (signal) => arm.compute.virtualMachines.delete(rg, name, { abortSignal: signal }) };
    }
    case 'remove-nic': {
      const name = resourceNames.nic(spec.name, node);
      return { what: `network interface ${name}`, id: networkId(spec, 'networkInterfaces', name), del: (signal) => arm.network.networkInterfaces.delete(rg, name, { abortSignal: signal }) };
    }
    case 'remove-disk': {
      const name = resourceNames.osDisk(spec.name, node);
      return { what: `OS disk ${name}`, id: computeId(spec, 'disks', name), del: (signal) => arm.compute.disks.delete(rg, name, { abortSignal: signal }) };
    }
    case 'remove-pip': {
      const name = resourceNames.publicIp(spec.name, node);
      return { what: `public IP ${name}`, id: networkId(spec, 'publicIPAddresses', name), del: (signal) => arm.network.publicIPAddresses.delete(rg, name, { abortSignal: signal }) };
    }
    default:
      throw new Error(`no removal runner for step ${step.id}`);
  }
}

async function exists(ctx: DeploymentContext, step: PlanStep, r: StepRunContext): Promise<boolean> {
  const { spec, arm } = ctx;
  const rg = spec.resourceGroup.name;
  const node = nodeNamed(ctx, step.node).name;
  const opt = { abortSignal: r.signal };
  try {
    switch (step.action) {
      case 'remove-vm':
        await arm.compute.virtualMachines.get(rg, resourceNames.vm(spec.name, node), opt);
        break;
      case 'remove-nic':
        await arm.network.networkInterfaces.get(rg, resourceNames.nic(spec.name, node), opt);
        break;
      case 'remove-disk':
        await arm.compute.disks.get(rg, resourceNames.osDisk(spec.name, node), opt);
        break;
      case 'remove-pip':
        await arm.network.publicIPAddresses.get(rg, resourceNames.publicIp(spec.name, node), opt);
        break;
      default:
        throw new Error(`no removal runner for step ${step.id}`);
    }
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

export function removeRunner(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r) => {
    const t = targetOf(ctx, step);
    if (!(await exists(ctx, step, r))) {
      r.log('info', `${t.what}: already gone`, 'azure');
      await ctx.ownership.forgetResources([t.id]);
    } else {
      if (!ctx.ownership.owns(t.id)) {
        throw new StepError(`${t.what} exists but the cluster's record does not say Flatkube created it; Flatkube deletes only what it created`, {
          hint: `Delete it yourself if it is yours to delete (${t.id}), then apply again.`,
        });
      }
      r.log('info', `${t.what}: deleting`, 'azure');
      try {
        await t.del(r.signal);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      r.log('info', `${t.what}: deleted`, 'azure');
      await ctx.ownership.forgetResources([t.id]);
    }
    // The VM's host key dies with it: a node of this name created later makes a new one and is pinned afresh.
    if (step.action === 'remove-vm') {
      const node = nodeNamed(ctx, step.node).name;
      await forgetHostKey(ctx.paths.keysDir, ctx.spec.name, node);
      delete ctx.keys.hosts[node];
    }
  };
}
