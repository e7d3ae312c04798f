import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createSandboxInternet } from '@flatkube/sandbox/testing';
import { SANDBOX_KUBERNETES_VERSIONS, sandboxBakeryBaseUrl, sandboxSysextImage } from '@flatkube/sandbox/testing';
import { parseSha256Sums, pinFromSums } from '../../../electron/services/cluster/render/sysext-checksums';

const origin = 'https://127.0.0.1:4443';
const internet = createSandboxInternet({ origin });
const bakery = sandboxBakeryBaseUrl(origin);
const text = (url: string) => {
  const r = internet.fetch(url);
  assert.ok(r.ok, `${url}: ${!r.ok && r.reason}`);
  return r.file.body.toString('utf8');
};

test('each release lists both images in sha256sum format, and the sums are the images\' real sha256', () => {
  const sums = parseSha256Sums(text(`${bakery}/kubernetes-v1.35.3/SHA256SUMS`));
  assert.deepEqual([...sums.keys()].sort(), ['kubernetes-v1.35.3-arm64.raw', 'kubernetes-v1.35.3-x86-64.raw']);
  for (const arch of ['x86-64', 'arm64'] as const) {
    const url = `${bakery}/kubernetes-v1.35.3/kubernetes-v1.35.3-${arch}.raw`;
    const r = internet.fetch(url);
    assert.ok(r.ok);
    assert.deepEqual(r.file.body, sandboxSysextImage('1.35.3', arch));
    assert.equal(sums.get(`kubernetes-v1.35.3-${arch}.raw`), createHash('sha256').update(r.file.body).digest('hex'));
    assert.equal(pinFromSums(text(`${bakery}/kubernetes-v1.35.3/SHA256SUMS`), '1.35.3', arch, bakery).url, url);
  }
  assert.notEqual(sums.get('kubernetes-v1.35.3-arm64.raw'), sums.get('kubernetes-v1.35.3-x86-64.raw'));
});

test('the metadata release lists every published version; unknown versions and files are 404', () => {
  const all = parseSha256Sums(text(`${bakery}/kubernetes/SHA256SUMS`));
  assert.equal(all.size, SANDBOX_KUBERNETES_VERSIONS.length * 2);
  for (const v of SANDBOX_KUBERNETES_VERSIONS) assert.ok(all.has(`kubernetes-v${v}-x86-64.raw`), v);
  for (const url of [`${bakery}/kubernetes-v1.35.1/SHA256SUMS`, `${bakery}/kubernetes-v1.35.3/kubernetes-v1.35.3-riscv.raw`, `${bakery}/kubernetes/other`, `${origin}/_bakery/x`]) {
    const r = internet.fetch(url);
    assert.ok(!r.ok && r.status === 404, url);
  }
});

test('any loopback port reaches the bakery (a restarted sandbox moves); other hosts do not resolve', () => {
  const moved = internet.fetch(`${sandboxBakeryBaseUrl('https://127.0.0.1:1')}/kubernetes-v1.36.1/SHA256SUMS`);
  assert.ok(moved.ok);
  const away = internet.fetch('https://extensions.flatcar.org/extensions/kubernetes-v1.36.1-x86-64.raw');
  assert.ok(!away.ok && away.status === 0 && away.reason === 'Could not resolve host: extensions.flatcar.org');
  // github.com is there (the CNI files), but not the real bakery's releases.
  const real = internet.fetch('https://github.com/flatcar/sysext-bakery/releases/download/kubernetes-v1.36.1/SHA256SUMS');
  assert.ok(!real.ok && real.status === 404);
  const ftp = internet.fetch('ftp://127.0.0.1:4443/x');
  assert.ok(!ftp.ok && ftp.status === 0);
});
