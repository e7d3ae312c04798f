/**
 * A highly available cluster end to end, the way the app will build it: through the real ARM SDK
 * clients a Standard load balancer (public frontend with a DNS label, pool, HTTPS probe, 6443
 * rule) and three VMs whose NICs join its pool; over SSH `kubeadm init --upload-certs` with the
 * DNS name as controlPlaneEndpoint and two `kubeadm join --control-plane --certificate-key`
 * through that name. A client on this machine reaches the API servers through the frontend's
 * loopback endpoint (GET /_sandbox/frontends), verifying the serving certificate for the DNS name
 * and presenting admin.conf's client certificate; with the first control plane powered off
 * through ARM, new requests still get the API's answer from the others.
 */
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import { parse as parseYaml } from 'yaml';
import { SandboxApiClient } from '../../src/client';
import type { RunningSandbox } from '../../src/server';
import { b64, connect, exec, ignition, initYaml, keyPair, type KeyPair } from '../../src/testing/nodes-fixtures';
import { armClientOptions, passwordCredential, startTestSandbox } from '../helpers/platform';
import { createNetwork, vmDefinition, type ComputeTestSandbox } from './compute-test-sandbox';

const RG = 'rg-ha';
const LOC = 'westeurope';
const LABEL = 'demo-ha-5e6f7a8b';
const FQDN = `${LABEL}.${LOC}.cloudapp.azure.com`;

interface Admin {
  ca: string;
  cert: string;
  key: string;
}

/** GET path on host:port over TLS, verifying the serving cert for `servername`, with the admin client cert. */
function apiGet(port: number, path: string, admin: Admin): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, servername: FQDN, ca: admin.ca, cert: admin.cert, key: admin.key, agent: false }, (res) => {
      let data = '';
      res.on('data', (d: Buffer) => (data += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(data) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HA control planes behind a Standard load balancer (ARM + simulated nodes)', () => {
  let sb: RunningSandbox;
  let api: SandboxApiClient;
  let compute: ComputeManagementClient;
  let network: NetworkManagementClient;
  const user = keyPair();
  const hostKeys: KeyPair[] = [keyPair(), keyPair(), keyPair()];
  const names = ['demo-cp-0', 'demo-cp-1', 'demo-cp-2'];
  const sshPorts: number[] = [];
  let admin: Admin;

  async function run(i: number, cmd: string) {
    const c = await connect(sshPorts[i]!, user, hostKeys[i]!.public);
    try {
      return await exec(c, cmd);
    } finally {
      c.end();
    }
  }

  before(async () => {
    sb = await startTestSandbox();
    api = new SandboxApiClient(sb.info, sb.caCertPem);
    const cred = passwordCredential(sb);
    const o = armClientOptions(sb);
    compute = new ComputeManagementClient(cred, sb.info.subscriptionId, o);
    network = new NetworkManagementClient(cred, sb.info.subscriptionId, o);
    const resources = new ResourceManagementClient(cred, sb.info.subscriptionId, o);
    const net = await createNetwork({ resources, network } as unknown as ComputeTestSandbox, RG, LOC);

    const pip = await network.publicIPAddresses.beginCreateOrUpdateAndWait(RG, 'pip-demo-apiserver', { location: LOC, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', dnsSettings: { domainNameLabel: LABEL } });
    const lbId = `/subscriptions/${sb.info.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Network/loadBalancers/demo-public-lb`;
    const fe = `${lbId}/frontendIPConfigurations/demo-public-lb-frontEnd`;
    const pool = `${lbId}/backendAddressPools/demo-public-lb-backendPool`;
    await network.loadBalancers.beginCreateOrUpdateAndWait(RG, 'demo-public-lb', {
      location: LOC,
      sku: { name: 'Standard' },
      frontendIPConfigurations: [{ name: 'demo-public-lb-frontEnd', publicIPAddress: { id: pip.id! } }],
      backendAddressPools: [{ name: 'demo-public-lb-backendPool' }],
      probes: [{ name: 'HTTPSProbe', protocol: 'Https', port: 6443, requestPath: '/readyz', intervalInSeconds: 15, probeThreshold: 1 }],
      loadBalancingRules: [
        { name: 'LBRuleHTTPS', frontendIPConfiguration: { id: fe }, backendAddressPool: { id: pool }, probe: { id: `${lbId}/probes/HTTPSProbe` }, protocol: 'Tcp', frontendPort: 6443, backendPort: 6443, disableOutboundSnat: true },
      ],
    });

    for (const [i, name] of names.entries()) {
      const nodePip = await network.publicIPAddresses.beginCreateOrUpdateAndWait(RG, `${name}-pip`, { location: LOC, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' });
      const nic = await network.networkInterfaces.beginCreateOrUpdateAndWait(RG, `${name}-nic`, {
        location: LOC,
        ipConfigurations: [{ name: 'ipconfig1', subnet: { id: net.subnetId }, publicIPAddress: { id: nodePip.id! }, loadBalancerBackendAddressPools: [{ id: pool }] }],
      });
      const ip = nic.ipConfigurations![0]!.privateIPAddress!;
      const init = initYaml({ ip }).replace(`controlPlaneEndpoint: ${ip}:6443`, `controlPlaneEndpoint: ${FQDN}:6443`);
      const customData = b64(ignition({ hostname: name, hostKey: hostKeys[i]!, authorizedKeys: [user.public], ...(i === 0 ? { initYaml: init } : {}) }));
      await compute.virtualMachines.createOrUpdate(
        RG,
        name,
        vmDefinition(LOC, nic.id!, { osProfile: { computerName: name, adminUsername: 'core', customData, linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: '/home/core/.ssh/authorized_keys', keyData: user.public }] } } } }),
      );
    }
    const nodes = await api.nodes();
    for (const name of names) {
      const n = nodes.find((x) => x.name === name);
      assert.equal(n?.state, 'running', `${name} booted`);
      sshPorts.push(n!.ssh!.port);
    }
  });

  after(async () => {
    await sb?.close();
  });

  it('bootstraps three control planes through the load balancer name with the certificate key', async () => {
    const init = await run(0, 'sudo kubeadm init --config /etc/kubeadm/init.yaml --upload-certs');
    assert.equal(init.code, 0, init.stderr);
    const m = /kubeadm join (\S+) --token (\S+) \\\n\t--discovery-token-ca-cert-hash (\S+) \\\n\t--control-plane --certificate-key ([0-9a-f]{64})\n/.exec(init.stdout);
    assert.ok(m, init.stdout);
    assert.equal(m[1], `${FQDN}:6443`);
    for (const i of [1, 2]) {
      const j = await run(i, `sudo kubeadm join ${m[1]} --token ${m[2]} --discovery-token-ca-cert-hash ${m[3]} --control-plane --certificate-key ${m[4]}`);
      assert.equal(j.code, 0, j.stderr);
      assert.match(j.stdout, /a new control plane instance was created/);
    }
    const conf = parseYaml((await run(0, 'sudo cat /etc/kubernetes/admin.conf')).stdout) as { clusters: { cluster: Record<string, string> }[]; users: { user: Record<string, string> }[] };
    const dec = (s: string | undefined) => Buffer.from(s ?? '', 'base64').toString();
    admin = { ca: dec(conf.clusters[0]?.cluster['certificate-authority-data']), cert: dec(conf.users[0]?.user['client-certificate-data']), key: dec(conf.users[0]?.user['client-key-data']) };
    // Each control plane's own API server endpoint is listed too (GET /_sandbox/nodes).
    const nodes = await api.nodes();
    assert.ok(names.every((n) => nodes.find((x) => x.name === n)?.apiServer), 'three API servers');
  });

  it('the frontend endpoint answers /version and /api/v1/nodes from the one shared store', async () => {
    const [fe] = await api.frontends();
    assert.ok(fe?.apiServer, 'the 6443 rule is listed');
    assert.equal(fe.fqdn, FQDN);
    assert.deepEqual(fe.backends.map((b) => b.healthy), [true, true, true]);
    const version = await apiGet(fe.apiServer.port, '/version', admin);
    assert.equal((version.body as { gitVersion: string }).gitVersion, 'v1.36.1');
    for (let i = 0; i < 3; i++) {
      const list = await apiGet(fe.apiServer.port, '/api/v1/nodes', admin);
      assert.deepEqual((list.body as { items: { metadata: { name: string } }[] }).items.map((n) => n.metadata.name), names);
    }
  });

  it('with the first control plane powered off through ARM, new connections still get the API answer', async () => {
    await compute.virtualMachines.powerOff(RG, 'demo-cp-0');
    const nodes = await api.nodes();
    assert.equal(nodes.find((n) => n.name === 'demo-cp-0')?.state, 'stopped');
    await assert.rejects(connect(sshPorts[0]!, user, hostKeys[0]!.public), 'a stopped VM answers no SSH');
    const [fe] = await api.frontends();
    assert.deepEqual(fe!.backends.map((b) => b.healthy), [false, true, true]);
    for (let i = 0; i < 4; i++) {
      const r = await apiGet(fe!.apiServer!.port, '/api/v1/nodes', admin);
      assert.equal(r.status, 200);
      const items = (r.body as { items: { metadata: { name: string }; status: { conditions: { type: string; status: string }[] } }[] }).items;
      assert.deepEqual(items.map((n) => n.metadata.name), names);
      assert.equal(items[0]!.status.conditions.find((c) => c.type === 'Ready')?.status, 'Unknown', 'the stopped node stops posting status');
    }
    // On a surviving control plane kubectl reaches the API through the name and the LB.
    const k = await run(1, 'sudo kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes -o name');
    assert.equal(k.stdout, 'node/demo-cp-0\nnode/demo-cp-1\nnode/demo-cp-2\n', k.stderr);
    // Started again, the node boots and its API server rejoins the frontend's backends.
    await compute.virtualMachines.start(RG, 'demo-cp-0');
    const back = (await api.frontends())[0]!;
    assert.deepEqual(back.backends.map((b) => b.healthy), [true, true, true]);
  });
});
