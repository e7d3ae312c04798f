/**
 * Control planes each save their own copy of the cluster record (as every etcd member keeps the
 * data); loaded back, the copies of one cluster become one shared record, the freshest winning.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shareClusterRecords, type ClusterRecord, type NodeState } from '../../src/nodes/node-state';

function state(vmId: string, cluster?: Partial<ClusterRecord>): NodeState {
  return {
    schema: 1,
    vmId,
    name: vmId,
    privateIp: '10.0.1.4',
    networkId: 'net',
    architecture: 'x64',
    bootId: 'b',
    bootedAt: '2026-01-01T00:00:00Z',
    serialLog: [],
    fs: {},
    units: {},
    authorizedKeys: [],
    journal: [],
    ...(cluster ? { cluster: { clusterName: 'kubernetes', members: [], tokens: [], ...cluster } as ClusterRecord } : {}),
  };
}

describe('shareClusterRecords', () => {
  it('gives the control planes of one cluster the freshest copy, as one object; other clusters and old records stay apart', () => {
    const states = shareClusterRecords([
      state('cp-0', { id: 'c1', kube: { rv: 40, objects: {} } }),
      state('cp-1', { id: 'c1', kube: { rv: 57, objects: {} } }),
      state('cp-2', { id: 'c1', kube: { rv: 12, objects: {} } }),
      state('other', { id: 'c2', kube: { rv: 99, objects: {} } }),
      state('legacy', { kube: { rv: 5, objects: {} } }),
      state('worker'),
    ]);
    const [a, b, c, other, legacy, worker] = states;
    assert.equal(a!.cluster, b!.cluster);
    assert.equal(b!.cluster, c!.cluster);
    assert.equal(a!.cluster!.kube!.rv, 57);
    assert.equal(other!.cluster!.kube!.rv, 99);
    assert.notEqual(other!.cluster, a!.cluster);
    assert.equal(legacy!.cluster!.kube!.rv, 5);
    assert.equal(worker!.cluster, undefined);
  });
});
