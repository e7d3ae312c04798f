// Teardown's selection of what the cloud provider and the disk driver created for a cluster:
// both their own tags and Flatkube's cluster tag, inside the cluster's group; never another
// cluster's, never an untagged resource, never outside the group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCloudProviderResource, selectCloudProviderResources, type TaggedResource } from '../../../electron/services/cluster/engine/cloud-leftovers';

const SUB = '0fa7c0be-5a4d-4b0c-8e11-f1a7c0be5a4d';
const spec = { name: 'lab', subscriptionId: SUB, resourceGroup: { name: 'shared-rg', create: false } };
const rg = `/subscriptions/${SUB}/resourceGroups/shared-rg/providers`;

const pip = (name: string, tags: Record<string, string>, group = rg): TaggedResource => ({ id: `${group}/Microsoft.Network/publicIPAddresses/${name}`, name, type: 'Microsoft.Network/publicIPAddresses', tags });
const disk = (name: string, tags: Record<string, string>): TaggedResource => ({ id: `${rg}/Microsoft.Compute/disks/${name}`, name, type: 'Microsoft.Compute/disks', tags });
const lb = (name: string, tags: Record<string, string>): TaggedResource => ({ id: `${rg}/Microsoft.Network/loadBalancers/${name}`, name, type: 'Microsoft.Network/loadBalancers', tags });
const ours = { 'flatkube-cluster': 'lab' };
const svc = { 'k8s-azure-service': 'default/web', 'k8s-azure-cluster-name': 'lab' };
const dd = { 'k8s-azure-created-by': 'kubernetes-azure-dd', 'kubernetes.io-created-for-pv-name': 'pvc-1', 'kubernetes.io-created-for-pvc-name': 'data', 'kubernetes.io-created-for-pvc-namespace': 'default' };

test('selects the Service address, the provider\'s load balancer and the claim\'s disk of this cluster', () => {
  const found = selectCloudProviderResources(spec, [pip('lab-a123', { ...ours, ...svc }), lb('lab-services-lb', ours), lb('lab-services-lb-internal', ours), disk('pvc-1', { ...ours, ...dd })]);
  assert.deepEqual(found.map((id) => id.split('/').pop()), ['lab-a123', 'lab-services-lb', 'lab-services-lb-internal', 'pvc-1']);
});

test('never another cluster\'s: another name in either tag', () => {
  assert.equal(isCloudProviderResource(spec, pip('x', { ...ours, ...svc, 'k8s-azure-cluster-name': 'other' })), false);
  assert.equal(isCloudProviderResource(spec, pip('x', { ...svc, 'flatkube-cluster': 'other' })), false);
  assert.equal(isCloudProviderResource(spec, disk('pvc-2', { ...dd, 'flatkube-cluster': 'lab2' })), false);
  assert.equal(isCloudProviderResource(spec, lb('lab-services-lb', { 'flatkube-cluster': 'other' })), false);
});

test('never without the tags: only Flatkube\'s, only the component\'s, or none', () => {
  assert.equal(isCloudProviderResource(spec, pip('x', ours)), false, 'a public IP without the Service tags (Flatkube\'s own node address is deleted by its record, not here)');
  assert.equal(isCloudProviderResource(spec, pip('x', svc)), false, 'the provider\'s tags without the cluster tag');
  assert.equal(isCloudProviderResource(spec, disk('pvc-3', dd)), false);
  assert.equal(isCloudProviderResource(spec, disk('data-disk', ours)), false, 'a disk the driver did not make');
  assert.equal(isCloudProviderResource(spec, disk('x', {})), false);
  assert.equal(isCloudProviderResource(spec, lb('lab-api-lb', ours)), false, 'the API load balancer is Flatkube\'s own, in its record');
});

test('never outside the cluster\'s group or subscription, never a child resource or another type', () => {
  assert.equal(isCloudProviderResource(spec, pip('x', { ...ours, ...svc }, `/subscriptions/${SUB}/resourceGroups/other-rg/providers`)), false);
  assert.equal(isCloudProviderResource(spec, pip('x', { ...ours, ...svc }, `/subscriptions/11111111-5a4d-4b0c-8e11-f1a7c0be5a4d/resourceGroups/shared-rg/providers`)), false);
  assert.equal(isCloudProviderResource(spec, { id: `${rg}/Microsoft.Network/loadBalancers/lab-services-lb/frontendIPConfigurations/a1`, name: 'a1', type: 'Microsoft.Network/loadBalancers/frontendIPConfigurations', tags: ours }), false);
  assert.equal(isCloudProviderResource(spec, { id: `${rg}/Microsoft.Network/routeTables/lab-rt`, name: 'lab-rt', type: 'Microsoft.Network/routeTables', tags: ours }), false);
  assert.equal(isCloudProviderResource(spec, { name: 'no-id', type: 'Microsoft.Compute/disks', tags: { ...ours, ...dd } }), false);
});
