import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseIgnition } from '../../src/nodes/ignition-validate';
import { createHash } from 'node:crypto';
import { applyIgnition, decodeDataUrl, IgnitionApplyError } from '../../src/nodes/ignition-apply';
import { createSandboxInternet } from '../../src/upstream';
import { sandboxBakeryBaseUrl, sandboxSysextImage } from '../../src/upstream/sysext-bakery';
import { VirtualFs } from '../../src/nodes/vfs';

const b64 = (o: unknown) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64');

describe('Ignition on simulated nodes', () => {
  it('decodes percent-encoded and base64 data URLs', () => {
    assert.equal(decodeDataUrl('data:,br_netfilter%0Aoverlay%0A')?.toString(), 'br_netfilter\noverlay\n');
    assert.equal(decodeDataUrl('data:;base64,aGVsbG8=')?.toString(), 'hello');
    assert.equal(decodeDataUrl('https://x'), undefined);
  });

  it('accepts 3.3.0 and 3.4.0, rejects other versions, bad JSON and schema violations', () => {
    assert.equal(parseIgnition(b64({ ignition: { version: '3.3.0' } })).ok, true);
    assert.equal(parseIgnition(b64({ ignition: { version: '3.4.0' } })).ok, true);
    const old = parseIgnition(b64({ ignition: { version: '3.5.0' } }));
    assert.ok(!old.ok && old.error === 'unsupported config version');
    const json = parseIgnition(b64('{"ignition":'));
    assert.ok(!json.ok && json.error === 'config is not valid');
    const schema = parseIgnition(b64({ ignition: { version: '3.4.0' }, passwd: { users: [{ name: 'core', sshAuthorizedKeys: 'not-a-list' }] } }));
    assert.ok(!schema.ok);
    assert.ok(schema.lines.some((l) => l.startsWith('error at $.passwd.users.0.sshAuthorizedKeys')), schema.lines.join('\n'));
    const rel = parseIgnition(b64({ ignition: { version: '3.4.0' }, storage: { files: [{ path: 'etc/x' }] } }));
    assert.ok(!rel.ok && rel.lines[0] === 'error at $.storage.files.0.path: path not absolute');
  });

  const origin = 'https://127.0.0.1:1';
  const internet = createSandboxInternet({ origin });
  const image = `${sandboxBakeryBaseUrl(origin)}/kubernetes-v1.36.1/kubernetes-v1.36.1-x86-64.raw`;
  const sha256 = createHash('sha256').update(sandboxSysextImage('1.36.1', 'x86-64')).digest('hex');
  const withSysext = (source: string, hash: string) =>
    parseIgnition(
      b64({
        ignition: { version: '3.4.0' },
        storage: {
          files: [
            { path: '/etc/hostname', mode: 420, contents: { source: 'data:,cp-0' } },
            { path: '/opt/extensions/kubernetes/kubernetes-v1.36.1-x86-64.raw', contents: { source, verification: { hash } } },
          ],
          links: [{ path: '/etc/extensions/kubernetes.raw', target: '/opt/extensions/kubernetes/kubernetes-v1.36.1-x86-64.raw' }],
        },
        systemd: { units: [{ name: 'locksmithd.service', mask: true }] },
      }),
    );

  it('writes files and links, masks units, and downloads remote sources checking verification.hash', () => {
    const parsed = withSysext(image, `sha256-${sha256}`);
    assert.ok(parsed.ok);
    const fs = new VirtualFs();
    const res = applyIgnition(parsed.config, fs, internet);
    assert.equal(fs.readText('/etc/hostname'), 'cp-0');
    assert.equal(fs.stat('/etc/hostname')?.type === 'file' && (fs.stat('/etc/hostname') as { mode: number }).mode, 0o644);
    assert.equal(fs.readText('/etc/extensions/kubernetes.raw'), sandboxSysextImage('1.36.1', 'x86-64').toString());
    assert.ok(res.lines.some((l) => l.endsWith(`GET ${image}: attempt #1`)));
    assert.ok(res.lines.some((l) => l.endsWith(`file matches expected sum of: ${sha256}`)));
    assert.equal(fs.lstat('/etc/systemd/system/locksmithd.service')?.type, 'link');
    assert.deepEqual(res.unitSettings.get('locksmithd.service'), { masked: true, hasContents: false });
    // sha512 pins are checked too.
    const sha512 = createHash('sha512').update(sandboxSysextImage('1.36.1', 'x86-64')).digest('hex');
    const p512 = withSysext(image, `sha512-${sha512}`);
    assert.ok(p512.ok);
    assert.doesNotThrow(() => applyIgnition(p512.config, new VirtualFs(), internet));
  });

  it('fails the files stage on a wrong hash, a missing file or an unknown host, writing nothing', () => {
    const cases: [string, string, RegExp][] = [
      [image, `sha256-${'0'.repeat(64)}`, /hash verification failed \(calculated [0-9a-f]{64} but expected 0{64}\)/],
      [image.replace('1.36.1-x86-64', '1.36.1-riscv'), `sha256-${sha256}`, /failed to fetch resource: resource not found/],
      ['https://extensions.flatcar.org/extensions/kubernetes-v1.36.1-x86-64.raw', `sha256-${sha256}`, /Could not resolve host: extensions\.flatcar\.org/],
    ];
    for (const [source, hash, why] of cases) {
      const parsed = withSysext(source, hash);
      assert.ok(parsed.ok);
      const fs = new VirtualFs();
      assert.throws(
        () => applyIgnition(parsed.config, fs, internet),
        (e: unknown) => e instanceof IgnitionApplyError && e.lines.some((l) => why.test(l)) && e.lines.at(-1)!.includes('[failed]'),
        source,
      );
      assert.equal(fs.stat('/opt/extensions/kubernetes/kubernetes-v1.36.1-x86-64.raw'), undefined);
    }
  });
});
