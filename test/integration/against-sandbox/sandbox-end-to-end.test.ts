/**
 * The sandbox as Flatkube uses it, end to end: the real SDK clients create a VM from a rendered
 * Ignition config, the VM boots into a simulated Flatcar node, Flatkube's own SSH client reaches
 * it through the sandbox's node map with a verified host key, runs kubeadm, survives an injected
 * session drop, and the resource group delete takes the node away again.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import { clusterNodes, imageRef, resourceNames } from '../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../shared/domain/cluster-spec';
import { renderIgnitionJson } from '../../../electron/services/cluster/render/ignition';
import { parseClusterSpecYaml } from '../../../electron/services/cluster/render/spec-file';
import { toCustomData } from '../../../electron/services/cluster/render/custom-data';
import { sysextSource } from '../../../electron/services/cluster/sysext/bakery';
import { startSandbox, type Sandbox } from '@flatkube/sandbox';
import { connectSsh, generateClusterKeyPair, generateEd25519KeyPair, SessionDroppedError, HostKeyMismatchError } from '../../../electron/services/ssh';
import { announcedHostKey } from '../../../electron/services/cluster/render/host-key-announce';
import { httpGetText } from '../../../electron/services/azure/http-json';
import { armClientOptions, passwordCredential } from '../../helpers/sandbox-platform';

let sb: Sandbox;
let spec: ClusterSpec;
const clientKey = generateClusterKeyPair('e2e');

before(async () => {
  sb = await startSandbox({ latency: 'instant' });
  const parsed = parseClusterSpecYaml(readFileSync('examples/sandbox-dev.yaml', 'utf8'));
  assert.ok(parsed.ok, 'the example spec parses');
  spec = { ...parsed.spec, name: 'e2e', resourceGroup: { name: 'e2e-rg', create: true }, nodePools: [{ name: 'workers', count: 0, size: 'Standard_B2s' }], ssh: { ...parsed.spec.ssh, publicKey: clientKey.publicKey } };
});
after(async () => {
  await sb?.close();
});

const sandboxNodes = () => sb.api.nodes();

test('a VM created through the SDK boots into a node that Flatkube reaches over verified SSH', async () => {
  const cred = passwordCredential(sb);
  const options = armClientOptions(sb);
  const sub = sb.info.subscriptionId;
  const resources = new ResourceManagementClient(cred, sub, options);
  const network = new NetworkManagementClient(cred, sub, options);
  const compute = new ComputeManagementClient(cred, sub, options);
  const rg = spec.resourceGroup.name;
  const cp = clusterNodes(spec)[0]!;
  await resources.resourceGroups.createOrUpdate(rg, { location: spec.location });
  await network.virtualNetworks.createOrUpdate(rg, resourceNames.vnet(spec.name), {
    location: spec.location,
    addressSpace: { addressPrefixes: [spec.network.vnetCidr] },
    subnets: [{ name: resourceNames.subnet(spec.name), addressPrefix: spec.network.subnetCidr }],
  });
  const subnet = await network.subnets.get(rg, resourceNames.vnet(spec.name), resourceNames.subnet(spec.name));
  const pip = await network.publicIPAddresses.createOrUpdate(rg, resourceNames.publicIp(spec.name, cp.name), {
    location: spec.location,
    sku: { name: 'Standard' },
    publicIPAllocationMethod: 'Static',
  });
  assert.ok(pip.ipAddress, 'a static public IP was allocated');
  const nic = await network.networkInterfaces.createOrUpdate(rg, resourceNames.nic(spec.name, cp.name), {
    location: spec.location,
    ipConfigurations: [
      { name: 'ipconfig1', subnet: { id: subnet.id! }, publicIPAddress: { id: pip.id! }, privateIPAllocationMethod: 'Static', privateIPAddress: cp.privateIp },
    ],
  });
  const image = imageRef(spec);
  // The sysext pin from the sandbox's own bakery, over HTTPS, as the engine resolves it.
  const pin = await sysextSource({ sysextBakery: sb.info.sysextBakery, caCertPem: sb.caCertPem }).resolve(spec.kubernetesVersion, 'x86-64');
  // No host key in the custom data: the node makes its own and prints it on its serial console.
  const customData = toCustomData(renderIgnitionJson({ spec, node: cp, pin, controlPlanePublicIp: pip.ipAddress! }));
  await compute.virtualMachines.createOrUpdate(rg, resourceNames.vm(spec.name, cp.name), {
    location: spec.location,
    hardwareProfile: { vmSize: spec.controlPlane.size },
    storageProfile: { imageReference: { publisher: image.publisher, offer: image.offer, sku: image.sku, version: image.version } },
    osProfile: {
      computerName: cp.name,
      adminUsername: 'core',
      customData,
      linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: '/home/core/.ssh/authorized_keys', keyData: clientKey.publicKey }] } },
    },
    networkProfile: { networkInterfaces: [{ id: nic.id!, primary: true }] },
  });

  const node = (await sandboxNodes()).find((n) => n.publicIp === pip.ipAddress);
  assert.ok(node?.ssh, `the node behind ${pip.ipAddress} reports an SSH endpoint`);
  // The host key to trust, from the serial console through boot diagnostics (as the engine reads it).
  const diag = await compute.virtualMachines.retrieveBootDiagnosticsData(rg, resourceNames.vm(spec.name, cp.name));
  const serial = await httpGetText(diag.serialConsoleLogBlobUri!, { caCertPem: sb.caCertPem });
  const hostKey = announcedHostKey(serial.text);
  assert.ok(hostKey, 'the node announced its host key on the serial console');

  // A wrong expected host key is refused: no trust on first use.
  await assert.rejects(
    connectSsh({ ...node.ssh, username: 'core', privateKey: clientKey.privateKey, expectedHostKey: generateEd25519KeyPair('other').publicKey }),
    HostKeyMismatchError,
  );

  const conn = await connectSsh({ ...node.ssh, username: 'core', privateKey: clientKey.privateKey, expectedHostKey: hostKey.publicKey });
  try {
    const lines: string[] = [];
    const init = await conn.exec('kubeadm init --config /etc/kubeadm/init.yaml', { sudo: true, onStdout: (l) => lines.push(l), onStderr: (l) => lines.push(l) });
    assert.equal(init.code, 0, lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('[init] Using Kubernetes version: v1.35')), 'kubeadm reports the version from the rendered config');
    assert.ok(lines.some((l) => /control-plane has initialized successfully/.test(l)));
    const kubelet = await conn.exec('systemctl is-active kubelet');
    assert.equal(kubelet.stdout.trim(), 'active');
  } finally {
    conn.close();
  }

  // Fault injection: the next journalctl on any node drops the session mid-command.
  const added = await sb.api.addFaults({ rules: [{ kind: 'ssh-drop', path: 'journalctl', afterMs: 50 }] });
  assert.equal(added.length, 1);
  const conn2 = await connectSsh({ ...node.ssh, username: 'core', privateKey: clientKey.privateKey, expectedHostKey: hostKey.publicKey });
  await assert.rejects(conn2.exec('journalctl -u kubelet -f --no-pager'), SessionDroppedError);
  const conn3 = await connectSsh({ ...node.ssh, username: 'core', privateKey: clientKey.privateKey, expectedHostKey: hostKey.publicKey });
  const after = await conn3.exec('test -f /etc/kubernetes/admin.conf');
  assert.equal(after.code, 0, 'the node kept its state across the dropped session');
  conn3.close();

  await resources.resourceGroups.delete(rg);
  assert.equal((await sandboxNodes()).some((n) => n.vmId === node.vmId), false, 'deleting the group removed the node');
});
