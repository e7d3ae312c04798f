/**
 * Name resolution and API server reach on a simulated node: /etc/hosts (comments, aliases, first
 * match), localhost, Azure DNS for cloudapp names; loopback, VNet addresses and load balancer
 * frontends with their healthy backends.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeDirectory } from '../../src/nodes/command-types';
import { reachApiServer } from '../../src/nodes/net/reach';
import { hostsLookup, noSuchHost, resolveHost } from '../../src/nodes/net/resolve';
import { cniInternet, directory, simNode } from '../../src/testing/sim-node-fixture';

describe('simulated node name resolution', () => {
  const node = simNode({ name: 'n', ip: '10.0.1.4' });
  node.fs.writeFile('/etc/hosts', '# static table\n127.0.0.1 localhost\n10.0.1.9   api.example   apiserver # the hairpin line\n10.0.1.8 api.example\n');
  const dir: NodeDirectory = { ...directory([node], cniInternet()), network: { lookup: (n) => (n === 'x.westeurope.cloudapp.azure.com' ? '203.0.113.7' : undefined), loadBalancer: () => undefined } };

  it('reads /etc/hosts first (first match, aliases, any case, comments ignored), then Azure DNS', () => {
    assert.equal(hostsLookup(node, 'API.example'), '10.0.1.9');
    assert.equal(resolveHost(node, dir, 'apiserver'), '10.0.1.9');
    assert.equal(resolveHost(node, dir, 'localhost'), '127.0.0.1');
    assert.equal(resolveHost(node, dir, '10.1.2.3'), '10.1.2.3');
    assert.equal(resolveHost(node, dir, 'x.westeurope.cloudapp.azure.com'), '203.0.113.7');
    assert.equal(resolveHost(node, dir, 'static'), undefined, 'words of a comment are no names');
    assert.equal(resolveHost(node, dir, 'nowhere.example'), undefined);
    assert.equal(noSuchHost('nowhere.example'), 'dial tcp: lookup nowhere.example on 168.63.129.16:53: no such host');
  });
});

describe('reaching a kube-apiserver from a simulated node', () => {
  const cps = [simNode({ name: 'cp-0', ip: '10.0.1.4' }), simNode({ name: 'cp-1', ip: '10.0.1.5' })];
  const w = simNode({ name: 'w', ip: '10.0.1.10' });
  let pool = cps.map((c) => c.vmId);
  const dir: NodeDirectory = {
    ...directory([...cps, w], cniInternet()),
    network: { lookup: () => undefined, loadBalancer: (ip, port) => (ip === '203.0.113.1' && port === 6443 ? { backendPort: 6443, vmIds: pool } : undefined) },
  };

  it('frontend: only backends serving a cluster; none healthy or no rule: timeout; a VNet node without one: refused', () => {
    assert.deepEqual(reachApiServer(w, dir, '203.0.113.1', 6443), { ok: false, why: 'timeout', ip: '203.0.113.1' });
    cps[1]!.state.cluster = { clusterName: 'k' } as never;
    for (let i = 0; i < 3; i++) {
      const r = reachApiServer(w, dir, '203.0.113.1', 6443);
      assert.ok(r.ok && r.cp === cps[1] && r.viaLoadBalancer);
    }
    assert.deepEqual(reachApiServer(w, dir, '203.0.113.1', 443), { ok: false, why: 'timeout', ip: '203.0.113.1' });
    assert.deepEqual(reachApiServer(w, dir, '10.0.1.4', 6443), { ok: false, why: 'refused', ip: '10.0.1.4' });
    const direct = reachApiServer(w, dir, '10.0.1.5', 6443);
    assert.ok(direct.ok && direct.cp === cps[1] && !direct.viaLoadBalancer);
    pool = [];
    assert.equal(reachApiServer(w, dir, '203.0.113.1', 6443).ok, false, 'an empty pool has no healthy backend');
  });

  it('loopback is the node itself: its own API server when it is a control plane', () => {
    const self = reachApiServer(cps[1]!, dir, '127.0.0.1', 6443);
    assert.ok(self.ok && self.cp === cps[1]);
    assert.deepEqual(reachApiServer(w, dir, 'localhost', 6443), { ok: false, why: 'refused', ip: '127.0.0.1' });
    assert.deepEqual(reachApiServer(w, dir, 'unknown.example', 6443), { ok: false, why: 'no-such-host' });
  });
});
