/**
 * Microsoft.Network/loadBalancers: Standard SKU, public frontends (a Standard static public IP
 * each), backend pools joined by NIC IP configurations, probes, load-balancing rules and outbound
 * rules (children built in lb-children.ts); GET/PUT/DELETE/list in a group, and GET/list of each
 * child collection (`<lbId>/probes/<name>` ...), at the api-version @azure/arm-network 39 sends.
 * Back-references (a pool's backendIPConfigurations, which rules use a frontend/pool/probe, the
 * public IP's ipConfiguration) are derived on read. The traffic side: frontend-proxy.ts (host
 * clients) and node-network.ts (simulated nodes).
 */
import { ArmError, type ArmRequest, type ArmResource, type ArmRouter, type ProviderDeps } from '../../arm/types';
import { pagedList } from '../../arm/helpers';
import { NETWORK_API_VERSIONS } from '../catalog/api-versions';
import { RG_BASE, beginNetworkPut, networkResourceId, newEtag, newGuid, notFound, refId, requireGroup, startPut, tagsOf } from './common';
import { buildFrontends, buildOutboundRules, buildPools, buildProbes, buildRules, checkCrossRules, type LbContext } from './lb-children';
import { children, ipConfigsInPool, LB_TYPE, type LbChild } from './lb-derived';
import { registerTopLevelRoutes } from './top-level-routes';

const COLLECTIONS = ['frontendIPConfigurations', 'backendAddressPools', 'probes', 'loadBalancingRules', 'outboundRules', 'inboundNatRules'] as const;

const lower = (s: string) => s.toLowerCase();

function usedBy(lb: ArmResource, collection: string, field: string, id: string): Array<{ id: string }> {
  return children(lb, collection)
    .filter((c) => {
      const v = c.properties[field];
      const refs = Array.isArray(v) ? v : [v];
      return refs.some((r) => lower(refId(r) ?? '') === lower(id));
    })
    .map((c) => ({ id: c.id }));
}

function withRefs(c: LbChild, refs: Record<string, Array<{ id: string }>>): LbChild {
  const present = Object.fromEntries(Object.entries(refs).filter(([, v]) => v.length > 0));
  return { ...c, properties: { ...c.properties, ...present } };
}

/** The LB as ARM shows it: children with the back-references Azure adds (example in lb-children.ts). */
export function renderLoadBalancer(deps: ProviderDeps, lb: ArmResource): ArmResource {
  const p = lb.properties ?? {};
  return {
    ...lb,
    properties: {
      ...p,
      frontendIPConfigurations: children(lb, 'frontendIPConfigurations').map((f) =>
        withRefs(f, { loadBalancingRules: usedBy(lb, 'loadBalancingRules', 'frontendIPConfiguration', f.id), outboundRules: usedBy(lb, 'outboundRules', 'frontendIPConfigurations', f.id) }),
      ),
      backendAddressPools: children(lb, 'backendAddressPools').map((b) =>
        withRefs(b, {
          backendIPConfigurations: ipConfigsInPool(deps.store, b.id).map((c) => ({ id: c.ipConfigId })),
          loadBalancingRules: usedBy(lb, 'loadBalancingRules', 'backendAddressPool', b.id),
          outboundRules: usedBy(lb, 'outboundRules', 'backendAddressPool', b.id),
        }),
      ),
      probes: children(lb, 'probes').map((pr) => withRefs(pr, { loadBalancingRules: usedBy(lb, 'loadBalancingRules', 'probe', pr.id) })),
    },
  };
}

/**
 * A pool still joined by NIC IP configurations blocks deleting the LB (or dropping the pool in a
 * PUT). Code `InUseLoadBalancerCannotBeDeleted`: UNCONFIRMED (named in a third-party
 * troubleshooting page only); wording the sandbox's own.
 */
function poolInUse(deps: ProviderDeps, lb: ArmResource, pools: LbChild[]): void {
  for (const pool of pools) {
    const user = ipConfigsInPool(deps.store, pool.id)[0];
    if (user) {
      throw new ArmError(400, 'InUseLoadBalancerCannotBeDeleted', `Load balancer ${lb.id} cannot be changed or deleted since its backend address pool ${pool.id} is in use by ${user.ipConfigId}. Remove the pool from the network interface IP configurations first.`);
    }
  }
}

async function putLoadBalancer(req: ArmRequest, deps: ProviderDeps) {
  const { name, body, location, id, existing, props } = beginNetworkPut(req, deps, 'loadBalancerName', 'loadBalancers', LB_TYPE);
  const lbId = existing?.id ?? id;
  const sku = (body.sku as { name?: unknown } | undefined)?.name;
  if (typeof sku !== 'string' || lower(sku) !== 'standard') {
    // Basic load balancers were retired on 2025-09-30 and can no longer be created
    // (https://azure.microsoft.com/updates/azure-basic-load-balancer-will-be-retired-on-30-september-2025-upgrade-to-standard-load-balancer/).
    // Code and wording UNCONFIRMED; a missing sku meant Basic in older api-versions.
    throw new ArmError(400, 'BasicSkuLoadBalancerCreationNotAllowed', `Load balancer ${lbId} cannot be created with sku '${typeof sku === 'string' ? sku : 'Basic'}': Basic SKU load balancers are retired; use sku 'Standard'.`);
  }
  const etag = newEtag();
  const ctx: LbContext = { deps, lbId, location, etag };
  const frontendIPConfigurations = buildFrontends(ctx, props);
  const backendAddressPools = buildPools(ctx, props);
  const probes = buildProbes(ctx, props);
  const loadBalancingRules = buildRules(ctx, props, { frontends: frontendIPConfigurations, pools: backendAddressPools, probes });
  const outboundRules = buildOutboundRules(ctx, props, { frontends: frontendIPConfigurations, pools: backendAddressPools });
  checkCrossRules(ctx, loadBalancingRules, outboundRules);
  if (Array.isArray(props.inboundNatRules) && props.inboundNatRules.length > 0) {
    throw new ArmError(400, 'InvalidRequestFormat', `Cannot parse the request. Inbound NAT rules are not simulated by the Flatkube sandbox (load balancer ${lbId}).`);
  }
  if (existing) {
    const kept = new Set(backendAddressPools.map((p) => lower(p.id)));
    poolInUse(deps, existing, children(existing, 'backendAddressPools').filter((p) => !kept.has(lower(p.id))));
  }
  deps.store.putResource({
    id: lbId,
    name,
    type: LB_TYPE,
    location,
    ...(tagsOf(body) ? { tags: tagsOf(body) } : {}),
    etag,
    sku: { name: 'Standard', tier: 'Regional' },
    properties: {
      provisioningState: 'Updating',
      resourceGuid: (existing?.properties?.resourceGuid as string | undefined) ?? newGuid(),
      frontendIPConfigurations,
      backendAddressPools,
      probes,
      loadBalancingRules,
      outboundRules,
      inboundNatRules: [],
      inboundNatPools: [],
    },
  });
  return startPut(req, deps, lbId, !!existing, location, existing ? 'network.update' : 'network.create', () => renderLoadBalancer(deps, deps.store.getResource(lbId)!));
}

/** GET and list of one child collection, e.g. `.../loadBalancers/{lb}/probes[/{name}]`. */
function registerChildRoutes(router: ArmRouter, deps: ProviderDeps): void {
  for (const collection of COLLECTIONS) {
    const lbOf = (req: ArmRequest) => {
      requireGroup(req, deps);
      const lb = deps.store.getResource(networkResourceId(req, 'loadBalancers', req.params.loadBalancerName!));
      if (!lb) throw notFound(req, LB_TYPE, req.params.loadBalancerName!);
      return renderLoadBalancer(deps, lb);
    };
    router.add({
      methods: ['GET'],
      pattern: `${RG_BASE}/loadBalancers/{loadBalancerName}/${collection}`,
      apiVersions: NETWORK_API_VERSIONS,
      handler: (req) => pagedList(req, children(lbOf(req), collection)),
    });
    router.add({
      methods: ['GET'],
      pattern: `${RG_BASE}/loadBalancers/{loadBalancerName}/${collection}/{childName}`,
      apiVersions: NETWORK_API_VERSIONS,
      handler: (req) => {
        const lb = lbOf(req);
        const found = children(lb, collection).find((c) => lower(c.name) === lower(req.params.childName!));
        if (!found) throw notFound(req, `${LB_TYPE}/${collection}`, `${lb.name}/${req.params.childName}`);
        return { status: 200, body: found };
      },
    });
  }
}

export function registerLoadBalancerRoutes(router: ArmRouter, deps: ProviderDeps): void {
  registerTopLevelRoutes(router, deps, {
    collection: 'loadBalancers',
    param: 'loadBalancerName',
    type: LB_TYPE,
    put: putLoadBalancer,
    render: renderLoadBalancer,
    inUse: (d, lb) => poolInUse(d, lb, children(lb, 'backendAddressPools')),
  });
  registerChildRoutes(router, deps);
}
