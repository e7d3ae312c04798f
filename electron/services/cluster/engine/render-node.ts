import { clusterNodes } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { toCustomData } from '../render/custom-data';
import { renderIgnition, type IgnitionConfig } from '../render/ignition';
import type { SysextPin } from '../render/sysext';
import type { ClusterKeys } from './cluster-keys';
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
  nodeName: string,
  pin: SysextPin,
  controlPlanePublicIp?: string,
): IgnitionConfig {
  const node = clusterNodes(spec).find((n) => n.name === nodeName);
  if (!node) throw new Error(`unknown node ${nodeName}`);
  const hostKey = keys.hosts[nodeName];
  if (!hostKey) throw new Error(`no host key for ${nodeName}`);
  const cfg = renderIgnition({
    spec,
    node,
    hostKey: { privateKey: hostKey.privateKey, publicKey: hostKey.publicKey },
    pin,
    ...(controlPlanePublicIp ? { controlPlanePublicIp } : {}),
  });
  const user = cfg.passwd.users[0];
  if (user && !user.sshAuthorizedKeys.includes(keys.client.publicKey)) user.sshAuthorizedKeys.push(keys.client.publicKey);
  return cfg;
}

/**
 * Renders (deterministically) and remembers the node's custom data; the control plane needs its
 * public IP. The sysext pin was resolved from the bakery's SHA256SUMS before anything was created.
 */
export async function renderNodeCustomData(ctx: DeploymentContext, nodeName: string, signal?: AbortSignal): Promise<string> {
  const node = clusterNodes(ctx.spec).find((n) => n.name === nodeName);
  const cpIp = node?.role === 'control-plane' ? await publicIpOf(ctx, nodeName, signal) : undefined;
  const data = toCustomData(JSON.stringify(engineIgnition(ctx.spec, ctx.keys, nodeName, ctx.sysextPin, cpIp)));
  ctx.customData.set(nodeName, data);
  return data;
}
