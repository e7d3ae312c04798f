// Issue 12, defect 5: everything `flatkube render` writes is usable as it stands, or is declared a
// template (".template." in its name, the substitution stated at its top or, for Ignition JSON,
// which has no comments, in plan.md). kubeadm rejects a certSAN that is neither an IP address
// nor a DNS name, so the placeholder must never reach a file that claims to be a kubeadm config.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { parseIpv4 } from '../../../shared/domain/cidr';
import { UsageError } from '../../../electron/cli/args';
import { runRender } from '../../../electron/cli/render-commands';
import { PUBLIC_IP_PLACEHOLDER } from '../../../electron/services/cluster/render/ignition';
import type { FetchText } from '../../../electron/services/cluster/sysext/bakery';
import { example, run } from './run-cli';

const IP = '203.0.113.45';
/** kubeadm's check of apiServer.certSANs (ValidateCertSANs): an IP, or a DNS-1123 subdomain (optionally *.-prefixed). */
const DNS_1123_SUBDOMAIN = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

function certSans(yamlText: string): string[] {
  const cluster = parseAllDocuments(yamlText)
    .map((d) => d.toJS() as { kind?: string; apiServer?: { certSANs?: string[] } })
    .find((d) => d?.kind === 'ClusterConfiguration');
  assert.ok(cluster, 'a ClusterConfiguration');
  return cluster.apiServer?.certSANs ?? [];
}

/** The /etc/kubeadm/init.yaml a control plane's Ignition config writes. */
function embeddedInitYaml(ignitionJson: string): string {
  const cfg = JSON.parse(ignitionJson) as { storage: { files: { path: string; contents: { source: string } }[] } };
  const f = cfg.storage.files.find((x) => x.path === '/etc/kubeadm/init.yaml');
  assert.ok(f, 'the control plane writes /etc/kubeadm/init.yaml');
  return decodeURIComponent(f.contents.source.slice('data:,'.length));
}

describe('flatkube render: usable files or declared templates', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'fk-render-tpl-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('without --control-plane-ip: only declared templates hold the placeholder, and plan.md says how to fill them in', () => {
    const out = join(dataDir, 'templates');
    const r = run(['render', '--spec', example, '--out', out, '--sandbox'], dataDir);
    assert.equal(r.code, 0, r.stderr);
    const written = files(out);
    const templates = written.filter((f) => f.includes('.template.'));
    assert.deepEqual(templates, ['ignition/cp-0.ign.template.json', 'kubeadm/init.template.yaml']);
    assert.ok(!written.includes('ignition/cp-0.ign.json'), 'no control plane config that looks final');
    assert.ok(!written.includes('kubeadm/init.yaml'), 'no kubeadm config that looks final');
    const plan = readFileSync(join(out, 'plan.md'), 'utf8');
    const planIntro = plan.slice(0, plan.indexOf('\n## '));
    for (const file of written) {
      const text = readFileSync(join(out, file), 'utf8');
      if (templates.includes(file)) {
        assert.ok(text.includes(PUBLIC_IP_PLACEHOLDER), `${file} is a template of the placeholder`);
        // plan.md names every template, the token and the command that fills it in.
        assert.ok(planIntro.includes(file), `plan.md names ${file}`);
        if (file.endsWith('.yaml')) {
          const head = text.split('\n').slice(0, 6).join('\n');
          assert.match(head, /^# TEMPLATE/, `${file} says at its top that it is a template`);
          assert.ok(head.includes(PUBLIC_IP_PLACEHOLDER), `${file} names the token at its top`);
        }
        continue;
      }
      const lines = text.split('\n').filter((l) => l.includes(PUBLIC_IP_PLACEHOLDER));
      if (file === 'create-dev.sh') {
        // The script only fills the token in (it allocates the address first).
        assert.ok(lines.length > 0);
        for (const l of lines) assert.match(l, new RegExp(`^sed -e "s/${PUBLIC_IP_PLACEHOLDER}/\\$\\{CP_PUBLIC_IP\\}/g" "\\$\\{IGNITION_DIR\\}/cp-0\\.ign\\.template\\.json" > `), l);
      } else if (file === 'plan.md') {
        // Only its instructions mention the token, before the first step.
        assert.ok(lines.length > 0);
        assert.ok(!plan.slice(planIntro.length).includes(PUBLIC_IP_PLACEHOLDER), 'no step of plan.md holds the token');
      } else {
        assert.deepEqual(lines, [], `${file} is not a template but holds ${PUBLIC_IP_PLACEHOLDER}`);
      }
    }
    assert.match(planIntro, new RegExp(`sed -e '/\\^# /d' -e 's/${PUBLIC_IP_PLACEHOLDER}/`));
    assert.match(planIntro, /--control-plane-ip/);
    // Filled in as plan.md says, the template is the config the control plane's Ignition carries.
    const tpl = readFileSync(join(out, 'kubeadm/init.template.yaml'), 'utf8');
    const filled = tpl.split('\n').filter((l) => !l.startsWith('# ')).join('\n').replaceAll(PUBLIC_IP_PLACEHOLDER, IP);
    assert.equal(filled, embeddedInitYaml(readFileSync(join(out, 'ignition/cp-0.ign.template.json'), 'utf8')).replaceAll(PUBLIC_IP_PLACEHOLDER, IP));
    assert.deepEqual(certSans(filled), [IP, '10.0.1.4']);
  });

  it('with --control-plane-ip: every file is final, and the kubeadm certSANs are IP addresses or DNS names', () => {
    const out = join(dataDir, 'final');
    const r = run(['render', '--spec', example, '--out', out, '--sandbox', '--control-plane-ip', IP], dataDir);
    assert.equal(r.code, 0, r.stderr);
    const written = files(out);
    assert.deepEqual(written.filter((f) => f.includes('.template.')), []);
    for (const file of written) assert.ok(!readFileSync(join(out, file), 'utf8').includes(PUBLIC_IP_PLACEHOLDER), `${file} holds ${PUBLIC_IP_PLACEHOLDER}`);
    const init = readFileSync(join(out, 'kubeadm/init.yaml'), 'utf8');
    const sans = certSans(init);
    assert.deepEqual(sans, [IP, '10.0.1.4']);
    for (const san of sans) assert.ok(parseIpv4(san) !== undefined || DNS_1123_SUBDOMAIN.test(san), `certSAN ${san} is neither an IP nor a DNS name`);
    // kubeadm/init.yaml is exactly what the control plane's Ignition writes to /etc/kubeadm/init.yaml.
    assert.equal(init, embeddedInitYaml(readFileSync(join(out, 'ignition/cp-0.ign.json'), 'utf8')));
    // Rendered again into the same folder without the address: no stale final file is left
    // beside the templates (and the other way round).
    const again = run(['render', '--spec', example, '--out', out, '--sandbox'], dataDir);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(files(out).filter((f) => /cp-0|kubeadm/.test(f)), ['ignition/cp-0.ign.template.json', 'kubeadm/init.template.yaml']);
    assert.equal(run(['render', '--spec', example, '--out', out, '--sandbox', '--control-plane-ip', IP], dataDir).code, 0);
    assert.deepEqual(files(out).filter((f) => /cp-0|kubeadm/.test(f)), ['ignition/cp-0.ign.json', 'kubeadm/init.yaml']);
    // The script checks that Azure gave the control plane this very address.
    assert.match(readFileSync(join(out, 'create-dev.sh'), 'utf8'), new RegExp(`if \\[\\[ "\\$\\{CP_PUBLIC_IP\\}" != ${IP.replaceAll('.', '\\.')} \\]\\]`));
  });

  it('--control-plane-ip must be an IPv4 address (a usage error, exit 2, before any download)', async () => {
    const r = run(['render', '--spec', example, '--out', join(dataDir, 'bad'), '--control-plane-ip', PUBLIC_IP_PLACEHOLDER], dataDir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--control-plane-ip must be the control plane's public IPv4 address/);
    const offline: FetchText = async () => assert.fail('no download for a bad flag');
    for (const bad of ['nope', '203.0.113.045', '203.0.113.45/32', '0.0.0.0', ' 203.0.113.45', '203.0.113.45\n']) {
      await assert.rejects(runRender(['--spec', example, '--out', join(dataDir, 'bad'), '--control-plane-ip', bad], { fetchText: offline }), (e: Error) => e instanceof UsageError && /--control-plane-ip must be/.test(e.message), JSON.stringify(bad));
    }
    assert.ok(!existsSync(join(dataDir, 'bad')), 'nothing written');
  });
});
