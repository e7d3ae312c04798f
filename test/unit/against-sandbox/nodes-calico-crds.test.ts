// Calico 3.30+ on a simulated control plane: manifests/tigera-operator.yaml carries no CRDs any
// more (release notes v3.30.0; test/fixtures/upstream/calico-v3.31.7-tigera-operator.json), they
// are in manifests/operator-crds.yaml. Waiting for the Installation CRD right after creating the
// operator alone fails with NotFound, as on a real cluster; the plan's order works.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cluster } from '@flatkube/sandbox/testing';
import { cniPlan, CNI_VERSIONS, KUBECTL } from '../../../electron/services/cluster/render/cni';
import { sandboxCniPins } from '@flatkube/sandbox/testing';
import type { ClusterSpec } from '../../../shared/domain/cluster-spec';

const MANIFESTS = `https://raw.githubusercontent.com/projectcalico/calico/${CNI_VERSIONS.calico}/manifests`;
const WAIT = `${KUBECTL} wait --for condition=established --timeout=120s crd/installations.operator.tigera.io`;
const spec: Pick<ClusterSpec, 'cni' | 'network' | 'architecture'> = {
  cni: 'calico',
  architecture: 'x64',
  network: { vnetCidr: '10.0.0.0/16', subnetCidr: '10.0.1.0/24', podCidr: '10.244.0.0/16', serviceCidr: '10.96.0.0/12' },
};

describe('simulated Calico install order', () => {
  it('the old order fails: tigera-operator.yaml alone creates no CRD, so the wait answers NotFound at once', async () => {
    const c = await cluster();
    const op = await c.on(`${KUBECTL} create -f ${MANIFESTS}/tigera-operator.yaml`);
    assert.equal(op.code, 0, op.stderr);
    assert.match(op.stdout, /^deployment\.apps\/tigera-operator created$/m);
    assert.doesNotMatch(op.stdout, /customresourcedefinition/);
    const w = await c.on(WAIT);
    assert.deepEqual([w.code, w.stdout, w.stderr], [1, '', 'Error from server (NotFound): customresourcedefinitions.apiextensions.k8s.io "installations.operator.tigera.io" not found\n']);
  });

  it('operator-crds.yaml first (the Calico docs\' order): the wait is met', async () => {
    const c = await cluster();
    const crds = await c.on(`${KUBECTL} create -f ${MANIFESTS}/operator-crds.yaml`);
    assert.equal(crds.code, 0, crds.stderr);
    assert.match(crds.stdout, /^customresourcedefinition\.apiextensions\.k8s\.io\/installations\.operator\.tigera\.io created$/m);
    assert.equal((await c.on(`${KUBECTL} create -f ${MANIFESTS}/tigera-operator.yaml`)).code, 0);
    const w = await c.on(WAIT);
    assert.deepEqual([w.code, w.stdout], [0, 'customresourcedefinition.apiextensions.k8s.io/installations.operator.tigera.io condition met\n']);
  });

  it("the plan's commands with the sandbox's pins: checked downloads, CRDs, operator, Installation, a Ready node", async () => {
    const c = await cluster();
    const plan = cniPlan(spec, { pins: sandboxCniPins() });
    const out: string[] = [];
    for (const cmd of plan.commands) {
      const r = await c.on(cmd);
      assert.equal(r.code, 0, `${cmd}\n${r.stderr}`);
      out.push(r.stdout);
    }
    assert.match(out[0]!, /^operator-crds\.yaml: OK\ntigera-operator\.yaml: OK\n$/);
    assert.match(out.join(''), /^installation\.operator\.tigera\.io\/default created$/m);
    assert.match((await c.on(`${KUBECTL} get nodes`)).stdout, /^cp-0\s+Ready\s/m);
  });

  it("upstream's pins do not match the sandbox's stand-ins: the check fails before kubectl reads anything", async () => {
    const c = await cluster();
    const [download, createCrds] = cniPlan(spec).commands as [string, string];
    const r = await c.on(download);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^operator-crds\.yaml: FAILED$/m);
    assert.match(r.stderr, /WARNING: 1 computed checksum did NOT match/);
    assert.doesNotMatch(createCrds, /https:/);
  });
});
