import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterNodes } from '../../../shared/domain/cluster-layout';
import { renderIgnition } from '../../../electron/services/cluster/render/ignition';
import {
  SYSEXT_CHECKSUM_UNAVAILABLE,
  SysextChecksumError,
  parseSha256Sums,
  pinFromSums,
} from '../../../electron/services/cluster/render/sysext-checksums';
import {
  listSysextVersions,
  resolveSysextPin,
  sysextSource,
  type FetchText,
} from '../../../electron/services/cluster/sysext/bakery';
import { FLATCAR_SYSEXT_BAKERY } from '../../../electron/services/azure/environment';
import { offeredKubernetesVersions } from '../../../electron/services/cluster/catalogue/kubernetes-versions';
import { makeSpec } from './fixtures';

const H1 = 'a'.repeat(64);
const H2 = '0123456789abcdef'.repeat(4);
const GOOD = `${H1}  kubernetes-v1.35.3-x86-64.raw\n${H2}  kubernetes-v1.35.3-arm64.raw\n${'b'.repeat(64)} *kubernetes.conf\n`;
const BAKERY = 'https://example.test/releases/download';
const BASE = `${BAKERY}/kubernetes-v1.35.3`;

test('parses a good SHA256SUMS list and picks the exact file', () => {
  const sums = parseSha256Sums(GOOD);
  assert.equal(sums.size, 3);
  assert.equal(sums.get('kubernetes-v1.35.3-arm64.raw'), H2);
  assert.deepEqual(pinFromSums(GOOD, '1.35.3', 'x86-64', `${BAKERY}/`), {
    url: `${BASE}/kubernetes-v1.35.3-x86-64.raw`,
    hash: `sha256-${H1}`,
  });
  assert.equal(pinFromSums(GOOD, '1.35.3', 'arm64', BAKERY).hash, `sha256-${H2}`);
});

test('a file that is not listed (or only by a similar name) is refused with the URL tried', () => {
  const similar = `${H1}  kubernetes-v1.35.30-x86-64.raw\n${H1}  kubernetes-v1.35.3-x86-64.raw.sig\n`;
  for (const text of ['', similar]) {
    assert.throws(
      () => pinFromSums(text, '1.35.3', 'x86-64', BAKERY),
      (e: unknown) => e instanceof SysextChecksumError && e.code === SYSEXT_CHECKSUM_UNAVAILABLE && e.reason === 'not-listed' && e.hint!.includes(`${BASE}/SHA256SUMS`),
    );
  }
});

test('malformed lines are refused: uppercase, short hex, one space, paths, trailing text, CRLF', () => {
  const bad = [
    `${H1.toUpperCase()}  kubernetes-v1.35.3-x86-64.raw`,
    `${H1.slice(1)}  kubernetes-v1.35.3-x86-64.raw`,
    `${H1} kubernetes-v1.35.3-x86-64.raw`,
    `${H1}  ./kubernetes-v1.35.3-x86-64.raw`,
    `${H1}  kubernetes-v1.35.3-x86-64.raw extra`,
    `${H1}  kubernetes-v1.35.3-x86-64.raw\r\n`,
    `\n${H1}  kubernetes-v1.35.3-x86-64.raw`,
    `<html>Not Found</html>`,
  ];
  for (const text of bad) {
    assert.throws(() => parseSha256Sums(text), /is not "<64 lowercase hex>/, JSON.stringify(text));
    assert.throws(() => pinFromSums(text, '1.35.3', 'x86-64', BAKERY), (e: unknown) => e instanceof SysextChecksumError && e.reason === 'invalid');
  }
});

test('duplicates are refused, conflicting or not', () => {
  const line = `${H1}  kubernetes-v1.35.3-x86-64.raw\n`;
  assert.throws(() => parseSha256Sums(line + `${H2}  kubernetes-v1.35.3-x86-64.raw\n`), /twice with different hashes/);
  assert.throws(() => parseSha256Sums(line + line), /listed twice/);
  assert.throws(() => pinFromSums(line + line, '1.35.3', 'x86-64', BAKERY), (e: unknown) => e instanceof SysextChecksumError && e.reason === 'invalid');
});

test('resolveSysextPin: the release URL, 404 = not listed, network failure and 5xx = unreachable, HTTPS only', async () => {
  const asked: string[] = [];
  const ok: FetchText = async (url) => (asked.push(url), { status: 200, text: GOOD });
  const pin = await sysextSource({ sysextBakery: FLATCAR_SYSEXT_BAKERY }, { fetchText: ok }).resolve('1.35.3', 'x86-64');
  assert.deepEqual(asked, ['https://github.com/flatcar/sysext-bakery/releases/download/kubernetes-v1.35.3/SHA256SUMS']);
  assert.equal(pin.url, 'https://github.com/flatcar/sysext-bakery/releases/download/kubernetes-v1.35.3/kubernetes-v1.35.3-x86-64.raw');
  assert.equal(pin.hash, `sha256-${H1}`);

  const reasonOf = async (fetchText: FetchText) => {
    const err = await resolveSysextPin('1.35.3', 'x86-64', { fetchText, bakery: BAKERY }).then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof SysextChecksumError);
    assert.equal(err.code, SYSEXT_CHECKSUM_UNAVAILABLE);
    assert.ok(err.hint!.includes(`${BASE}/SHA256SUMS`), err.hint);
    return err.reason;
  };
  assert.equal(await reasonOf(async () => ({ status: 404, text: 'Not Found' })), 'not-listed');
  assert.equal(await reasonOf(async () => ({ status: 503, text: '' })), 'unreachable');
  assert.equal(
    await reasonOf(async () => {
      throw new Error('getaddrinfo ENOTFOUND');
    }),
    'unreachable',
  );
  await assert.rejects(resolveSysextPin('1.35.3', 'x86-64', { fetchText: ok, bakery: 'http://example.test/x' }), /HTTPS/);
  await assert.rejects(resolveSysextPin('1.35', 'x86-64', { fetchText: ok, bakery: BAKERY }), /not a Kubernetes version/);
});

test('renderIgnition uses the resolved pin: its URL and hash, only for the right file, sha256 over HTTPS', () => {
  const spec = makeSpec();
  const node = clusterNodes(spec).find((n) => n.role === 'worker')!;
  const base = { spec, node };
  const pin = pinFromSums(GOOD, spec.kubernetesVersion, 'x86-64', FLATCAR_SYSEXT_BAKERY);
  const cfg = renderIgnition({ ...base, pin });
  const sysext = cfg.storage.files.find((f) => f.path.endsWith('.raw'))!;
  assert.deepEqual(sysext.contents, { source: pin.url, verification: { hash: `sha256-${H1}` } });

  assert.throws(() => renderIgnition({ ...base, pin: { ...pin, url: pin.url.replace('x86-64', 'arm64') } }), /not an HTTPS URL of kubernetes-v1\.35\.3-x86-64\.raw/);
  assert.throws(() => renderIgnition({ ...base, pin: { ...pin, url: pin.url.replace('https:', 'http:') } }), /not an HTTPS URL/);
  assert.throws(() => renderIgnition({ ...base, pin: { ...pin, hash: `sha256-${H1.toUpperCase()}` } }), /not a sha256/);
  assert.throws(() => renderIgnition({ ...base, pin: { ...pin, url: 'not a url' } }), /no valid URL/);
});

test('the version list: the metadata release lists every version; the wizard gets supported minors, newest first', async () => {
  const sums = ['1.33.9', '1.34.4', '1.34.5', '1.35.3', '1.36.1', '1.36.0']
    .flatMap((v, i) => ['x86-64', ...(v === '1.36.1' ? [] : ['arm64'])].map((a) => `${String(i).repeat(64)}  kubernetes-v${v}-${a}.raw`))
    .concat([`${'f'.repeat(64)}  kubernetes-v1.35.conf`])
    .join('\n') + '\n';
  const asked: string[] = [];
  const list = await listSysextVersions({ fetchText: async (url) => (asked.push(url), { status: 200, text: sums }), bakery: BAKERY });
  assert.deepEqual(asked, [`${BAKERY}/kubernetes/SHA256SUMS`]);
  assert.deepEqual(list.map((v) => v.version), ['1.33.9', '1.34.4', '1.34.5', '1.35.3', '1.36.0', '1.36.1']);
  assert.deepEqual(list.find((v) => v.version === '1.36.1')!.arches, ['x86-64']);

  const x64 = offeredKubernetesVersions(list, 'x64', BAKERY);
  assert.deepEqual(x64.versions, [
    { version: '1.36.1', minor: 36, latestPatch: true },
    { version: '1.36.0', minor: 36, latestPatch: false },
    { version: '1.35.3', minor: 35, latestPatch: true },
    { version: '1.34.5', minor: 34, latestPatch: true },
    { version: '1.34.4', minor: 34, latestPatch: false },
  ]);
  // No arm64 image of 1.36.1: on Arm64 the newest 1.36 is 1.36.0.
  assert.deepEqual(offeredKubernetesVersions(list, 'Arm64', BAKERY).versions[0], { version: '1.36.0', minor: 36, latestPatch: true });

  // The metadata release concatenates every release's list: a list appended twice is harmless,
  // the same file with two hashes is not.
  const twice = await listSysextVersions({ fetchText: async () => ({ status: 200, text: sums + sums }), bakery: BAKERY });
  assert.deepEqual(twice, list);
  await assert.rejects(
    listSysextVersions({ fetchText: async () => ({ status: 200, text: `${sums}${'9'.repeat(64)}  kubernetes-v1.35.3-x86-64.raw\n` }), bakery: BAKERY }),
    (e: unknown) => e instanceof SysextChecksumError && e.reason === 'invalid' && /twice with different hashes/.test(e.message),
  );
  await assert.rejects(listSysextVersions({ fetchText: async () => ({ status: 404, text: 'Not Found' }), bakery: BAKERY }), (e: unknown) => e instanceof SysextChecksumError && e.reason === 'unreachable');
  await assert.rejects(listSysextVersions({ fetchText: async () => ({ status: 200, text: '<html>' }), bakery: BAKERY }), (e: unknown) => e instanceof SysextChecksumError && e.reason === 'invalid');
});
