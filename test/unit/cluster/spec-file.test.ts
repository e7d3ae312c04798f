import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseClusterSpecYaml, specToYaml } from '../../../electron/services/cluster/render/spec-file';
import { SANDBOX_SUBSCRIPTION_ID } from '@flatkube/sandbox';
import { SANDBOX_KUBERNETES_VERSIONS } from '@flatkube/sandbox/testing';
import { DEFAULT_KUBERNETES_VERSION } from '../../../shared/domain/cluster-spec';

const example = (name: string) => readFileSync(fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url)), 'utf8');

test('examples parse; the sandbox bakery publishes the sandbox example\'s and the default version', () => {
  const names = readdirSync(fileURLToPath(new URL('../../../examples/', import.meta.url))).filter((f) => f.endsWith('.yaml'));
  assert.ok(names.includes('sandbox-dev.yaml') && names.includes('azure.yaml'));
  for (const name of names) {
    const r = parseClusterSpecYaml(example(name));
    assert.ok(r.ok, `${name}: ${JSON.stringify(!r.ok && r.errors)}`);
    // sandbox-*.yaml run with `create --sandbox` as they are: the sandbox's subscription and a version its bakery has.
    if (name.startsWith('sandbox-')) {
      assert.equal(r.spec.subscriptionId, SANDBOX_SUBSCRIPTION_ID, name);
      assert.ok((SANDBOX_KUBERNETES_VERSIONS as readonly string[]).includes(r.spec.kubernetesVersion), name);
    }
  }
  const dev = parseClusterSpecYaml(example('sandbox-dev.yaml'));
  assert.ok(dev.ok);
  assert.deepEqual(dev.spec.nodePools, [{ name: 'workers', count: 2, size: 'Standard_B2s' }], 'the example\'s workers: form is one pool');
  const published: readonly string[] = SANDBOX_KUBERNETES_VERSIONS;
  assert.ok(published.includes(dev.spec.kubernetesVersion));
  assert.ok(published.includes(DEFAULT_KUBERNETES_VERSION), 'the default version must be in the sandbox bakery');
});

test('schema errors name the field and its line', () => {
  const text = example('sandbox-dev.yaml').replace('name: dev\n', 'name: Dev_1\n').replace('  subnetCidr: 10.0.1.0/24', '  subnetCidr: 10.9.1.0/24');
  const r = parseClusterSpecYaml(text);
  assert.ok(!r.ok);
  const lines = text.split('\n');
  const byPath = new Map(r.errors.map((e) => [e.path, e]));
  assert.equal(lines[byPath.get('name')!.line! - 1], 'name: Dev_1');
  assert.match(lines[byPath.get('network.subnetCidr')!.line! - 1]!, /subnetCidr: 10\.9\.1\.0\/24/);
});

test('a missing required field points at its parent mapping', () => {
  const r = parseClusterSpecYaml('name: a\nssh:\n  user: core\n');
  assert.ok(!r.ok);
  const key = r.errors.find((e) => e.path === 'ssh.publicKey');
  assert.equal(key?.line, 2);
});

test('YAML syntax errors and non-mappings are reported with a line', () => {
  const bad = parseClusterSpecYaml('name: a\n  bad: [\n');
  assert.ok(!bad.ok);
  assert.equal(bad.errors[0]!.path, '');
  assert.equal(typeof bad.errors[0]!.line, 'number');
  const dup = parseClusterSpecYaml('name: a\nname: b\n');
  assert.ok(!dup.ok);
  assert.equal(dup.errors[0]!.line, 2);
  const list = parseClusterSpecYaml('- a\n- b\n');
  assert.ok(!list.ok);
  assert.match(list.errors[0]!.message, /mapping/);
});

test('specToYaml round-trips', () => {
  const r = parseClusterSpecYaml(example('azure.yaml'));
  assert.ok(r.ok);
  const again = parseClusterSpecYaml(specToYaml(r.spec));
  assert.ok(again.ok);
  assert.deepEqual(again.spec, r.spec);
});
