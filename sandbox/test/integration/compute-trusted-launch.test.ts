/**
 * Issue 12, defect 2: Flatcar's Azure images do not support Trusted Launch (flatcar/Flatcar#1249;
 * the image versions carry no `SecurityType` feature). A VM PUT asking for it gets ARM's 400
 * BadRequest (Azure/azure-cli#27975, #28005). `Standard` is a first-class securityType from
 * api-version 2025-11-01 on, and a VM read at such a version shows `Standard` when none was given
 * (Compute spec 2026-04-01, SecurityTypes / SecurityProfile.securityType).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTermsAccepted } from '../../src/resources/marketplace-agreements';
import { createNetwork, createNic, startComputeSandbox, vmDefinition, type ComputeTestSandbox } from './compute-test-sandbox';

type Err = { code?: string; statusCode?: number; message?: string };

const TL_MESSAGE =
  'Use of TrustedLaunch setting is not supported for the provided image. Please select Trusted Launch Supported Gen2 OS Image. For more information, see https://aka.ms/TrustedLaunch-FAQ.';

describe('compute: Trusted Launch and Flatcar images', () => {
  let t: ComputeTestSandbox;
  const rg = 'rg-tl';
  const loc = 'westus2';
  const nics: string[] = [];
  before(async () => {
    t = await startComputeSandbox();
    const net = await createNetwork(t, rg, loc);
    for (const n of ['a', 'b', 'c', 'd']) nics.push((await createNic(t, rg, loc, net.subnetId, n)).nic.id!);
    setTermsAccepted(t.sb.deps.store, t.sb.info.subscriptionId, 'kinvolk', 'flatcar-container-linux-free', 'stable-gen2', true);
  });
  after(async () => {
    await t.close();
  });

  const create = (name: string, nic: string, over: Record<string, unknown> = {}) =>
    t.compute.virtualMachines.createOrUpdate(rg, name, vmDefinition(loc, nic, over) as never);

  it('securityType TrustedLaunch on a Flatcar Gen2 image: 400 BadRequest, as Azure answers', async () => {
    await assert.rejects(
      create('vm-tl', nics[0]!, { securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } } }),
      (e: Err) => {
        assert.equal(e.statusCode, 400);
        assert.equal(e.code, 'BadRequest');
        assert.equal(e.message, TL_MESSAGE);
        return true;
      },
    );
    // Refused before anything was created: no VM, no boot.
    await assert.rejects(t.compute.virtualMachines.get(rg, 'vm-tl'), (e: Err) => e.statusCode === 404);
    assert.equal(t.nodeHost.boots.length, 0);
  });

  it('securityType ConfidentialVM on a Flatcar image (marketplace plan image too): 400 BadRequest', async () => {
    const storageProfile = {
      imageReference: { publisher: 'kinvolk', offer: 'flatcar-container-linux-free', sku: 'stable-gen2', version: 'latest' },
      osDisk: { createOption: 'FromImage' },
    };
    const plan = { name: 'stable-gen2', product: 'flatcar-container-linux-free', publisher: 'kinvolk' };
    await assert.rejects(create('vm-cvm', nics[1]!, { storageProfile, plan, securityProfile: { securityType: 'ConfidentialVM' } }), (e: Err) => {
      assert.equal(e.statusCode, 400);
      assert.equal(e.code, 'BadRequest');
      assert.match(e.message ?? '', /^Use of ConfidentialVM setting is not supported for the provided image\./);
      return true;
    });
  });

  it('securityType Standard is accepted and shown on the VM', async () => {
    const vm = await create('vm-std', nics[2]!, { securityProfile: { securityType: 'Standard' } });
    assert.equal(vm.provisioningState, 'Succeeded');
    assert.equal(vm.securityProfile?.securityType, 'Standard');
    assert.equal((await t.compute.virtualMachines.get(rg, 'vm-std')).securityProfile?.securityType, 'Standard');
  });

  it('no securityProfile: the VM reads back as Standard (api-version 2025-11-01 and later)', async () => {
    const vm = await create('vm-none', nics[3]!);
    assert.equal(vm.securityProfile?.securityType, 'Standard');
    assert.equal((await t.compute.virtualMachines.get(rg, 'vm-none')).securityProfile?.securityType, 'Standard');
  });
});
