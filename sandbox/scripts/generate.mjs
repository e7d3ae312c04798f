#!/usr/bin/env node
// Writes the sandbox's built-in Azure data files (the `*.data.ts` files under
// sandbox/src/) from Azure API responses saved as JSON. Plain Node, no network,
// no dependencies: run it from the repository root.
//
//   node sandbox/scripts/generate.mjs <kind> <input.json> [more inputs] [--out FILE] [--source TEXT]
//
// --source says in the data file's header what the input is (default: the input the committed
// file was made from); vm-prices from API pages also takes --generated-at ISO-TIME (default: now).
//
// kinds, their input and the file each writes (default --out):
//
//   locations           GET /subscriptions/{id}/locations?api-version=2022-12-01 answer ({"value": [...]}
//                       or a bare array)  -> sandbox/src/resources/data/azure-locations.data.ts
//   physical-locations  the same input    -> sandbox/src/providers/catalog/data/physical-locations.data.ts
//   resource-skus       GET /subscriptions/{id}/providers/Microsoft.Compute/skus?api-version=2021-07-01 answer
//                       ({"value": [...]}; entries marked "_assembled": true are kept and labelled so)
//                                         -> sandbox/src/providers/catalog/data/resource-skus.data.ts
//   compute-usages      GET /subscriptions/{id}/providers/Microsoft.Compute/locations/{loc}/usages answer
//                       ({"value": [...]}) -> sandbox/src/providers/catalog/data/compute-usages.data.ts
//   vm-prices           either a price table {"generatedAt", "currencyCode", "prices": {region: {armSkuName: usd}}}
//                       or one or more pages of the Azure Retail Prices API
//                       (https://prices.azure.com/api/retail/prices, {"Items": [...], "NextPageLink"})
//                                         -> sandbox/src/providers/catalog/data/vm-prices.data.ts
//
// Where the committed data came from, and how to fetch fresh input: README.md beside each data
// file (sandbox/src/providers/catalog/data/README.md, .../resources/data/README.md).
// Keys starting with `_` at the top level of an input (`_sources`, `_notes`, ...) are provenance
// notes and are ignored.
//
// The output format is fixed (the committed files were first written with Python's json module:
// ", " and ": " separators, non-ASCII escaped as \uXXXX), so that regenerating from the same input
// changes nothing.
import { readFileSync, writeFileSync } from 'node:fs';

const CATALOG = 'sandbox/src/providers/catalog/data';
const RESOURCES = 'sandbox/src/resources/data';

/** JSON as Python's json.dumps writes it by default (or compact / indented), ASCII only. */
function pyJson(value, { compact = false, floats = false } = {}) {
  const comma = compact ? ',' : ', ';
  const colon = compact ? ':' : ': ';
  const str = (s) => JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const num = (n) => {
    if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
    if (floats && Number.isInteger(n)) return `${n}.0`;
    const text = String(n);
    // Python writes small and large floats with an exponent sooner than JavaScript does.
    if (!Number.isInteger(n) && (Math.abs(n) < 1e-4 || Math.abs(n) >= 1e16)) {
      const [m, e] = n.toExponential().split('e');
      const exp = Number(e);
      return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    }
    return text;
  };
  const go = (v) => {
    if (v === null) return 'null';
    if (typeof v === 'string') return str(v);
    if (typeof v === 'number') return num(v);
    if (typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return `[${v.map(go).join(comma)}]`;
    return `{${Object.entries(v)
      .map(([k, x]) => `${str(k)}${colon}${go(x)}`)
      .join(comma)}}`;
  };
  return go(value);
}

/** JSON.stringify(v, null, 1) with non-ASCII escaped (what Python's json.dumps(v, indent=1) writes). */
function indented(value) {
  return JSON.stringify(value, null, 1).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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

/** Wraps text into ` * ` comment lines of at most 100 characters. */
function commentLines(text) {
  const out = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > 97) {
      out.push(` * ${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(` * ${line}`);
  return out;
}

/** The data file's header: what generated it, what it holds, and the input it was made from. */
function header(kind, what, source) {
  return ['/**', ...commentLines(`GENERATED by sandbox/scripts/generate.mjs ${kind}; do not edit by hand. ${what}`), ...commentLines(`Input: ${source}. Where it came from and how to make it again: README.md beside this file.`), ' */'];
}

const LOCATION_KEYS = ['id', 'name', 'type', 'displayName', 'regionalDisplayName', 'metadata', 'availabilityZoneMappings'];

function locations([file], flags) {
  const list = listOf(readJson(file), 'locations').map((l) => reorder(templateSubscription(l), LOCATION_KEYS));
  return [
    ...header(
      'locations',
      'Keys put back in wire order (id, name, type, displayName, regionalDisplayName, metadata, availabilityZoneMappings); values unchanged. `{subscriptionId}` is filled in when served.',
      flags.source ?? 'real ListLocations data (GET /subscriptions/{id}/locations, api-version 2022-12-01 shape) from Azure/karpenter-provider-azure pkg/fake/locations.json@4185d876, captured from real Azure',
    ),
    'export const AZURE_LOCATIONS: ReadonlyArray<Record<string, unknown>> = [',
    list.map((l) => pyJson(l, { compact: true })).join(',\n'),
    '];',
    '',
  ].join('\n');
}

function physicalLocations([file], flags) {
  const list = listOf(readJson(file), 'locations')
    .filter((l) => l.metadata?.regionType === 'Physical')
    .map((l) => ({ name: l.name, displayName: l.displayName, zones: (l.availabilityZoneMappings ?? []).map((z) => z.logicalZone) }));
  return [
    ...header(
      'physical-locations',
      'The Physical regions of the ListLocations data, in recorded order: name, displayName and the logical availability zones (from availabilityZoneMappings; [] for a region without zones).',
      flags.source ?? 'the same real ListLocations data as ../../../resources/data/azure-locations.data.ts (karpenter fixture pkg/fake/locations.json@4185d876)',
    ),
    'export interface PhysicalLocation {',
    '  name: string;',
    '  displayName: string;',
    '  zones: string[];',
    '}',
    '',
    `export const PHYSICAL_LOCATIONS: PhysicalLocation[] = ${pyJson(list)};`,
    '',
  ].join('\n');
}

function resourceSkus([file], flags) {
  const list = listOf(readJson(file), 'resource SKUs').map((sku) => ({ provenance: sku._assembled === true ? 'assembled' : 'real', sku }));
  return [
    ...header(
      'resource-skus',
      'Resource SKUs (GET /subscriptions/{id}/providers/Microsoft.Compute/skus, api-version 2021-07-01), copied verbatim, in recorded order. `provenance` says whether the entry is a real recording or was assembled from the Microsoft size docs. The generalisation to every region lives in ../resource-skus.ts.',
      flags.source ?? '19 real entries (Azure SDK for Go recording TestSkusTestSuite, westus2, 2023-02-22; karpenter-provider-azure fixtures) and 6 assembled ones, each named with its source in the README',
    ),
    "import type { ResourceSku } from '../catalog-types';",
    '',
    'export interface RecordedSku {',
    "  provenance: 'real' | 'assembled';",
    '  sku: ResourceSku;',
    '}',
    '',
    `export const RECORDED_SKUS: RecordedSku[] = ${indented(list)};`,
    '',
  ].join('\n');
}

function computeUsages([file], flags) {
  const rows = listOf(readJson(file), 'usages').map((u) => [u.limit, u.name?.value, u.name?.localizedValue]);
  for (const r of rows) if (typeof r[0] !== 'number' || typeof r[1] !== 'string' || typeof r[2] !== 'string') throw new Error(`usages: unexpected row ${JSON.stringify(r)}`);
  return [
    ...header(
      'compute-usages',
      'The limits of a real usages response, in recorded order, as [limit, name.value, name.localizedValue]. The recorded `currentValue`s are dropped: the sandbox computes usage from its own VMs.',
      flags.source ?? 'GET .../providers/Microsoft.Compute/locations/eastus/usages as the Azure SDK for Go test suite recorded it on 2023-02-21 (Azure/azure-sdk-assets TestComputeRpCommonTestSuite.json@0b86147c)',
    ),
    `export const RECORDED_USAGE_LIMITS: ReadonlyArray<readonly [number, string, string]> = ${pyJson(rows)};`,
    '',
  ].join('\n');
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
  const sorted = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  return { currencyCode: currency ?? 'USD', prices: Object.fromEntries(Object.keys(prices).sort().map((r) => [r, sorted(prices[r])])) };
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
  return [
    ...header(
      'vm-prices',
      `Linux pay-as-you-go retail prices in USD per hour, region -> armSkuName, values unchanged (as of ${table.generatedAt}).`,
      origin,
    ),
    `export const PRICES_GENERATED_AT = ${JSON.stringify(table.generatedAt)};`,
    `export const VM_LINUX_PRICES_USD: Record<string, Record<string, number>> = ${pyJson(table.prices, { floats: true })};`,
    '',
  ].join('\n');
}

const KINDS = {
  locations: { run: locations, out: `${RESOURCES}/azure-locations.data.ts` },
  'physical-locations': { run: physicalLocations, out: `${CATALOG}/physical-locations.data.ts` },
  'resource-skus': { run: resourceSkus, out: `${CATALOG}/resource-skus.data.ts` },
  'compute-usages': { run: computeUsages, out: `${CATALOG}/compute-usages.data.ts` },
  'vm-prices': { run: vmPrices, out: `${CATALOG}/vm-prices.data.ts` },
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
