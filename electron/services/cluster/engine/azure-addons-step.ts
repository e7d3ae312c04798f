import type { AzureAddon } from '../render/azure-addons';
import { azureAddonCommands, azureAddonImages, cloudProviderVersion } from '../render/azure-addons';
import { addonImages, azureAddonUpgradeCommands } from '../render/azure-addons-upgrade';
import type { PlanStep } from '../plan/types';
import type { DeploymentContext } from './context';
import { stream } from './ssh-steps';
import type { StepRunner } from './types';

/**
 * Applies the cloud provider and the disk driver on the first control plane (render/azure-addons.ts).
 * `kubectl apply` is idempotent, so a resume or a retry after a dropped session runs it again.
 * An upgrade's step names one add-on (its subject) and no node: that add-on's objects at the new
 * version, then its rollouts (render/azure-addons-upgrade.ts), on the cluster's first control plane.
 */
export function azureAddonsRunner(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r) => {
    const node = step.node ?? ctx.nodes.find((n) => n.role === 'control-plane')?.name;
    if (!node) throw new Error('the cluster has no control plane to apply its add-ons on');
    const session = await ctx.sessions.get(node, r.signal);
    const version = ctx.spec.kubernetesVersion;
    if (step.subject) {
      const addon = step.subject as AzureAddon;
      r.log('info', `moving ${addon} to ${addonImages(version, addon).join(', ')} for Kubernetes ${version}`);
      for (const cmd of azureAddonUpgradeCommands(ctx.spec, addon)) {
        await stream(session, r, cmd, { what: `${addon} upgrade`, retryOnDrop: true });
      }
      return;
    }
    const images = azureAddonImages(version);
    r.log('info', `installing cloud-provider-azure ${cloudProviderVersion(version)} (${images.cloudControllerManager}, ${images.cloudNodeManager})${ctx.spec.azureIntegration.disks ? ` and the Azure Disk CSI driver (${images.diskCsi})` : ''}`);
    for (const cmd of azureAddonCommands(ctx.spec)) {
      await stream(session, r, cmd, { what: 'Azure integration install', retryOnDrop: true });
    }
  };
}
