// Azure's API reference for osProfile.customData: "Note: Do not pass any secrets or passwords in
// customData property." (@azure/arm-compute, models OSProfile.customData, generated from
// Azure/azure-rest-api-specs Microsoft.Compute), and the VM agent keeps the decoded copy on the
// VM. So no rendered Ignition config, no custom data and no export carries a private key: each
// node generates its own SSH host key and announces the public half on its serial console.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterNodes } from '../../../shared/domain/cluster-layout';
import { ensureClusterKeys } from '../../../electron/services/cluster/engine/cluster-keys';
import { renderExports } from '../../../electron/services/cluster/engine/exports';
import { engineIgnition } from '../../../electron/services/cluster/engine/render-node';
import { HOST_KEY_UNIT } from '../../../electron/services/cluster/render/host-key-announce';
import { renderCustomData, renderIgnitionJson } from '../../../electron/services/cluster/render/ignition';
import { toCustomData } from '../../../electron/services/cluster/render/custom-data';
import { parseClusterSpecYaml } from '../../../electron/services/cluster/render/spec-file';
import { FileKeySecretStore } from '../../../electron/services/secrets/file-key-secret-store';
import type { ClusterSpec } from '../../../shared/domain/cluster-spec';
import { makePin } from './fixtures';

const EXAMPLES = new URL('../../../examples/', import.meta.url);
const PRIVATE = /PRIVATE KEY/;
const PUBLIC_IP = '203.0.113.50';

function examples(): [string, ClusterSpec][] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => {
      const r = parseClusterSpecYaml(readFileSync(new URL(f, EXAMPLES), 'utf8'));
      if (!r.ok) throw new Error(`${f}: ${JSON.stringify(r.errors)}`);
      return [f, r.spec];
    });
}

const decoded = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

test('there are example specs to check', () => {
  assert.ok(examples().length >= 2);
});

for (const [file, spec] of examples()) {
  test(`${file}: no node's Ignition config or custom data holds a private key (both roles)`, () => {
    const roles = new Set<string>();
    for (const node of clusterNodes(spec)) {
      roles.add(node.role);
      const input = { spec, node, pin: makePin(spec), ...(node.role === 'control-plane' ? { controlPlanePublicIp: PUBLIC_IP } : {}) };
      const json = renderIgnitionJson(input);
      assert.doesNotMatch(json, PRIVATE, `${node.name}: Ignition`);
      assert.doesNotMatch(decodeURIComponent(json), PRIVATE, `${node.name}: Ignition, data URLs decoded`);
      assert.doesNotMatch(decoded(renderCustomData(input)), PRIVATE, `${node.name}: custom data`);
      // The node announces its own key instead.
      assert.ok(JSON.parse(json).systemd.units.some((u: { name: string; enabled?: boolean }) => u.name === HOST_KEY_UNIT && u.enabled), `${node.name}: ${HOST_KEY_UNIT}`);
    }
    assert.deepEqual([...roles].sort(), ['control-plane', 'worker']);
  });

  test(`${file}: the engine's custom data (with Flatkube's client key) holds no private key`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-nosecrets-'));
    try {
      const keys = await ensureClusterKeys(new FileKeySecretStore({ dataDir: dir }), join(dir, 'keys'), spec);
      assert.deepEqual(Object.keys(keys.hosts), [], 'no host key exists before the nodes announce theirs');
      for (const node of clusterNodes(spec)) {
        const cfg = engineIgnition(spec, keys, node, makePin(spec), node.role === 'control-plane' ? PUBLIC_IP : undefined);
        const text = JSON.stringify(cfg);
        assert.doesNotMatch(decodeURIComponent(text), PRIVATE, node.name);
        assert.doesNotMatch(decoded(toCustomData(text)), PRIVATE, node.name);
        assert.ok(!text.includes(keys.client.privateKey.split('\n')[1]!), `${node.name}: no part of the client private key`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`${file}: the export bundle (Ignition, kubeadm, az script, plan) holds no private key`, () => {
    const ex = renderExports(spec, makePin(spec));
    const texts = [...Object.values(ex.ignition), ...Object.values(ex.kubeadm), ex.azScript, ...ex.plan.flatMap((s) => [s.az, s.explain])];
    for (const t of texts) {
      assert.doesNotMatch(t, PRIVATE);
      assert.doesNotMatch(decodeURIComponent(t.replace(/%(?![0-9A-Fa-f]{2})/g, '%25')), PRIVATE);
    }
    // The az script pins the key each node announces on its serial console (no private key, no TOFU).
    assert.match(ex.azScript, /az vm boot-diagnostics get-boot-log/);
    assert.doesNotMatch(ex.azScript, /StrictHostKeyChecking=(no|accept-new)/);
  });
}
