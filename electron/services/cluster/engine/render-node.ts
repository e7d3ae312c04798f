import { hasLoadBalancedApi } from '../../../../shared/domain/api-endpoint';
import { controlPlaneName, resourceNames, type NodeInfo } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { isNotFound } from '../../azure/azure-errors';
import { toCustomData } from '../render/custom-data';
import { renderAzureJson } from '../render/azure-json';
import { renderIgnition, type IgnitionConfig } from '../render/ignition';
import type { SysextPin } from '../render/sysext';
import { forgetHostKey, type ClusterKeys } from './cluster-keys';
import { publicIpOf } from './node-facts';
import type { DeploymentContext } from './context';

/**
 * A node's Ignition config as the engine deploys it: the renderer's config plus Flatkube's own
 * per-cluster client key in `core`'s authorized keys (the spec's key is the user's; Flatkube logs
 * in with the cluster key, so the user's private key never has to be handed to the app).
 */
export function engineIgnition(
  spec: ClusterSpec,
  keys: ClusterKeys,
  node: NodeInfo,
  pin: SysextPin,
  controlPlanePublicIp?: string,
  azureJson?: string,
): IgnitionConfig {
  // No host key: the node makes its own and announces it on its serial console (host-key-pin.ts).
  const cfg = renderIgnition({
    spec,
    node,
    pin,
    ...(controlPlanePublicIp ? { controlPlanePublicIp } : {}),
    ...(azureJson ? { azureJson } : {}),
  });
  const user = cfg.passwd.users[0];
  if (user && !user.sshAuthorizedKeys.includes(keys.client.publicKey)) user.sshAuthorizedKeys.push(keys.client.publicKey);
  return cfg;
}

/**
 * Renders (deterministically) and remembers the node's custom data; a single control plane needs
 * its public IP. The sysext pin was resolved from the bakery's SHA256SUMS before anything was created.
 */
export async function renderNodeCustomData(ctx: DeploymentContext, node: NodeInfo, signal?: AbortSignal): Promise<string> {
  await dropStalePairPin(ctx, node.name, signal);
  // Only a single control plane's config names a public IP (its certificate's SAN); with three,
  // the endpoint is the load balancer's name, known from the spec.
  const cpIp = node.name === controlPlaneName() && !hasLoadBalancedApi(ctx.spec) ? await publicIpOf(ctx, node.name, signal) : undefined;
  const data = toCustomData(JSON.stringify(engineIgnition(ctx.spec, ctx.keys, node, ctx.sysextPin, cpIp, nodeAzureJson(ctx))));
  ctx.customData.set(node.name, data);
  return data;
}

/** The cloud config every node gets with the Azure integration: the identity step has read the identity's ids. */
function nodeAzureJson(ctx: DeploymentContext): string | undefined {
  if (!ctx.spec.azureIntegration.cloudProvider) return undefined;
  if (!ctx.identity) throw new Error('the cluster identity must be read before a node is rendered (the identity step)');
  return renderAzureJson({ spec: ctx.spec, tenantId: ctx.identity.tenantId, identityClientId: ctx.identity.clientId });
}

/**
 * A deployment started by an older Flatkube generated each node's host key pair and put it into
 * the node's Ignition; its nodes keep that key, and so does the pin. A node whose VM does not
 * exist yet gets the new custom data instead (no key in it): it will make its own key, so the old
 * pair is forgotten and the key is read from its serial console like any other.
 */
async function dropStalePairPin(ctx: DeploymentContext, nodeName: string, signal?: AbortSignal): Promise<void> {
  if (ctx.keys.hosts[nodeName]?.source !== 'stored-pair') return;
  try {
    await ctx.arm.compute.virtualMachines.get(ctx.spec.resourceGroup.name, resourceNames.vm(ctx.spec.name, nodeName), signal ? { abortSignal: signal } : {});
    return;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  await forgetHostKey(ctx.paths.keysDir, ctx.spec.name, nodeName);
  delete ctx.keys.hosts[nodeName];
}
