/**
 * Unauthenticated routes of the catalog:
 *  - `GET /api/retail/prices`: the public Retail Prices API (no auth in Azure either).
 *  - `GET|PUT /_sandbox/quotas/{subscriptionId}/{location}`: sandbox-only, reads/changes the
 *    quota limit overrides, so tests and demos can lower a quota (`{ "cores": 4 }`; null clears).
 *    No ARM token, but the sandbox API token (api-auth/api-gate.ts checks it before routing).
 */
import { queryParam, type ArmRequest, type ArmResponse, type ArmRouter, type ProviderDeps } from '../../arm/types';
import { RETAIL_PAGE_SIZE, RETAIL_PRICES_PATH, RetailFilterError, retailPricesPage } from './retail-prices';
import { getQuotaOverrides, setQuotaOverrides } from './quota-overrides';
import { computeUsages } from './compute-usages';
import { regionalVmUsage } from './vm-usage';
import { findPhysicalLocation } from './locations';

/**
 * The Retail Prices answer for a query (`$filter`, `$skip`), as a plain function so any HTTP
 * front can serve it. `selfUrl` = absolute URL of the endpoint (for NextPageLink).
 */
export function handleRetailPrices(query: Record<string, string>, selfUrl: string, pageSize = RETAIL_PAGE_SIZE): ArmResponse {
  const filter = queryParam({ query }, '$filter');
  const skipRaw = queryParam({ query }, '$skip');
  const skip = skipRaw === undefined ? 0 : Number.parseInt(skipRaw, 10);
  try {
    const page = retailPricesPage({ ...(filter ? { filter } : {}), skip: Number.isFinite(skip) ? skip : 0 }, selfUrl, pageSize);
    return { status: 200, body: page };
  } catch (err) {
    if (err instanceof RetailFilterError) {
      // The public API's error envelope uses PascalCase keys; wording is ours (not recorded).
      return { status: 400, body: { Error: { Code: 'BadRequest', Message: err.message } } };
    }
    throw err;
  }
}

function badRequest(message: string): ArmResponse {
  return { status: 400, body: { error: { code: 'BadRequest', message } } };
}

export function registerCatalogSandboxRoutes(router: ArmRouter, deps: ProviderDeps): void {
  router.add({
    methods: ['GET'],
    pattern: RETAIL_PRICES_PATH,
    apiVersions: '*',
    auth: false,
    handler: (req) => handleRetailPrices(req.query, `${req.baseUrl}${RETAIL_PRICES_PATH}`),
  });

  const quotaView = (req: ArmRequest) => {
    const sub = req.params.subscriptionId!;
    const location = findPhysicalLocation(req.params.location!)!.name;
    return {
      subscriptionId: sub,
      location,
      overrides: getQuotaOverrides(deps.store, sub, location),
      usages: computeUsages(regionalVmUsage(deps.store, sub, location), getQuotaOverrides(deps.store, sub, location)),
    };
  };

  router.add({
    methods: ['GET', 'PUT'],
    pattern: '/_sandbox/quotas/{subscriptionId}/{location}',
    apiVersions: '*',
    auth: false,
    handler: (req) => {
      if (!findPhysicalLocation(req.params.location ?? '')) return badRequest(`Unknown location '${req.params.location}'.`);
      if (req.method === 'PUT') {
        const body = req.body;
        if (!body || typeof body !== 'object' || Array.isArray(body)) return badRequest('Body must be an object: { "<usage name>": <limit> | null }.');
        const limits: Record<string, number | null> = {};
        for (const [name, limit] of Object.entries(body as Record<string, unknown>)) {
          if (limit !== null && !(typeof limit === 'number' && Number.isInteger(limit) && limit >= 0)) {
            return badRequest(`Limit for '${name}' must be a non-negative integer or null.`);
          }
          limits[name] = limit as number | null;
        }
        setQuotaOverrides(deps.store, req.params.subscriptionId!, req.params.location!, limits);
      }
      return { status: 200, body: quotaView(req) };
    },
  });
}
