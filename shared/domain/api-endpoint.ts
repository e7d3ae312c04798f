/**
 * The Kubernetes API endpoint of a cluster with three control planes (docs/azure.md#the-api-behind-a-load-balancer):
 * an Azure Standard Load Balancer whose public frontend has a DNS name, in front of the control
 * planes' API servers. One place for its names, so the plan, the ARM steps, the kubeadm config, the
 * az script and the UI agree. Pure (no Node, no DOM): the renderer may show the name too.
 */

/** The port of the API server on each control plane and on the load balancer's frontend. */
export const API_SERVER_PORT = 6443;

/** Azure's DNS zone for public IP labels in the public cloud: `<label>.<region>.cloudapp.azure.com`. */
export const PUBLIC_IP_DNS_SUFFIX = 'cloudapp.azure.com';

/** What the endpoint's names depend on (structural, so any spec-shaped value does). */
export interface EndpointSpec {
  name: string;
  subscriptionId: string;
  location: string;
  resourceGroup: { name: string };
  controlPlane: { count: number };
}

/** More than one control plane: the API is reached through the load balancer (kubeadm's controlPlaneEndpoint). */
export function hasLoadBalancedApi(spec: Pick<EndpointSpec, 'controlPlane'>): boolean {
  return spec.controlPlane.count > 1;
}

/**
 * Names of the load balancer and its parts. The child names follow Cluster API for Azure's
 * (kubernetes-sigs/cluster-api-provider-azure azure/services/loadbalancers/loadbalancers.go and
 * spec.go: a frontend and a pool per LB, the probe `HTTPSProbe`, the rule `LBRuleHTTPS`), so what
 * someone knows from CAPZ reads the same here. The two resources are named like Flatkube's others
 * (`<cluster>-<what>`).
 */
export const apiLoadBalancerNames = {
  publicIp: (cluster: string) => `${cluster}-api-pip`,
  loadBalancer: (cluster: string) => `${cluster}-api-lb`,
  frontend: 'api-frontend',
  backendPool: 'control-planes',
  probe: 'HTTPSProbe',
  rule: 'LBRuleHTTPS',
};

/** UTF-8 bytes of a string (no TextEncoder: shared/ uses no DOM or Node globals). */
function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return out;
}

/** 32-bit FNV-1a (offset basis 2166136261, prime 16777619), as Go's hash/fnv New32a. */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (const b of utf8(text)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}

/**
 * The DNS label of the API's public IP: `<cluster>-<hash>`, the hash being FNV-1a 32 of
 * `<subscription>/<resource group>/<public IP name>` in lower-case hex without padding. That is
 * how Cluster API for Azure names its API server (kubernetes-sigs/cluster-api-provider-azure
 * azure/scope/cluster.go, GenerateFQDN: `fnv.New32a()` over `"%s/%s/%s"` of subscription, group
 * and IP name, `%x`, lower-cased). A label is unique per region across all of Azure (a second
 * public IP asking for it gets `DnsRecordInUse`), so the cluster name alone would clash between
 * subscriptions; the hash keeps the same cluster name apart in another subscription or group. The
 * inputs are lower-cased first (Azure names compare case-insensitively), so a spec that writes
 * its group in other letters names the same endpoint. At most 40 + 1 + 8 characters, within the
 * label rule `^[a-z][a-z0-9-]{1,61}[a-z0-9]$` (the cluster name starts with a letter).
 */
export function apiServerDnsLabel(spec: Pick<EndpointSpec, 'name' | 'subscriptionId' | 'resourceGroup'>): string {
  const ipName = apiLoadBalancerNames.publicIp(spec.name);
  const hash = fnv32a(`${spec.subscriptionId}/${spec.resourceGroup.name}/${ipName}`.toLowerCase()).toString(16);
  return `${spec.name}-${hash}`.toLowerCase();
}

/**
 * `<label>.<region>.cloudapp.azure.com`: the name Azure gives a public IP with that label
 * (Azure/azure-rest-api-specs specification/network/resource-manager/Microsoft.Network/stable/2025-03-01/examples/PublicIpAddressCreateDns.json:
 * `domainNameLabel: dnslbl` answers `fqdn: dnslbl.<region>.cloudapp.azure.com`).
 */
export function apiServerFqdn(spec: Pick<EndpointSpec, 'name' | 'subscriptionId' | 'resourceGroup' | 'location'>): string {
  return `${apiServerDnsLabel(spec)}.${spec.location}.${PUBLIC_IP_DNS_SUFFIX}`;
}

/** kubeadm's controlPlaneEndpoint (`host:port`) of a cluster with a load-balanced API. */
export function loadBalancedControlPlaneEndpoint(spec: Pick<EndpointSpec, 'name' | 'subscriptionId' | 'resourceGroup' | 'location'>): string {
  return `${apiServerFqdn(spec)}:${API_SERVER_PORT}`;
}
