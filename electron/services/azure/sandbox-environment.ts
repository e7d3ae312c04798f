/**
 * The AzureEnvironment of a running sandbox: its ARM endpoint, audience, authority and CA, and
 * the map from its fake public IPs to the simulated nodes' loopback ports (GET /_sandbox/nodes).
 * Everything else in Flatkube runs the same code against it as against real Azure.
 */
import { entraMetadata } from './entra-metadata';
import { AppError } from '../errors';
import type { ApiServerEndpoint, AzureEnvironment, LoadBalancerFrontend, NodeEndpoints } from './environment';
import { httpGetJson } from './http-json';

/** The fields of the sandbox's startup info (SandboxInfo / the `flatkube sandbox` JSON line) used here. */
export interface SandboxEnvironmentInfo {
  armEndpoint: string;
  authorityHost: string;
  tenantId: string;
  clientId: string;
  armScope: string;
  pricesEndpoint: string;
  sysextBakery: string;
  /** The bearer token of the sandbox API (`/_sandbox/...`). Stays in this module's closure. */
  apiToken: string;
  /** The sandbox users' sign-in names (the first is signed in by the app) and their password. */
  users: string[];
  userPassword: string;
  /** sha256 of the CNI release files the sandbox's internet serves, by URL. */
  cniPins: Record<string, string>;
}

interface SandboxNodeView {
  name: string;
  publicIp?: string;
  ssh?: { host: string; port: number };
  apiServer?: { host: string; port: number };
}

/** The fields of the sandbox's `GET /_sandbox/frontends` entries used here (SandboxFrontendView). */
interface SandboxFrontendView {
  publicIp: string;
  fqdn?: string;
  port: number;
  endpoint: { host: string; port: number };
}

export function sandboxEnvironment(info: SandboxEnvironmentInfo, caCertPem: string): AzureEnvironment {
  const msal = entraMetadata(info);
  return {
    kind: 'sandbox',
    displayName: 'Flatkube sandbox (simulated Azure)',
    armEndpoint: info.armEndpoint,
    armScope: info.armScope,
    authorityHost: info.authorityHost,
    tenantId: info.tenantId,
    clientId: info.clientId,
    caCertPem,
    sandboxApiToken: () => info.apiToken,
    pricesEndpoint: info.pricesEndpoint,
    sysextBakery: info.sysextBakery,
    cniPins: () => info.cniPins,
    identityMetadata: {
      knownAuthorities: msal.knownAuthorities,
      authorityMetadata: msal.authorityMetadata,
      cloudDiscoveryMetadata: msal.cloudDiscoveryMetadata,
    },
    async resolveNodeEndpoints(publicIp: string, signal?: AbortSignal): Promise<NodeEndpoints> {
      const nodes = await httpGetJson<SandboxNodeView[]>(new URL('/_sandbox/nodes', info.armEndpoint).toString(), {
        caCertPem,
        headers: { authorization: `Bearer ${info.apiToken}` },
        ...(signal ? { signal } : {}),
      });
      const node = nodes.find((n) => n.publicIp === publicIp);
      if (!node?.ssh) {
        throw new AppError('SANDBOX_NODE_UNKNOWN', `No simulated node answers for the public IP ${publicIp} (yet).`, {
          hint: 'The VM may still be booting; wait for it, or check GET /_sandbox/nodes.',
        });
      }
      // Before kubeadm init a node has no API server endpoint yet; like a real VM's IP:6443 then,
      // the placeholder answers nothing. Ask again after init for the real loopback port.
      return { ssh: node.ssh, apiServer: node.apiServer ?? { host: node.ssh.host, port: 6443 } };
    },
    async resolveLoadBalancerFrontend(frontend: LoadBalancerFrontend, signal?: AbortSignal): Promise<ApiServerEndpoint> {
      // Listing the frontends also opens the loopback listener of each rule (the sandbox's lb-frontends.ts).
      const frontends = await httpGetJson<SandboxFrontendView[]>(new URL('/_sandbox/frontends', info.armEndpoint).toString(), {
        caCertPem,
        headers: { authorization: `Bearer ${info.apiToken}` },
        ...(signal ? { signal } : {}),
      });
      const fe = frontends.find((f) => f.publicIp === frontend.publicIp && f.port === frontend.port);
      if (!fe) {
        throw new AppError('SANDBOX_FRONTEND_UNKNOWN', `No load balancer rule of the sandbox forwards ${frontend.publicIp}:${frontend.port} (${frontend.fqdn}).`, {
          hint: 'The load balancer or its rule may not exist yet; check GET /_sandbox/frontends.',
        });
      }
      // The address is the sandbox's, the name on the API server's certificate the cluster's.
      return { host: fe.endpoint.host, port: fe.endpoint.port, serverName: frontend.fqdn };
    },
  };
}
