import { apiLoadBalancerNames as LB, hasLoadBalancedApi } from '../../../../shared/domain/api-endpoint';
import type { NodeInfo } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { networkId } from './context';

/**
 * ARM ids of the API's load balancer and its parts (names: shared/domain/api-endpoint.ts). A
 * child's id is the load balancer's id, its collection and its name
 * (`<lbId>/frontendIPConfigurations/<name>`, `/backendAddressPools/<name>`, `/probes/<name>`:
 * Azure/azure-rest-api-specs specification/network/resource-manager/Microsoft.Network/stable/2025-03-01/examples/LoadBalancerCreateWithOutboundRules.json).
 */
export function apiLoadBalancerIds(spec: ClusterSpec) {
  const lb = networkId(spec, 'loadBalancers', LB.loadBalancer(spec.name));
  return {
    publicIp: networkId(spec, 'publicIPAddresses', LB.publicIp(spec.name)),
    loadBalancer: lb,
    frontend: `${lb}/frontendIPConfigurations/${LB.frontend}`,
    backendPool: `${lb}/backendAddressPools/${LB.backendPool}`,
    probe: `${lb}/probes/${LB.probe}`,
  };
}

/**
 * What a node's NIC IP configuration adds for the load balancer: a control plane of a cluster
 * with three joins its backend pool (`loadBalancerBackendAddressPools[] {id}`, "The reference to
 * LoadBalancerBackendAddressPool resource.": Azure/azure-rest-api-specs
 * specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/networkInterface.json;
 * Cluster API for Azure does the same: kubernetes-sigs/cluster-api-provider-azure
 * azure/services/networkinterfaces/spec.go). Nothing for other nodes.
 */
export function backendPoolsOf(spec: ClusterSpec, node: NodeInfo): { loadBalancerBackendAddressPools?: { id: string }[] } {
  if (!hasLoadBalancedApi(spec) || node.role !== 'control-plane') return {};
  return { loadBalancerBackendAddressPools: [{ id: apiLoadBalancerIds(spec).backendPool }] };
}
