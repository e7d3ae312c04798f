import { readFile } from 'node:fs/promises';
import { controlPlaneName } from '../../../../shared/domain/cluster-layout';
import { saveKubeconfig, withServer } from '../../kube/kubeconfig';
import type { AzureEnvironment } from '../../azure/environment';
import type { DeploymentContext } from './context';
import { publicIpOf } from './node-facts';
import { StepError } from './types';

/**
 * The cluster's admin kubeconfig as the Kubernetes steps use it: the saved file, pointed at the
 * API server's address as the environment resolves it now (a public IP and 6443 on Azure, which
 * do not change; a loopback port in the sandbox, which does when the sandbox starts again). When
 * the address moved, the saved file is rewritten, so the user's kubectl follows.
 */
export function liveKubeconfig(ctx: DeploymentContext, signal?: AbortSignal): Promise<string> {
  return refreshKubeconfig({ env: ctx.env, kubeconfigPath: ctx.paths.kubeconfig, controlPlaneIp: (s) => publicIpOf(ctx, controlPlaneName(), s) }, signal);
}

export interface KubeconfigSource {
  env: Pick<AzureEnvironment, 'resolveNodeEndpoints'>;
  kubeconfigPath: string;
  /** The first control plane's public IP (journal fact or ARM). */
  controlPlaneIp: (signal?: AbortSignal) => Promise<string>;
}

/** The saved kubeconfig with the server resolved now (and saved back when it moved). */
export async function refreshKubeconfig(src: KubeconfigSource, signal?: AbortSignal): Promise<string> {
  let text: string;
  try {
    text = await readFile(src.kubeconfigPath, 'utf8');
  } catch {
    throw new StepError('the cluster has no kubeconfig yet (its control plane was never initialised)');
  }
  const ep = await src.env.resolveNodeEndpoints(await src.controlPlaneIp(signal), signal);
  const host = ep.apiServer.host.includes(':') ? `[${ep.apiServer.host}]` : ep.apiServer.host;
  const live = withServer(text, `https://${host}:${ep.apiServer.port}`);
  if (live !== text) await saveKubeconfig(src.kubeconfigPath, live);
  return live;
}
