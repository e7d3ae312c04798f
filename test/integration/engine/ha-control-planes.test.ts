/**
 * Three control planes and a worker in the sandbox, through the ClusterService and the engine
 * as the app and the CLI run them (real ARM SDK clients, real SSH to the simulated nodes):
 * the API's public IP with its DNS name and a Standard load balancer, the control planes in its
 * pool, kubeadm init --upload-certs, two kubeadm join --control-plane one after the other, the
 * worker joining through the endpoint. Then one control plane is powered off through ARM, and the
 * cluster's API, reached through the kubeconfig's endpoint as the environment resolves it, still
 * lists the nodes. Destroy leaves nothing ARM lists.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { API_SERVER_PORT, apiLoadBalancerNames, apiServerFqdn } from '../../../shared/domain/api-endpoint';
import { resourceNames } from '../../../shared/domain/cluster-layout';
import { withPoolCount, type ClusterSpec } from '../../../shared/domain/cluster-spec';
import { locateApiServer } from '../../../electron/services/cluster/engine/api-endpoint';
import { listTaggedResources } from '../../../electron/services/cluster/engine/teardown';
import { ClusterService } from '../../../electron/services/cluster/service/cluster-service';
import type { EngineEmitter } from '../../../electron/services/cluster/engine/types';
import { kubeAccess } from '../../../electron/services/kube/kubeconfig';
import { kubeOk } from '../../../electron/services/kube/kube-http';
import { listNodeReadiness } from '../../../electron/services/kube/nodes';
import { armInventory } from '../../helpers/arm-inventory';
import { EventLog, exampleSpec, FAST_TIMINGS, startEngineFixture, type EngineFixture } from './engine-fixture';

interface NodeList {
  items: { metadata: { name: string; labels?: Record<string, string> }; status: { conditions: { type: string; status: string }[] } }[];
}

describe('engine: three control planes behind a load balancer (sandbox)', () => {
  let f: EngineFixture;
  let service: ClusterService;
  let events: EventLog;
  const spec: ClusterSpec = withPoolCount(
    exampleSpec((s) => ({ ...s, name: 'ha', resourceGroup: { name: 'ha-rg', create: true }, controlPlane: { count: 3, size: 'Standard_B2s' } })),
    'workers',
    1,
  );
  const rg = spec.resourceGroup.name;
  const fqdn = apiServerFqdn(spec);
  let kubeconfigPath = '';

  before(async () => {
    f = await startEngineFixture();
    events = new EventLog();
    service = new ClusterService({ store: f.store, secrets: f.secrets, connect: async () => ({ env: f.env, arm: f.arm }), emit: events, timings: FAST_TIMINGS });
  });
  after(async () => f?.close());

  it('creates 3 control planes + 1 worker: 4 nodes Ready, 3 of them control planes', async () => {
    const preview = await service.preview({ kind: 'create', spec });
    assert.deepEqual(preview.add.map((a) => a.node), ['cp-0', 'cp-1', 'cp-2', 'worker-0']);
    const r = await service.run({ kind: 'create', spec });
    assert.equal(r.status, 'succeeded', `${JSON.stringify(r.error)}\n${events.text()}`);
    assert.ok(r.kubeconfigPath);
    kubeconfigPath = r.kubeconfigPath;
    const status = await service.status('ha');
    assert.deepEqual(status.nodes.map((n) => [n.name, n.role, n.ready]), [
      ['cp-0', 'control-plane', true],
      ['cp-1', 'control-plane', true],
      ['cp-2', 'control-plane', true],
      ['worker-0', 'worker', true],
    ]);
    // The endpoint as kubeadm has it, recorded and shown by status.
    assert.equal(status.controlPlaneEndpoint, `https://${fqdn}:${API_SERVER_PORT}`);
    assert.equal((await f.store.require('ha')).controlPlaneEndpoint, `${fqdn}:${API_SERVER_PORT}`);
    const nodes = await kubeOk<NodeList>(readFileSync(kubeconfigPath, 'utf8'), '/api/v1/nodes');
    const controlPlanes = nodes.items.filter((n) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined).map((n) => n.metadata.name);
    assert.deepEqual(controlPlanes.sort(), ['cp-0', 'cp-1', 'cp-2'], 'the Kubernetes API knows three control planes');
  });

  it('built the load balancer as planned, the control planes in its pool, the worker not', async () => {
    const lb = await f.arm.network.loadBalancers.get(rg, apiLoadBalancerNames.loadBalancer('ha'));
    assert.equal(lb.sku?.name, 'Standard');
    assert.deepEqual(lb.probes?.map((p) => [p.name, p.protocol, p.port, p.requestPath]), [['HTTPSProbe', 'Https', 6443, '/readyz']]);
    assert.deepEqual(lb.loadBalancingRules?.map((r) => [r.name, r.protocol, r.frontendPort, r.backendPort]), [['LBRuleHTTPS', 'Tcp', 6443, 6443]]);
    assert.deepEqual(lb.outboundRules ?? [], [], 'no outbound rule: the nodes keep their own public IPs');
    const pip = await f.arm.network.publicIPAddresses.get(rg, apiLoadBalancerNames.publicIp('ha'));
    assert.equal(pip.dnsSettings?.fqdn, fqdn);
    for (const node of ['cp-0', 'cp-1', 'cp-2', 'worker-0']) {
      const nic = await f.arm.network.networkInterfaces.get(rg, resourceNames.nic('ha', node));
      const pools = nic.ipConfigurations?.[0]?.loadBalancerBackendAddressPools?.map((p) => p.id!.split('/').at(-1)) ?? [];
      assert.deepEqual(pools, node === 'worker-0' ? [] : ['control-planes'], node);
    }
    // The nodes' own addresses may reach 6443 (they come through the public frontend); so may the user's.
    const rule = await f.arm.network.securityRules.get(rg, resourceNames.nsg('ha'), 'allow-kube-api-nodes');
    const ips = await Promise.all(['cp-0', 'cp-1', 'cp-2', 'worker-0'].map(async (n) => `${(await f.arm.network.publicIPAddresses.get(rg, resourceNames.publicIp('ha', n))).ipAddress}/32`));
    assert.deepEqual([...(rule.sourceAddressPrefixes ?? [])].sort(), ips.sort());
    assert.equal(rule.destinationPortRange, '6443');
    // Ownership recorded: the load balancer and its IP are the cluster's.
    const owned = (await f.store.require('ha')).ownership!.resources.map((id) => id.split('/').at(-1));
    assert.ok(owned.includes('ha-api-lb') && owned.includes('ha-api-pip'), owned.join(', '));
  });

  it('the kubeconfig reaches the endpoint checking the certificate for its DNS name; the key never reached a log', async () => {
    const kc = parse(readFileSync(kubeconfigPath, 'utf8')) as { clusters: { cluster: Record<string, string> }[] };
    assert.equal(kc.clusters[0]!.cluster['tls-server-name'], fqdn);
    assert.match(kc.clusters[0]!.cluster.server!, /^https:\/\/127\.0\.0\.1:\d+$/);
    const ep = await locateApiServer({ env: f.env, arm: f.arm, spec, fact: () => undefined });
    const [fe] = (await f.sb.api.frontends()).filter((x) => x.fqdn === fqdn);
    assert.deepEqual(ep, { host: fe!.endpoint.host, port: fe!.endpoint.port, serverName: fqdn }, 'the frontend, not a node');
    assert.deepEqual(fe!.backends.map((b) => b.healthy), [true, true, true]);
    assert.equal(kubeAccess(readFileSync(kubeconfigPath, 'utf8')).server, `https://127.0.0.1:${fe!.endpoint.port}`);
    // Control planes joined one after the other, each after the certificates were shared.
    const text = events.text();
    assert.ok(text.indexOf('certificates uploaded') < text.indexOf('cp-1: This node has joined the cluster and a new control plane instance was created'));
    assert.ok(text.indexOf('cp-1: This node has joined the cluster and a new control plane instance was created') < text.indexOf('cp-2: This node has joined the cluster and a new control plane instance was created'));
    assert.ok(events.logs.every((l) => !/--certificate-key [0-9a-f]{64}|^[0-9a-f]{64}$/m.test(l.text)), 'no certificate key in any log line');
    assert.ok(events.logs.every((l) => !/[a-z0-9]{6}\.[a-z0-9]{16}/.test(l.text)), 'no bootstrap token in any log line');
  });

  it('with cp-0 powered off through ARM, the API still lists the nodes through the endpoint', async () => {
    await f.arm.compute.virtualMachines.beginPowerOffAndWait(rg, resourceNames.vm('ha', 'cp-0'));
    const [fe] = (await f.sb.api.frontends()).filter((x) => x.fqdn === fqdn);
    assert.deepEqual(fe!.backends.map((b) => b.healthy), [false, true, true], 'cp-0 is out of the pool');
    // Through the environment's resolution (a fresh status call resolves it again), several connections.
    const kc = readFileSync(kubeconfigPath, 'utf8');
    for (let i = 0; i < 4; i++) {
      const list = await kubeOk<NodeList>(kc, '/api/v1/nodes');
      assert.deepEqual(list.items.map((n) => n.metadata.name).sort(), ['cp-0', 'cp-1', 'cp-2', 'worker-0']);
    }
    const seen = await listNodeReadiness(kc);
    assert.deepEqual(seen.map((n) => n.name).sort(), ['cp-0', 'cp-1', 'cp-2', 'worker-0']);
    const status = await service.status('ha');
    assert.deepEqual(status.nodes.filter((n) => n.ready).map((n) => n.name), ['cp-1', 'cp-2', 'worker-0'], 'the stopped node stops being Ready; the others answer');
    await f.arm.compute.virtualMachines.beginStartAndWait(rg, resourceNames.vm('ha', 'cp-0'));
  });

  it('destroy deletes the load balancer and its IP with the rest: nothing left', async () => {
    const r = await service.run({ kind: 'destroy', name: 'ha' });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    assert.deepEqual(r.leftovers, []);
    assert.deepEqual(await listTaggedResources(f.arm, 'ha'), []);
    assert.deepEqual((await armInventory(f.arm)).map((x) => x.id), [], 'ARM lists nothing: no group, no resource');
  });
});

describe('engine: three control planes, interrupted after the first join and resumed by another service', () => {
  let f: EngineFixture;
  const spec: ClusterSpec = withPoolCount(
    exampleSpec((s) => ({ ...s, name: 'ha2', resourceGroup: { name: 'ha2-rg', create: true }, controlPlane: { count: 3, size: 'Standard_B2s' } })),
    'workers',
    0,
  );
  before(async () => {
    f = await startEngineFixture();
  });
  after(async () => f?.close());

  it('cancelled once cp-1 joined; a new service (no key in memory) uploads the certificates again and cp-2 joins', async () => {
    const stop = new AbortController();
    const first = new EventLog();
    const cancelOnJoin: EngineEmitter = {
      progress: (e) => first.progress(e),
      finished: (e) => first.finished(e),
      log: (e) => {
        first.log(e);
        if (e.stream === 'cp-1' && /a new control plane instance was created/.test(e.text)) stop.abort();
      },
    };
    const one = new ClusterService({ store: f.store, secrets: f.secrets, connect: async () => ({ env: f.env, arm: f.arm }), emit: cancelOnJoin, timings: FAST_TIMINGS });
    const r1 = await one.run({ kind: 'create', spec }, { signal: stop.signal });
    assert.equal(r1.status, 'cancelled', `${JSON.stringify(r1.error)}\n${first.text()}`);
    assert.doesNotMatch(first.text('cp-2'), /kubeadm join/, 'cp-2 had not started joining');

    const second = new EventLog();
    const two = new ClusterService({ store: f.store, secrets: f.secrets, connect: async () => ({ env: f.env, arm: f.arm }), emit: second, timings: FAST_TIMINGS });
    const r2 = await two.run({ kind: 'resume', name: 'ha2' });
    assert.equal(r2.status, 'succeeded', `${JSON.stringify(r2.error)}\n${second.text()}`);
    assert.match(second.text('cp-0'), /uploaded again to kube-system\/kubeadm-certs with a new key/);
    assert.doesNotMatch(second.text('cp-0'), /kubeadm init --config/, 'init is not run again');
    assert.match(second.text('cp-1'), /already joined as a control plane/);
    assert.match(second.text('cp-2'), /a new control plane instance was created/);
    const status = await two.status('ha2');
    assert.deepEqual(status.nodes.map((n) => [n.name, n.ready]), [['cp-0', true], ['cp-1', true], ['cp-2', true]]);
    // Nothing made twice: one load balancer, one API address.
    const names = (await armInventory(f.arm, (x) => x.tags['flatkube-cluster'] === 'ha2')).map((x) => x.name).sort();
    assert.deepEqual(names.filter((n) => n.startsWith('ha2-api')), ['ha2-api-lb', 'ha2-api-pip']);
    assert.ok(second.logs.every((l) => !/--certificate-key [0-9a-f]{64}|^[0-9a-f]{64}$/m.test(l.text)), 'no certificate key in any log line');
    const d = await two.run({ kind: 'destroy', name: 'ha2' });
    assert.equal(d.status, 'succeeded', JSON.stringify(d.error));
    assert.deepEqual(await listTaggedResources(f.arm, 'ha2'), []);
  });
});
