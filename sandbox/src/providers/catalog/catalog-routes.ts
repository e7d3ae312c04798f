/**
 * ARM routes of the read-only catalogs: virtualMachineImages (publishers/offers/skus/versions),
 * Resource SKUs and compute usages. Image `list*` answers are bare JSON arrays (not `{value}`),
 * as the real service sends them.
 */
import { ArmError, queryParam, type ArmRequest, type ArmRouter, type ProviderDeps } from '../../arm/types';
import { pagedList } from '../../arm/helpers';
import { COMPUTE_API_VERSIONS, RESOURCE_SKUS_API_VERSIONS } from './api-versions';
import {
  getImageVersion,
  listImageOffers,
  listImagePublishers,
  listImageSkus,
  listImageVersions,
} from './flatcar-images';
import { listResourceSkus } from './resource-skus';
import { computeUsages } from './compute-usages';
import { getQuotaOverrides } from './quota-overrides';
import { regionalVmUsage } from './vm-usage';
import { findPhysicalLocation } from './locations';

const LOC = '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}';
const IMG = `${LOC}/publishers/{publisherName}/artifacttypes/vmimage/offers`;

function sub(req: ArmRequest): string {
  return req.subscriptionId ?? req.params.subscriptionId ?? '';
}

/** The location as the client sent it, normalised when it is a known region (ARM answers lower-case names). */
function loc(req: ArmRequest): string {
  const raw = req.params.location ?? '';
  return findPhysicalLocation(raw)?.name ?? raw;
}

/** Azure's answer for an image version that is not published (real body: docs/azure.md#errors). */
function imageNotFound(): ArmError {
  return new ArmError(404, 'NotFound', 'Artifact: VMImage was not found.');
}

/** `location eq 'westeurope'` -> 'westeurope'; other filters are not supported by the service either. */
function skuFilterLocation(req: ArmRequest): string | undefined {
  const filter = queryParam(req, '$filter');
  if (!filter) return undefined;
  const m = /^\s*location\s+eq\s+'([^']*)'\s*$/i.exec(filter);
  if (!m) throw new ArmError(400, 'InvalidParameter', `The filter '${filter}' is not supported. Only filtering by location is supported.`, undefined, { target: '$filter' });
  return m[1];
}

export function registerCatalogRoutes(router: ArmRouter, deps: ProviderDeps): void {
  const get = (pattern: string, apiVersions: string[], handler: (req: ArmRequest) => unknown) =>
    router.add({ methods: ['GET'], pattern, apiVersions, handler: (req) => ({ status: 200, body: handler(req) }) });

  get(`${LOC}/publishers`, COMPUTE_API_VERSIONS, (req) => listImagePublishers(sub(req), loc(req)));
  get(IMG, COMPUTE_API_VERSIONS, (req) => listImageOffers(sub(req), loc(req), req.params.publisherName!));
  get(`${IMG}/{offer}/skus`, COMPUTE_API_VERSIONS, (req) =>
    listImageSkus(sub(req), loc(req), req.params.publisherName!, req.params.offer!),
  );
  get(`${IMG}/{offer}/skus/{skus}/versions`, COMPUTE_API_VERSIONS, (req) => {
    const top = queryParam(req, '$top');
    const orderby = queryParam(req, '$orderby');
    return listImageVersions(sub(req), loc(req), req.params.publisherName!, req.params.offer!, req.params.skus!, {
      ...(top !== undefined ? { top: Number(top) } : {}),
      ...(orderby !== undefined ? { orderby } : {}),
    });
  });
  get(`${IMG}/{offer}/skus/{skus}/versions/{version}`, COMPUTE_API_VERSIONS, (req) => {
    const p = req.params;
    const body = getImageVersion(sub(req), loc(req), p.publisherName!, p.offer!, p.skus!, p.version!);
    if (!body) throw imageNotFound();
    return body;
  });

  router.add({
    methods: ['GET'],
    pattern: '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/skus',
    apiVersions: RESOURCE_SKUS_API_VERSIONS,
    // One page, like the service (its answer has no nextLink).
    handler: (req) => ({ status: 200, body: { value: listResourceSkus(skuFilterLocation(req)) } }),
  });

  router.add({
    methods: ['GET'],
    pattern: `${LOC}/usages`,
    apiVersions: COMPUTE_API_VERSIONS,
    handler: (req) => {
      const location = loc(req);
      if (!findPhysicalLocation(location)) {
        throw new ArmError(404, 'NoRegisteredProviderFound', `No registered resource provider found for location '${location}' and API version '${req.apiVersion}' for type 'locations/usages'.`);
      }
      const usages = computeUsages(
        regionalVmUsage(deps.store, sub(req), location),
        getQuotaOverrides(deps.store, sub(req), location),
      );
      return pagedList(req, usages, 1000);
    },
  });
}
