/**
 * sandbox/scripts/generate.mjs, which writes the built-in Azure data as JSON: its output format on
 * small inputs, that the same input gives the same bytes, and that each committed data file is
 * what the script makes from it (a data file is a valid input of its own kind).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/generate.mjs', import.meta.url));
const CATALOG_DATA = fileURLToPath(new URL('../../src/providers/catalog/data/', import.meta.url));
const RESOURCES_DATA = fileURLToPath(new URL('../../src/resources/data/', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'flatkube-generate-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** Writes `inputs` as JSON files, runs the script on them and returns its output file's text. */
function generate(kind: string, inputs: unknown[], ...flags: string[]): { status: number | null; stderr: string; text?: string } {
  const files = inputs.map((input) => {
    const f = join(dir, `in-${++n}.json`);
    writeFileSync(f, JSON.stringify(input));
    return f;
  });
  return generateFiles(kind, files, ...flags);
}

function generateFiles(kind: string, files: string[], ...flags: string[]): { status: number | null; stderr: string; text?: string } {
  const out = join(dir, `out-${++n}.json`);
  const r = spawnSync(process.execPath, [SCRIPT, kind, ...files, '--out', out, ...flags], { encoding: 'utf8' });
  let text: string | undefined;
  try {
    text = readFileSync(out, 'utf8');
  } catch {
    text = undefined;
  }
  return { status: r.status, stderr: r.stderr, text };
}

const GUID = '0123abcd-0000-4000-8000-00000000abcd';
const LOCATIONS_INPUT = {
  _notes: 'provenance notes at the top level are ignored',
  value: [
    {
      availabilityZoneMappings: [{ logicalZone: '1', physicalZone: 'testregion-az2' }],
      displayName: 'Test Region',
      id: `/subscriptions/${GUID}/locations/testregion`,
      metadata: { pairedRegion: [{ id: `/subscriptions/${GUID}/locations/other`, name: 'other' }], physicalLocation: 'Gävle', regionType: 'Physical' },
      name: 'testregion',
      regionalDisplayName: '(Europe) Test Region',
      type: 'Region',
    },
    { displayName: 'Logical', id: `/subscriptions/${GUID}/locations/logical`, metadata: { regionType: 'Logical' }, name: 'logical', type: 'Region' },
  ],
};

test('locations: the exact output format (provenance first, wire key order, subscription templated, ASCII, 2-space indent)', () => {
  const r = generate('locations', [LOCATIONS_INPUT], '--source', 'a small test input');
  assert.equal(r.status, 0, r.stderr);
  const expected = [
    '{',
    '  "_generator": "sandbox/scripts/generate.mjs locations; do not edit by hand",',
    `  "_description": ${JSON.stringify(JSON.parse(r.text!)._description)},`,
    '  "_source": "a small test input. Where it came from and how to make it again: README.md beside this file.",',
    '  "value": [',
    '    {',
    '      "id": "/subscriptions/{subscriptionId}/locations/testregion",',
    '      "name": "testregion",',
    '      "type": "Region",',
    '      "displayName": "Test Region",',
    '      "regionalDisplayName": "(Europe) Test Region",',
    '      "metadata": {',
    '        "pairedRegion": [',
    '          {',
    '            "id": "/subscriptions/{subscriptionId}/locations/other",',
    '            "name": "other"',
    '          }',
    '        ],',
    '        "physicalLocation": "G\\u00e4vle",',
    '        "regionType": "Physical"',
    '      },',
    '      "availabilityZoneMappings": [',
    '        {',
    '          "logicalZone": "1",',
    '          "physicalZone": "testregion-az2"',
    '        }',
    '      ]',
    '    },',
    '    {',
    '      "id": "/subscriptions/{subscriptionId}/locations/logical",',
    '      "name": "logical",',
    '      "type": "Region",',
    '      "displayName": "Logical",',
    '      "metadata": {',
    '        "regionType": "Logical"',
    '      }',
    '    }',
    '  ]',
    '}',
    '',
  ].join('\n');
  assert.equal(r.text, expected);
  assert.match(JSON.parse(r.text!)._description as string, /wire order/);
});

test('the same input gives the same bytes, and an output given back as input gives itself', () => {
  const first = generate('locations', [LOCATIONS_INPUT]);
  const again = generate('locations', [LOCATIONS_INPUT]);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(again.text, first.text);
  const fromOutput = generate('locations', [JSON.parse(first.text!)]);
  assert.equal(fromOutput.text, first.text);
  // A bare array is an input too.
  assert.equal(generate('locations', [LOCATIONS_INPUT.value]).text, first.text);
});

test('physical-locations: only Physical regions, with their logical zones', () => {
  const r = generate('physical-locations', [LOCATIONS_INPUT]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.text!) as Record<string, unknown>;
  assert.deepEqual(Object.keys(out), ['_generator', '_description', '_source', 'locations']);
  assert.deepEqual(out.locations, [{ name: 'testregion', displayName: 'Test Region', zones: ['1'] }]);
});

test('resource-skus: entries verbatim, `_assembled` kept; compute-usages: limit and name only', () => {
  const sku = { resourceType: 'virtualMachines', name: 'Standard_T1', locations: ['testregion'], locationInfo: [], capabilities: [{ name: 'vCPUs', value: '1' }], restrictions: [] };
  const skus = generate('resource-skus', [{ value: [sku, { ...sku, name: 'Standard_T2', _assembled: true }] }]);
  assert.equal(skus.status, 0, skus.stderr);
  assert.deepEqual(JSON.parse(skus.text!).value, [sku, { ...sku, name: 'Standard_T2', _assembled: true }]);
  assert.equal(generate('resource-skus', [{ value: [{ name: 'no locations' }] }]).status, 1);

  const usages = generate('compute-usages', [{ value: [{ currentValue: 3, limit: 10, name: { localizedValue: 'Total Regional vCPUs', value: 'cores' }, unit: 'Count' }] }]);
  assert.equal(usages.status, 0, usages.stderr);
  assert.deepEqual(JSON.parse(usages.text!).value, [{ limit: 10, name: { value: 'cores', localizedValue: 'Total Regional vCPUs' } }]);
  assert.equal(generate('compute-usages', [{ value: [{ limit: '10', name: { value: 'cores', localizedValue: 'x' } }] }]).status, 1);
});

test('vm-prices: from Retail Prices API pages, Linux pay-as-you-go per hour only, sorted, with --generated-at', () => {
  const item = { currencyCode: 'USD', type: 'Consumption', serviceName: 'Virtual Machines', unitOfMeasure: '1 Hour', productName: 'Virtual Machines Dsv5 Series', meterName: 'D2s v5', skuName: 'D2s v5' };
  const pages = [
    {
      Items: [
        { ...item, armRegionName: 'westus2', armSkuName: 'Standard_D2s_v5', retailPrice: 0.096 },
        { ...item, armRegionName: 'westus2', armSkuName: 'Standard_D2s_v5', retailPrice: 0.188, productName: 'Virtual Machines Dsv5 Series Windows' },
        { ...item, armRegionName: 'westus2', armSkuName: 'Standard_D2s_v5', retailPrice: 0.02, meterName: 'D2s v5 Spot' },
        { ...item, armRegionName: 'westus2', armSkuName: 'Standard_D2s_v5', retailPrice: 0.5, type: 'Reservation' },
        { ...item, armRegionName: 'westus2', armSkuName: 'Standard_M416ms_v2', retailPrice: 90 },
      ],
      NextPageLink: 'https://prices.azure.com/api/retail/prices?$skip=100',
    },
    { Items: [{ ...item, armRegionName: 'eastus', armSkuName: 'Standard_B2s', retailPrice: 1 }], NextPageLink: null },
  ];
  const r = generate('vm-prices', pages, '--generated-at', '2026-01-02T03:04:05Z');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.text!) as Record<string, unknown>;
  assert.deepEqual(Object.keys(out), ['_generator', '_description', '_source', 'generatedAt', 'currencyCode', 'unitOfMeasure', 'prices']);
  assert.equal(out.generatedAt, '2026-01-02T03:04:05Z');
  assert.deepEqual(out.prices, { eastus: { Standard_B2s: 1 }, westus2: { Standard_D2s_v5: 0.096 } });
  assert.deepEqual(Object.keys(out.prices as object), ['eastus', 'westus2']);
  // The output is a price table, and so an input that gives itself back.
  assert.equal(generate('vm-prices', [out], '--source', 'pages of the Azure Retail Prices API (https://prices.azure.com/api/retail/prices)').text, r.text);
  const euro = generate('vm-prices', [{ Items: [{ ...item, currencyCode: 'EUR', armRegionName: 'westus2', armSkuName: 'Standard_D2s_v5', retailPrice: 1 }] }]);
  assert.equal(euro.status, 1);
  assert.match(euro.stderr, /USD/);
});

test('a wrong command line prints the usage and writes nothing', () => {
  const r = generateFiles('no-such-kind', [join(dir, 'missing.json')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /usage: node sandbox\/scripts\/generate\.mjs <locations\|physical-locations\|resource-skus\|compute-usages\|vm-prices>/);
  assert.equal(r.text, undefined);
});

test('each committed data file is what the script makes from it (regenerating changes nothing)', () => {
  const azureLocations = join(RESOURCES_DATA, 'azure-locations.json');
  const cases: Array<[kind: string, input: string, committed: string]> = [
    ['locations', azureLocations, azureLocations],
    ['physical-locations', azureLocations, join(CATALOG_DATA, 'physical-locations.json')],
    ['resource-skus', join(CATALOG_DATA, 'resource-skus.json'), join(CATALOG_DATA, 'resource-skus.json')],
    ['compute-usages', join(CATALOG_DATA, 'compute-usages.json'), join(CATALOG_DATA, 'compute-usages.json')],
    ['vm-prices', join(CATALOG_DATA, 'vm-prices.json'), join(CATALOG_DATA, 'vm-prices.json')],
  ];
  for (const [kind, input, committed] of cases) {
    const r = generateFiles(kind, [input]);
    assert.equal(r.status, 0, `${kind}: ${r.stderr}`);
    assert.equal(r.text, readFileSync(committed, 'utf8'), `${kind} from ${input} differs from ${committed}`);
  }
});
