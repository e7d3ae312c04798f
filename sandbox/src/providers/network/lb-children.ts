/**
 * The child collections of a load balancer PUT body, validated and completed with Azure's
 * defaults. Shapes and defaults from Azure/azure-rest-api-specs:
 * specification/network/resource-manager/Microsoft.Network/stable/2025-03-01/examples/LoadBalancerCreateWithOutboundRules.json
 * (request and 200/201 response): child ids `<lbId>/<collection>/<name>`, the LB's etag on every
 * child, `enableTcpReset: false`, outbound rules `allocatedOutboundPorts: 1024`,
 * `idleTimeoutInMinutes: 4`; public frontends `privateIPAllocationMethod: Dynamic`,
 * `privateIPAddressVersion: IPv4`. References between children use Azure's
 * InvalidResourceReference (common.ts; same answer as for a NIC's missing subnet).
 */
import { ArmError } from '../../arm/types';
import type { ProviderDeps } from '../../arm/types';
import { invalidReference, refId, requireReference } from './common';
import { ipConfigUsingPublicIp } from './derived';
import { frontendUsingPublicIp, ipConfigsInPool, type LbChild } from './lb-derived';
import { validateNetworkName } from './names';

type Props = Record<string, unknown>;
interface ChildInput {
  name?: unknown;
  properties?: Props;
}

const lower = (s: string) => s.toLowerCase();

function canonical(value: unknown, allowed: string[]): string | undefined {
  return typeof value === 'string' ? allowed.find((a) => lower(a) === lower(value)) : undefined;
}

/** Wording of the sandbox's own (codes UNCONFIRMED: no recorded Azure answer was found). */
function invalidValue(childId: string, field: string, value: unknown, allowed: string): ArmError {
  return new ArmError(400, 'InvalidRequestFormat', `Cannot parse the request. ${childId}: ${field} ${JSON.stringify(value)} is invalid; expected ${allowed}.`);
}

function port(childId: string, field: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > 65535) throw invalidValue(childId, field, v, `an integer ${min}-65535`);
  return v;
}

export interface LbContext {
  deps: ProviderDeps;
  lbId: string;
  location: string;
  etag: string;
}

function list(ctx: LbContext, props: Props, collection: string): Array<{ name: string; id: string; p: Props }> {
  const items = (Array.isArray(props[collection]) ? props[collection] : []) as ChildInput[];
  const seen = new Set<string>();
  return items.map((c) => {
    const name = typeof c?.name === 'string' ? c.name : '';
    validateNetworkName(name);
    if (seen.has(lower(name))) throw new ArmError(400, 'InvalidRequestFormat', `Cannot parse the request. Duplicate name ${name} in ${collection}.`);
    seen.add(lower(name));
    return { name, id: `${ctx.lbId}/${collection}/${name}`, p: c.properties ?? {} };
  });
}

function child(ctx: LbContext, collection: string, c: { name: string; id: string }, properties: Props): LbChild & Record<string, unknown> {
  return { name: c.name, id: c.id, etag: ctx.etag, type: `Microsoft.Network/loadBalancers/${collection}`, properties: { provisioningState: 'Succeeded', ...properties } };
}

export function buildFrontends(ctx: LbContext, props: Props) {
  return list(ctx, props, 'frontendIPConfigurations').map((c) => {
    const pipId = refId(c.p.publicIPAddress);
    if (!pipId) {
      // Internal frontends (subnet + private address) exist in Azure; the sandbox simulates public ones only.
      throw new ArmError(400, 'InvalidRequestFormat', `Cannot parse the request. Frontend IP configuration ${c.id} has no publicIPAddress (internal load balancer frontends are not simulated by the Flatkube sandbox).`);
    }
    const pip = requireReference(ctx.deps, pipId, 'Microsoft.Network/publicIPAddresses', ctx.location, ctx.lbId);
    if ((pip.sku as { name?: string } | undefined)?.name !== 'Standard') {
      // Real code and wording: https://github.com/Azure/terraform-azurerm-loadbalancer/issues/32
      throw new ArmError(400, 'PublicIPAndLBSkuDoNotMatch', `Standard sku load balancer ${ctx.lbId} cannot reference Basic sku publicIP ${pip.id}.`);
    }
    const nicUser = ipConfigUsingPublicIp(ctx.deps.store, pip.id);
    const lbUser = frontendUsingPublicIp(ctx.deps.store, pip.id);
    const other = nicUser?.ipConfigId ?? (lbUser && lower(lbUser.lb.id) !== lower(ctx.lbId) ? lbUser.frontend.id : undefined);
    if (other) {
      // Same code as the NIC's (network-interfaces.ts); wording from memory, not recorded.
      throw new ArmError(400, 'PublicIPAddressInUse', `Resource ${pip.id} is referenced by resource ${other}, and can't be referenced by ${c.id} at the same time.`);
    }
    return child(ctx, 'frontendIPConfigurations', c, { privateIPAllocationMethod: 'Dynamic', privateIPAddressVersion: 'IPv4', publicIPAddress: { id: pip.id } });
  });
}

export function buildPools(ctx: LbContext, props: Props) {
  return list(ctx, props, 'backendAddressPools').map((c) => {
    const addresses = c.p.loadBalancerBackendAddresses;
    if (Array.isArray(addresses) && addresses.length > 0) {
      throw new ArmError(400, 'InvalidRequestFormat', `Cannot parse the request. Backend pool ${c.id}: IP-based backend addresses are not simulated by the Flatkube sandbox; reference the pool from NIC IP configurations.`);
    }
    return child(ctx, 'backendAddressPools', c, {});
  });
}

const PROBE_PROTOCOLS = ['Tcp', 'Http', 'Https'];

export function buildProbes(ctx: LbContext, props: Props) {
  return list(ctx, props, 'probes').map((c) => {
    const protocol = canonical(c.p.protocol, PROBE_PROTOCOLS);
    if (!protocol) throw invalidValue(c.id, 'protocol', c.p.protocol, PROBE_PROTOCOLS.join(', '));
    const requestPath = typeof c.p.requestPath === 'string' ? c.p.requestPath : undefined;
    if (protocol !== 'Tcp' && !requestPath) throw invalidValue(c.id, 'requestPath', c.p.requestPath, `a path for ${protocol} probes`);
    if (protocol === 'Tcp' && requestPath) throw invalidValue(c.id, 'requestPath', requestPath, 'none for Tcp probes');
    // Defaults and the 5 s minimum: https://learn.microsoft.com/azure/load-balancer/load-balancer-custom-probe-overview
    const interval = c.p.intervalInSeconds ?? 15;
    if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 5) throw invalidValue(c.id, 'intervalInSeconds', interval, 'an integer >= 5');
    return child(ctx, 'probes', c, {
      protocol,
      port: port(c.id, 'port', c.p.port, 1),
      ...(requestPath ? { requestPath } : {}),
      intervalInSeconds: interval,
      numberOfProbes: typeof c.p.numberOfProbes === 'number' ? c.p.numberOfProbes : 2,
      probeThreshold: typeof c.p.probeThreshold === 'number' ? c.p.probeThreshold : 1,
    });
  });
}

function ownRef(ctx: LbContext, value: unknown, pool: LbChild[], byId: string): string {
  const id = refId(value);
  const found = id ? pool.find((x) => lower(x.id) === lower(id)) : undefined;
  if (!found) throw invalidReference(id ?? '(none)', byId);
  return found.id;
}

const RULE_PROTOCOLS = ['Tcp', 'Udp', 'All'];

export function buildRules(ctx: LbContext, props: Props, parts: { frontends: LbChild[]; pools: LbChild[]; probes: LbChild[] }) {
  return list(ctx, props, 'loadBalancingRules').map((c) => {
    const protocol = canonical(c.p.protocol, RULE_PROTOCOLS);
    if (!protocol) throw invalidValue(c.id, 'protocol', c.p.protocol, RULE_PROTOCOLS.join(', '));
    const minPort = protocol === 'All' ? 0 : 1; // 0/All = HA ports
    const probe = c.p.probe === undefined ? undefined : ownRef(ctx, c.p.probe, parts.probes, ctx.lbId);
    const idle = c.p.idleTimeoutInMinutes ?? 4;
    if (typeof idle !== 'number' || idle < 4 || idle > 100) throw invalidValue(c.id, 'idleTimeoutInMinutes', idle, '4-100');
    const distribution = canonical(c.p.loadDistribution ?? 'Default', ['Default', 'SourceIP', 'SourceIPProtocol']);
    if (!distribution) throw invalidValue(c.id, 'loadDistribution', c.p.loadDistribution, 'Default, SourceIP, SourceIPProtocol');
    return child(ctx, 'loadBalancingRules', c, {
      frontendIPConfiguration: { id: ownRef(ctx, c.p.frontendIPConfiguration, parts.frontends, ctx.lbId) },
      backendAddressPool: { id: ownRef(ctx, c.p.backendAddressPool, parts.pools, ctx.lbId) },
      ...(probe ? { probe: { id: probe } } : {}),
      protocol,
      frontendPort: port(c.id, 'frontendPort', c.p.frontendPort, minPort),
      backendPort: port(c.id, 'backendPort', c.p.backendPort ?? c.p.frontendPort, minPort),
      enableFloatingIP: c.p.enableFloatingIP === true,
      idleTimeoutInMinutes: idle,
      loadDistribution: distribution,
      disableOutboundSnat: c.p.disableOutboundSnat === true,
      enableTcpReset: c.p.enableTcpReset === true,
    });
  });
}

export function buildOutboundRules(ctx: LbContext, props: Props, parts: { frontends: LbChild[]; pools: LbChild[] }) {
  return list(ctx, props, 'outboundRules').map((c) => {
    const protocol = canonical(c.p.protocol, RULE_PROTOCOLS);
    if (!protocol) throw invalidValue(c.id, 'protocol', c.p.protocol, RULE_PROTOCOLS.join(', '));
    const fronts = (Array.isArray(c.p.frontendIPConfigurations) ? c.p.frontendIPConfigurations : []) as unknown[];
    if (fronts.length === 0) throw invalidValue(c.id, 'frontendIPConfigurations', fronts, 'at least one frontend');
    return child(ctx, 'outboundRules', c, {
      allocatedOutboundPorts: typeof c.p.allocatedOutboundPorts === 'number' ? c.p.allocatedOutboundPorts : 1024,
      frontendIPConfigurations: fronts.map((f) => ({ id: ownRef(ctx, f, parts.frontends, ctx.lbId) })),
      backendAddressPool: { id: ownRef(ctx, c.p.backendAddressPool, parts.pools, ctx.lbId) },
      protocol,
      enableTcpReset: c.p.enableTcpReset === true,
      idleTimeoutInMinutes: typeof c.p.idleTimeoutInMinutes === 'number' ? c.p.idleTimeoutInMinutes : 4,
    });
  });
}

/**
 * Rules between the collections, with Azure's codes:
 *  - a load-balancing rule must disable outbound SNAT when its frontend is also used by an
 *    outbound rule: LoadBalancingRuleMustDisableSNATSinceSameFrontendIPConfigurationIsReferencedByOutboundRule
 *    (code seen in Azure deployments, e.g. gardener and terraform retry lists found in the index;
 *    wording UNCONFIRMED). CAPZ sets `disableOutboundSnat: true` on its API rule for this reason
 *    (kubernetes-sigs/cluster-api-provider-azure: azure/services/loadbalancers/spec.go).
 *  - a NIC with a public IP may not be in a pool an outbound rule uses:
 *    NicWithPublicIpCannotReferencePoolWithOutboundRule (code seen in
 *    openshift tests "Check machineset with publicIP: true is not allowed for Azure"; wording UNCONFIRMED).
 */
export function checkCrossRules(ctx: LbContext, rules: LbChild[], outbound: LbChild[]): void {
  for (const o of outbound) {
    const fronts = ((o.properties.frontendIPConfigurations ?? []) as unknown[]).map((f) => lower(refId(f) ?? ''));
    for (const r of rules) {
      if (fronts.includes(lower(refId(r.properties.frontendIPConfiguration) ?? '')) && r.properties.disableOutboundSnat !== true) {
        throw new ArmError(400, 'LoadBalancingRuleMustDisableSNATSinceSameFrontendIPConfigurationIsReferencedByOutboundRule', `Load balancing rule ${r.id} must have disableOutboundSnat set to true because its frontend IP configuration is also referenced by outbound rule ${o.id}.`);
      }
    }
    const poolId = refId(o.properties.backendAddressPool) ?? '';
    const withPip = ipConfigsInPool(ctx.deps.store, poolId).find((c) => refId(c.properties.publicIPAddress));
    if (withPip) {
      throw new ArmError(400, 'NicWithPublicIpCannotReferencePoolWithOutboundRule', `Network interface IP configuration ${withPip.ipConfigId} has a public IP address and cannot reference backend pool ${poolId}, which is used by outbound rule ${o.id}.`);
    }
  }
}
