import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRetailFilter, productNameOf, retailPricesPage, RetailFilterError } from '../../src/providers/catalog/retail-prices';
import { handleRetailPrices } from '../../src/providers/catalog/sandbox-routes';

const SELF = 'https://127.0.0.1:1/api/retail/prices';

test('filter by region and size returns the real price in the sample item shape', () => {
  const page = retailPricesPage(
    { filter: "serviceName eq 'Virtual Machines' and armRegionName eq 'westeurope' and priceType eq 'Consumption' and armSkuName eq 'Standard_D2s_v5'" },
    SELF,
  );
  assert.equal(page.Count, 1);
  assert.equal(page.NextPageLink, null);
  assert.deepEqual(page.Items[0], {
    currencyCode: 'USD', tierMinimumUnits: 0, retailPrice: 0.115, unitPrice: 0.115, armRegionName: 'westeurope',
    location: 'EU West', meterName: 'D2s v5', productName: 'Virtual Machines Dsv5 Series', skuName: 'D2s v5',
    serviceName: 'Virtual Machines', serviceFamily: 'Compute', unitOfMeasure: '1 Hour', type: 'Consumption',
    isPrimaryMeterRegion: true, armSkuName: 'Standard_D2s_v5',
  });
  assert.equal(page.BillingCurrency, 'USD');
});

test('paging: NextPageLink carries $skip and the pages add up to the whole region', () => {
  const filter = "serviceName eq 'Virtual Machines' and armRegionName eq 'eastus' and priceType eq 'Consumption'";
  const whole = retailPricesPage({ filter }, SELF).Items;
  assert.ok(whole.length > 100);
  const seen: string[] = [];
  let next: string | null = `${SELF}?$filter=${encodeURIComponent(filter)}`;
  while (next) {
    const url = new URL(next);
    const res = handleRetailPrices(Object.fromEntries(url.searchParams), SELF, 40);
    const body = res.body as { Items: Array<{ armSkuName: string }>; NextPageLink: string | null };
    seen.push(...body.Items.map((i) => i.armSkuName));
    next = body.NextPageLink;
    if (next) assert.match(next, /\$skip=\d+$/);
  }
  assert.deepEqual(seen, whole.map((i) => i.armSkuName));
});

test('unsupported filters are rejected; product names follow the series convention', () => {
  assert.throws(() => parseRetailFilter("armRegionName ne 'x'"), RetailFilterError);
  assert.throws(() => parseRetailFilter("foo eq 'x'"), RetailFilterError);
  assert.equal(handleRetailPrices({ $filter: "armRegionName eq 'x' or 1" }, SELF).status, 400);
  assert.equal(productNameOf('Standard_B2s'), 'Virtual Machines BS Series');
  assert.equal(productNameOf('Standard_B2pts_v2'), 'Virtual Machines Bpsv2 Series');
  assert.equal(productNameOf('Standard_D2s_v3'), 'Virtual Machines DSv3 Series');
});
