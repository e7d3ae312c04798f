// The sandbox's stand-ins of upstream files, held to facts recorded from the real files
// (test/fixtures/upstream/*.json; README.md there says where they come from and how to extract
// them again): the objects each manifest creates (kind, name, namespace, and for CRDs the type
// they define), CRDs present or not, images, Flannel's net-conf.json, the cilium CLI's release
// asset names and the Cilium charts it embeds, and the Flatcar Kubernetes sysext's layout.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';
import {
  createSandboxInternet,
  CILIUM_CLI_EMBEDDED_CHARTS,
  CNI_ARTIFACT_VERSIONS,
  ciliumCliDefaultVersion,
  flannelManifest,
  operatorCrdsManifest,
  tigeraOperatorManifest,
  KUBERNETES_SYSEXT,
  sandboxBakeryBaseUrl,
  SANDBOX_KUBERNETES_VERSIONS,
  SYSEXT_ARCHES,
  unpackTar,
} from '@flatkube/sandbox/testing';

interface ObjectFact {
  kind: string;
  name: string;
  namespace?: string;
  defines?: { group: string; kind: string; scope: string };
}
interface ManifestFact {
  source: string;
  download?: string;
  releaseAsset?: string;
  ref: string;
  objects: ObjectFact[];
  customResourceDefinitions?: number;
  images?: string[];
  netConf?: unknown;
  cniConfKeys?: string[];
}
interface CliFact {
  ref: string;
  releaseDownload: string;
  assets: string[];
  tarballMembers: string[];
  embeddedCiliumCharts: string[];
  defaultCiliumVersion: string;
}
interface BakeryFact {
  source: string;
  files: { path: string; settings: string[] }[];
  symlinks: { path: string; target: string }[];
  binaries: string[];
  releaseArches: string[];
  releaseImage: string;
  releaseTag: string;
  releaseChecksums: string;
}

const fact = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../../fixtures/upstream/${name}`, import.meta.url), 'utf8')) as T;

type Doc = { kind?: string; apiVersion?: string; metadata?: { name?: string; namespace?: string }; spec?: { group?: string; scope?: string; names?: { kind?: string }; template?: { spec?: { containers?: { image?: string }[]; initContainers?: { image?: string }[] } } }; data?: Record<string, string> };

function docs(text: string): Doc[] {
  return parseAllDocuments(text).map((d) => d.toJSON() as Doc).filter((d) => d?.kind);
}

/** The same shape the facts record (extract.mjs `objects`). */
function objectsOf(text: string): ObjectFact[] {
  return docs(text).map((o) => ({
    kind: o.kind!,
    name: o.metadata!.name!,
    ...(o.metadata?.namespace ? { namespace: o.metadata.namespace } : {}),
    ...(o.kind === 'CustomResourceDefinition' ? { defines: { group: o.spec!.group!, kind: o.spec!.names!.kind!, scope: o.spec!.scope! } } : {}),
  }));
}

function imagesOf(text: string): string[] {
  const all = docs(text).flatMap((d) => [...(d.spec?.template?.spec?.initContainers ?? []), ...(d.spec?.template?.spec?.containers ?? [])].map((c) => c.image!));
  return [...new Set(all)];
}

const firstLine = (text: string) => text.split('\n', 1)[0]!;
const internet = createSandboxInternet({ origin: 'https://127.0.0.1:1' });
const served = (url: string) => {
  const r = internet.fetch(url);
  assert.ok(r.ok, `${url}: ${r.ok ? '' : r.reason}`);
  return r.file.body;
};

describe('sandbox stand-ins match the recorded upstream facts', () => {
  for (const version of CNI_ARTIFACT_VERSIONS.calico) {
    it(`Calico ${version} tigera-operator.yaml: the same objects, no CRD, the same operator image`, () => {
      const f = fact<ManifestFact>(`calico-${version}-tigera-operator.json`);
      const text = served(f.download!).toString();
      assert.equal(text, tigeraOperatorManifest(version));
      assert.match(firstLine(text), new RegExp(`^# .*${f.source.replace(/[.]/g, '\\.')}`), 'names the file it stands in for');
      assert.deepEqual(objectsOf(text), f.objects);
      assert.equal(f.customResourceDefinitions, 0);
      assert.deepEqual(imagesOf(text), f.images);
    });

    it(`Calico ${version} operator-crds.yaml: the same CRDs, in order, defining the same types`, () => {
      const f = fact<ManifestFact>(`calico-${version}-operator-crds.json`);
      const text = served(f.download!).toString();
      assert.equal(text, operatorCrdsManifest(version));
      assert.match(firstLine(text), new RegExp(`^# .*${f.source.replace(/[.]/g, '\\.')}`));
      assert.deepEqual(objectsOf(text), f.objects);
      assert.equal(f.objects.length, f.customResourceDefinitions);
    });
  }

  for (const version of CNI_ARTIFACT_VERSIONS.flannel) {
    it(`Flannel ${version} kube-flannel.yml: the same objects, net-conf.json and images`, () => {
      const f = fact<ManifestFact>(`flannel-${version}.json`);
      const text = served(f.releaseAsset!).toString();
      assert.equal(text, flannelManifest(version));
      assert.match(firstLine(text), new RegExp(`^# .*${f.releaseAsset!.replace(/[.]/g, '\\.')}`));
      assert.deepEqual(objectsOf(text), f.objects);
      const cm = docs(text).find((d) => d.kind === 'ConfigMap')!;
      assert.deepEqual(Object.keys(cm.data!), f.cniConfKeys);
      assert.deepEqual(JSON.parse(cm.data!['net-conf.json']!), f.netConf);
      assert.deepEqual(imagesOf(text).sort(), [...f.images!].sort());
    });
  }

  for (const version of CNI_ARTIFACT_VERSIONS.ciliumCli) {
    it(`cilium CLI ${version}: the release's asset names, a tarball holding just the binary, the embedded charts and default`, () => {
      const f = fact<CliFact>(`cilium-cli-${version}.json`);
      for (const asset of f.assets) {
        const body = served(`${f.releaseDownload}${asset}`);
        if (asset.endsWith('.sha256sum')) assert.match(body.toString(), new RegExp(`^[0-9a-f]{64}  ${asset.replace(/\.sha256sum$/, '').replace(/[.]/g, '\\.')}\n$`));
        else {
          const tar = unpackTar(gunzipSync(body));
          assert.ok('entries' in tar);
          assert.deepEqual(tar.entries.map((e) => e.name), f.tarballMembers);
        }
      }
      // No other names: a plan asking for `cilium-linux-amd64.sha256sum` would get a 404, as on GitHub.
      assert.equal(internet.fetch(`${f.releaseDownload}cilium-linux-amd64.sha256sum`).status, 404);
      assert.deepEqual(CILIUM_CLI_EMBEDDED_CHARTS[version], f.embeddedCiliumCharts);
      assert.equal(ciliumCliDefaultVersion(version), f.defaultCiliumVersion);
    });
  }

  it("the Kubernetes sysext's files, symlink and binaries as the bakery's kubernetes.sysext ships them", () => {
    const f = fact<BakeryFact>('sysext-bakery-kubernetes.json');
    assert.ok(KUBERNETES_SYSEXT.source.startsWith(f.source.slice(0, f.source.indexOf('/tree/'))), KUBERNETES_SYSEXT.source);
    assert.deepEqual(
      KUBERNETES_SYSEXT.files.map((x) => ({ path: x.path, settings: x.settings })),
      f.files,
    );
    assert.deepEqual(KUBERNETES_SYSEXT.symlinks, f.symlinks);
    assert.deepEqual([...KUBERNETES_SYSEXT.binaries].sort(), [...f.binaries].sort());
  });

  it("the sandbox bakery publishes under the real release's names: tag, images per architecture, SHA256SUMS", () => {
    const f = fact<BakeryFact>('sysext-bakery-kubernetes.json');
    assert.deepEqual([...SYSEXT_ARCHES], f.releaseArches);
    const base = sandboxBakeryBaseUrl('https://127.0.0.1:1');
    const v = `v${SANDBOX_KUBERNETES_VERSIONS.at(-1)}`;
    const fill = (pattern: string, arch = '') => pattern.replace('${extension}', 'kubernetes').replace('${version}', v).replace('${arch}', arch);
    const tag = fill(f.releaseTag);
    const sums = served(`${base}/${tag}/${f.releaseChecksums}`).toString();
    for (const arch of f.releaseArches) {
      const image = fill(f.releaseImage, arch);
      assert.ok(served(`${base}/${tag}/${image}`).length > 0);
      assert.match(sums, new RegExp(`^[0-9a-f]{64}  ${image.replace(/[.]/g, '\\.')}$`, 'm'));
    }
  });
});
