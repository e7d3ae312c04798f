/**
 * Ownership of Azure resources (issue 13 item 1): Flatkube records what it creates in the
 * cluster's record BEFORE each PUT, so a crash between the record and the PUT resumes as "ours",
 * and a resource it did not record is never adopted in a group it does not own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ArmClients } from '../../../electron/services/azure/arm-clients';
import { destroyCluster } from '../../../electron/services/cluster/engine/teardown';
import type { ClusterSpec } from '../../../shared/domain/cluster-spec';
import { deploy, destroyAndCheck, failureText, smallSpec } from '../faults/fault-fixture';
import { EventLog, FAST_TIMINGS, startEngineFixture, type EngineFixture } from './engine-fixture';
import { deployCluster } from '../../../electron/services/cluster/engine/deployment';

type PutCheck = (args: unknown[]) => Promise<void>;

/** The clients with `createOrUpdate` of the named operation groups preceded by `check`. */
function spyOnPuts(arm: ArmClients, checks: Partial<Record<'resourceGroups' | 'virtualNetworks' | 'networkSecurityGroups' | 'publicIPAddresses' | 'networkInterfaces' | 'virtualMachines' | 'loadBalancers', PutCheck>>): ArmClients {
  const wrapOps = (ops: object, check: PutCheck) =>
    new Proxy(ops, {
      get(t, p, r) {
        const v = Reflect.get(t, p, r) as unknown;
        if (p !== 'createOrUpdate' || typeof v !== 'function') return v;
        return async (...args: unknown[]) => {
          await check(args);
          return (v as (...a: unknown[]) => unknown).apply(t, args);
        };
      },
    });
  const wrapClient = <T extends object>(client: T): T =>
    new Proxy(client, {
      get(t, p, r) {
        const v = Reflect.get(t, p, r) as unknown;
        const check = (checks as Record<string | symbol, PutCheck | undefined>)[p];
        return check && v && typeof v === 'object' ? wrapOps(v, check) : v;
      },
    });
  return { ...arm, resources: wrapClient(arm.resources), network: wrapClient(arm.network), compute: wrapClient(arm.compute) };
}

describe('engine: ownership is recorded before acting, and nothing unrecorded is adopted', () => {
  let f: EngineFixture;
  before(async () => {
    f = await startEngineFixture();
  });
  after(async () => f?.close());

  const owned = async (spec: ClusterSpec) => (await f.store.get(spec.name))?.ownership;
  const hasId = (ids: string[] | undefined, suffix: string) => (ids ?? []).some((id) => id.toLowerCase().endsWith(suffix.toLowerCase()));

  it('records the group and every resource id in the cluster record before its PUT', async () => {
    const spec = smallSpec('own', 1);
    const seen: string[] = [];
    const expectRecorded = (type: string, nameArg: number) => async (args: unknown[]) => {
      const name = String(args[nameArg]);
      const o = await owned(spec);
      assert.ok(hasId(o?.resources, `/${type}/${name}`), `${type}/${name} recorded before its PUT: ${JSON.stringify(o)}`);
      seen.push(`${type}/${name}`);
    };
    const arm = spyOnPuts(f.arm, {
      resourceGroups: async () => {
        assert.equal((await owned(spec))?.resourceGroupCreated, true, 'group recorded as ours before its PUT');
        seen.push('resourceGroups');
      },
      virtualNetworks: expectRecorded('virtualNetworks', 1),
      networkSecurityGroups: expectRecorded('networkSecurityGroups', 1),
      publicIPAddresses: expectRecorded('publicIPAddresses', 1),
      networkInterfaces: expectRecorded('networkInterfaces', 1),
      virtualMachines: async (args) => {
        await expectRecorded('virtualMachines', 1)(args);
        const o = await owned(spec);
        assert.ok(hasId(o?.resources, `/disks/${String(args[1]).replace(/-vm$/, '-osdisk')}`), 'the OS disk too');
      },
    });
    const events = new EventLog();
    const r = await deployCluster({ spec, env: f.env, arm, secrets: f.secrets, store: f.store, emit: events, timings: FAST_TIMINGS });
    assert.equal(r.status, 'succeeded', failureText(r, events));
    assert.equal(seen.length, 1 + 2 + 3 * 2, seen.join());
    await destroyAndCheck(f, spec);
  });

  it('three control planes in a group it does not own: the API IP and load balancer recorded before their PUTs, deleted by id in order (NICs, LB, IPs)', async () => {
    const spec = smallSpec('ownha', 0, (s) => ({ ...s, controlPlane: { count: 3, size: 'Standard_B2s' }, resourceGroup: { name: 'ownha-shared-rg', create: false } }));
    await f.arm.resources.resourceGroups.createOrUpdate(spec.resourceGroup.name, { location: spec.location, tags: { team: 'platform' } });
    const seen: string[] = [];
    const expectRecorded = (type: string) => async (args: unknown[]) => {
      const name = String(args[1]);
      assert.ok(hasId((await owned(spec))?.resources, `/${type}/${name}`), `${type}/${name} recorded before its PUT`);
      seen.push(`${type}/${name}`);
    };
    const arm = spyOnPuts(f.arm, {
      publicIPAddresses: expectRecorded('publicIPAddresses'),
      loadBalancers: expectRecorded('loadBalancers'),
      networkInterfaces: expectRecorded('networkInterfaces'),
    });
    const events = new EventLog();
    const r = await deployCluster({ spec, env: f.env, arm, secrets: f.secrets, store: f.store, emit: events, timings: FAST_TIMINGS });
    assert.equal(r.status, 'succeeded', failureText(r, events));
    assert.ok(seen.includes('publicIPAddresses/ownha-api-pip') && seen.includes('loadBalancers/ownha-api-lb'), seen.join());
    assert.ok(seen.indexOf('loadBalancers/ownha-api-lb') < seen.indexOf('networkInterfaces/ownha-cp-0-nic'), 'the pool exists before a NIC joins it');
    // Teardown by recorded id: Azure refuses the load balancer while NICs use its pool, and its IP
    // while the frontend uses it; the tiers take them in that order.
    const d = await destroyCluster({ name: spec.name, store: f.store, arm: f.arm, emit: events });
    assert.equal(d.error, undefined, `${JSON.stringify(d.error)}\n${events.text('azure')}`);
    assert.deepEqual(d.leftovers, []);
    const left: string[] = [];
    for await (const x of f.arm.resources.resources.listByResourceGroup(spec.resourceGroup.name)) left.push(x.id!);
    assert.deepEqual(left, [], 'nothing of the cluster left in the group, which stays');
    assert.deepEqual((await f.arm.resources.resourceGroups.get(spec.resourceGroup.name)).tags, { team: 'platform' });
  });

  it('a crash between recording the group and its PUT resumes as ours (and teardown deletes the group)', async () => {
    const spec = smallSpec('crashrg', 0);
    const crashing = spyOnPuts(f.arm, {
      resourceGroups: async () => {
        throw new Error('simulated crash right before the PUT');
      },
    });
    const first = await deployCluster({ spec, env: f.env, arm: crashing, secrets: f.secrets, store: f.store, emit: new EventLog(), timings: FAST_TIMINGS });
    assert.equal(first.status, 'failed');
    assert.equal((await owned(spec))?.resourceGroupCreated, true);
    await assert.rejects(f.arm.resources.resourceGroups.get(spec.resourceGroup.name), { statusCode: 404 });

    const events = new EventLog();
    const r = await deploy(f, spec, events);
    assert.equal(r.status, 'succeeded', failureText(r, events));
    await destroyAndCheck(f, spec);
    await assert.rejects(f.arm.resources.resourceGroups.get(spec.resourceGroup.name), { statusCode: 404 });
  });

  it('a crash after the group PUT (group exists, recorded as ours) resumes without refusing', async () => {
    const spec = smallSpec('crashvnet', 0);
    const crashing = spyOnPuts(f.arm, {
      virtualNetworks: async () => {
        throw new Error('simulated crash right before the VNet PUT');
      },
    });
    const first = await deployCluster({ spec, env: f.env, arm: crashing, secrets: f.secrets, store: f.store, emit: new EventLog(), timings: FAST_TIMINGS });
    assert.equal(first.status, 'failed');
    assert.ok(hasId((await owned(spec))?.resources, `/virtualNetworks/crashvnet-vnet`));
    const events = new EventLog();
    const r = await deploy(f, spec, events);
    assert.equal(r.status, 'succeeded', failureText(r, events));
    await destroyAndCheck(f, spec);
  });

  it('in a group it does not own, an existing resource with the cluster\'s name is refused, not adopted', async () => {
    const group = 'busy-rg';
    await f.arm.resources.resourceGroups.createOrUpdate(group, { location: 'westeurope', tags: { owner: 'bob' } });
    await f.arm.network.virtualNetworks.createOrUpdate(group, 'squat-vnet', { location: 'westeurope', tags: { owner: 'bob' }, addressSpace: { addressPrefixes: ['10.0.0.0/16'] } });
    const spec = smallSpec('squat', 0, (s) => ({ ...s, resourceGroup: { name: group, create: false } }));
    const events = new EventLog();
    const r = await deploy(f, spec, events);
    assert.equal(r.status, 'failed', failureText(r, events));
    assert.equal(r.failedStep, 'vnet');
    assert.match(r.error!.message, /squat-vnet.*already exists.*not created by/);
    const vnet = await f.arm.network.virtualNetworks.get(group, 'squat-vnet');
    assert.deepEqual(vnet.tags, { owner: 'bob' }, 'not re-tagged');
    assert.ok(!hasId((await owned(spec))?.resources, '/virtualNetworks/squat-vnet'));

    const d = await destroyCluster({ name: spec.name, store: f.store, arm: f.arm, emit: new EventLog() });
    assert.equal(d.error, undefined, JSON.stringify(d.error));
    assert.equal((await f.arm.network.virtualNetworks.get(group, 'squat-vnet')).name, 'squat-vnet', 'bob\'s VNet survives the teardown');
    assert.deepEqual((await f.arm.resources.resourceGroups.get(group)).tags, { owner: 'bob' });
  });
});
