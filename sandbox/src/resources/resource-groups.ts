/**
 * Resource groups and generic resource lists (what `@azure/arm-resources`'s
 * ResourceManagementClient calls). Deleting a group is a long-running operation answered with
 * a `Location` operation-result URL (as Azure does) that deletes everything in the group.
 */
import { pagedList, requireBody, resourceGroupId, resourceGroupNotFound } from '../arm/helpers';
import { ArmError, queryParam, type ArmRequest, type ArmResource, type ArmRouter, type ProviderDeps } from '../arm/types';
import { RESOURCES_API_VERSIONS } from './api-versions';
import { matchesFilter, parseResourceFilter } from './odata-filter';
import { knownLocationNames } from './subscriptions';

const RG_TYPE = 'Microsoft.Resources/resourceGroups';
const RG_NAME = /^[-\w.()]{1,90}$/u;

function validateName(name: string): void {
  if (!RG_NAME.test(name) || name.endsWith('.')) {
    // Real wording not found in a public source (docs/azure.md#errors: not sourced).
    throw new ArmError(400, 'InvalidResourceGroupName', 'Resource group names only allow alphanumeric characters, periods, underscores, hyphens and parenthesis and cannot end in a period.');
  }
}

export function validateTags(tags: unknown): Record<string, string> | undefined {
  if (tags === undefined || tags === null) return undefined;
  if (typeof tags !== 'object' || Array.isArray(tags)) throw new ArmError(400, 'InvalidRequestContent', "The request content was invalid and could not be deserialized: 'tags must be an object'.");
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags as Record<string, unknown>)) {
    if (typeof v !== 'string') throw new ArmError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: 'tag '${k}' must be a string'.`);
    if (k.length > 512 || v.length > 256) throw new ArmError(400, 'InvalidTagNameCharacters', `The tag name '${k}' or its value exceeds the allowed length.`);
    out[k] = v;
  }
  if (Object.keys(out).length > 50) throw new ArmError(400, 'InvalidTagCount', 'The number of tags exceeds the limit of 50.');
  return out;
}

/** Top-level tracked resources (those `resources` lists return): `/providers/{ns}/{type}/{name}`, no child segments. */
function isTopLevel(r: ArmResource): boolean {
  const m = /\/providers\/[^/]+\/(.+)$/i.exec(r.id);
  return !!m && m[1]!.split('/').length === 2 && !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i.test(r.id);
}

function genericView(r: ArmResource): Record<string, unknown> {
  const out: Record<string, unknown> = { id: r.id, name: r.name, type: r.type };
  for (const k of ['kind', 'managedBy', 'sku', 'plan', 'identity', 'zones', 'extendedLocation'] as const) if (r[k] !== undefined) out[k] = r[k];
  if (r.location !== undefined) out.location = r.location;
  if (r.tags !== undefined) out.tags = r.tags;
  return out;
}

function top(req: ArmRequest, items: unknown[]): unknown[] {
  const t = queryParam(req, '$top');
  const n = t === undefined ? undefined : Number.parseInt(t, 10);
  return n !== undefined && n > 0 ? items.slice(0, n) : items;
}

export function registerResourceGroupRoutes(router: ArmRouter, deps: ProviderDeps): void {
  const { store, lro } = deps;
  const locations = knownLocationNames();
  const rgPattern = '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}';

  router.add({
    methods: ['PUT'],
    pattern: rgPattern,
    apiVersions: RESOURCES_API_VERSIONS,
    handler: (req) => {
      const name = req.params.resourceGroupName!;
      validateName(name);
      const body = requireBody(req);
      const location = typeof body.location === 'string' ? body.location.replace(/\s+/g, '').toLowerCase() : '';
      if (!location) throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
      if (!locations.has(location)) {
        throw new ArmError(400, 'LocationNotAvailableForResourceGroup', `The provided location '${String(body.location)}' is not available for resource group. List of available regions is '${[...locations].join(',')}'.`);
      }
      const id = resourceGroupId(req.subscriptionId!, name);
      const existing = store.getResource(id);
      if (existing && existing.properties?.provisioningState === 'Deleting') {
        throw new ArmError(409, 'ResourceGroupBeingDeleted', `The resource group '${existing.name}' is in deprovisioning state and cannot perform this operation.`);
      }
      if (existing && existing.location !== location) {
        throw new ArmError(409, 'InvalidResourceGroupLocation', `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location}'.`);
      }
      const rg: ArmResource = { id, name: existing?.name ?? name, type: RG_TYPE, location, properties: { provisioningState: 'Succeeded' } };
      const tags = validateTags(body.tags);
      if (tags) rg.tags = tags;
      if (typeof body.managedBy === 'string') rg.managedBy = body.managedBy;
      const stored = store.putResource(rg);
      return { status: existing ? 200 : 201, body: stored };
    },
  });

  router.add({
    methods: ['GET', 'HEAD'],
    pattern: rgPattern,
    apiVersions: RESOURCES_API_VERSIONS,
    handler: (req) => {
      const rg = store.getResource(resourceGroupId(req.subscriptionId!, req.params.resourceGroupName!));
      if (req.method === 'HEAD') return { status: rg ? 204 : 404 };
      if (!rg) throw resourceGroupNotFound(req.params.resourceGroupName!);
      return { status: 200, body: rg };
    },
  });

  router.add({
    methods: ['PATCH'],
    pattern: rgPattern,
    apiVersions: RESOURCES_API_VERSIONS,
    handler: (req) => {
      const rg = store.getResource(resourceGroupId(req.subscriptionId!, req.params.resourceGroupName!));
      if (!rg) throw resourceGroupNotFound(req.params.resourceGroupName!);
      const body = requireBody(req);
      // As on Azure, `tags` replaces the whole set ("the supplied tag collection replaces the
      // existing collection": learn.microsoft.com/powershell/module/az.resources/set-azresourcegroup);
      // adding tags beside others goes through the Tags API (tags.ts).
      if ('tags' in body) {
        const tags = validateTags(body.tags);
        if (tags) rg.tags = tags;
        else delete rg.tags;
      }
      if (typeof body.managedBy === 'string') rg.managedBy = body.managedBy;
      return { status: 200, body: store.putResource(rg) };
    },
  });

  router.add({
    methods: ['DELETE'],
    pattern: rgPattern,
    apiVersions: RESOURCES_API_VERSIONS,
    handler: async (req) => {
      const id = resourceGroupId(req.subscriptionId!, req.params.resourceGroupName!);
      const rg = store.getResource(id);
      if (!rg) throw resourceGroupNotFound(req.params.resourceGroupName!);
      return lro.start({
        req,
        resourceId: rg.id,
        kind: 'delete',
        latencyKey: 'resourceGroup.delete',
        namespace: 'Microsoft.Resources',
        location: rg.location ?? 'global',
        cascade: true,
        style: 'location',
      });
    },
  });

  router.add({
    methods: ['GET'],
    pattern: '/subscriptions/{subscriptionId}/resourcegroups',
    apiVersions: RESOURCES_API_VERSIONS,
    handler: (req) => {
      const clauses = parseResourceFilter(queryParam(req, '$filter'));
      const prefix = `/subscriptions/${req.subscriptionId!}/resourcegroups/`.toLowerCase();
      const groups = store.listResources(
        (r) => r.type === RG_TYPE && r.id.toLowerCase().startsWith(prefix) && matchesFilter(r, clauses),
      );
      return pagedList(req, top(req, groups));
    },
  });

  router.add({
    methods: ['GET'],
    pattern: '/subscriptions/{subscriptionId}/resources',
    apiVersions: RESOURCES_API_VERSIONS,
    handler: (req) => {
      const clauses = parseResourceFilter(queryParam(req, '$filter'));
      const items = store.listUnder(`/subscriptions/${req.subscriptionId!}`).filter((r) => isTopLevel(r) && matchesFilter(r, clauses));
      return pagedList(req, top(req, items.map(genericView)));
    },
  });

  router.add({
    methods: ['GET'],
    pattern: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/resources',
    apiVersions: RESOURCES_API_VERSIONS,
    handler: (req) => {
      const id = resourceGroupId(req.subscriptionId!, req.params.resourceGroupName!);
      if (!store.getResource(id)) throw resourceGroupNotFound(req.params.resourceGroupName!);
      const clauses = parseResourceFilter(queryParam(req, '$filter'));
      const items = store.listUnder(id).filter((r) => isTopLevel(r) && matchesFilter(r, clauses));
      return pagedList(req, top(req, items.map(genericView)));
    },
  });
}
