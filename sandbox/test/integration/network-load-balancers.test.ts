/**
 * Standard load balancers through the real NetworkManagementClient, shaped as CAPZ builds the
 * API server's (public frontend on a Standard static IP with a DNS label, one backend pool, an
 * HTTPS probe on 6443, a TCP rule 6443 -> 6443 with outbound SNAT disabled, an outbound rule):
 * Azure's response shape and defaults, back-references, NICs joining the pool, and Azure's errors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LoadBalancer } from '@azure/arm-network';
import { createNetwork, createNic, startComputeSandbox, type ComputeTestSandbox } from './compute-test-sandbox';

type Err = { code?: string; statusCode?: number; message?: string };
const codeIs = (code: string, status = 400) => (e: Err) => {
  assert.equal(e.code, code, e.message);
  assert.equal(e.statusCode, status);
  return true;
};

describe('network: load balancers through the real SDK client', () => {
  let t: ComputeTestSandbox;
  const rg = 'rg-lb';
  const loc = 'westeurope';
  let net: Awaited<ReturnType<typeof createNetwork>>;
  let lbId = '';
  let pipId = '';
  before(async () => {
    t = await startComputeSandbox();
    net = await createNetwork(t, rg, loc);
    lbId = `/subscriptions/${t.sb.info.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/loadBalancers/demo-public-lb`;
  });
  after(async () => {
    await t.close();
  });

  /** The load balancer CAPZ builds for the API server (DAY-2 notes: azure/services/loadbalancers/spec.go). */
  function capzLb(over: Partial<LoadBalancer> = {}): LoadBalancer {
    const fe = `${lbId}/frontendIPConfigurations/demo-public-lb-frontEnd`;
    return {
      location: loc,
      sku: { name: 'Standard' },
      frontendIPConfigurations: [{ name: 'demo-public-lb-frontEnd', publicIPAddress: { id: pipId } }],
      backendAddressPools: [{ name: 'demo-public-lb-backendPool' }, { name: 'demo-outbound' }],
      probes: [{ name: 'HTTPSProbe', protocol: 'Https', port: 6443, requestPath: '/readyz', intervalInSeconds: 15, probeThreshold: 1 }],
      loadBalancingRules: [
        {
          name: 'LBRuleHTTPS',
          frontendIPConfiguration: { id: fe },
          backendAddressPool: { id: `${lbId}/backendAddressPools/demo-public-lb-backendPool` },
          probe: { id: `${lbId}/probes/HTTPSProbe` },
          protocol: 'Tcp',
          frontendPort: 6443,
          backendPort: 6443,
          enableFloatingIP: false,
          loadDistribution: 'Default',
          disableOutboundSnat: true,
        },
      ],
      outboundRules: [{ name: 'OutboundNATAllProtocols', frontendIPConfigurations: [{ id: fe }], backendAddressPool: { id: `${lbId}/backendAddressPools/demo-outbound` }, protocol: 'All' }],
      ...over,
    };
  }

  it('public IP DNS labels: fqdn <label>.<region>.cloudapp.azure.com, unique per region (DnsRecordInUse)', async () => {
    const pip = await t.network.publicIPAddresses.beginCreateOrUpdateAndWait(rg, 'pip-demo-apiserver', {
      location: loc,
      sku: { name: 'Standard' },
      publicIPAllocationMethod: 'Static',
      dnsSettings: { domainNameLabel: 'demo-1a2b3c4d' },
    });
    pipId = pip.id!;
    assert.deepEqual([pip.dnsSettings?.domainNameLabel, pip.dnsSettings?.fqdn], ['demo-1a2b3c4d', 'demo-1a2b3c4d.westeurope.cloudapp.azure.com']);
    await assert.rejects(
      t.network.publicIPAddresses.beginCreateOrUpdateAndWait(rg, 'pip-other', { location: loc, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', dnsSettings: { domainNameLabel: 'demo-1a2b3c4d' } }),
      (e: Err) => codeIs('DnsRecordInUse')(e) && e.message === 'DNS record demo-1a2b3c4d.westeurope.cloudapp.azure.com is already used by another public IP.',
    );
    // The same label in another region is another name; an update of the owner keeps its label.
    const east = await t.network.publicIPAddresses.beginCreateOrUpdateAndWait(rg, 'pip-east', { location: 'eastus', sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', dnsSettings: { domainNameLabel: 'demo-1a2b3c4d' } });
    assert.equal(east.dnsSettings?.fqdn, 'demo-1a2b3c4d.eastus.cloudapp.azure.com');
    const again = await t.network.publicIPAddresses.beginCreateOrUpdateAndWait(rg, 'pip-demo-apiserver', { location: loc, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', tags: { k: 'v' }, dnsSettings: { domainNameLabel: 'demo-1a2b3c4d' } });
    assert.equal(again.ipAddress, pip.ipAddress);
    await assert.rejects(
      t.network.publicIPAddresses.beginCreateOrUpdateAndWait(rg, 'pip-bad', { location: loc, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', dnsSettings: { domainNameLabel: 'Bad_Label' } }),
      codeIs('InvalidDomainNameLabel'),
    );
    await t.network.publicIPAddresses.beginDeleteAndWait(rg, 'pip-east');
  });

  it('creates the CAPZ-shaped LB with Azure defaults, child ids and back-references', async () => {
    const lb = await t.network.loadBalancers.beginCreateOrUpdateAndWait(rg, 'demo-public-lb', capzLb());
    assert.equal(lb.id, lbId);
    assert.equal(lb.provisioningState, 'Succeeded');
    assert.match(lb.etag!, /^W\/"[0-9a-f-]{36}"$/);
    assert.deepEqual(lb.sku, { name: 'Standard', tier: 'Regional' });
    const fe = lb.frontendIPConfigurations![0]!;
    assert.equal(fe.id, `${lbId}/frontendIPConfigurations/demo-public-lb-frontEnd`);
    assert.equal(fe.etag, lb.etag);
    assert.equal(fe.publicIPAddress?.id, pipId);
    assert.deepEqual(fe.loadBalancingRules?.map((r) => r.id), [`${lbId}/loadBalancingRules/LBRuleHTTPS`]);
    assert.deepEqual(fe.outboundRules?.map((r) => r.id), [`${lbId}/outboundRules/OutboundNATAllProtocols`]);
    const rule = lb.loadBalancingRules![0]!;
    assert.deepEqual(
      [rule.protocol, rule.frontendPort, rule.backendPort, rule.enableFloatingIP, rule.idleTimeoutInMinutes, rule.loadDistribution, rule.disableOutboundSnat, rule.enableTcpReset],
      ['Tcp', 6443, 6443, false, 4, 'Default', true, false],
    );
    const probe = lb.probes![0]!;
    assert.deepEqual([probe.protocol, probe.port, probe.requestPath, probe.intervalInSeconds, probe.probeThreshold, probe.numberOfProbes], ['Https', 6443, '/readyz', 15, 1, 2]);
    assert.deepEqual(probe.loadBalancingRules?.map((r) => r.id), [rule.id]);
    const out = lb.outboundRules![0]!;
    assert.deepEqual([out.allocatedOutboundPorts, out.idleTimeoutInMinutes, out.protocol, out.enableTcpReset], [1024, 4, 'All', false]);
    assert.deepEqual(lb.backendAddressPools!.map((p) => [p.name, p.loadBalancingRules?.length ?? 0, p.outboundRules?.length ?? 0]), [['demo-public-lb-backendPool', 1, 0], ['demo-outbound', 0, 1]]);
    // The public IP shows the frontend as its user; child GETs and the group list answer too.
    assert.equal((await t.network.publicIPAddresses.get(rg, 'pip-demo-apiserver')).ipConfiguration?.id, fe.id);
    assert.equal((await t.network.loadBalancerProbes.get(rg, 'demo-public-lb', 'HTTPSProbe')).port, 6443);
    const pools = [];
    for await (const p of t.network.loadBalancerBackendAddressPools.list(rg, 'demo-public-lb')) pools.push(p.name);
    assert.deepEqual(pools, ['demo-public-lb-backendPool', 'demo-outbound']);
    const lbs = [];
    for await (const l of t.network.loadBalancers.list(rg)) lbs.push(l.name);
    assert.deepEqual(lbs, ['demo-public-lb']);
    await assert.rejects(t.network.loadBalancerProbes.get(rg, 'demo-public-lb', 'nope'), codeIs('ResourceNotFound', 404));
  });

  it("NICs join the pool: the NIC shows it, the pool lists the NIC's IP configuration; a missing pool is an invalid reference", async () => {
    const poolId = `${lbId}/backendAddressPools/demo-public-lb-backendPool`;
    const { pip, nic } = await createNic(t, rg, loc, net.subnetId, 'cp-0');
    const joined = await t.network.networkInterfaces.beginCreateOrUpdateAndWait(rg, 'cp-0-nic', {
      location: loc,
      ipConfigurations: [{ name: 'ipconfig1', subnet: { id: net.subnetId }, publicIPAddress: { id: pip.id! }, loadBalancerBackendAddressPools: [{ id: poolId }] }],
    });
    assert.deepEqual(joined.ipConfigurations?.[0]?.loadBalancerBackendAddressPools?.map((p) => p.id), [poolId]);
    const pool = await t.network.loadBalancerBackendAddressPools.get(rg, 'demo-public-lb', 'demo-public-lb-backendPool');
    assert.deepEqual(pool.backendIPConfigurations?.map((c) => c.id), [`${nic.id}/ipConfigurations/ipconfig1`]);
    await assert.rejects(
      t.network.networkInterfaces.beginCreateOrUpdateAndWait(rg, 'cp-0-nic', { location: loc, ipConfigurations: [{ name: 'ipconfig1', subnet: { id: net.subnetId }, loadBalancerBackendAddressPools: [{ id: `${lbId}/backendAddressPools/ghost` }] }] }),
      codeIs('InvalidResourceReference'),
    );
    // A NIC with a public IP may not join the pool an outbound rule uses.
    await assert.rejects(
      t.network.networkInterfaces.beginCreateOrUpdateAndWait(rg, 'cp-0-nic', {
        location: loc,
        ipConfigurations: [{ name: 'ipconfig1', subnet: { id: net.subnetId }, publicIPAddress: { id: pip.id! }, loadBalancerBackendAddressPools: [{ id: `${lbId}/backendAddressPools/demo-outbound` }] }],
      }),
      codeIs('NicWithPublicIpCannotReferencePoolWithOutboundRule'),
    );
  });

  it("Azure's errors: Basic SKU, unknown probe, SKU mismatch, a public IP taken, SNAT not disabled", async () => {
    await assert.rejects(t.network.loadBalancers.beginCreateOrUpdateAndWait(rg, 'lb-basic', { ...capzLb(), sku: { name: 'Basic' } }), codeIs('BasicSkuLoadBalancerCreationNotAllowed'));
    const second = (name: string, over: Partial<LoadBalancer>) => {
      const other = capzLb(over);
      return JSON.parse(JSON.stringify(other).split('/loadBalancers/demo-public-lb/').join(`/loadBalancers/${name}/`)) as LoadBalancer;
    };
    const base = capzLb();
    const noProbe = { ...base, loadBalancingRules: [{ ...base.loadBalancingRules![0]!, probe: { id: `${lbId}/probes/ghost` } }] };
    await assert.rejects(
      t.network.loadBalancers.beginCreateOrUpdateAndWait(rg, 'demo-public-lb', noProbe),
      (e: Err) => codeIs('InvalidResourceReference')(e) && e.message!.startsWith(`Resource ${lbId}/probes/ghost referenced by resource ${lbId} was not found.`),
    );
    const basicPip = await t.network.publicIPAddresses.beginCreateOrUpdateAndWait(rg, 'pip-basic', { location: loc, sku: { name: 'Basic' }, publicIPAllocationMethod: 'Dynamic' });
    await assert.rejects(
      t.network.loadBalancers.beginCreateOrUpdateAndWait(rg, 'lb-2', second('lb-2', { frontendIPConfigurations: [{ name: 'demo-public-lb-frontEnd', publicIPAddress: { id: basicPip.id! } }] })),
      codeIs('PublicIPAndLBSkuDoNotMatch'),
    );
    await assert.rejects(t.network.loadBalancers.beginCreateOrUpdateAndWait(rg, 'lb-2', second('lb-2', {})), codeIs('PublicIPAddressInUse'));
    const snat = { ...base, loadBalancingRules: [{ ...base.loadBalancingRules![0]!, disableOutboundSnat: false }] };
    await assert.rejects(t.network.loadBalancers.beginCreateOrUpdateAndWait(rg, 'demo-public-lb', snat), codeIs('LoadBalancingRuleMustDisableSNATSinceSameFrontendIPConfigurationIsReferencedByOutboundRule'));
    // Nothing of the refused PUTs was stored: the LB still has its rule and its probe.
    const lb = await t.network.loadBalancers.get(rg, 'demo-public-lb');
    assert.equal(lb.loadBalancingRules?.[0]?.probe?.id, `${lbId}/probes/HTTPSProbe`);
    assert.equal(t.sb.deps.store.listResources((r) => r.name === 'lb-2' || r.name === 'lb-basic').length, 0);
    await t.network.publicIPAddresses.beginDeleteAndWait(rg, 'pip-basic');
  });

  it('deletes: not the public IP of a frontend, not the LB while a NIC is in its pool; after the NIC goes, both', async () => {
    await assert.rejects(t.network.publicIPAddresses.beginDeleteAndWait(rg, 'pip-demo-apiserver'), codeIs('PublicIPAddressCannotBeDeleted'));
    await assert.rejects(t.network.loadBalancers.beginDeleteAndWait(rg, 'demo-public-lb'), codeIs('InUseLoadBalancerCannotBeDeleted'));
    // Dropping the used pool in a PUT is refused the same way.
    const base = capzLb();
    await assert.rejects(
      t.network.loadBalancers.beginCreateOrUpdateAndWait(rg, 'demo-public-lb', { ...base, backendAddressPools: [{ name: 'demo-outbound' }], loadBalancingRules: [] }),
      codeIs('InUseLoadBalancerCannotBeDeleted'),
    );
    await t.network.networkInterfaces.beginDeleteAndWait(rg, 'cp-0-nic');
    const pool = await t.network.loadBalancerBackendAddressPools.get(rg, 'demo-public-lb', 'demo-public-lb-backendPool');
    assert.equal(pool.backendIPConfigurations, undefined, 'the NIC delete removed the back-reference');
    await t.network.loadBalancers.beginDeleteAndWait(rg, 'demo-public-lb');
    assert.equal((await t.network.publicIPAddresses.get(rg, 'pip-demo-apiserver')).ipConfiguration, undefined);
    await t.network.publicIPAddresses.beginDeleteAndWait(rg, 'pip-demo-apiserver');
  });
});
