import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestError } from '@azure/core-rest-pipeline';
import { toAzureAppError } from '../../../electron/services/azure/azure-errors';
import { channelOfSku, compareFlatcarVersions } from '../../../electron/services/azure/images';
import { toLocationInfo } from '../../../electron/services/azure/locations';
import { validPublicIpv4 } from '../../../electron/services/azure/public-ip';
import { isLinuxPayAsYouGo } from '../../../electron/services/azure/retail-prices';
import { belowControlPlaneMinimum } from '../../../electron/services/azure/sizes';

describe('azure pure helpers', () => {
  it('maps Flatcar SKUs to channels (lts2024 -> lts) and sorts versions numerically', () => {
    assert.equal(channelOfSku('stable-gen2'), 'stable');
    assert.equal(channelOfSku('lts2024'), 'lts');
    assert.equal(channelOfSku('alpha'), 'alpha');
    assert.equal(channelOfSku('pro'), undefined);
    assert.deepEqual(['4230.2.2', '3815.2.0', '4230.10.0'].sort(compareFlatcarVersions), ['3815.2.0', '4230.2.2', '4230.10.0']);
  });

  it('flags sizes below kubeadm minimum (2 vCPU, 1700 MB)', () => {
    assert.equal(belowControlPlaneMinimum(1, 4), true);
    assert.equal(belowControlPlaneMinimum(2, 1), true); // 1024 MB
    assert.equal(belowControlPlaneMinimum(2, 2), false);
  });

  it('keeps physical regions only and parses coordinates', () => {
    assert.equal(toLocationInfo({ name: 'europe', metadata: { regionType: 'Logical' } } as never), undefined);
    const l = toLocationInfo({
      name: 'westeurope',
      displayName: 'West Europe',
      metadata: { regionType: 'Physical', latitude: '52.3667', longitude: '4.9', geographyGroup: 'Europe', pairedRegion: [{ name: 'northeurope' }], physicalLocation: 'Netherlands' },
    } as never);
    assert.deepEqual(l, { name: 'westeurope', displayName: 'West Europe', pairedRegions: ['northeurope'], geographyGroup: 'Europe', latitude: 52.3667, longitude: 4.9, physicalLocation: 'Netherlands' });
  });

  it('accepts only public IPv4 addresses for the NSG', () => {
    for (const ok of ['198.51.100.7', '8.8.8.8', '203.0.113.10']) assert.equal(validPublicIpv4(ok), true, ok);
    for (const bad of ['10.0.0.1', '192.168.1.1', '172.16.5.5', '127.0.0.1', '100.64.0.1', '0.0.0.0', '224.0.0.1', '1.2.3', '01.2.3.4']) assert.equal(validPublicIpv4(bad), false, bad);
  });

  it('keeps Linux regular hourly consumption prices only', () => {
    const base = { currencyCode: 'USD', retailPrice: 0.05, armSkuName: 'Standard_B2s', skuName: 'B2s', productName: 'Virtual Machines BS Series', meterName: 'B2s', type: 'Consumption', unitOfMeasure: '1 Hour', armRegionName: 'westeurope' };
    assert.equal(isLinuxPayAsYouGo(base), true);
    assert.equal(isLinuxPayAsYouGo({ ...base, productName: 'Virtual Machines BS Series Windows' }), false);
    assert.equal(isLinuxPayAsYouGo({ ...base, skuName: 'B2s Spot' }), false);
    assert.equal(isLinuxPayAsYouGo({ ...base, meterName: 'B2s Low Priority' }), false);
    assert.equal(isLinuxPayAsYouGo({ ...base, type: 'Reservation' }), false);
  });

  it('maps Azure errors to actionable AppErrors', () => {
    const terms = toAzureAppError(new RestError('Marketplace purchase eligibilty check returned errors.', { code: 'MarketplacePurchaseEligibilityFailed', statusCode: 400 }), 'Creating the VM');
    assert.equal(terms.azureCode, 'MarketplacePurchaseEligibilityFailed');
    assert.match(terms.hint!, /accept the image terms in the Image step/i);
    const quota = toAzureAppError(new RestError('Operation could not be completed as it results in exceeding approved standardBSFamily Cores quota.', { code: 'OperationNotAllowed', statusCode: 409 }), 'x');
    assert.match(quota.hint!, /quota/);
    const denied = toAzureAppError(new RestError('no access', { code: 'AuthorizationFailed', statusCode: 403 }), 'x');
    assert.equal(denied.code, 'AZURE_FORBIDDEN');
    const net = toAzureAppError(new RestError('connect ECONNREFUSED', { code: 'ECONNREFUSED' }), 'Listing regions');
    assert.equal(net.code, 'AZURE_UNREACHABLE');
    assert.equal(net.azureCode, undefined);
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    assert.equal(toAzureAppError(abort, 'x').code, 'CANCELLED');
    const secret = toAzureAppError(new RestError('bad header Bearer eyJabcdefgh.eyJabcdefgh.sig', { statusCode: 401, code: 'InvalidAuthenticationToken' }), 'x');
    assert.doesNotMatch(secret.message, /eyJ/);
  });
});
