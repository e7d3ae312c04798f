#!/usr/bin/env node
// Writes the sandbox's built-in Azure data (the `*.json` files under sandbox/src/.../data/) from
// Azure API responses saved as JSON. Plain Node, no network, no dependencies.
//
//   node sandbox/scripts/generate.mjs <kind> <input.json> [more inputs] [--out FILE] [--source TEXT]
//
// --source says in the data file's `_source` what the input is (default: the input the committed
// file was made from); vm-prices from API pages also takes --generated-at ISO-TIME (default: now).
// The default --out is the committed file, found from this script's own place (any working
// directory will do); relative input and --out paths are read from the working directory.
//
// kinds, their input and the file each writes (default --out):
//
//   locations           GET /subscriptions/{id}/locations?api-version=2022-12-01 answer ({"value": [...]}
//                       or a bare array)  -> sandbox/src/resources/data/azure-locations.json
//   physical-locations  the same input    -> sandbox/src/providers/catalog/data/physical-locations.json
//   resource-skus       GET /subscriptions/{id}/providers/Microsoft.Compute/skus?api-version=2021-07-01 answer
//                       ({"value": [...]}; entries marked "_assembled": true are kept so)
//                                         -> sandbox/src/providers/catalog/data/resource-skus.json
//   compute-usages      GET /subscriptions/{id}/providers/Microsoft.Compute/locations/{loc}/usages answer
//                       ({"value": [...]}) -> sandbox/src/providers/catalog/data/compute-usages.json
//   vm-prices           either a price table {"generatedAt", "currencyCode", "prices": {region: {armSkuName: usd}}}
//                       or one or more pages of the Azure Retail Prices API
//                       (https://prices.azure.com/api/retail/prices, {"Items": [...], "NextPageLink"})
//                                         -> sandbox/src/providers/catalog/data/vm-prices.json
//
// Each data file is one JSON object: `_generator` (this script and kind), `_description` (what the
// file holds), `_source` (the input it was made from), then the data in the input's own shape
// (`value` for the ARM lists, `generatedAt`/`currencyCode`/`unitOfMeasure`/`prices` for prices;
// physical-locations: `locations`). So a data file is itself a valid input of its kind (and
// azure-locations.json of physical-locations): generating from it gives the same file back.
//
// Where the committed data came from, and how to fetch fresh input: README.md beside each data
// file (sandbox/src/providers/catalog/data/README.md, sandbox/src/resources/data/README.md).
// Keys starting with `_` at the top level of an input (`_sources`, `_notes`, ...) are provenance
// notes and are ignored.
//
// The output format is fixed, so that regenerating from the same input changes nothing:
// JSON.stringify with a 2-space indent, non-ASCII escaped as \uXXXX, a final newline.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SANDBOX = fileURLToPath(new URL('..', import.meta.url));
const CATALOG = `${SANDBOX}src/providers/catalog/data`;
const RESOURCES = `${SANDBOX}src/resources/data`;
const README = 'Where it came from and how to make it again: README.md beside this file.';

/** The data file's text: provenance first, then the data, as fixed above. */
function dataFile(kind, description, source, data) {
  const file = { _generator: `sandbox/scripts/generate.mjs ${kind}; do not edit by hand`, _description: description, _source: `${source}. ${README}`, ...data };
  return `${JSON.stringify(file, null, 2).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The list of an ARM list answer: {"value": [...]} or a bare array. */
function listOf(input, what) {
  const list = Array.isArray(input) ? input : input?.value;
  if (!Array.isArray(list)) throw new Error(`${what}: expected {"value": [...]} or an array`);
  return list;
}

function reorder(obj, order) {
  const out = {};
  for (const k of order) if (Object.hasOwn(obj, k)) out[k] = obj[k];
  for (const [k, v] of Object.entries(obj)) if (!Object.hasOwn(out, k)) out[k] = v;
  return out;
}

/** /subscriptions/<id>/... -> /subscriptions/{subscriptionId}/... everywhere in a value. */
function templateSubscription(value) {
  return JSON.parse(JSON.stringify(value).replace(/\/subscriptions\/[0-9a-fA-F-]{36}\//g, '/subscriptions/{subscriptionId}/'));
}

const LOCATION_KEYS = ['id', 'name', 'type', 'displayName', 'regionalDisplayName', 'metadata', 'availabilityZoneMappings'];

function locations([file], flags) {
  const list = listOf(readJson(file), 'locations').map((l) => reorder(templateSubscription(l), LOCATION_KEYS));
  for (const l of list) if (typeof l?.name !== 'string') throw new Error(`locations: an entry without a name: ${JSON.stringify(l)}`);
  return dataFile(
    'locations',
    'ListLocations answer (`value`): keys put back in wire order (id, name, type, displayName, regionalDisplayName, metadata, availabilityZoneMappings); values unchanged. `{subscriptionId}` is filled in when served.',
    flags.source ?? 'real ListLocations data (GET /subscriptions/{id}/locations, api-version 2022-12-01 shape) from Azure/karpenter-provider-azure pkg/fake/locations.json@4185d876, captured from real Azure',
    { value: list },
  );
}

function physicalLocations([file], flags) {
  const list = listOf(readJson(file), 'locations')
    .filter((l) => l.metadata?.regionType === 'Physical')
    .map((l) => ({ name: l.name, displayName: l.displayName, zones: (l.availabilityZoneMappings ?? []).map((z) => z.logicalZone) }));
  return dataFile(
    'physical-locations',
    'The Physical regions of the ListLocations data, in recorded order (`locations`): name, displayName and the logical availability zones (from availabilityZoneMappings; [] for a region without zones).',
    flags.source ?? 'the same real ListLocations data as ../../../resources/data/azure-locations.json (karpenter fixture pkg/fake/locations.json@4185d876)',
    { locations: list },
  );
}

function resourceSkus([file], flags) {
  const list = listOf(readJson(file), 'resource SKUs');
  for (const sku of list) if (typeof sku?.name !== 'string' || !Array.isArray(sku.locations)) throw new Error(`resource-skus: not a ResourceSku: ${JSON.stringify(sku)}`);
  return dataFile(
    'resource-skus',
    'Resource SKUs (GET /subscriptions/{id}/providers/Microsoft.Compute/skus, api-version 2021-07-01, `value`), copied verbatim, in recorded order. An entry with `"_assembled": true` was assembled from the Microsoft size docs, the others are real recordings. The generalisation to every region lives in ../resource-skus.ts.',
    flags.source ?? '19 real entries (Azure SDK for Go recording TestSkusTestSuite, westus2, 2023-02-22; karpenter-provider-azure fixtures) and 6 assembled ones, each named with its source in the README',
    { value: list },
  );
}

function computeUsages([file], flags) {
  const rows = listOf(readJson(file), 'usages').map((u) => ({ limit: u.limit, name: { value: u.name?.value, localizedValue: u.name?.localizedValue } }));
  for (const r of rows) if (typeof r.limit !== 'number' || typeof r.name.value !== 'string' || typeof r.name.localizedValue !== 'string') throw new Error(`usages: unexpected row ${JSON.stringify(r)}`);
  return dataFile(
    'compute-usages',
    'The limits of a real usages response (`value`), in recorded order: limit and name (value, localizedValue). The recorded `currentValue`s are dropped: the sandbox computes usage from its own VMs.',
    flags.source ?? 'GET .../providers/Microsoft.Compute/locations/eastus/usages as the Azure SDK for Go test suite recorded it on 2023-02-21 (Azure/azure-sdk-assets TestComputeRpCommonTestSuite.json@0b86147c)',
    { value: rows },
  );
}

/**
 * The sizes kept from Retail Prices API pages: B, A_v2, D(s)_v3..v6 (2, 4, 8 vCPUs), E_v5/v6 (2, 4)
 * and F_v2 (2, 4), the sizes the wizard is likely to offer. A price table input is kept whole.
 */
const PRICED_SIZES = /^Standard_(A[124]_v2|B\d+[a-z]*|B\d+[a-z]*_v2|D[248][a-z]*_v[3-6]|E[24][a-z]*_v[56]|F[24]s_v2)$/;

/**
 * Linux pay-as-you-go prices from Retail Prices API items, filtered as Azure/karpenter-provider-azure
 * pkg/providers/pricing/pricing.go does (priceType Consumption, USD, Virtual Machines; no Windows
 * products, no Spot or Low Priority meters), per hour.
 */
function pricesFromPages(pages) {
  const prices = {};
  let currency;
  for (const page of pages) {
    if (!Array.isArray(page?.Items)) throw new Error('vm-prices: a Retail Prices API page has an Items array');
    for (const it of page.Items) {
      if (it.type !== 'Consumption' || it.serviceName !== 'Virtual Machines' || it.unitOfMeasure !== '1 Hour') continue;
      if (/ Windows$/.test(it.productName ?? '') || / (Spot|Low Priority)$/.test(it.meterName ?? '') || / (Spot|Low Priority)$/.test(it.skuName ?? '')) continue;
      if (!PRICED_SIZES.test(it.armSkuName ?? '') || typeof it.retailPrice !== 'number') continue;
      currency ??= it.currencyCode;
      if (it.currencyCode !== currency) throw new Error(`vm-prices: mixed currencies ${currency} and ${it.currencyCode}`);
      (prices[it.armRegionName] ??= {})[it.armSkuName] = it.retailPrice;
    }
  }
  return { currencyCode: currency ?? 'USD', prices };
}

/** Regions and, in each, sizes in code-unit order (the committed order, whatever the input's). */
function sortedPrices(prices) {
  const sorted = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  return Object.fromEntries(Object.keys(prices).sort().map((r) => [r, sorted(prices[r])]));
}

function vmPrices(files, flags) {
  const inputs = files.map(readJson);
  let table;
  let origin = flags.source;
  if (inputs.length === 1 && inputs[0]?.prices && typeof inputs[0].prices === 'object') {
    table = inputs[0];
    origin ??= 'Azure/karpenter-provider-azure pkg/providers/pricing/zz_generated.pricing.go, a snapshot of the Azure Retail Prices API';
  } else {
    table = pricesFromPages(inputs);
    table.generatedAt = flags['generated-at'] ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    origin ??= 'pages of the Azure Retail Prices API (https://prices.azure.com/api/retail/prices)';
  }
  if (table.currencyCode !== 'USD') throw new Error(`vm-prices: the sandbox serves USD prices, the input has ${table.currencyCode}`);
  if (typeof table.generatedAt !== 'string') throw new Error('vm-prices: the price table has no generatedAt');
  if ((table.unitOfMeasure ?? '1 Hour') !== '1 Hour') throw new Error(`vm-prices: the sandbox serves prices per hour, the input has ${table.unitOfMeasure}`);
  for (const [region, sizes] of Object.entries(table.prices)) {
    for (const [size, usd] of Object.entries(sizes ?? {})) if (typeof usd !== 'number' || !Number.isFinite(usd)) throw new Error(`vm-prices: ${region} ${size}: not a price: ${usd}`);
  }
  return dataFile(
    'vm-prices',
    `Linux pay-as-you-go retail prices in USD per hour (\`prices\`: region -> armSkuName -> USD), values unchanged (as of ${table.generatedAt}).`,
    origin,
    { generatedAt: table.generatedAt, currencyCode: 'USD', unitOfMeasure: '1 Hour', prices: sortedPrices(table.prices) },
  );
}

const KINDS = {
  locations: { run: locations, out: `${RESOURCES}/azure-locations.json` },
  'physical-locations': { run: physicalLocations, out: `${CATALOG}/physical-locations.json` },
  'resource-skus': { run: resourceSkus, out: `${CATALOG}/resource-skus.json` },
  'compute-usages': { run: computeUsages, out: `${CATALOG}/compute-usages.json` },
  'vm-prices': { run: vmPrices, out: `${CATALOG}/vm-prices.json` },
};

function main(argv) {
  const [kind, ...rest] = argv;
  const files = [];
  const flags = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a.startsWith('--')) flags[a.slice(2)] = rest[++i];
    else files.push(a);
  }
  const k = KINDS[kind];
  if (!k || files.length === 0 || (kind !== 'vm-prices' && files.length > 1)) {
    console.error(`usage: node sandbox/scripts/generate.mjs <${Object.keys(KINDS).join('|')}> <input.json> [--out FILE] [--source TEXT]`);
    return 2;
  }
  const out = flags.out ?? k.out;
  writeFileSync(out, k.run(files, flags));
  console.error(`wrote ${out}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
