/** Helpers shared by the Microsoft.Network resource handlers: ids, etags, locations, references. */
import { randomUUID } from 'node:crypto';
import { ArmError, type ArmRequest, type ArmResource, type ArmResponse, type LatencyKey, type ProviderDeps } from '../../arm/types';
import { requireBody, requireResourceGroup, resourceNotFound } from '../../arm/helpers';
import { findPhysicalLocation, physicalLocationNames } from '../catalog/locations';
import { validateNetworkName } from './names';

export const NETWORK_NS = 'Microsoft.Network';

export const RG_BASE = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network';

export function subscriptionOf(req: ArmRequest): string {
  return req.subscriptionId ?? req.params.subscriptionId ?? '';
}

/** Id of a top-level network resource, in the casing of the request (as Azure keeps it). */
export function networkResourceId(req: ArmRequest, collection: string, name: string): string {
  return `/subscriptions/${subscriptionOf(req)}/resourceGroups/${req.params.resourceGroupName}/providers/${NETWORK_NS}/${collection}/${name}`;
}

/** Weak etags, as Microsoft.Network sends them: W/"<guid>", new on every change. */
export function newEtag(): string {
  return `W/"${randomUUID()}"`;
}

export function newGuid(): string {
  return randomUUID();
}

/** The group must exist (404 ResourceGroupNotFound) - checked first, as ARM does. */
export function requireGroup(req: ArmRequest, deps: ProviderDeps): void {
  requireResourceGroup(deps.store, subscriptionOf(req), req.params.resourceGroupName!);
}

/**
 * The location of a PUT body, normalised (`West Europe` -> `westeurope`). Missing: ARM's
 * LocationRequired; unknown region: LocationNotAvailableForResourceType (real message format,
 * docs/azure.md#errors).
 */
export function requireLocation(body: Record<string, unknown>, resourceType: string): string {
  const raw = body.location;
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
  }
  const loc = findPhysicalLocation(raw);
  if (!loc) {
    throw new ArmError(
      400,
      'LocationNotAvailableForResourceType',
      `The provided location '${raw}' is not available for resource type '${resourceType}'. List of available regions for the resource type is '${physicalLocationNames().join(',')}'.`,
    );
  }
  return loc.name;
}

export function tagsOf(body: Record<string, unknown>): Record<string, string> | undefined {
  const t = body.tags;
  if (t && typeof t === 'object' && !Array.isArray(t)) return t as Record<string, string>;
  return undefined;
}

export function propsOf(body: Record<string, unknown>): Record<string, unknown> {
  const p = body.properties;
  return p && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
}

/**
 * What every top-level network PUT checks first, in ARM's order (the group, the name, the body,
 * the location), and what it starts from: the resource's id, what is stored under it, and the
 * body's properties.
 */
export function beginNetworkPut(req: ArmRequest, deps: ProviderDeps, nameParam: string, collection: string, resourceType: string) {
  requireGroup(req, deps);
  const name = req.params[nameParam]!;
  validateNetworkName(name);
  const body = requireBody(req);
  const location = requireLocation(body, resourceType);
  const id = networkResourceId(req, collection, name);
  return { name, body, location, id, existing: deps.store.getResource(id), props: propsOf(body) };
}

/** `{ id: '...' }` -> the id, or undefined. */
export function refId(v: unknown): string | undefined {
  if (v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string') return (v as { id: string }).id;
  return undefined;
}

/**
 * Azure's error for a reference to something that does not exist or lives in another region
 * (real message: docs/azure.md#errors, InvalidResourceReference).
 */
export function invalidReference(referencedId: string, byId: string): ArmError {
  return new ArmError(
    400,
    'InvalidResourceReference',
    `Resource ${referencedId} referenced by resource ${byId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
    [],
  );
}

/** The referenced resource of `type`, in `location`, or InvalidResourceReference. */
export function requireReference(deps: ProviderDeps, referencedId: string, type: string, location: string | undefined, byId: string): ArmResource {
  const r = deps.store.getResource(referencedId);
  if (!r || r.type.toLowerCase() !== type.toLowerCase()) throw invalidReference(referencedId, byId);
  // Child resources (subnets) carry no location of their own; their parent's is checked by the caller.
  if (location && r.location && r.location.toLowerCase() !== location.toLowerCase()) throw invalidReference(referencedId, byId);
  return r;
}

/** 404 ResourceNotFound for a top-level resource of `type` (e.g. 'Microsoft.Network/publicIPAddresses'). */
export function notFound(req: ArmRequest, type: string, name: string): ArmError {
  return resourceNotFound(type, name, req.params.resourceGroupName!);
}

/**
 * DELETE: 204 when the resource does not exist (as ARM answers), else an LRO (202). `check`
 * may throw Azure's "in use" error before anything is deleted.
 */
export async function deleteResource(
  req: ArmRequest,
  deps: ProviderDeps,
  id: string,
  location: string | undefined,
  latencyKey: LatencyKey,
  check?: (resource: ArmResource) => void,
): Promise<ArmResponse> {
  requireGroup(req, deps);
  const existing = deps.store.getResource(id);
  if (!existing) return { status: 204 };
  check?.(existing);
  return deps.lro.start({
    req,
    resourceId: id,
    kind: 'delete',
    latencyKey,
    namespace: NETWORK_NS,
    location: location ?? existing.location ?? 'global',
    cascade: true, // child resources (subnets, security rules) go with their parent
  });
}

/** Starts the create/update LRO and answers with `rendered` (the body with derived fields). */
export async function startPut(
  req: ArmRequest,
  deps: ProviderDeps,
  id: string,
  existed: boolean,
  location: string,
  latencyKey: LatencyKey,
  render: () => ArmResource,
): Promise<ArmResponse> {
  const res = await deps.lro.start({ req, resourceId: id, kind: existed ? 'update' : 'create', latencyKey, namespace: NETWORK_NS, location });
  return { ...res, body: render() };
}
