/**
 * The routes every top-level Microsoft.Network resource has: GET/PUT/DELETE of one resource and
 * the list in its resource group. VNets, NSGs, public IPs and NICs differ only in their PUT,
 * their rendering and what makes them "in use" for a delete.
 */
import type { ArmRequest, ArmResource, ArmResponse, ArmRouter, ProviderDeps } from '../../arm/types';
import { pagedList } from '../../arm/helpers';
import { NETWORK_API_VERSIONS } from '../catalog/api-versions';
import { RG_BASE, deleteResource, networkResourceId, notFound, requireGroup, subscriptionOf } from './common';

export interface TopLevelResourceRoutes {
  /** Collection segment as ARM spells it, e.g. 'publicIPAddresses'. */
  collection: string;
  /** Route parameter name of the resource, e.g. 'publicIpAddressName'. */
  param: string;
  /** Full resource type, e.g. 'Microsoft.Network/publicIPAddresses'. */
  type: string;
  put(req: ArmRequest, deps: ProviderDeps): Promise<ArmResponse>;
  render(deps: ProviderDeps, resource: ArmResource): unknown;
  /** Throws Azure's "in use" error when the resource may not be deleted yet. */
  inUse?(deps: ProviderDeps, resource: ArmResource): void;
}

export function registerTopLevelRoutes(router: ArmRouter, deps: ProviderDeps, r: TopLevelResourceRoutes): void {
  router.add({
    methods: ['GET', 'PUT', 'DELETE'],
    pattern: `${RG_BASE}/${r.collection}/{${r.param}}`,
    apiVersions: NETWORK_API_VERSIONS,
    handler: async (req) => {
      if (req.method === 'PUT') return r.put(req, deps);
      const name = req.params[r.param]!;
      const id = networkResourceId(req, r.collection, name);
      if (req.method === 'DELETE') return deleteResource(req, deps, id, undefined, 'network.delete', r.inUse ? (res) => r.inUse!(deps, res) : undefined);
      requireGroup(req, deps);
      const resource = deps.store.getResource(id);
      if (!resource) throw notFound(req, r.type, name);
      return { status: 200, body: r.render(deps, resource) };
    },
  });
  router.add({
    methods: ['GET'],
    pattern: `${RG_BASE}/${r.collection}`,
    apiVersions: NETWORK_API_VERSIONS,
    handler: (req) => {
      requireGroup(req, deps);
      const prefix = `/subscriptions/${subscriptionOf(req)}/resourceGroups/${req.params.resourceGroupName}`;
      return pagedList(req, deps.store.listUnder(prefix).filter((res) => res.type === r.type).map((res) => r.render(deps, res)));
    },
  });
}
