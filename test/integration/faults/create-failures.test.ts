/**
 * Fault suite: failures that end a deployment (1 control plane + 1 worker, instant sandbox).
 * Each must end with a clear error naming Azure's code (and the failure catalogue's hint where it
 * has one), and then either resume to completion once the cause is gone, without creating
 * anything twice, or tear down to nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { imageRef } from '../../../shared/domain/cluster-layout';
import { readJournal } from '../../../electron/services/cluster/engine/journal';
import { EventLog, startEngineFixture, type EngineFixture } from '../engine/engine-fixture';
import { createsByPath, deploy, destroyAndCheck, failureText, smallSpec } from './fault-fixture';

describe('faults: failed operations, provisioning, quota and terms', () => {
  let f: EngineFixture;
  before(async () => {
    f = await startEngineFixture();
  });
  after(async () => f?.close());

  it('an operation that ends Failed: clear error with the Azure code; resumable once the failed resource is gone', async () => {
    const spec = smallSpec('opfail');
    const since = (await f.sb.api.journal()).at(-1)?.seq ?? 0;
    await f.sb.api.addFaults({
      rules: [
        {
          kind: 'operation-failed',
          method: 'PUT',
          path: '/virtualMachines/opfail-worker-0-vm$',
          code: 'AllocationFailed',
          message: 'Allocation failed. We do not have sufficient capacity for the requested VM size in this region. Read more about improving likelihood of allocation success at http://aka.ms/allocation-guidance',
        },
      ],
    });
    const events = new EventLog();
    const r1 = await deploy(f, spec, events);
    await f.sb.api.clearFaults();
    assert.equal(r1.status, 'failed', failureText(r1, events));
    assert.equal(r1.failedStep, 'vm:worker-0');
    assert.equal(r1.error?.azureCode, 'AllocationFailed', JSON.stringify(r1.error));
    assert.match(r1.error?.message ?? '', /Allocation failed/);
    assert.ok(r1.error?.hint, 'the catalogue hint comes with it');
    assert.match(events.text('worker-0'), /Allocation failed/, 'the error is in the node log');
    assert.equal(events.finishedEvents.at(-1)?.outcome, 'failed');
    assert.equal((await f.store.get(spec.name))?.state, 'failed');
    const journal = await readJournal(f.store.paths(spec.name).journal);
    assert.equal(journal?.steps['vm:worker-0']?.status, 'failed');
    assert.equal(journal?.steps['vm:worker-0']?.error?.azureCode, 'AllocationFailed');

    // The cause is gone, but the VM Azure left in state Failed is not silently re-used.
    const again = new EventLog();
    const r2 = await deploy(f, spec, again);
    assert.equal(r2.status, 'failed');
    assert.match(r2.error?.message ?? '', /VM opfail-worker-0-vm .* exists in state Failed; delete it \(or destroy the cluster\) and try again/);
    // The user does what the message says; the resume then completes without re-creating the rest.
    await f.arm.compute.virtualMachines.delete(spec.resourceGroup.name, 'opfail-worker-0-vm', { updateIntervalInMs: 20 });
    const third = new EventLog();
    const r3 = await deploy(f, spec, third);
    assert.equal(r3.status, 'succeeded', failureText(r3, third));
    const creates = createsByPath(await f.sb.api.journal(since), spec);
    const twice = [...creates].filter(([, n]) => n > 1).map(([p]) => p);
    assert.deepEqual(twice, [`/subscriptions/${spec.subscriptionId}/resourcegroups/opfail-rg/providers/microsoft.compute/virtualmachines/opfail-worker-0-vm`], 'only the deleted VM was created again');
    assert.ok(!third.logs.some((l) => l.stepId === 'vm:cp-0'), 'done steps do not run again');
    await destroyAndCheck(f, spec);
  });

  it('a VM that fails provisioning: clear error with the Azure code, then torn down to nothing', async () => {
    const spec = smallSpec('provfail');
    await f.sb.api.addFaults({ rules: [{ kind: 'vm-provisioning-failed', path: '/virtualMachines/provfail-cp-0-vm$' }] });
    const events = new EventLog();
    const r = await deploy(f, spec, events);
    await f.sb.api.clearFaults();
    assert.equal(r.status, 'failed', failureText(r, events));
    assert.equal(r.failedStep, 'vm:cp-0');
    assert.equal(r.error?.azureCode, 'OSProvisioningTimedOut', JSON.stringify(r.error));
    assert.match(r.error?.message ?? '', /OSProvisioningTimedOut\. OS Provisioning for VM 'provfail-cp-0-vm' did not finish in the allotted time/);
    const journal = await readJournal(f.store.paths(spec.name).journal);
    assert.notEqual(journal?.steps['ssh:cp-0']?.status, 'done', 'nothing ran on the failed node');
    await destroyAndCheck(f, spec);
  });

  it('a quota too low at create time: clear error and hint; after the quota is raised the deployment resumes', async () => {
    const spec = smallSpec('quota');
    const view = await f.sb.api.quota(spec.subscriptionId, spec.location);
    const used = view.usages.find((u) => u.name.value === 'cores')!.currentValue;
    // Room for the control plane (2 vCPUs), not for the worker.
    const put = await f.sb.api.setQuota(spec.subscriptionId, spec.location, { cores: used + 2 });
    assert.equal(put.usages.find((u) => u.name.value === 'cores')?.limit, used + 2);
    const events = new EventLog();
    const r1 = await deploy(f, spec, events);
    assert.equal(r1.status, 'failed', failureText(r1, events));
    assert.equal(r1.failedStep, 'vm:worker-0');
    assert.equal(r1.error?.azureCode, 'OperationNotAllowed', JSON.stringify(r1.error));
    assert.match(r1.error?.message ?? '', /quota/i);
    assert.match(r1.error?.hint ?? '', /quota increase/);
    assert.match(events.text(), /hint: .*quota increase/, 'the hint is logged too');

    assert.deepEqual((await f.sb.api.setQuota(spec.subscriptionId, spec.location, { cores: null })).overrides, {});
    const resumed = new EventLog();
    const r2 = await deploy(f, spec, resumed);
    assert.equal(r2.status, 'succeeded', failureText(r2, resumed));
    assert.equal((await readJournal(f.store.paths(spec.name).journal))?.steps['vm:cp-0']?.runs, 1, 'the control plane VM was not created again');
    await destroyAndCheck(f, spec);
  });

  it('the free offer with its terms not accepted at VM create: clear error with the catalogue hint; resumable', async () => {
    const spec = smallSpec('terms', 1, (s) => ({ ...s, image: { ...s.image, offer: 'flatcar-container-linux-free' } }));
    const plan = imageRef(spec).plan!;
    assert.ok(plan, 'the free offer carries a marketplace plan');
    // The terms step accepts them; right after, they are cancelled through ARM (another admin, or
    // Azure not having propagated the acceptance yet): the VM create meets unaccepted terms. The
    // VM creates wait for the cancellation to land, so the order holds however fast the rest runs.
    let cancelled: Promise<unknown> | undefined;
    const events = new EventLog();
    events.progress = (e) => {
      events.progressEvents.push(e);
      if (e.stepId === 'terms' && e.status === 'done') cancelled = f.arm.marketplace.marketplaceAgreements.cancel(plan.publisher, plan.product, plan.name);
    };
    const vms = f.arm.compute.virtualMachines;
    const createAfterCancel = async (...args: Parameters<typeof vms.createOrUpdate>) => {
      assert.ok(cancelled, 'the terms step ran before any VM create');
      await cancelled;
      return vms.createOrUpdate(...args);
    };
    const compute = Object.create(f.arm.compute, {
      virtualMachines: { value: Object.create(vms, { createOrUpdate: { value: createAfterCancel } }) },
    }) as typeof f.arm.compute;
    const r1 = await deploy({ ...f, arm: { ...f.arm, compute } }, spec, events);
    const terms = await f.arm.marketplace.marketplaceAgreements.get('virtualmachine', plan.publisher, plan.product, plan.name);
    assert.equal(terms.accepted, false, 'the cancellation took');
    assert.equal(r1.status, 'failed', failureText(r1, events));
    assert.match(r1.failedStep ?? '', /^vm:/);
    assert.equal(r1.error?.azureCode, 'MarketplacePurchaseEligibilityFailed', JSON.stringify(r1.error));
    assert.match(r1.error?.hint ?? '', /terms accepted once per subscription .*az vm image terms accept/);

    const resumed = new EventLog();
    const r2 = await deploy(f, spec, resumed);
    assert.equal(r2.status, 'succeeded', failureText(r2, resumed));
    assert.match(resumed.text('azure'), /terms of flatcar-container-linux-free\/\S+: accepted/, 'the resume accepted the terms again');
    await destroyAndCheck(f, spec);
  });
});
