import { API_SERVER_PORT, apiLoadBalancerNames as LB, apiServerDnsLabel, apiServerFqdn } from '../../../../shared/domain/api-endpoint';
import { clusterTags, resourceNames } from '../../../../shared/domain/cluster-layout';
import { NODES_API_RULE } from '../plan/ha-az-commands';
import type { PlanStep } from '../plan/types';
import { API_PUBLIC_IP_FACT } from './api-endpoint';
import { apiLoadBalancerIds } from './api-lb-ids';
import { ensure, getOrUndefined, settled } from './arm-steps';
import type { DeploymentContext } from './context';
import { publicIpOf } from './node-facts';
import { StepError, type StepRunContext, type StepRunner } from './types';

/**
 * ARM steps of a cluster with three control planes (plan/ha-steps.ts; the facts behind them:
 * docs/azure.md#the-api-behind-a-load-balancer). Like the other ARM runners they GET before they
 * PUT, and record what they create in the ownership ledger before the PUT (`ensure`).
 */

const opt = (r: StepRunContext) => ({ abortSignal: r.signal });

/**
 * The API's Standard static public IP with its DNS label (`dnsSettings.domainNameLabel`; Azure
 * answers `fqdn: <label>.<region>.cloudapp.azure.com`: Azure/azure-rest-api-specs
 * specification/network/resource-manager/Microsoft.Network/stable/2025-03-01/examples/PublicIpAddressCreateDns.json).
 * The control planes' certificates and kubeadm's config were rendered with the name the spec
 * gives (shared/domain/api-endpoint.ts), so Azure must have given exactly that one.
 */
function apiPip(ctx: DeploymentContext): StepRunner {
  return async (r) => {
    const { spec, arm } = ctx;
    const rg = spec.resourceGroup.name;
    const name = LB.publicIp(spec.name);
    const label = apiServerDnsLabel(spec);
    const pip = await ensure(
      r,
      `public IP ${name} (DNS name ${label})`,
      () => arm.network.publicIPAddresses.get(rg, name, opt(r)),
      () =>
        arm.network.publicIPAddresses.createOrUpdate(
          rg,
          name,
          {
            location: spec.location,
            tags: clusterTags(spec),
            sku: { name: 'Standard' },
            publicIPAllocationMethod: 'Static',
            publicIPAddressVersion: 'IPv4',
            dnsSettings: { domainNameLabel: label },
          },
          opt(r),
        ),
      { ctx, id: apiLoadBalancerIds(spec).publicIp },
    );
    const fqdn = apiServerFqdn(spec);
    const given = pip.dnsSettings?.fqdn?.toLowerCase().replace(/\.$/, '');
    if (given !== fqdn) {
      throw new StepError(`public IP ${name} has the DNS name ${given ?? '(none)'}, not ${fqdn}, which the control planes' kubeadm configuration names`, {
        hint: `Delete ${name} (or destroy the cluster) and create the cluster again.`,
      });
    }
    if (!pip.ipAddress) throw new StepError(`public IP ${name} has no address yet`);
    await ctx.journal.setFact(API_PUBLIC_IP_FACT, pip.ipAddress);
    await ctx.onControlPlaneEndpoint?.(`${fqdn}:${API_SERVER_PORT}`);
    r.log('info', `API endpoint: ${fqdn} (${pip.ipAddress})`, 'azure');
  };
}

/**
 * The Standard load balancer in front of the control planes, as Cluster API for Azure builds its
 * public API server LB (kubernetes-sigs/cluster-api-provider-azure azure/services/loadbalancers/spec.go):
 * one frontend on the public IP, one backend pool (the control planes' NICs join it: api-lb-ids.ts),
 * the probe `HTTPSProbe` (Https, 6443, `/readyz`, every 15 s, down after 1 failure) and the rule
 * `LBRuleHTTPS` (Tcp 6443 -> 6443, idle timeout 4 minutes, no floating IP).
 *
 * No outbound rule, where CAPZ has one: Flatkube's nodes keep their own public IPs (SSH, outbound
 * access), and Azure refuses a NIC with a public IP in a pool an outbound rule uses
 * (NicWithPublicIpCannotReferencePoolWithOutboundRule). Outbound traffic leaves through each
 * node's own public IP, which takes precedence over a load balancer's SNAT
 * (https://learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections); the rule
 * still disables SNAT so the API's address is only ever used inbound.
 *
 * Probes come from 168.63.129.16, which the NSG's default rule AllowAzureLoadBalancerInBound
 * admits (https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview);
 * `/readyz` answers anonymous requests (the system:public-info-viewer role:
 * https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles).
 */
function loadBalancer(ctx: DeploymentContext): StepRunner {
  return async (r) => {
    const { spec, arm } = ctx;
    const rg = spec.resourceGroup.name;
    const name = LB.loadBalancer(spec.name);
    const ids = apiLoadBalancerIds(spec);
    await ensure(
      r,
      `load balancer ${name} (TCP ${API_SERVER_PORT} to the control planes)`,
      () => arm.network.loadBalancers.get(rg, name, opt(r)),
      () =>
        arm.network.loadBalancers.createOrUpdate(
          rg,
          name,
          {
            location: spec.location,
            tags: clusterTags(spec),
            sku: { name: 'Standard' },
            frontendIPConfigurations: [{ name: LB.frontend, publicIPAddress: { id: ids.publicIp } }],
            backendAddressPools: [{ name: LB.backendPool }],
            probes: [{ name: LB.probe, protocol: 'Https', port: API_SERVER_PORT, requestPath: '/readyz', intervalInSeconds: 15, probeThreshold: 1 }],
            loadBalancingRules: [
              {
                name: LB.rule,
                frontendIPConfiguration: { id: ids.frontend },
                backendAddressPool: { id: ids.backendPool },
                probe: { id: ids.probe },
                protocol: 'Tcp',
                frontendPort: API_SERVER_PORT,
                backendPort: API_SERVER_PORT,
                enableFloatingIP: false,
                idleTimeoutInMinutes: 4,
                loadDistribution: 'Default',
                disableOutboundSnat: true,
              },
            ],
          },
          opt(r),
        ),
      { ctx, id: ids.loadBalancer },
    );
  };
}

const sorted = (xs: readonly string[]) => [...xs].map((x) => x.toLowerCase()).sort();

/**
 * TCP 6443 from the public IPs of the cluster's nodes (all of them once the operation is done).
 * A node reaches the API through the load balancer's public frontend, so its packets leave
 * through its own public IP (above), and a load balancer passes the client's address through, so
 * the control plane's NSG sees that address, which `allow-kube-api` (the user's address only)
 * does not admit (docs/azure.md#the-api-behind-a-load-balancer). Written again whenever the set
 * of nodes changes; unchanged, it is kept.
 */
function nodesApiRule(ctx: DeploymentContext): StepRunner {
  return async (r) => {
    const { spec, arm } = ctx;
    const rg = spec.resourceGroup.name;
    const nsg = resourceNames.nsg(spec.name);
    const addresses = await Promise.all(ctx.nodes.map((n) => publicIpOf(ctx, n.name, r.signal)));
    const wanted = sorted(addresses.map((ip) => `${ip}/32`));
    const what = `NSG rule ${NODES_API_RULE.name} (TCP ${API_SERVER_PORT} from the ${wanted.length} nodes' public IPs)`;
    const existing = await getOrUndefined(() => arm.network.securityRules.get(rg, nsg, NODES_API_RULE.name, opt(r)));
    const has = sorted([...(existing?.sourceAddressPrefixes ?? []), ...(existing?.sourceAddressPrefix ? [existing.sourceAddressPrefix] : [])]);
    if (existing && existing.provisioningState === 'Succeeded' && JSON.stringify(has) === JSON.stringify(wanted)) {
      r.log('info', `${what}: already so, kept`, 'azure');
      return;
    }
    r.log('info', `${what}: ${existing ? 'updating' : 'creating'}`, 'azure');
    await settled(ctx, r, arm.network.securityRules.createOrUpdate(
      rg,
      nsg,
      NODES_API_RULE.name,
      {
        protocol: 'Tcp',
        access: 'Allow',
        direction: 'Inbound',
        priority: NODES_API_RULE.priority,
        sourceAddressPrefixes: wanted,
        sourcePortRange: '*',
        destinationAddressPrefix: '*',
        destinationPortRange: String(API_SERVER_PORT),
      },
      opt(r),
    ));
    r.log('info', `${what}: ${wanted.join(', ')}`, 'azure');
  };
}

export function haArmRunner(ctx: DeploymentContext, step: PlanStep): StepRunner {
  switch (step.action) {
    case 'api-pip':
      return apiPip(ctx);
    case 'lb':
      return loadBalancer(ctx);
    case 'api-nodes-rule':
      return nodesApiRule(ctx);
    default:
      throw new Error(`no ARM runner for step ${step.id}`);
  }
}
