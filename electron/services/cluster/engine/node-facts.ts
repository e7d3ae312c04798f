import { resourceNames } from '../../../../shared/domain/cluster-layout';
import type { DeploymentContext } from './context';
import { StepError } from './types';

/** The node's public IP address: from the journal, else read from Azure (and remembered). */
export async function publicIpOf(ctx: DeploymentContext, node: string, signal?: AbortSignal): Promise<string> {
  const known = ctx.journal.fact(`publicIp:${node}`);
  if (known) return known;
  const pip = await ctx.arm.network.publicIPAddresses.get(ctx.spec.resourceGroup.name, resourceNames.publicIp(ctx.spec.name, node), {
    ...(signal ? { abortSignal: signal } : {}),
  });
  if (!pip.ipAddress) throw new StepError(`public IP of ${node} has no address yet`);
  await ctx.journal.setFact(`publicIp:${node}`, pip.ipAddress);
  return pip.ipAddress;
}

