import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadKubeadmConfig } from '../../src/nodes/commands/kubeadm-config';

const doc = (api: string, kind: string, extra = '') => `apiVersion: ${api}\nkind: ${kind}\n${extra}`;

describe('kubeadm config loader', () => {
  it('rejects v1beta3 on kubeadm 1.36 with the real message, warns on 1.34', () => {
    const r36 = loadKubeadmConfig(doc('kubeadm.k8s.io/v1beta3', 'InitConfiguration'), 'v1.36.0');
    assert.ok(!r36.ok);
    assert.match(r36.error, /^no kind "InitConfiguration" is registered for version "kubeadm.k8s.io\/v1beta3" in scheme/);
    const r34 = loadKubeadmConfig(doc('kubeadm.k8s.io/v1beta3', 'InitConfiguration'), 'v1.34.2');
    assert.ok(r34.ok);
    assert.match(r34.warnings[0] ?? '', /deprecated API spec/);
  });

  it('rejects map-shaped extraArgs in v1beta4 and YAML syntax errors', () => {
    const r = loadKubeadmConfig(doc('kubeadm.k8s.io/v1beta4', 'ClusterConfiguration', 'apiServer:\n  extraArgs:\n    foo: bar\n'), 'v1.36.0');
    assert.ok(!r.ok);
    assert.match(r.error, /cannot unmarshal object into Go struct field ControlPlaneComponent.apiServer.extraArgs of type \[\]v1beta4.Arg/);
    const y = loadKubeadmConfig('kind: [oops', 'v1.36.0');
    assert.ok(!y.ok);
    assert.match(y.error, /^error converting YAML to JSON: yaml: line \d+/);
  });

  it('keeps the documents it knows by kind', () => {
    const r = loadKubeadmConfig([doc('kubeadm.k8s.io/v1beta4', 'InitConfiguration'), doc('kubelet.config.k8s.io/v1beta1', 'KubeletConfiguration', 'cgroupDriver: systemd\n')].join('---\n'), 'v1.36.0');
    assert.ok(r.ok);
    assert.deepEqual(Object.keys(r.docs).sort(), ['InitConfiguration', 'KubeletConfiguration']);
    assert.equal(r.docs.KubeletConfiguration?.cgroupDriver, 'systemd');
  });
});
