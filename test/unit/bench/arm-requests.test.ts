import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestKind, summarizeArmRequests } from '../../../bench/arm-requests';

const rg = '/subscriptions/s/resourceGroups/rg';
const vnet = `${rg}/providers/Microsoft.Network/virtualNetworks/v`;
const vm = `${rg}/providers/Microsoft.Compute/virtualMachines/cp-0`;

test('requestKind names the method and the resource type, children included', () => {
  assert.equal(requestKind('put', `${vnet}/subnets/nodes?api-version=2024-05-01`), 'PUT Microsoft.Network/virtualNetworks/subnets');
  assert.equal(requestKind('GET', `${rg}?api-version=1`), 'GET resourceGroups');
});

test('writes, operation polls and reads are counted apart; sandbox API requests are left out of the total', () => {
  const s = summarizeArmRequests([
    { method: 'PUT', path: vm },
    { method: 'GET', path: '/subscriptions/s/providers/Microsoft.Compute/locations/westeurope/operations/op1?api-version=1' },
    { method: 'GET', path: `${vm}/operationResults/op2` },
    { method: 'GET', path: vm },
    { method: 'GET', path: '/_sandbox/nodes' },
  ]);
  assert.deepEqual([s.total, s.writes, s.operationPolls, s.reads, s.sandboxApi], [4, 1, 2, 1, 1]);
  assert.equal(s.byKind['GET Microsoft.Compute/locations/operations'], 1);
});

test('a read repeats only when nothing was written to the resource, above it or below it since the last read', () => {
  const s = summarizeArmRequests([
    { method: 'GET', path: vnet },
    { method: 'GET', path: `${vnet}?api-version=2` }, // repeated: the query does not change the resource
    { method: 'PUT', path: `${vnet}/subnets/nodes` }, // a child's write changes the parent's answer
    { method: 'GET', path: vnet },
    { method: 'GET', path: vm },
    { method: 'PUT', path: rg },
    { method: 'GET', path: vm }, // the group's write is above the VM
    { method: 'GET', path: vm.replace('/rg/', '/RG/') }, // ARM paths are case-insensitive
  ]);
  assert.equal(s.repeatedReads, 2);
  assert.deepEqual(s.repeatedByType, { 'Microsoft.Compute/virtualMachines': 1, 'Microsoft.Network/virtualNetworks': 1 });
});

test('a read inside a group this run created, before anything wrote the resource, had a known answer', () => {
  const reads = (groupStatus: number) =>
    summarizeArmRequests([
      { method: 'PUT', path: rg, status: groupStatus },
      { method: 'GET', path: vnet, status: 404 }, // known: a new group is empty
      { method: 'GET', path: `${rg}/providers/Microsoft.Authorization/roleAssignments` }, // a list: may hold inherited entries
      { method: 'PUT', path: vnet },
      { method: 'GET', path: `${vnet}/subnets/nodes` }, // written above it: not known
    ]).knownAbsentReads;
  assert.equal(reads(201), 1);
  assert.equal(reads(200), 0);
});
