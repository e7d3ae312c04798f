/** Helpers providers share: ids, not-found errors, paging, body checks. */
import { ArmError, queryParam, type ArmRequest, type ArmResource, type ArmResponse, type ResourceStore } from './types';

export function resourceGroupId(subscriptionId: string, resourceGroupName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}`;
}

/** Azure's 404 for a missing group (real body: docs/azure.md#errors). */
export function resourceGroupNotFound(resourceGroupName: string): ArmError {
  return new ArmError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroupName}' could not be found.`);
}

/** The group, or Azure's 404 `ResourceGroupNotFound`. */
export function requireResourceGroup(store: ResourceStore, subscriptionId: string, resourceGroupName: string): ArmResource {
  const rg = store.getResource(resourceGroupId(subscriptionId, resourceGroupName));
  if (!rg) throw resourceGroupNotFound(resourceGroupName);
  return rg;
}

/** Azure's 404 for a missing resource, e.g. type 'Microsoft.Compute/virtualMachines'. */
export function resourceNotFound(type: string, name: string, resourceGroupName: string): ArmError {
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroupName}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/** The parsed JSON body as an object, or Azure's 400 for a missing/invalid one. */
export function requireBody(req: ArmRequest): Record<string, unknown> {
  if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) {
    throw new ArmError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized: \'Required property missing or request body is not a JSON object.\'.');
  }
  return req.body as Record<string, unknown>;
}

/**
 * A list answer `{ value, nextLink? }`. Pages through `items` with `$skiptoken` (an offset),
 * building nextLink from the request URL as ARM does, so SDK pagers follow it.
 */
export function pagedList<T>(req: ArmRequest, items: T[], pageSize = 100): ArmResponse {
  const token = queryParam(req, '$skiptoken');
  const start = token ? Math.max(0, Number.parseInt(Buffer.from(token, 'base64url').toString('utf8'), 10) || 0) : 0;
  const page = items.slice(start, start + pageSize);
  const body: { value: T[]; nextLink?: string } = { value: page };
  if (start + pageSize < items.length) {
    const url = new URL(req.baseUrl + req.path.split('/').map(encodeURIComponent).join('/'));
    for (const [k, v] of Object.entries(req.query)) if (k.toLowerCase() !== '$skiptoken') url.searchParams.set(k, v);
    url.searchParams.set('$skiptoken', Buffer.from(String(start + pageSize)).toString('base64url'));
    body.nextLink = url.toString();
  }
  return { status: 200, body };
}
