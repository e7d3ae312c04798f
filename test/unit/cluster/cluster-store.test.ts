/**
 * The cluster record is written by parallel deployment steps (each records what it is about to
 * create): concurrent updates of one record must all land.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ClusterStore } from '../../../electron/services/cluster/store/cluster-store';
import { withResources } from '../../../electron/services/cluster/store/ownership';
import { parseClusterSpecYaml } from '../../../electron/services/cluster/render/spec-file';
import { minimalSpecInput } from '../domain/spec-fixture';
import { stringify } from 'yaml';

describe('cluster store: concurrent updates of one record', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fk-store-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('parallel updates of different fields and parallel ownership records all land', async () => {
    const parsed = parseClusterSpecYaml(stringify(minimalSpecInput()));
    assert.ok(parsed.ok);
    const store = new ClusterStore(dir);
    await store.create(parsed.spec, 'sandbox');
    await Promise.all([
      store.update('demo', { kubeconfigPath: '/tmp/kc' }),
      store.update('demo', { sysextPin: { url: 'https://example/x.raw', hash: 'sha256-00' } }),
      ...Array.from({ length: 12 }, (_, i) => store.modify('demo', (r) => ({ ownership: withResources(r.ownership!, [`/subscriptions/s/resourceGroups/demo-rg/providers/Microsoft.Network/publicIPAddresses/p${i}`]) }))),
    ]);
    const rec = await store.require('demo');
    assert.equal(rec.kubeconfigPath, '/tmp/kc');
    assert.equal(rec.sysextPin?.hash, 'sha256-00');
    assert.equal(rec.ownership?.resources.length, 12);
    assert.equal(rec.ownership?.resourceGroupCreated, false);
  });
});
