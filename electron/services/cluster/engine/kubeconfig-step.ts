import { prepareKubeconfig, saveKubeconfig } from '../../kube/kubeconfig';
import { waitNodesReady, type NodeReadiness } from '../../kube/nodes';
import type { PlanStep } from '../plan/types';
import { locateApiServer, serverUrl } from './api-endpoint';
import { apiLocation, liveKubeconfig } from './cluster-api';
import type { DeploymentContext } from './context';
import type { StepRunner } from './types';

/**
 * admin.conf -> the desktop's kubeconfig. The server becomes the endpoint the environment
 * resolves (api-endpoint.ts): one control plane, https://<public IP>:6443 on Azure (a SAN of the
 * API server certificate, from the init config), a loopback port in the sandbox (whose API
 * server certificate carries 127.0.0.1); three, https://<load balancer's DNS name>:6443 on
 * Azure, and in the sandbox its frontend's loopback port with `tls-server-name: <DNS name>`, so
 * the certificate is still checked for the name.
 */
export async function saveNodeKubeconfig(ctx: DeploymentContext, adminConf: string, signal?: AbortSignal): Promise<string> {
  const ep = await locateApiServer(apiLocation(ctx), signal);
  const text = prepareKubeconfig(adminConf, { cluster: ctx.spec.name, server: serverUrl(ep), ...(ep.serverName ? { tlsServerName: ep.serverName } : {}) });
  await saveKubeconfig(ctx.paths.kubeconfig, text);
  await ctx.journal.setFact('kubeconfigPath', ctx.paths.kubeconfig);
  await ctx.onKubeconfig?.(ctx.paths.kubeconfig);
  return ctx.paths.kubeconfig;
}

function describe(nodes: NodeReadiness[] | Error): string {
  if (nodes instanceof Error) return `API not answering yet: ${nodes.message}`;
  if (nodes.length === 0) return 'no nodes registered yet';
  return nodes.map((n) => `${n.name} ${n.ready ? 'Ready' : `NotReady (${n.reason ?? '?'})`}`).join(', ');
}

/** The kube step: every node Ready, asked from the desktop through the Kubernetes API. */
export function nodesReadyRunner(ctx: DeploymentContext, _step: PlanStep): StepRunner {
  return async (r) => {
    const text = await liveKubeconfig(ctx, r.signal);
    const expected = ctx.nodes.map((n) => n.name);
    let lastLine = '';
    const nodes = await waitNodesReady(text, {
      expected,
      signal: r.signal,
      timeoutMs: ctx.timings.nodesReadyMs,
      intervalMs: ctx.timings.nodesReadyIntervalMs,
      onPoll: (state) => {
        const line = describe(state);
        if (line !== lastLine) r.log('info', line, 'local');
        lastLine = line;
      },
    });
    r.log('info', `all ${nodes.length} nodes Ready`, 'local');
  };
}
