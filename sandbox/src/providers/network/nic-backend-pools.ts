/**
 * A NIC IP configuration joins load balancer backend pools through
 * `properties.loadBalancerBackendAddressPools[] {id}` ("The reference to
 * LoadBalancerBackendAddressPool resource.": Azure/azure-rest-api-specs:
 * specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/networkInterface.json;
 * CAPZ puts control-plane NICs into the API server LB's pool this way:
 * kubernetes-sigs/cluster-api-provider-azure: azure/services/networkinterfaces/spec.go). Each pool
 * must exist in an LB of the NIC's region (else InvalidResourceReference, as for a subnet), and a
 * pool an outbound rule uses takes no NIC with a public IP
 * (NicWithPublicIpCannotReferencePoolWithOutboundRule: see lb-children.ts checkCrossRules).
 */
import { ArmError, type ProviderDeps } from '../../arm/types';
import { invalidReference, refId } from './common';
import { findPool, poolHasOutboundRule } from './lb-derived';

export function backendPoolsOf(
  deps: ProviderDeps,
  requested: unknown,
  at: { nicId: string; ipConfigId: string; location: string; hasPublicIp: boolean },
): Array<{ id: string }> {
  const refs = Array.isArray(requested) ? requested : [];
  const out: Array<{ id: string }> = [];
  for (const r of refs) {
    const id = refId(r);
    const found = id ? findPool(deps.store, id) : undefined;
    if (!id || !found || found.lb.location?.toLowerCase() !== at.location.toLowerCase()) throw invalidReference(id ?? '(none)', at.nicId);
    if (at.hasPublicIp && poolHasOutboundRule(found.lb, found.pool.id)) {
      throw new ArmError(400, 'NicWithPublicIpCannotReferencePoolWithOutboundRule', `Network interface IP configuration ${at.ipConfigId} has a public IP address and cannot reference backend pool ${found.pool.id}, which is used by an outbound rule of load balancer ${found.lb.id}.`);
    }
    if (!out.some((o) => o.id.toLowerCase() === found.pool.id.toLowerCase())) out.push({ id: found.pool.id });
  }
  return out;
}
