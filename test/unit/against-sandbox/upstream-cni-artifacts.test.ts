// The simulated internet's CNI release files: served at the exact URLs Flatkube's CNI plans
// use, shaped like the real files, with real sha256 sums over deterministic bytes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';
import { cniPlan } from '../../../electron/services/cluster/render/cni';
import { createSandboxInternet } from '@flatkube/sandbox/testing';
import { cniArtifacts, CNI_ARTIFACT_VERSIONS, sandboxCniPins } from '@flatkube/sandbox/testing';
import { SandboxInternet } from '@flatkube/sandbox/testing';
import { unpackTar } from '@flatkube/sandbox/testing';
import { readElf } from '@flatkube/sandbox/testing';
import type { ClusterSpec } from '../../../shared/domain/cluster-spec';

const network = { vnetCidr: '10.0.0.0/16', subnetCidr: '10.0.1.0/24', podCidr: '10.32.0.0/16', serviceCidr: '10.96.0.0/12' };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function body(internet: SandboxInternet, url: string): Buffer {
  const r = internet.fetch(url);
  assert.ok(r.ok, `${url}: ${r.ok ? '' : r.reason}`);
  return r.file.body;
}

describe('sandbox internet: CNI release files', () => {
  const internet = createSandboxInternet({ origin: 'https://127.0.0.1:1' });

  it('serves every URL the CNI plans download, for both architectures', () => {
    const urls = (['flannel', 'calico', 'cilium'] as ClusterSpec['cni'][]).flatMap((cni) =>
      (['x64', 'Arm64'] as const).flatMap((architecture) => cniPlan({ cni, architecture, network }).manifests),
    );
    // flannel 1, calico 2 (operator-crds.yaml, tigera-operator.yaml), cilium 2 per architecture
    assert.equal(new Set(urls).size, 7, urls.join('\n'));
    for (const u of urls) assert.ok(body(internet, u).length > 0, u);
  });

  it("flannel's manifest carries net-conf.json as upstream writes it, so the plan's sed rewrite applies", () => {
    const url = cniPlan({ cni: 'flannel', architecture: 'x64', network }).manifests[0]!;
    const text = body(internet, url).toString();
    assert.equal(text.split('"Network": "10.244.0.0/16"').length - 1, 1);
    const docs = parseAllDocuments(text).map((d) => d.toJSON() as { kind: string; metadata: { name: string }; data?: Record<string, string> });
    assert.deepEqual(docs.map((d) => `${d.kind}/${d.metadata.name}`), ['Namespace/kube-flannel', 'ClusterRole/flannel', 'ClusterRoleBinding/flannel', 'ServiceAccount/flannel', 'ConfigMap/kube-flannel-cfg', 'DaemonSet/kube-flannel-ds']);
    const netConf = JSON.parse(docs[4]!.data!['net-conf.json']!) as { Network: string; Backend: { Type: string } };
    assert.deepEqual([netConf.Network, netConf.Backend.Type], ['10.244.0.0/16', 'vxlan']);
  });

  it("calico's operator-crds.yaml has the Installation CRD; tigera-operator.yaml the operator Deployment and no CRD (3.30+)", () => {
    const [crdsUrl, operatorUrl] = cniPlan({ cni: 'calico', architecture: 'x64', network }).manifests as [string, string];
    const refsOf = (url: string) =>
      parseAllDocuments(body(internet, url).toString())
        .map((d) => d.toJSON() as { kind: string; metadata: { name: string; namespace?: string } })
        .map((d) => `${d.kind}/${d.metadata.namespace ?? ''}/${d.metadata.name}`);
    assert.ok(refsOf(crdsUrl).includes('CustomResourceDefinition//installations.operator.tigera.io'));
    const operator = refsOf(operatorUrl);
    assert.ok(operator.includes('Deployment/tigera-operator/tigera-operator'), operator.join('\n'));
    assert.equal(operator[0], 'Namespace//tigera-operator');
    assert.ok(!operator.some((r) => r.startsWith('CustomResourceDefinition/')), operator.join('\n'));
  });

  it("sandboxCniPins are the stand-ins' real sha256, for every URL a Calico plan pins", () => {
    const pins = sandboxCniPins();
    for (const u of cniPlan({ cni: 'calico', architecture: 'x64', network }, { pins }).manifests) assert.equal(pins[u], sha256(body(internet, u)), u);
  });

  it('cilium CLI tarballs: gzip + ustar with one executable ELF `cilium` for the right CPU, and its real sha256', () => {
    for (const [architecture, machine, arch] of [['x64', 'x86_64', 'amd64'], ['Arm64', 'aarch64', 'arm64']] as const) {
      const [tarUrl, sumUrl] = cniPlan({ cni: 'cilium', architecture, network }).manifests as [string, string];
      const tgz = body(internet, tarUrl);
      assert.deepEqual([tgz[0], tgz[1]], [0x1f, 0x8b]);
      const r = unpackTar(gunzipSync(tgz));
      assert.ok('entries' in r, JSON.stringify(r));
      assert.deepEqual(r.entries.map((e) => [e.name, e.type, e.mode.toString(8)]), [['cilium', 'file', '755']]);
      const elf = readElf(r.entries[0]!.data);
      assert.equal(elf?.machine, machine);
      assert.deepEqual(elf?.note, { program: 'cilium', version: CNI_ARTIFACT_VERSIONS.ciliumCli.at(-1) });
      assert.equal(body(internet, sumUrl).toString(), `${sha256(tgz)}  cilium-linux-${arch}.tar.gz\n`);
    }
  });

  it('is deterministic: another provider serves the same bytes', () => {
    const url = cniPlan({ cni: 'cilium', architecture: 'x64', network }).manifests[0]!;
    const other = new SandboxInternet([cniArtifacts()]);
    assert.equal(sha256(body(other, url)), sha256(body(internet, url)));
  });

  it('a download-corrupted fault alters the tarball, not its .sha256sum, so the check catches it', () => {
    const [tarUrl, sumUrl] = cniPlan({ cni: 'cilium', architecture: 'x64', network }).manifests as [string, string];
    const corrupting = new SandboxInternet([cniArtifacts()], { corrupt: (u) => u.pathname.endsWith('.tar.gz') });
    assert.equal(body(corrupting, sumUrl).toString(), body(internet, sumUrl).toString());
    assert.notEqual(sha256(body(corrupting, tarUrl)), sha256(body(internet, tarUrl)));
    assert.ok(!body(corrupting, sumUrl).toString().startsWith(sha256(body(corrupting, tarUrl))));
  });

  it("GitHub's releases/latest/download URLs give the newest release's file", () => {
    const latest = body(internet, 'https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml').toString();
    assert.match(latest, new RegExp(`/download/${CNI_ARTIFACT_VERSIONS.flannel.at(-1)!.replace(/\./g, '\\.')}/kube-flannel\\.yml`));
    const cli = 'https://github.com/cilium/cilium-cli/releases/latest/download/cilium-linux-arm64.tar.gz';
    assert.ok(body(internet, `${cli}.sha256sum`).toString().startsWith(sha256(body(internet, cli))));
    assert.equal(internet.fetch('https://github.com/flannel-io/flannel/releases/latest/download/nope.yml').status, 404);
  });

  it('unpublished versions are 404; other hosts do not resolve', () => {
    const r404 = internet.fetch('https://github.com/cilium/cilium-cli/releases/download/v9.9.9/cilium-linux-amd64.tar.gz');
    assert.equal(r404.status, 404);
    assert.equal(internet.fetch('https://raw.githubusercontent.com/projectcalico/calico/v3.30.3/manifests/custom-resources.yaml').status, 404);
    const dns = internet.fetch('https://get.helm.sh/helm-v3.18.0-linux-amd64.tar.gz');
    assert.ok(!dns.ok && dns.status === 0 && dns.reason === 'Could not resolve host: get.helm.sh');
  });
});
