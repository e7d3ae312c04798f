import { CLUSTER_TAG } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ArmClients } from '../../azure/arm-clients';
import { cloudLoadBalancerName } from '../render/azure-json';

/**
 * What the cloud provider and the disk driver created in Azure for this cluster: Flatkube did not
 * PUT these (a Service's load balancer and public IP, a volume's managed disk), so they are not in
 * the ownership record, and teardown finds them by the tags their creators put on them. Both tags
 * must be there, and the resource must sit in the cluster's own subscription and group:
 *
 * - Flatkube's cluster tag, which these components add because azure.json's `tags` and the
 *   StorageClass's `tags` parameter say so (render/azure-json.ts, render/azure-addons.ts);
 * - the component's own mark:
 *   - public IPs: `k8s-azure-service` (the Service using it) and `k8s-azure-cluster-name` equal to
 *     the cluster's name (`--cluster-name`), the keys cloud-provider-azure "applied for public IP
 *     tags" (kubernetes-sigs/cloud-provider-azure pkg/consts/consts.go: ServiceTagKey,
 *     ClusterNameKey);
 *   - managed disks: `k8s-azure-created-by: kubernetes-azure-dd`, with the PV and PVC the disk was
 *     made for (`kubernetes.io-created-for-pv-name`, `-pvc-name`, `-pvc-namespace`: the tags the
 *     Azure Disk CSI driver writes, kubernetes-sigs/azuredisk-csi-driver pkg/azureutils, shown in
 *     its docs' tagging example);
 *   - load balancers: the name azure.json gives the provider's load balancer (`loadBalancerName`,
 *     plus the `-internal` one it makes for internal Services: cloud-provider-azure
 *     content/en/install/configs.md, pkg/consts/consts.go InternalLoadBalancerNameSuffix).
 *
 * A resource of another cluster (another name in either tag), or one without the tags, is never
 * selected.
 */

export interface TaggedResource {
  id?: string;
  name?: string;
  type?: string;
  tags?: Record<string, string>;
}

function inClusterGroup(spec: Pick<ClusterSpec, 'subscriptionId' | 'resourceGroup'>, id: string): boolean {
  const prefix = `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup.name}/providers/`.toLowerCase();
  return id.toLowerCase().startsWith(prefix) && id.slice(prefix.length).split('/').length === 3;
}

export function isCloudProviderResource(spec: Pick<ClusterSpec, 'name' | 'subscriptionId' | 'resourceGroup'>, r: TaggedResource): boolean {
  if (!r.id || !r.type || !inClusterGroup(spec, r.id)) return false;
  const tags = r.tags ?? {};
  if (tags[CLUSTER_TAG] !== spec.name) return false;
  const name = (r.name ?? r.id.split('/').pop() ?? '').toLowerCase();
  switch (r.type.toLowerCase()) {
    case 'microsoft.network/publicipaddresses':
      return typeof tags['k8s-azure-service'] === 'string' && tags['k8s-azure-cluster-name'] === spec.name;
    case 'microsoft.compute/disks':
      return tags['k8s-azure-created-by'] === 'kubernetes-azure-dd' && typeof tags['kubernetes.io-created-for-pv-name'] === 'string';
    case 'microsoft.network/loadbalancers': {
      const lb = cloudLoadBalancerName(spec.name).toLowerCase();
      return name === lb || name === `${lb}-internal`;
    }
    default:
      return false;
  }
}

export function selectCloudProviderResources(spec: Pick<ClusterSpec, 'name' | 'subscriptionId' | 'resourceGroup'>, resources: TaggedResource[]): string[] {
  return resources.filter((r) => isCloudProviderResource(spec, r)).map((r) => r.id!);
}

/** Lists the cluster's group and selects what the cloud provider and disk driver made for it. */
export async function findCloudProviderResources(arm: ArmClients, spec: ClusterSpec, signal?: AbortSignal): Promise<string[]> {
  const all: TaggedResource[] = [];
  for await (const r of arm.resources.resources.listByResourceGroup(spec.resourceGroup.name, signal ? { abortSignal: signal } : {})) all.push(r as TaggedResource);
  return selectCloudProviderResources(spec, all);
}
