import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiServerDnsLabel, apiServerFqdn, fnv32a, hasLoadBalancedApi, loadBalancedControlPlaneEndpoint } from '../../../shared/domain/api-endpoint';
import { clusterSpecSchema } from '../../../shared/domain/cluster-spec';
import { minimalSpecInput } from './spec-fixture';

const base = { name: 'demo', subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: { name: 'demo-rg' }, location: 'westeurope' };

test('fnv32a matches FNV-1a 32 test vectors (Go hash/fnv New32a)', () => {
  // Reference values of the FNV-1a 32-bit hash (http://www.isthe.com/chongo/tech/comp/fnv/, its test vectors).
  assert.equal(fnv32a(''), 0x811c9dc5);
  assert.equal(fnv32a('a'), 0xe40c292c);
  assert.equal(fnv32a('foobar'), 0xbf9cf968);
});

test('the DNS label is <cluster>-<fnv32a hex of subscription/group/ip name>, as CAPZ names it', () => {
  const label = apiServerDnsLabel(base);
  const expected = fnv32a('00000000-0000-0000-0000-000000000000/demo-rg/demo-api-pip').toString(16);
  assert.equal(label, `demo-${expected}`);
  // Azure's rule for a label (public IP docs): lower-case, starts with a letter, 3-63 characters.
  assert.match(label, /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/);
  assert.equal(apiServerFqdn(base), `${label}.westeurope.cloudapp.azure.com`);
  assert.equal(loadBalancedControlPlaneEndpoint(base), `${label}.westeurope.cloudapp.azure.com:6443`);
});

test('the label differs per subscription and group, and not by the letters\' case', () => {
  const other = apiServerDnsLabel({ ...base, subscriptionId: '11111111-0000-0000-0000-000000000000' });
  const otherGroup = apiServerDnsLabel({ ...base, resourceGroup: { name: 'demo-rg2' } });
  assert.notEqual(other, apiServerDnsLabel(base));
  assert.notEqual(otherGroup, apiServerDnsLabel(base));
  assert.equal(apiServerDnsLabel({ ...base, resourceGroup: { name: 'Demo-RG' } }), apiServerDnsLabel(base));
});

test('the longest cluster name still gives a valid label', () => {
  const name = `a${'b'.repeat(39)}`;
  const spec = clusterSpecSchema.parse(minimalSpecInput({ name, controlPlane: { count: 3 } }));
  assert.match(apiServerDnsLabel(spec), /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/);
});

test('only a cluster with more than one control plane has a load-balanced API', () => {
  assert.equal(hasLoadBalancedApi({ controlPlane: { count: 1 } }), false);
  assert.equal(hasLoadBalancedApi({ controlPlane: { count: 3 } }), true);
});
