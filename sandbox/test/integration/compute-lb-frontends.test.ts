/**
 * GET /_sandbox/frontends and its loopback listeners: a client on the host reaches an LB
 * frontend's public IP:6443 through the listed endpoint; each new connection goes to a healthy
 * backend in turn, a powered-off VM drops out at once, and with no healthy backend the
 * connection is reset. Backends here are the test's own TCP servers standing in for API servers.
 */
import assert from 'node:assert/strict';
import { connect, createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SandboxApiClient } from '../../src/client';
import { createNetwork, createNic, startComputeSandbox, vmDefinition, type ComputeTestSandbox } from './compute-test-sandbox';

/** Connects, reads until the server closes; '' when the connection is reset or refused. */
function greeting(port: number): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const s = connect({ host: '127.0.0.1', port });
    s.on('data', (d: Buffer) => (text += d.toString()));
    s.on('close', () => resolve(text));
    s.on('error', () => resolve(''));
  });
}

describe('sandbox API: load balancer frontends on loopback', () => {
  let t: ComputeTestSandbox;
  let api: SandboxApiClient;
  const servers: Server[] = [];
  const rg = 'rg-fe';
  const loc = 'westeurope';
  const vmIds: string[] = [];
  before(async () => {
    t = await startComputeSandbox();
    api = new SandboxApiClient(t.sb.info, t.sb.caCertPem);
    const net = await createNetwork(t, rg, loc);
    const pip = await t.network.publicIPAddresses.beginCreateOrUpdateAndWait(rg, 'pip-api', { location: loc, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', dnsSettings: { domainNameLabel: 'fe-test' } });
    const lbId = `/subscriptions/${t.sb.info.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/loadBalancers/lb`;
    await t.network.loadBalancers.beginCreateOrUpdateAndWait(rg, 'lb', {
      location: loc,
      sku: { name: 'Standard' },
      frontendIPConfigurations: [{ name: 'fe', publicIPAddress: { id: pip.id! } }],
      backendAddressPools: [{ name: 'cp' }],
      probes: [{ name: 'api', protocol: 'Tcp', port: 6443 }],
      loadBalancingRules: [{ name: 'api', frontendIPConfiguration: { id: `${lbId}/frontendIPConfigurations/fe` }, backendAddressPool: { id: `${lbId}/backendAddressPools/cp` }, probe: { id: `${lbId}/probes/api` }, protocol: 'Tcp', frontendPort: 6443, backendPort: 6443 }],
    });
    for (const name of ['cp-0', 'cp-1']) {
      const { pip: nodePip } = await createNic(t, rg, loc, net.subnetId, name);
      const nic = await t.network.networkInterfaces.beginCreateOrUpdateAndWait(rg, `${name}-nic`, {
        location: loc,
        ipConfigurations: [{ name: 'ipconfig1', subnet: { id: net.subnetId }, publicIPAddress: { id: nodePip.id! }, loadBalancerBackendAddressPools: [{ id: `${lbId}/backendAddressPools/cp` }] }],
      });
      const vm = await t.compute.virtualMachines.createOrUpdate(rg, name, vmDefinition(loc, nic.id!));
      vmIds.push(vm.vmId!);
      const server = createServer((s) => s.end(`hello from ${name}\n`));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      servers.push(server);
      t.nodeHost.setApiServerPort(vm.vmId!, (server.address() as { port: number }).port);
    }
  });
  after(async () => {
    for (const s of servers) s.close();
    await t.close();
  });

  it('lists the frontend of the 6443 rule with its loopback endpoint, DNS name and healthy backends', async () => {
    const [fe, ...rest] = await api.frontends();
    assert.equal(rest.length, 0);
    assert.ok(fe);
    assert.equal(fe.fqdn, 'fe-test.westeurope.cloudapp.azure.com');
    assert.match(fe.publicIp, /^203\.0\.113\.\d+$/);
    assert.deepEqual([fe.rule, fe.protocol, fe.port, fe.backendPort], ['api', 'Tcp', 6443, 6443]);
    assert.equal(fe.endpoint.host, '127.0.0.1');
    assert.deepEqual(fe.apiServer, fe.endpoint);
    assert.deepEqual(fe.backends, vmIds.map((vmId) => ({ vmId, healthy: true })));
    assert.deepEqual((await api.frontends())[0]!.endpoint, fe.endpoint, 'the same rule keeps its port');
  });

  it('new connections take the backends in turn; a powered-off VM drops out; none healthy: reset', async () => {
    const { endpoint } = (await api.frontends())[0]!;
    const seen = new Set([await greeting(endpoint.port), await greeting(endpoint.port)]);
    assert.deepEqual([...seen].sort(), ['hello from cp-0\n', 'hello from cp-1\n']);
    await t.compute.virtualMachines.powerOff(rg, 'cp-0');
    for (let i = 0; i < 4; i++) assert.equal(await greeting(endpoint.port), 'hello from cp-1\n');
    assert.deepEqual((await api.frontends())[0]!.backends.map((b) => b.healthy), [false, true]);
    await t.compute.virtualMachines.deallocate(rg, 'cp-1');
    assert.equal(await greeting(endpoint.port), '', 'no healthy backend: the connection is reset');
    await t.compute.virtualMachines.start(rg, 'cp-0');
    assert.equal(await greeting(endpoint.port), 'hello from cp-0\n');
  });

  it('closes the listener when the rule goes', async () => {
    const { endpoint } = (await api.frontends())[0]!;
    const lb = await t.network.loadBalancers.get(rg, 'lb');
    await t.network.loadBalancers.beginCreateOrUpdateAndWait(rg, 'lb', { ...lb, loadBalancingRules: [] });
    assert.deepEqual(await api.frontends(), []);
    assert.equal(await greeting(endpoint.port), '');
  });
});
