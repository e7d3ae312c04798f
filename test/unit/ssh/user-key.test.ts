import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createBackend } from '../../../electron/backend/backend';
import { OneTimeDownloads } from '../../../electron/backend/one-time-downloads';
import { startBrowserMode } from '../../../electron/browser-mode';
import type { CallContext } from '../../../electron/ipc/registry';
import { importPrivateKey } from '../../../electron/services/ssh/keys';

const call: CallContext = { transport: 'test', signal: new AbortController().signal };

test('cluster.generateSshKey keeps the private key 0600 in the data folder and answers only the public half and its path', async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'flatkube-userkey-'));
  const backend = createBackend({ shell: 'browser', dataDir });
  t.after(async () => {
    await backend.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const r = await backend.registry.invoke('cluster.generateSshKey', { cluster: 'demo' }, call);
  assert.ok(r.ok, JSON.stringify(r));
  const { publicKey, fingerprint, privateKeyPath } = r.value as { publicKey: string; fingerprint: string; privateKeyPath: string };
  assert.deepEqual(Object.keys(r.value as object).sort(), ['fingerprint', 'keyId', 'privateKeyPath', 'publicKey']);
  assert.ok(!JSON.stringify(r).includes('PRIVATE KEY'), 'the answer carries no private key');
  assert.match(publicKey, /^ssh-ed25519 AAAA\S+ core@demo$/);
  assert.ok(privateKeyPath.startsWith(path.join(dataDir, 'ssh-keys') + path.sep));

  const text = await readFile(privateKeyPath, 'utf8');
  const pair = importPrivateKey(text);
  assert.equal(pair.publicKey, publicKey, 'the file holds the private half of the answered public key');
  assert.equal(pair.fingerprint, fingerprint);
  if (process.platform !== 'win32') {
    assert.equal((await stat(privateKeyPath)).mode & 0o777, 0o600);
    assert.equal((await stat(path.dirname(privateKeyPath))).mode & 0o777, 0o700);
  }
  assert.equal((await readFile(`${privateKeyPath}.pub`, 'utf8')).trim(), publicKey);

  const again = await backend.registry.invoke('cluster.generateSshKey', {}, call);
  assert.ok(again.ok);
  assert.notEqual((again.value as { privateKeyPath: string }).privateKeyPath, privateKeyPath, 'a second key never overwrites the first');
  const bad = await backend.registry.invoke('cluster.generateSshKey', { cluster: '../etc' }, call);
  assert.equal(!bad.ok && bad.error.code, 'IPC_INVALID_INPUT');
});

test('cluster.downloadSshKey: browser mode answers a one-time link (the key never in the answer); the app writes it 0600 where its save dialog says', async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'flatkube-userkey-'));
  const chosen: string[] = [];
  const target = path.join(dataDir, 'picked', 'my_key');
  const browser = createBackend({ shell: 'browser', dataDir });
  const app = createBackend({ shell: 'electron', dataDir, saveFileAs: async (name) => (chosen.push(name), chosen.length === 1 ? target : undefined) });
  t.after(async () => {
    await browser.close();
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const made = await browser.registry.invoke('cluster.generateSshKey', { cluster: 'demo' }, call);
  assert.ok(made.ok);
  const { keyId, privateKeyPath } = made.value as { keyId: string; privateKeyPath: string };
  const text = await readFile(privateKeyPath, 'utf8');

  const offered = await browser.registry.invoke('cluster.downloadSshKey', { keyId }, call);
  assert.ok(offered.ok);
  assert.ok(!JSON.stringify(offered).includes('PRIVATE KEY'), 'the answer carries no private key');
  const { fileName, downloadUrl } = offered.value as { fileName: string; downloadUrl: string };
  assert.equal(fileName, `${keyId}_ed25519`);
  assert.match(downloadUrl, /^\/downloads\/[A-Za-z0-9_-]{43}$/);
  // Served by browser mode (a renderer folder of one file is enough to start it): once, as a file.
  const rendererDir = path.join(dataDir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html>');
  const server = await startBrowserMode({ backend: browser, rendererDir });
  t.after(() => server.close());
  const first = await fetch(`${server.origin}${downloadUrl}`);
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('content-disposition'), `attachment; filename="${keyId}_ed25519"`);
  assert.equal(first.headers.get('cache-control'), 'no-store');
  assert.equal(await first.text(), text);
  assert.equal((await fetch(`${server.origin}${downloadUrl}`)).status, 404, 'a link works once');
  assert.equal((await fetch(`${server.origin}/downloads/${'A'.repeat(43)}`)).status, 404, 'an unknown token gets nothing');
  assert.deepEqual(await app.registry.invoke('cluster.downloadSshKey', { keyId }, call), { ok: true, value: { fileName: `${keyId}_ed25519`, savedTo: target } });
  assert.deepEqual(chosen, [`${keyId}_ed25519`]);
  assert.equal(await readFile(target, 'utf8'), text);
  if (process.platform !== 'win32') assert.equal((await stat(target)).mode & 0o777, 0o600);
  assert.deepEqual(await app.registry.invoke('cluster.downloadSshKey', { keyId }, call), { ok: true, value: { fileName: `${keyId}_ed25519` } }, 'a cancelled dialog saves nothing');

  for (const bad of ['../demo', 'demo/../../x', '.hidden']) {
    const r = await browser.registry.invoke('cluster.downloadSshKey', { keyId: bad }, call);
    assert.equal(!r.ok && r.error.code, 'IPC_INVALID_INPUT', bad);
  }
  const gone = await browser.registry.invoke('cluster.downloadSshKey', { keyId: 'demo-ffffffff' }, call);
  assert.equal(!gone.ok && gone.error.code, 'SSH_USER_KEY_MISSING');
});

test('one-time downloads: a link expires unused, and tokens are 256 random bits', async () => {
  const downloads = new OneTimeDownloads(20);
  const a = downloads.offer('a', 'x');
  const b = downloads.offer('b', 'y');
  assert.notEqual(a, b);
  assert.deepEqual(downloads.take(b.slice('/downloads/'.length)), { fileName: 'b', contents: 'y' });
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(downloads.take(a.slice('/downloads/'.length)), undefined, 'expired');
  assert.equal(downloads.take('../../etc/passwd'), undefined);
});
