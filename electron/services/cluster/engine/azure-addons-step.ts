import { azureAddonCommands, azureAddonImages, cloudProviderVersion } from '../render/azure-addons';
import type { PlanStep } from '../plan/types';
import type { DeploymentContext } from './context';
import { stream } from './ssh-steps';
import type { StepRunner } from './types';

/**
 * Applies the cloud provider and the disk driver on the first control plane (render/azure-addons.ts).
 * `kubectl apply` is idempotent, so a resume or a retry after a dropped session runs it again.
 */
export function azureAddonsRunner(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r) => {
    const session = await ctx.sessions.get(step.node!, r.signal);
    const images = azureAddonImages(ctx.spec.kubernetesVersion);
    r.log('info', `installing cloud-provider-azure ${cloudProviderVersion(ctx.spec.kubernetesVersion)} (${images.cloudControllerManager}, ${images.cloudNodeManager})${ctx.spec.azureIntegration.disks ? ` and the Azure Disk CSI driver (${images.diskCsi})` : ''}`);
    for (const cmd of azureAddonCommands(ctx.spec)) {
      await stream(session, r, cmd, { what: 'Azure integration install', retryOnDrop: true });
    }
  };
}
