/**
 * The Azure Retail Prices API (`GET https://prices.azure.com/api/retail/prices`) for Linux
 * pay-as-you-go VM prices, served from the real price snapshot (data/vm-prices.json) in the
 * item shape of an assembled sample (what is real in it: docs/azure.md#retail-prices).
 *
 * Faithful: prices, envelope keys (BillingCurrency, CustomerEntityId, CustomerEntityType, Items,
 * NextPageLink, Count), paging by `$skip` with an absolute NextPageLink (null on the last page),
 * page size 1000 (the documented maximum per page).
 * Assembled: the item fields other than the price (as in the sample), `productName` / `meterName`
 * derived from the size name by the naming convention seen in the sample ("Virtual Machines Dsv5
 * Series", "D2s v5"), and the Retail API location names for regions not in the sample (from the
 * API's convention "US East", "EU West"; unknown ones fall back to the region's display name).
 *
 * The `$filter` subset: `field eq 'value'` clauses joined by `and`, for serviceName, serviceFamily,
 * armRegionName, armSkuName, skuName, meterName, productName, location, priceType and currencyCode
 * (field names and values compared case-insensitively). Anything else is a 400.
 */
import { VM_LINUX_PRICES_USD } from './data/vm-prices.data';
import { findPhysicalLocation } from './locations';

export const RETAIL_PRICES_PATH = '/api/retail/prices';
export const RETAIL_PAGE_SIZE = 1000;

export interface RetailPriceItem {
  currencyCode: string;
  tierMinimumUnits: number;
  retailPrice: number;
  unitPrice: number;
  armRegionName: string;
  location: string;
  meterName: string;
  productName: string;
  skuName: string;
  serviceName: string;
  serviceFamily: string;
  unitOfMeasure: string;
  type: string;
  isPrimaryMeterRegion: boolean;
  armSkuName: string;
}

export interface RetailPricesPage {
  BillingCurrency: string;
  CustomerEntityId: string;
  CustomerEntityType: string;
  Items: RetailPriceItem[];
  NextPageLink: string | null;
  Count: number;
}

/** Retail API location names ("US East" for eastus); the first six are from the real sample. */
const RETAIL_LOCATION_NAMES: Record<string, string> = {
  eastus: 'US East',
  westeurope: 'EU West',
  westus2: 'US West 2',
  northeurope: 'EU North',
  uksouth: 'UK South',
  centralus: 'US Central',
  // Below: the API's naming convention, written from memory (not from a recorded response).
  eastus2: 'US East 2',
  westus: 'US West',
  westus3: 'US West 3',
  northcentralus: 'US North Central',
  southcentralus: 'US South Central',
  westcentralus: 'US West Central',
  ukwest: 'UK West',
  francecentral: 'FR Central',
  francesouth: 'FR South',
  germanywestcentral: 'DE West Central',
  germanynorth: 'DE North',
  swedencentral: 'SE Central',
  norwayeast: 'NO East',
  norwaywest: 'NO West',
  switzerlandnorth: 'CH North',
  switzerlandwest: 'CH West',
  polandcentral: 'PL Central',
  italynorth: 'IT North',
  spaincentral: 'ES Central',
  japaneast: 'JA East',
  japanwest: 'JA West',
  koreacentral: 'KR Central',
  koreasouth: 'KR South',
  australiaeast: 'AU East',
  australiasoutheast: 'AU Southeast',
  australiacentral: 'AU Central',
  australiacentral2: 'AU Central 2',
  southeastasia: 'AP Southeast',
  eastasia: 'AP East',
  centralindia: 'IN Central',
  southindia: 'IN South',
  westindia: 'IN West',
  canadacentral: 'CA Central',
  canadaeast: 'CA East',
  brazilsouth: 'BR South',
  brazilsoutheast: 'BR Southeast',
  southafricanorth: 'ZA North',
  southafricawest: 'ZA West',
  uaenorth: 'AE North',
  uaecentral: 'AE Central',
};

function retailLocation(region: string): string {
  return RETAIL_LOCATION_NAMES[region] ?? findPhysicalLocation(region)?.displayName ?? region;
}

/** `Standard_D2s_v5` -> `D2s v5` (the sample's meterName/skuName convention). */
export function meterNameOf(armSkuName: string): string {
  return armSkuName.replace(/^Standard_/, '').replace(/_/g, ' ');
}

/**
 * `Standard_D2s_v5` -> `Virtual Machines Dsv5 Series`; the v1 B-series is "BS Series" (sample),
 * v2/v3 's' sizes capitalise the S ("DSv3", "FSv2"), the v2 B-series groups by a/p features
 * ("Bsv2", "Basv2", "Bpsv2"). Convention-derived, not recorded for every size.
 */
export function productNameOf(armSkuName: string): string {
  const m = /^Standard_([A-Z]+)\d+([a-z]*)(?:_v(\d+))?$/.exec(armSkuName);
  if (!m) return 'Virtual Machines';
  const [, letter, features = '', version] = m;
  let series: string;
  if (letter === 'B' && !version) series = 'BS';
  else if (letter === 'B') series = `B${features.includes('p') ? 'ps' : features.includes('a') ? 'as' : 's'}v${version}`;
  else if (version && Number(version) <= 3 && features === 's') series = `${letter}Sv${version}`;
  else series = `${letter}${features}${version ? `v${version}` : ''}`;
  return `Virtual Machines ${series} Series`;
}

let allItems: RetailPriceItem[] | undefined;

/** Every price item, in region then size order (stable, so `$skip` paging is consistent). */
export function allRetailPriceItems(): RetailPriceItem[] {
  if (allItems) return allItems;
  const out: RetailPriceItem[] = [];
  for (const region of Object.keys(VM_LINUX_PRICES_USD).sort()) {
    const prices = VM_LINUX_PRICES_USD[region]!;
    for (const sku of Object.keys(prices).sort()) {
      const price = prices[sku]!;
      const meter = meterNameOf(sku);
      out.push({
        currencyCode: 'USD',
        tierMinimumUnits: 0.0,
        retailPrice: price,
        unitPrice: price,
        armRegionName: region,
        location: retailLocation(region),
        meterName: meter,
        productName: productNameOf(sku),
        skuName: meter,
        serviceName: 'Virtual Machines',
        serviceFamily: 'Compute',
        unitOfMeasure: '1 Hour',
        type: 'Consumption',
        isPrimaryMeterRegion: true,
        armSkuName: sku,
      });
    }
  }
  allItems = out;
  return out;
}

/** Filterable fields: OData name (lower-case) -> item field. */
const FILTER_FIELDS: Record<string, keyof RetailPriceItem> = {
  servicename: 'serviceName',
  servicefamily: 'serviceFamily',
  armregionname: 'armRegionName',
  armskuname: 'armSkuName',
  skuname: 'skuName',
  metername: 'meterName',
  productname: 'productName',
  location: 'location',
  pricetype: 'type',
  currencycode: 'currencyCode',
};

export class RetailFilterError extends Error {}

/** Parses the `$filter` subset into [field, value] pairs; throws RetailFilterError otherwise. */
export function parseRetailFilter(filter: string): Array<[keyof RetailPriceItem, string]> {
  const clauses: Array<[keyof RetailPriceItem, string]> = [];
  // One clause: field eq 'value' ('' escapes a quote inside the value, as in OData).
  const clause = /^\s*([A-Za-z]+)\s+eq\s+'((?:[^']|'')*)'\s*/;
  let rest = filter.trim();
  while (rest.length > 0) {
    const m = clause.exec(rest);
    if (!m) throw new RetailFilterError(`Invalid $filter near: ${rest.slice(0, 40)}`);
    const field = FILTER_FIELDS[m[1]!.toLowerCase()];
    if (!field) throw new RetailFilterError(`Unsupported $filter field: ${m[1]}`);
    clauses.push([field, m[2]!.replace(/''/g, "'")]);
    rest = rest.slice(m[0].length);
    if (rest.length === 0) break;
    const and = /^and\s+/i.exec(rest);
    if (!and) throw new RetailFilterError(`Invalid $filter near: ${rest.slice(0, 40)}`);
    rest = rest.slice(and[0].length);
  }
  return clauses;
}

export interface RetailQuery {
  /** `$filter`, undecoded value already URL-decoded. */
  filter?: string;
  /** `$skip` */
  skip?: number;
}

/**
 * One page of the Retail Prices answer. `selfUrl` is the absolute URL of the prices endpoint
 * (e.g. `https://127.0.0.1:1234/api/retail/prices`), used to build NextPageLink.
 */
export function retailPricesPage(query: RetailQuery, selfUrl: string, pageSize = RETAIL_PAGE_SIZE): RetailPricesPage {
  const clauses = query.filter ? parseRetailFilter(query.filter) : [];
  const matching = allRetailPriceItems().filter((item) =>
    clauses.every(([field, value]) => String(item[field]).toLowerCase() === value.toLowerCase()),
  );
  const skip = Math.max(0, query.skip ?? 0);
  const items = matching.slice(skip, skip + pageSize);
  let next: string | null = null;
  if (skip + pageSize < matching.length) {
    // Like the real link: `$` kept literal, the filter percent-encoded (%20 for spaces, never '+').
    const filterPart = query.filter ? `$filter=${encodeURIComponent(query.filter)}&` : '';
    next = `${selfUrl}?${filterPart}$skip=${skip + pageSize}`;
  }
  return {
    BillingCurrency: 'USD',
    CustomerEntityId: 'Default',
    CustomerEntityType: 'Retail',
    Items: items.map((i) => ({ ...i })),
    NextPageLink: next,
    Count: items.length,
  };
}
