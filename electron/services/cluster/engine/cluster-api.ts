import { readFile } from 'node:fs/promises';
import { saveKubeconfig, withServer } from '../../kube/kubeconfig';
import type { ApiServerEndpoint } from '../../azure/environment';
import { locateApiServer, serverUrl, type ApiLocation } from './api-endpoint';
import type { DeploymentContext } from './context';
import { StepError } from './types';

/**
 * The cluster's admin kubeconfig as the Kubernetes steps use it: the saved file, pointed at the
 * API server's address as the environment resolves it now (api-endpoint.ts: a public IP or the
 * load balancer's name on Azure, which do not change; a loopback port in the sandbox, which does
 * when the sandbox starts again). When the address moved, the saved file is rewritten, so the
 * user's kubectl follows.
 */
export function liveKubeconfig(ctx: DeploymentContext, signal?: AbortSignal): Promise<string> {
  return refreshKubeconfig({ kubeconfigPath: ctx.paths.kubeconfig, apiServer: (s) => locateApiServer(apiLocation(ctx), s) }, signal);
}

/** The deployment's view of where its API is: its journal's facts, its environment and ARM. */
export function apiLocation(ctx: DeploymentContext): ApiLocation {
  return {
    env: ctx.env,
    arm: ctx.arm,
    spec: ctx.spec,
    fact: (name) => ctx.journal.fact(name),
    setFact: (name, value) => ctx.journal.setFact(name, value),
  };
}

export interface KubeconfigSource {
  kubeconfigPath: string;
  /** Where the API server answers now (api-endpoint.ts, locateApiServer). */
  apiServer: (signal?: AbortSignal) => Promise<ApiServerEndpoint>;
}

/** The saved kubeconfig with the server resolved now (and saved back when it moved). */
export async function refreshKubeconfig(src: KubeconfigSource, signal?: AbortSignal): Promise<string> {
  let text: string;
  try {
    text = await readFile(src.kubeconfigPath, 'utf8');
  } catch {
    throw new StepError('the cluster has no kubeconfig yet (its control plane was never initialised)');
  }
  const ep = await src.apiServer(signal);
  const live = withServer(text, serverUrl(ep), ep.serverName);
  if (live !== text) await saveKubeconfig(src.kubeconfigPath, live);
  return live;
}
