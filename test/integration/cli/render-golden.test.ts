// Golden renders: `flatkube render` of every spec in examples/ (plus one with --control-plane-ip),
// compared byte for byte with test/golden/<case>/, so every change to what a node boots with (its
// Ignition config, the kubeadm config, the az script, the plan) shows in review as a diff of
// those files. UPDATE_GOLDEN=1 rewrites them (test/golden/README.md).
//
// Rendering is deterministic (nothing random or time-based in any file); the only input from
// outside is the sysext pin, which comes from a fixed SHA256SUMS served by `fetchText` in place of
// the bakery on GitHub: the same made-up hashes as makePin (test/unit/cluster/fixtures.ts).
// Nothing is normalised. Every Ignition file is also run through Debian's `ignition-validate`
// where it is installed (test/helpers/ignition-validate.ts: version string only rewritten).
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runRender } from '../../../electron/cli/render-commands';
import { FLATCAR_SYSEXT_BAKERY } from '../../../electron/services/azure/environment';
import type { FetchText } from '../../../electron/services/cluster/sysext/bakery';
import { sysextArch, sysextFileName } from '../../../electron/services/cluster/render/sysext';
import { PUBLIC_IP_PLACEHOLDER } from '../../../electron/services/cluster/render/ignition';
import { findIgnitionValidate } from '../../helpers/ignition-validate';
import { makePin } from '../../unit/cluster/fixtures';
import { root } from './run-cli';

const GOLDEN = join(root, 'test/golden');
const EXAMPLES = join(root, 'examples');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface GoldenCase {
  /** The folder under test/golden/. */
  name: string;
  spec: string;
  args: string[];
}

const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).sort();
const CASES: GoldenCase[] = [
  ...examples.map((f) => ({ name: basename(f, '.yaml'), spec: join(EXAMPLES, f), args: [] })),
  // The final (non-template) form, for a control plane address known beforehand.
  { name: 'azure--control-plane-ip', spec: join(EXAMPLES, 'azure.yaml'), args: ['--control-plane-ip', '198.51.100.20'] },
];

/** SHA256SUMS of every release on the bakery, both architectures, with makePin's hashes. */
const fixedBakery: FetchText = async (url) => {
  const m = new RegExp(`^${FLATCAR_SYSEXT_BAKERY.replaceAll('.', '\\.')}/kubernetes-v(\\d+\\.\\d+\\.\\d+)/SHA256SUMS$`).exec(url);
  assert.ok(m, `a golden render fetched ${url}`);
  const version = m[1]!;
  const lines = (['x64', 'Arm64'] as const).map((architecture) => {
    const hex = makePin({ kubernetesVersion: version, architecture }).hash.replace(/^sha256-/, '');
    return `${hex}  ${sysextFileName(version, sysextArch(architecture))}`;
  });
  return { status: 200, text: `${lines.join('\n')}\n` };
};

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

/** Where two texts first differ, as a short message (the full diff is `git diff` after UPDATE_GOLDEN=1). */
function firstDifference(want: string, got: string): string {
  const a = want.split('\n');
  const b = got.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  return `line ${at + 1}:\n  golden:   ${JSON.stringify(a[at] ?? '<end of file>')}\n  rendered: ${JSON.stringify(b[at] ?? '<end of file>')}`;
}

const validator = findIgnitionValidate();

describe('golden renders of examples/ (UPDATE_GOLDEN=1 rewrites test/golden/)', () => {
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'fk-golden-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('there are goldens for at least the four kinds of example (flannel, Calico, Cilium, Arm64)', () => {
    assert.ok(examples.length >= 4, examples.join(', '));
    const specs = examples.map((f) => readFileSync(join(EXAMPLES, f), 'utf8'));
    for (const [what, re] of [['calico', /^cni: calico$/m], ['cilium', /^cni: cilium$/m], ['Arm64', /^architecture: Arm64$/m]] as const) {
      assert.ok(specs.some((s) => re.test(s)), `an example with ${what}`);
    }
    // No golden folder without a case (a removed example takes its goldens with it).
    const folders = readdirSync(GOLDEN, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    const cases = CASES.map((c) => c.name).sort();
    if (UPDATE) for (const f of folders.filter((f) => !cases.includes(f))) rmSync(join(GOLDEN, f), { recursive: true });
    else assert.deepEqual(folders, cases, 'test/golden/ has a folder for each case and no other (UPDATE_GOLDEN=1 to rewrite)');
  });

  for (const c of CASES) {
    it(`${c.name}: flatkube render ${relative(root, c.spec)}${c.args.length ? ` ${c.args.join(' ')}` : ''} is byte for byte the golden copy`, async (t) => {
      t.mock.method(console, 'log', () => {});
      const out = join(work, c.name);
      assert.equal(await runRender(['--spec', c.spec, '--out', out, ...c.args], { fetchText: fixedBakery }), 0);
      const golden = join(GOLDEN, c.name);
      const rendered = filesUnder(out);
      if (UPDATE) {
        rmSync(golden, { recursive: true, force: true });
        cpSync(out, golden, { recursive: true });
        // Plain modes in the repository (render writes 0600 and 0700; the CLI tests check those).
        chmodSync(golden, 0o755);
        for (const d of readdirSync(golden, { recursive: true, withFileTypes: true })) chmodSync(join(d.parentPath, d.name), d.isDirectory() ? 0o755 : 0o644);
      }
      assert.deepEqual(filesUnder(golden), rendered, `${c.name}: the same files (UPDATE_GOLDEN=1 to rewrite)`);
      for (const file of rendered) {
        const want = readFileSync(join(golden, file));
        const got = readFileSync(join(out, file));
        if (!want.equals(got)) assert.fail(`${c.name}/${file} differs from the golden copy at ${firstDifference(want.toString('utf8'), got.toString('utf8'))}\n(run UPDATE_GOLDEN=1 to accept the change, then review the diff of test/golden/)`);
      }
      // What makes a template: its name, and nothing else holds the placeholder as a value.
      for (const file of rendered.filter((f) => f.startsWith('ignition/') || f.startsWith('kubeadm/'))) {
        const holds = readFileSync(join(out, file), 'utf8').includes(PUBLIC_IP_PLACEHOLDER);
        assert.equal(holds, file.includes('.template.'), `${file}: a template exactly when it holds ${PUBLIC_IP_PLACEHOLDER}`);
      }
    });

    it(`${c.name}: ignition-validate accepts every golden Ignition file`, { skip: 'skip' in validator ? validator.skip : false }, () => {
      if ('skip' in validator) return;
      // The goldens are the rendered files (the test above holds them byte for byte).
      const ignition = filesUnder(join(GOLDEN, c.name)).filter((f) => f.startsWith('ignition/'));
      assert.ok(ignition.length >= 2, `${c.name}: Ignition goldens`);
      for (const file of ignition) {
        // A template is a valid config as it stands: the placeholder sits inside a data URL.
        const r = validator.validate(readFileSync(join(GOLDEN, c.name, file), 'utf8'));
        assert.deepEqual(r, { status: 0, output: '' }, `${c.name}/${file} (${validator.version}, version shown as ${validator.validatesAs})`);
      }
    });
  }
});
