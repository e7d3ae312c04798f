// How kubelet comes up on a node: the Flatcar Kubernetes sysext starts it (its multi-user.target
// drop-in has Upholds=kubelet.service, recorded in test/fixtures/upstream/sysext-bakery-kubernetes.json),
// so the Ignition config carries no enablement link of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clusterNodes } from '../../../shared/domain/cluster-layout';
import { renderIgnition } from '../../../electron/services/cluster/render/ignition';
import { makePin, makeSpec } from './fixtures';

const bakery = JSON.parse(readFileSync(new URL('../../fixtures/upstream/sysext-bakery-kubernetes.json', import.meta.url), 'utf8')) as {
  files: { path: string; settings: string[] }[];
};

test('no multi-user.target.wants/kubelet.service link: the sysext upholds kubelet itself', () => {
  const upholds = bakery.files.find((f) => f.path === '/usr/lib/systemd/system/multi-user.target.d/10-kubelet-service.conf');
  assert.deepEqual(upholds?.settings, ['Upholds=kubelet.service'], 'the recorded bakery sysext upholds kubelet');
  const spec = makeSpec();
  for (const node of clusterNodes(spec)) {
    const cfg = renderIgnition({ spec, node, pin: makePin(spec), controlPlanePublicIp: '20.1.2.3' });
    const links = cfg.storage.links.map((l) => l.path);
    assert.ok(!links.some((p) => p.includes('kubelet')), links.join('\n'));
    assert.ok(!links.some((p) => p.includes('.wants/')), links.join('\n'));
    assert.deepEqual(links, ['/etc/extensions/kubernetes.raw']);
    assert.ok(!(cfg.systemd.units as { name: string }[]).some((u) => u.name === 'kubelet.service'));
  }
});
