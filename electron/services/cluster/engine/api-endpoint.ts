import { API_SERVER_PORT, apiLoadBalancerNames as LB, apiServerFqdn, hasLoadBalancedApi } from '../../../../shared/domain/api-endpoint';
import { controlPlaneName, resourceNames } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ArmClients } from '../../azure/arm-clients';
import type { ApiServerEndpoint, AzureEnvironment } from '../../azure/environment';
import { StepError } from './types';

/**
 * Where this machine reaches a cluster's Kubernetes API, for the kubeconfig Flatkube saves and
 * for every call it makes to the API (readiness, cordon, drain, status):
 * - one control plane: its public IP on 6443 (a SAN of its certificate), as the environment maps
 *   it (the sandbox: a loopback port);
 * - three: the load balancer's frontend, by its DNS name on real Azure; the sandbox forwards a
 *   loopback port and the certificate is checked for the DNS name all the same (serverName).
 */

/** Journal fact holding the API load balancer's public address (learnt by the api-pip step). */
export const API_PUBLIC_IP_FACT = 'publicIp:api';

export interface ApiLocation {
  env: Pick<AzureEnvironment, 'resolveNodeEndpoints' | 'resolveLoadBalancerFrontend'>;
  arm: ArmClients;
  spec: ClusterSpec;
  /** A fact the operation's journal already holds, if any. */
  fact: (name: string) => string | undefined;
  /** Remembers a fact learnt from Azure (the journal), when the caller keeps one. */
  setFact?: (name: string, value: string) => Promise<void>;
}

/** A public IP's address: the journal's fact, else Azure's (and remembered). */
async function addressOf(loc: ApiLocation, fact: string, pipName: string, what: string, signal?: AbortSignal): Promise<string> {
  const known = loc.fact(fact);
  if (known) return known;
  const pip = await loc.arm.network.publicIPAddresses.get(loc.spec.resourceGroup.name, pipName, signal ? { abortSignal: signal } : {});
  if (!pip.ipAddress) throw new StepError(`${what} has no address yet`);
  await loc.setFact?.(fact, pip.ipAddress);
  return pip.ipAddress;
}

export function apiPublicIp(loc: ApiLocation, signal?: AbortSignal): Promise<string> {
  return addressOf(loc, API_PUBLIC_IP_FACT, LB.publicIp(loc.spec.name), "the API's public IP", signal);
}

/** The endpoint as the environment resolves it now (a sandbox started again moves its ports). */
export async function locateApiServer(loc: ApiLocation, signal?: AbortSignal): Promise<ApiServerEndpoint> {
  if (hasLoadBalancedApi(loc.spec)) {
    const publicIp = await apiPublicIp(loc, signal);
    return loc.env.resolveLoadBalancerFrontend({ publicIp, fqdn: apiServerFqdn(loc.spec), port: API_SERVER_PORT }, signal);
  }
  const cp = controlPlaneName();
  const ip = await addressOf(loc, `publicIp:${cp}`, resourceNames.publicIp(loc.spec.name, cp), `public IP of ${cp}`, signal);
  return (await loc.env.resolveNodeEndpoints(ip, signal)).apiServer;
}

/** `https://host:port` of an endpoint (IPv6 hosts in brackets). */
export function serverUrl(ep: ApiServerEndpoint): string {
  const host = ep.host.includes(':') ? `[${ep.host}]` : ep.host;
  return `https://${host}:${ep.port}`;
}
