/**
 * The committed Azure data files (JSON, written by sandbox/scripts/generate.mjs): each parses, says
 * where it came from, and has the shape and size its README describes; the typed modules that
 * read them give the same data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AZURE_LOCATIONS } from '../../src/resources/data/azure-locations.data';
import { PHYSICAL_LOCATIONS } from '../../src/providers/catalog/data/physical-locations.data';
import { RECORDED_SKUS } from '../../src/providers/catalog/data/resource-skus.data';
import { RECORDED_USAGE_LIMITS } from '../../src/providers/catalog/data/compute-usages.data';
import { PRICES_GENERATED_AT, VM_LINUX_PRICES_USD } from '../../src/providers/catalog/data/vm-prices.data';

type Json = Record<string, unknown>;

/** A committed data file, parsed, after checking its provenance keys. */
function dataFile(path: string, kind: string, dataKeys: string[]): Json {
  const text = readFileSync(new URL(path, import.meta.url), 'utf8');
  assert.ok(text.endsWith('}\n'), `${path}: ends with one newline`);
  assert.ok([...text].every((c) => c.charCodeAt(0) < 0x80), `${path}: ASCII only`);
  const json = JSON.parse(text) as Json;
  assert.deepEqual(Object.keys(json), ['_generator', '_description', '_source', ...dataKeys], path);
  assert.equal(json._generator, `sandbox/scripts/generate.mjs ${kind}; do not edit by hand`);
  assert.ok(typeof json._description === 'string' && json._description.length > 40, `${path}: _description`);
  assert.match(json._source as string, /\S{8}.*README\.md beside this file\.$/, `${path}: _source names its input and the README`);
  return json;
}

const isString = (v: unknown): v is string => typeof v === 'string';

test('azure-locations.json: 100 ListLocations entries, 60 Physical with coordinates, ids templated', () => {
  const json = dataFile('../../src/resources/data/azure-locations.json', 'locations', ['value']);
  const value = json.value as Json[];
  assert.equal(value.length, 100);
  for (const l of value) {
    assert.ok(isString(l.name) && isString(l.displayName) && l.type === 'Region', JSON.stringify(l));
    assert.equal(l.id, `/subscriptions/{subscriptionId}/locations/${String(l.name)}`);
    assert.deepEqual(Object.keys(l).slice(0, 4), ['id', 'name', 'type', 'displayName']);
  }
  const physical = value.filter((l) => (l.metadata as Json).regionType === 'Physical');
  assert.equal(physical.length, 60);
  for (const l of physical) assert.ok(isString((l.metadata as Json).latitude) && isString((l.metadata as Json).longitude), String(l.name));
  assert.equal(value.filter((l) => Array.isArray(l.availabilityZoneMappings)).length, 42);
  assert.doesNotMatch(JSON.stringify(value), /\/subscriptions\/[0-9a-f]{8}-/, 'no real subscription ids');
  assert.deepEqual(AZURE_LOCATIONS, value);
});

test('physical-locations.json: the Physical regions of azure-locations.json, with their logical zones', () => {
  const json = dataFile('../../src/providers/catalog/data/physical-locations.json', 'physical-locations', ['locations']);
  const locations = json.locations as Json[];
  assert.equal(locations.length, 60);
  const physical = AZURE_LOCATIONS.filter((l) => (l.metadata as Json).regionType === 'Physical');
  assert.deepEqual(
    locations,
    physical.map((l) => ({ name: l.name, displayName: l.displayName, zones: ((l.availabilityZoneMappings as Json[] | undefined) ?? []).map((z) => z.logicalZone) })),
  );
  assert.deepEqual(PHYSICAL_LOCATIONS, locations);
  assert.deepEqual(PHYSICAL_LOCATIONS.find((l) => l.name === 'eastus')?.zones, ['1', '2', '3']);
});

test('resource-skus.json: 25 virtualMachines entries, 6 marked assembled, each for one region', () => {
  const json = dataFile('../../src/providers/catalog/data/resource-skus.json', 'resource-skus', ['value']);
  const value = json.value as Json[];
  assert.equal(value.length, 25);
  for (const s of value) {
    assert.ok(s.resourceType === 'virtualMachines' && isString(s.name) && isString(s.family), JSON.stringify(s).slice(0, 200));
    assert.equal((s.locations as string[]).length, 1);
    for (const k of ['locationInfo', 'capabilities', 'restrictions']) assert.ok(Array.isArray(s[k]), `${String(s.name)}.${k}`);
    assert.ok((s.capabilities as Json[]).some((c) => c.name === 'vCPUs' && isString(c.value)), `${String(s.name)} has vCPUs`);
  }
  const assembled = value.filter((s) => s._assembled === true).map((s) => s.name);
  assert.deepEqual(assembled, ['Standard_B2ls_v2', 'Standard_B2s_v2', 'Standard_B2as_v2', 'Standard_B2pts_v2', 'Standard_D2s_v6', 'Standard_F2s_v2']);
  assert.deepEqual(
    RECORDED_SKUS.map((r) => r.sku),
    value,
  );
  assert.deepEqual(
    RECORDED_SKUS.filter((r) => r.provenance === 'assembled').map((r) => r.sku.name),
    assembled,
  );
});

test('compute-usages.json: 137 recorded limits (limit and name, no currentValue)', () => {
  const json = dataFile('../../src/providers/catalog/data/compute-usages.json', 'compute-usages', ['value']);
  const value = json.value as Array<{ limit: unknown; name: { value: unknown; localizedValue: unknown } }>;
  assert.equal(value.length, 137);
  for (const u of value) {
    assert.deepEqual(Object.keys(u), ['limit', 'name']);
    assert.ok(Number.isInteger(u.limit) && isString(u.name.value) && isString(u.name.localizedValue), JSON.stringify(u));
  }
  assert.deepEqual(value.find((u) => u.name.value === 'cores'), { limit: 428, name: { value: 'cores', localizedValue: 'Total Regional vCPUs' } });
  assert.deepEqual(
    RECORDED_USAGE_LIMITS,
    value.map((u) => [u.limit, u.name.value, u.name.localizedValue]),
  );
});

test('vm-prices.json: USD per hour for 57 regions and 152 sizes, sorted, all positive', () => {
  const json = dataFile('../../src/providers/catalog/data/vm-prices.json', 'vm-prices', ['generatedAt', 'currencyCode', 'unitOfMeasure', 'prices']);
  assert.equal(json.generatedAt, '2026-06-18T03:43:41Z');
  assert.equal(json.currencyCode, 'USD');
  assert.equal(json.unitOfMeasure, '1 Hour');
  const prices = json.prices as Record<string, Record<string, unknown>>;
  const regions = Object.keys(prices);
  assert.equal(regions.length, 57);
  assert.deepEqual(regions, [...regions].sort());
  const sizes = new Set<string>();
  for (const [region, bySize] of Object.entries(prices)) {
    assert.deepEqual(Object.keys(bySize), Object.keys(bySize).sort(), region);
    for (const [size, usd] of Object.entries(bySize)) {
      assert.ok(typeof usd === 'number' && usd > 0, `${region} ${size}: ${String(usd)}`);
      assert.match(size, /^Standard_/);
      sizes.add(size);
    }
  }
  assert.equal(sizes.size, 152);
  assert.equal(prices.eastus?.Standard_D2s_v5, 0.096);
  assert.equal(PRICES_GENERATED_AT, json.generatedAt);
  assert.deepEqual(VM_LINUX_PRICES_USD, prices);
});
