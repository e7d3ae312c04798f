import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  findVmSku,
  listResourceSkus,
  locationRestriction,
  resourceSkuCatalog,
  vmSizeFacts,
} from '../../src/providers/catalog/resource-skus';
import { VM_LINUX_PRICES_USD } from '../../src/providers/catalog/data/vm-prices.data';
import { physicalLocationNames } from '../../src/providers/catalog/locations';

test('every physical region has SKUs and every entry names exactly one region', () => {
  for (const region of physicalLocationNames()) {
    const skus = listResourceSkus(region);
    assert.ok(skus.length > 0, `no SKUs in ${region}`);
    for (const s of skus) assert.deepEqual(s.locations, [region]);
  }
});

test('real recorded entries are served verbatim, including the restriction examples', () => {
  const promo = findVmSku('Standard_DS13_v2_Promo', 'westus2')!;
  assert.equal(promo.restrictions.length, 2);
  assert.equal(promo.restrictions[0]!.reasonCode, 'NotAvailableForSubscription');
  assert.ok(locationRestriction(promo, 'westus2'));
  const a0 = findVmSku('Standard_A0', 'westus2')!;
  assert.equal(a0.restrictions.length, 1);
  assert.equal(a0.restrictions[0]!.type, 'Zone');
  assert.equal(locationRestriction(a0, 'westus2'), undefined);
  assert.ok(locationRestriction(findVmSku('Standard_A0', 'westcentralus')!, 'westcentralus'));
  // Generalised copies carry no restriction.
  assert.deepEqual(findVmSku('Standard_DS13_v2_Promo', 'eastus')?.restrictions, []);
});

test('a size without a price in a priced region is not offered there (rule 2)', () => {
  let checked = 0;
  for (const [region, prices] of Object.entries(VM_LINUX_PRICES_USD)) {
    if (!physicalLocationNames().includes(region)) continue;
    for (const name of ['Standard_D2as_v6', 'Standard_D2s_v6', 'Standard_B2pts_v2', 'Standard_E2s_v5']) {
      const priced = prices[name] !== undefined;
      const recorded = findVmSku(name, region)?.locationInfo[0]?.zoneDetails !== undefined;
      if (!priced) {
        assert.equal(findVmSku(name, region), undefined, `${name} must not be offered in ${region}`);
        checked++;
      } else assert.ok(recorded, `${name} must be offered in ${region}`);
    }
  }
  assert.ok(checked > 0, 'the price table has gaps to test against');
  assert.equal(findVmSku('Standard_B2s', 'nowhere'), undefined);
  assert.equal(findVmSku('Standard_Nope', 'westeurope'), undefined);
});

test('capabilities are read into facts (Gen1-only, Arm64, Gen1+Gen2)', () => {
  const a1 = vmSizeFacts(findVmSku('Standard_A1_v2', 'westus2')!);
  assert.deepEqual(a1.hyperVGenerations, ['V1']);
  assert.equal(a1.vCPUs, 1);
  const d2ps = vmSizeFacts(findVmSku('standard_d2ps_v5', 'WestUS2')!);
  assert.equal(d2ps.architecture, 'Arm64');
  const b2s = vmSizeFacts(findVmSku('Standard_B2s', 'eastus')!);
  assert.deepEqual(b2s.hyperVGenerations, ['V1', 'V2']);
  assert.equal(b2s.family, 'standardBSFamily');
  assert.equal(b2s.vCPUs, 2);
});

test('catalog order is name (upper-case ordinal) then region, and deterministic', () => {
  const all = resourceSkuCatalog();
  for (let i = 1; i < all.length; i++) {
    const a = all[i - 1]!.name.toUpperCase();
    const b = all[i]!.name.toUpperCase();
    assert.ok(a < b || (a === b && all[i - 1]!.locations[0]! < all[i]!.locations[0]!), `${a} before ${b}`);
  }
  assert.equal(JSON.stringify(listResourceSkus('eastus')), JSON.stringify(listResourceSkus('EastUS')));
});
