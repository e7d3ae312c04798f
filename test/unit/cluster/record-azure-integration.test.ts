/**
 * A cluster recorded before the Azure integration existed has no identity, role or cloud provider:
 * its record reads with the integration off, whatever the new default says, so an apply never
 * renders nodes for an identity that does not exist and a teardown looks for nothing it never made.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ClusterStore } from '../../../electron/services/cluster/store/cluster-store';

const fixtures = new URL('../../fixtures/records/', import.meta.url).pathname;

test('records without azureIntegration read with it off; records with it keep theirs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fk-azrec-'));
  try {
    cpSync(join(fixtures, 'v1-created'), join(dir, 'clusters', 'dev'), { recursive: true });
    const store = new ClusterStore(dir);
    const old = await store.require('dev');
    assert.deepEqual(old.spec.azureIntegration, { cloudProvider: false, disks: false });
    // Saved again (version 2 now, the field written), then read: still off.
    await store.update('dev', {});
    const saved = JSON.parse(readFileSync(join(dir, 'clusters/dev/cluster.json'), 'utf8')) as { spec: Record<string, unknown> };
    assert.deepEqual(saved.spec.azureIntegration, { cloudProvider: false, disks: false });
    // A record that has the field keeps its value.
    writeFileSync(join(dir, 'clusters/dev/cluster.json'), JSON.stringify({ ...saved, spec: { ...saved.spec, azureIntegration: { cloudProvider: true, disks: false } } }));
    assert.deepEqual((await new ClusterStore(dir).require('dev')).spec.azureIntegration, { cloudProvider: true, disks: false });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
