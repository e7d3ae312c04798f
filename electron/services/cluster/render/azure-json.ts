import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { CLUSTER_TAG, resourceNames } from '../../../../shared/domain/cluster-layout';

/**
 * /etc/kubernetes/azure.json, the cloud config the Azure cloud provider and the Azure Disk CSI
 * driver read from the host (the chart default `cloudControllerManager.cloudConfig:
 * /etc/kubernetes/azure.json`: kubernetes-sigs/cloud-provider-azure helm/cloud-provider-azure/README.md;
 * the disk driver's fallback when there is no Secret: kubernetes-sigs/azuredisk-csi-driver README.md).
 *
 * Fields as documented in kubernetes-sigs/cloud-provider-azure (documentation branch)
 * content/en/install/configs.md, https://cloud-provider-azure.sigs.k8s.io/install/configs/:
 * - `useManagedIdentityExtension: true` with `userAssignedIdentityID` = "The Client ID of the user
 *   assigned MSI": the provider gets its tokens for the VM's user-assigned identity from the
 *   instance metadata service. No `aadClientSecret`: nothing secret is in this file (so 0644 is
 *   fine, as for the kubelet's own config).
 * - `vmType: "standard"`: Flatkube's nodes are standalone VMs, not scale sets (the default is
 *   `vmss` since v1.28).
 * - `loadBalancerSku: "standard"`: the docs' default is `basic`, which Azure retires; the API's own
 *   load balancer (three control planes) is Standard too.
 * - `loadBalancerName`: the load balancer the provider creates for Services; by default it is the
 *   cluster name (`--cluster-name`), which would not clash with ours, but naming it says whose it is.
 * - `tags`: "the shared resources (load balancer, route table and security group) could be tagged
 *   by setting `tags` in azure.json ... The non-shared resource (public IP) could be tagged by
 *   setting `tags` in azure.json" (https://cloud-provider-azure.sigs.k8s.io/topics/tagging-resources/).
 *   So what the provider creates for this cluster carries Flatkube's cluster tag, and teardown
 *   finds it (engine/cloud-leftovers.ts).
 * - `excludeMasterFromStandardLB` stays at its default (true): control planes are not Service backends.
 */
export const AZURE_JSON_PATH = '/etc/kubernetes/azure.json';

export interface AzureJsonInput {
  spec: Pick<ClusterSpec, 'name' | 'subscriptionId' | 'location' | 'resourceGroup'>;
  tenantId: string;
  /** The clientId of the cluster's user-assigned identity. */
  identityClientId: string;
}

export const cloudLoadBalancerName = (cluster: string) => `${cluster}-services-lb`;

export function azureJson(input: AzureJsonInput): Record<string, unknown> {
  const { spec } = input;
  const rg = spec.resourceGroup.name;
  return {
    cloud: 'AzurePublicCloud',
    tenantId: input.tenantId,
    subscriptionId: spec.subscriptionId,
    useManagedIdentityExtension: true,
    userAssignedIdentityID: input.identityClientId,
    resourceGroup: rg,
    location: spec.location,
    vmType: 'standard',
    vnetName: resourceNames.vnet(spec.name),
    vnetResourceGroup: rg,
    subnetName: resourceNames.subnet(spec.name),
    securityGroupName: resourceNames.nsg(spec.name),
    securityGroupResourceGroup: rg,
    loadBalancerSku: 'standard',
    loadBalancerName: cloudLoadBalancerName(spec.name),
    useInstanceMetadata: true,
    tags: `${CLUSTER_TAG}=${spec.name}`,
  };
}

export function renderAzureJson(input: AzureJsonInput): string {
  return `${JSON.stringify(azureJson(input), null, 2)}\n`;
}
