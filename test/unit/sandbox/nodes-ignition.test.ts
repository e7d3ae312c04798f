import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseIgnition } from '../../../electron/services/sandbox/nodes/ignition-validate';
import { applyIgnition, decodeDataUrl } from '../../../electron/services/sandbox/nodes/ignition-apply';
import { VirtualFs } from '../../../electron/services/sandbox/nodes/vfs';

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

  it('writes files, links, masks units and records remote sources as simulated fetches', () => {
    const parsed = parseIgnition(
      b64({
        ignition: { version: '3.4.0' },
        storage: {
          files: [
            { path: '/etc/hostname', mode: 420, contents: { source: 'data:,cp-0' } },
            { path: '/opt/extensions/kubernetes/kubernetes-v1.36.1-x86-64.raw', contents: { source: 'https://extensions.flatcar.org/extensions/kubernetes-v1.36.1-x86-64.raw', verification: { hash: `sha512-${'c'.repeat(128)}` } } },
          ],
          links: [{ path: '/etc/extensions/kubernetes.raw', target: '/opt/extensions/kubernetes/kubernetes-v1.36.1-x86-64.raw' }],
        },
        systemd: { units: [{ name: 'locksmithd.service', mask: true }] },
      }),
    );
    assert.ok(parsed.ok);
    const fs = new VirtualFs();
    const res = applyIgnition(parsed.config, fs);
    assert.equal(fs.readText('/etc/hostname'), 'cp-0');
    assert.equal(fs.stat('/etc/hostname')?.type === 'file' && (fs.stat('/etc/hostname') as { mode: number }).mode, 0o644);
    assert.match(fs.readText('/etc/extensions/kubernetes.raw') ?? '', /simulated content of https:\/\/extensions/);
    assert.ok(res.lines.some((l) => l.includes('fetched (simulated)')));
    assert.ok(res.lines.some((l) => l.includes(`sha512-${'c'.repeat(128)}`)));
    assert.equal(fs.lstat('/etc/systemd/system/locksmithd.service')?.type, 'link');
    assert.deepEqual(res.unitSettings.get('locksmithd.service'), { masked: true, hasContents: false });
  });
});
