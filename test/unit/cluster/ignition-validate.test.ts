// Ignition's own validator over the custom data the engine sends, for both roles and both
// architectures (the golden render test runs it over every rendered file too). Skipped, saying
// why, where Debian's `ignition-validate` is not installed; Debian's build knows spec 3.4.0 as
// "3.4.0-experimental", so test/helpers/ignition-validate.ts rewrites the version string, and
// only that, for the validator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterNodes } from '../../../shared/domain/cluster-layout';
import { ensureClusterKeys } from '../../../electron/services/cluster/engine/cluster-keys';
import { engineIgnition } from '../../../electron/services/cluster/engine/render-node';
import { toCustomData } from '../../../electron/services/cluster/render/custom-data';
import { FileKeySecretStore } from '../../../electron/services/secrets/file-key-secret-store';
import { findIgnitionValidate } from '../../helpers/ignition-validate';
import { makeArmSpec, makePin, makeSpec } from './fixtures';

const found = findIgnitionValidate();
const skip = 'skip' in found ? found.skip : false;
const PUBLIC_IP = '203.0.113.50';

test('ignition-validate reports a broken config, and a warning counts (guards the guard)', { skip }, () => {
  if ('skip' in found) return;
  const relative = found.validate(JSON.stringify({ ignition: { version: '3.4.0' }, storage: { files: [{ path: 'etc/hostname', contents: { source: 'data:,x' } }] } }));
  assert.notEqual(relative.status, 0);
  assert.match(relative.output, /path not absolute/);
  // An unknown key is only a warning to it (exit 0), which these tests treat as a failure.
  const misspelt = found.validate(JSON.stringify({ ignition: { version: '3.4.0' }, passwd: { users: [{ name: 'core', sshAuthorizedKey: ['x'] }] } }));
  assert.match(misspelt.output, /sshAuthorizedKey/);
  assert.throws(() => found.validate(JSON.stringify({ ignition: { version: '3.3.0' } })), /expected an Ignition 3\.4\.0 config/);
});

for (const [label, spec] of [
  ['x64', makeSpec()],
  ['Arm64', makeArmSpec()],
] as const) {
  test(`${label}: ignition-validate accepts the engine's custom data for the control plane and a worker`, { skip }, async () => {
    if ('skip' in found) return;
    const dir = mkdtempSync(join(tmpdir(), 'fk-ignval-keys-'));
    try {
      const keys = await ensureClusterKeys(new FileKeySecretStore({ dataDir: dir }), join(dir, 'keys'), spec);
      const roles = new Set<string>();
      for (const node of clusterNodes(spec)) {
        roles.add(node.role);
        const cfg = engineIgnition(spec, keys, node, makePin(spec), node.role === 'control-plane' ? PUBLIC_IP : undefined);
        // What goes to Azure, decoded back: exactly the bytes the node's Ignition reads.
        const customData = Buffer.from(toCustomData(JSON.stringify(cfg)), 'base64').toString('utf8');
        const r = found.validate(customData);
        assert.deepEqual(r, { status: 0, output: '' }, `${node.name} (${found.version}, version shown as ${found.validatesAs})`);
      }
      assert.deepEqual([...roles].sort(), ['control-plane', 'worker']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
