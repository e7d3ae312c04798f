import { createHash } from 'node:crypto';
import { resourceNames } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';

/**
 * The cluster's user-assigned managed identity and its role (docs/azure.md#the-clusters-identity).
 *
 * No @azure/arm-msi client is installed: the identity goes through arm-resources' generic
 * by-id calls (createOrUpdateById / getById / deleteById with the provider's api-version), the
 * REST shapes of Azure/azure-rest-api-specs specification/msi/resource-manager/
 * Microsoft.ManagedIdentity/stable/2024-11-30 (examples/IdentityCreate.json: PUT body
 * `{location, tags}`, answer `properties: {tenantId, principalId, clientId}`). `principalId` is
 * the object id of the identity's service principal (what a role assignment names); `clientId`
 * goes into azure.json.
 */
export const MANAGED_IDENTITY_API_VERSION = '2024-11-30';

/**
 * Contributor (b24988ac-6180-42a0-ab88-20f7382dd24c, https://learn.microsoft.com/azure/role-based-access-control/built-in-roles)
 * on the cluster's resource group: the Azure Disk CSI driver documents that its identity needs
 * "Contributor role on the resource group" holding the disks (kubernetes-sigs/azuredisk-csi-driver
 * README.md), Cluster API for Azure gives its nodes' identity Contributor on the group
 * (kubernetes-sigs/cluster-api-provider-azure docs/book/src/self-managed/vm-identity.md), and the
 * cloud provider's own list of actions (load balancers, public IPs, security groups, NICs, disks,
 * VMs: cloud-provider-azure documentation content/en/topics/azure-permissions.md) is covered by
 * it. One assignment, scoped to the group, not the subscription.
 */
export const CONTRIBUTOR_ROLE_ID = 'b24988ac-6180-42a0-ab88-20f7382dd24c';

export interface ClusterIdentity {
  id: string;
  clientId: string;
  principalId: string;
  tenantId: string;
}

export function identityId(spec: Pick<ClusterSpec, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup.name}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${resourceNames.identity(spec.name)}`;
}

/**
 * The role assignment's name: a GUID that depends only on scope, principal and role, so a resume
 * finds the same assignment (Azure's advice: "guid(scope, principalId, roleDefinitionId)" for a
 * deterministic name, https://learn.microsoft.com/azure/role-based-access-control/troubleshooting;
 * the name must be a GUID).
 */
export function roleAssignmentName(scope: string, principalId: string, roleDefinitionId: string): string {
  const h = createHash('sha256').update(`${scope.toLowerCase()}|${principalId.toLowerCase()}|${roleDefinitionId.toLowerCase()}`).digest('hex');
  // Shaped as a version-5-like UUID (variant bits set), what Azure's own tools generate.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function roleAssignmentId(spec: Pick<ClusterSpec, 'subscriptionId' | 'resourceGroup'>, principalId: string): string {
  const scope = `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup.name}`;
  return `${scope}/providers/Microsoft.Authorization/roleAssignments/${roleAssignmentName(scope, principalId, roleDefinitionId(spec))}`;
}

export function roleDefinitionId(spec: Pick<ClusterSpec, 'subscriptionId'>): string {
  return `/subscriptions/${spec.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR_ROLE_ID}`;
}


/**
 * A scope as @azure/arm-authorization 9 wants it: its path template is `/{scope}/providers/...`
 * with the scope not encoded, so a scope with its leading slash would start the path with `//`
 * (read as a host). Azure's ids start with one; the client gets them without.
 */
export function authorizationScope(scope: string): string {
  return scope.replace(/^\/+/, '');
}
