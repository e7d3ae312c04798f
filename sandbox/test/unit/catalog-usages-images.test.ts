import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addVmToUsage, computeUsages, EMPTY_USAGE, findUsage } from '../../src/providers/catalog/compute-usages';
import {
  getImageVersion,
  listImageOffers,
  listImageSkus,
  listImageVersions,
  resolveImage,
} from '../../src/providers/catalog/flatcar-images';

const SUB = '00000000-0000-0000-0000-000000000001';

test('usages: recorded default limits, newer families appended, current values from VMs', () => {
  const usage = addVmToUsage(addVmToUsage(EMPTY_USAGE, 'standardBSFamily', 2), 'standardBsv2Family', 2);
  const rows = computeUsages(usage, { CORES: 10 });
  assert.equal(rows.length, 137 + 5);
  assert.deepEqual(findUsage(rows, 'cores'), { limit: 10, unit: 'Count', currentValue: 4, name: { value: 'cores', localizedValue: 'Total Regional vCPUs' } });
  assert.equal(findUsage(rows, 'standardBSFamily')!.currentValue, 2);
  assert.equal(findUsage(rows, 'standardBSFamily')!.limit, 100);
  assert.equal(findUsage(rows, 'standardBsv2Family')!.currentValue, 2);
  assert.equal(findUsage(rows, 'virtualMachines')!.currentValue, 2);
  assert.equal(findUsage(computeUsages(), 'cores')!.limit, 428); // the real recorded limit
});

test('images: offers, skus per channel and generation, versions in string order', () => {
  assert.deepEqual(
    listImageOffers(SUB, 'westeurope', 'Kinvolk').map((o) => o.name),
    ['flatcar-container-linux', 'flatcar-container-linux-corevm', 'flatcar-container-linux-corevm-amd64', 'flatcar-container-linux-free', 'flatcar_pro'],
  );
  assert.deepEqual(listImageSkus(SUB, 'westeurope', 'kinvolk', 'flatcar-container-linux-corevm').map((s) => s.name), ['alpha', 'beta', 'lts2024', 'stable']);
  const amd = listImageSkus(SUB, 'westeurope', 'kinvolk', 'flatcar-container-linux-corevm-amd64').map((s) => s.name);
  assert.ok(amd.includes('stable-gen2') && amd.includes('stable'));
  const versions = listImageVersions(SUB, 'westeurope', 'kinvolk', 'flatcar-container-linux-free', 'stable-gen2');
  assert.deepEqual(versions.map((v) => v.name), ['3815.2.0', '4152.2.3', '4230.2.2']);
  assert.match(versions[0]!.id, /^\/Subscriptions\/.+\/Providers\/Microsoft\.Compute\/Locations\/westeurope\/Publishers\/kinvolk\/ArtifactTypes\/VMImage\/Offers\/flatcar-container-linux-free\/Skus\/stable-gen2\/Versions\/3815\.2\.0$/);
  assert.deepEqual(listImageVersions(SUB, 'westeurope', 'kinvolk', 'flatcar-container-linux-free', 'stable-gen2', { orderby: 'name desc', top: 1 }).map((v) => v.name), ['4230.2.2']);
  assert.deepEqual(listImageSkus(SUB, 'westeurope', 'other', 'x'), []);
});

test('images: plan only on the free/legacy offers; gen and architecture per sku', () => {
  const free = resolveImage('kinvolk', 'flatcar-container-linux-free', 'stable-gen2', 'latest')!;
  assert.deepEqual(free.plan, { name: 'stable-gen2', product: 'flatcar-container-linux-free', publisher: 'kinvolk' });
  assert.equal(free.version, '4230.2.2');
  assert.equal(free.hyperVGeneration, 'V2');
  const core = resolveImage('kinvolk', 'flatcar-container-linux-corevm-amd64', 'stable', '4152.2.3')!;
  assert.equal(core.plan, undefined);
  assert.equal(core.hyperVGeneration, 'V1');
  const arm = resolveImage('kinvolk', 'flatcar-container-linux-corevm', 'stable', 'latest')!;
  assert.equal(arm.architecture, 'Arm64');
  assert.equal(arm.hyperVGeneration, 'V2');
  assert.equal(resolveImage('kinvolk', 'flatcar-container-linux-corevm', 'stable-gen2', 'latest'), undefined);
  const body = getImageVersion(SUB, 'westeurope', 'kinvolk', 'flatcar-container-linux-free', 'stable', '4230.2.2')!;
  assert.deepEqual((body.properties as { plan: unknown }).plan, { publisher: 'kinvolk', name: 'stable', product: 'flatcar-container-linux-free' });
  assert.equal(getImageVersion(SUB, 'westeurope', 'kinvolk', 'flatcar-container-linux-free', 'stable', 'latest'), undefined);
  assert.equal(getImageVersion(SUB, 'westeurope', 'kinvolk', 'flatcar-container-linux-free', 'stable', '1.0.0'), undefined);
});
