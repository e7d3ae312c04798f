/**
 * Where Flatkube talks to: real Azure, or the embedded sandbox. Everything that differs between
 * the two lives here, so the services have exactly one code path (docs/architecture.md#one-code-path-for-azure-and-the-sandbox).
 */
export interface NodeEndpoints {
  ssh: { host: string; port: number };
  apiServer: { host: string; port: number };
}

/**
 * Where a client on this machine connects to reach a Kubernetes API server, and the name its
 * certificate must carry when that is not the host dialled (TLS SNI and the certificate check:
 * node:tls `servername`, kubeconfig `tls-server-name`).
 */
export interface ApiServerEndpoint {
  host: string;
  port: number;
  serverName?: string;
}

/** A load balancer's public frontend: its public IP, the IP's DNS name and the frontend port. */
export interface LoadBalancerFrontend {
  publicIp: string;
  fqdn: string;
  port: number;
}

export interface AzureEnvironment {
  kind: 'sandbox' | 'azure';
  /** ARM base URL, e.g. https://management.azure.com */
  armEndpoint: string;
  /** The scope ARM tokens are requested for, e.g. https://management.azure.com/.default */
  armScope: string;
  /** Entra ID host, e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /** Tenant for sign-in: 'organizations' by default, or a tenant id/domain. */
  tenantId: string;
  /** Flatkube's public-client application id. */
  clientId: string;
  /** The sandbox's CA: trusted by Flatkube's own clients only, never process-wide. */
  caCertPem?: string;
  /**
   * Sandbox only: the sandbox API token, which Flatkube's own MSAL client sends to the sandbox's
   * Entra (its password grant, the automatic sign-in of a sandbox user, needs it). A function, so
   * the secret stays in a closure and out of anything that copies or logs the environment.
   */
  sandboxApiToken?: () => string;
  /** Azure Retail Prices API, e.g. https://prices.azure.com/api/retail/prices */
  pricesEndpoint: string;
  /**
   * Where a node's SSH server and API server answer. Real Azure: the public IP on 22 and 6443.
   * The sandbox maps its fake public IPs to loopback ports (GET /_sandbox/nodes).
   */
  resolveNodeEndpoints(publicIp: string, signal?: AbortSignal): Promise<NodeEndpoints>;
  /**
   * Where a load balancer frontend answers (the API of a cluster with three control planes).
   * Real Azure: its DNS name and port, as anyone dials it. The sandbox's public addresses and
   * names are fake: it forwards a loopback port per rule (GET /_sandbox/frontends), and the
   * certificate is still checked for the DNS name (serverName).
   */
  resolveLoadBalancerFrontend(frontend: LoadBalancerFrontend, signal?: AbortSignal): Promise<ApiServerEndpoint>;
  /**
   * MSAL's authority documents, supplied so MSAL makes no discovery calls (the sandbox has no
   * internet twin). Absent for real Azure: MSAL discovers login.microsoftonline.com itself.
   */
  identityMetadata?: IdentityMetadata;
  /** Label shown in the UI next to everything simulated ("Flatkube sandbox (simulated)"). */
  displayName?: string;
  /**
   * The Flatcar sysext bakery's release downloads: `<this>/kubernetes-vX.Y.Z/SHA256SUMS` and the
   * images beside it, `<this>/kubernetes/SHA256SUMS` listing every version (sysext-checksums.ts).
   * Fetched with caCertPem trusted when set.
   */
  sysextBakery: string;
  /**
   * The sha256 of the CNI manifests a plan pins, by URL, where this environment's nodes download
   * other files than upstream's (the sandbox serves stand-ins). Absent: the real files' pins
   * (UPSTREAM_CNI_PINS in cluster/render/cni.ts).
   */
  cniPins?: () => Readonly<Record<string, string>>;
}

/** github.com/flatcar/sysext-bakery's releases (layout: its release.sh and release_meta.sh, run by .github/workflows/release.yaml). */
export const FLATCAR_SYSEXT_BAKERY = 'https://github.com/flatcar/sysext-bakery/releases/download';

export interface IdentityMetadata {
  knownAuthorities: string[];
  /** OpenID configuration JSON of the environment's tenant. */
  authorityMetadata: string;
  /** Instance discovery JSON. */
  cloudDiscoveryMetadata: string;
}

/** Real Azure's public cloud. The client id is Flatkube's own registration (README: "Use your own app registration"). */
export function publicCloudEnvironment(opts: { clientId: string; tenantId?: string }): AzureEnvironment {
  return {
    kind: 'azure',
    armEndpoint: 'https://management.azure.com',
    armScope: 'https://management.azure.com/.default',
    authorityHost: 'https://login.microsoftonline.com',
    tenantId: opts.tenantId ?? 'organizations',
    clientId: opts.clientId,
    pricesEndpoint: 'https://prices.azure.com/api/retail/prices',
    sysextBakery: FLATCAR_SYSEXT_BAKERY,
    resolveNodeEndpoints: async (publicIp) => ({
      ssh: { host: publicIp, port: 22 },
      apiServer: { host: publicIp, port: 6443 },
    }),
    resolveLoadBalancerFrontend: async (frontend) => ({ host: frontend.fqdn, port: frontend.port }),
  };
}
