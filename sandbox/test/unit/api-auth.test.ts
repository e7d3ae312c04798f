/**
 * The sandbox API's credentials, module by module: the API token (random, persisted 0600 with a
 * state dir), the door's reading of paths and Authorization headers, and the signed URLs that
 * stand in for Azure's SAS (HMAC of the resource, keyed with the token).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, chmodSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { API_TOKEN_FILE, isWellFormedApiToken, loadOrCreateApiToken, newApiToken, secretsEqual } from '../../src/api-auth/api-token';
import { bearerToken, isSandboxApiPath, isSignedBlobRequest } from '../../src/api-auth/api-gate';
import { createSignedUrls, storageAuthenticationFailed } from '../../src/api-auth/signed-urls';

const posix = process.platform !== 'win32';

describe('sandbox API token', () => {
  it('is 32 random bytes in base64url, different every time', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => newApiToken()));
    assert.equal(tokens.size, 50);
    for (const t of tokens) {
      assert.match(t, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(Buffer.from(t, 'base64url').length, 32);
      assert.ok(isWellFormedApiToken(t));
    }
    assert.equal(isWellFormedApiToken('short'), false);
    assert.equal(isWellFormedApiToken(`${newApiToken().slice(0, 42)}=`), false);
  });

  it('without a state dir: a new token per run, nothing written', () => {
    assert.notEqual(loadOrCreateApiToken(), loadOrCreateApiToken());
  });

  it('with a state dir: created once in a 0600 file, then read back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-apitoken-'));
    try {
      const first = loadOrCreateApiToken(dir);
      const file = join(dir, API_TOKEN_FILE);
      assert.equal(readFileSync(file, 'utf8').trim(), first);
      if (posix) assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(loadOrCreateApiToken(dir), first);
      assert.deepEqual(readdirSync(dir), [API_TOKEN_FILE], 'no temp file left behind');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a token file others can read is made 0600 again; a broken one is replaced', { skip: !posix && 'POSIX modes' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-apitoken-'));
    try {
      const file = join(dir, API_TOKEN_FILE);
      const token = loadOrCreateApiToken(dir);
      chmodSync(file, 0o644);
      assert.equal(loadOrCreateApiToken(dir), token);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      writeFileSync(file, 'abc\n', { mode: 0o600 });
      const fresh = loadOrCreateApiToken(dir);
      assert.ok(isWellFormedApiToken(fresh));
      assert.notEqual(fresh, 'abc');
      assert.equal(readFileSync(file, 'utf8').trim(), fresh);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('compares secrets exactly, whatever their lengths', () => {
    const t = newApiToken();
    assert.equal(secretsEqual(t, t), true);
    assert.equal(secretsEqual(t.slice(0, -1), t), false);
    assert.equal(secretsEqual(`${t}x`, t), false);
    assert.equal(secretsEqual('', t), false);
    assert.equal(secretsEqual(t.toUpperCase() === t ? t.toLowerCase() : t.toUpperCase(), t), false);
  });
});

describe('sandbox API door', () => {
  it('takes every spelling the router would route to /_sandbox/... for the sandbox API', () => {
    for (const p of ['/_sandbox/journal', '/_sandbox', '/_sandbox/', '/_SANDBOX/nodes', '//_sandbox//nodes', '/%5Fsandbox/nodes', '/%5fSandBox/faults', '/_sandbox%2Fjournal', '/_sandbox/%ZZ']) {
      assert.equal(isSandboxApiPath(p), true, p);
    }
    for (const p of ['/', '/_bakery/releases/download/kubernetes/SHA256SUMS', '/subscriptions', '/common/oauth2/v2.0/authorize', '/_sandboxes/x', '/x/_sandbox/journal', '/devicelogin']) {
      assert.equal(isSandboxApiPath(p), false, p);
    }
  });

  it('lets only a GET of one serial console URL by without the bearer token', () => {
    assert.equal(isSignedBlobRequest('GET', '/_sandbox/serialconsole/0b1c'), true);
    assert.equal(isSignedBlobRequest('GET', '/_SANDBOX/SerialConsole/0b1c'), true);
    assert.equal(isSignedBlobRequest('POST', '/_sandbox/serialconsole/0b1c'), false);
    assert.equal(isSignedBlobRequest('GET', '/_sandbox/serialconsole'), false);
    assert.equal(isSignedBlobRequest('GET', '/_sandbox/serialconsole/0b1c/more'), false);
    assert.equal(isSignedBlobRequest('GET', '/_sandbox/nodes'), false);
    assert.equal(isSignedBlobRequest('GET', '/_sandbox/journal'), false);
  });

  it('reads the token of a Bearer header only', () => {
    assert.equal(bearerToken('Bearer abc_-1'), 'abc_-1');
    assert.equal(bearerToken('bearer abc'), 'abc');
    assert.equal(bearerToken('Bearer  abc '), 'abc');
    assert.equal(bearerToken('Basic abc'), undefined);
    assert.equal(bearerToken('Bearer'), undefined);
    assert.equal(bearerToken('Bearer a b'), undefined);
    assert.equal(bearerToken(undefined), undefined);
  });
});

describe('signed URLs', () => {
  const urls = createSignedUrls(newApiToken());
  const NOW = Date.parse('2026-03-01T12:00:00Z');
  const HOUR = 3600_000;
  const query = (q: string) => Object.fromEntries(new URLSearchParams(q)) as { se?: string; sig?: string };

  it('a signature opens its own resource only, until its expiry, and only for the sandbox that made it', () => {
    const q = query(urls.sign('serialconsole/vm-1', NOW + HOUR));
    assert.equal(q.se, '2026-03-01T13:00:00Z');
    assert.match(q.sig ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(query(urls.sign('serialconsole/vm-1', NOW + HOUR)), q, 'stable, so a restarted sandbox keeps its URLs');
    assert.deepEqual(urls.verify('serialconsole/vm-1', q, NOW), { ok: true });
    assert.deepEqual(urls.verify('serialconsole/vm-2', q, NOW), { ok: false, reason: 'mismatch' });
    assert.deepEqual(urls.verify('serialconsole/vm-1', { se: q.se }, NOW), { ok: false, reason: 'malformed' });
    assert.deepEqual(urls.verify('serialconsole/vm-1', { sig: q.sig }, NOW), { ok: false, reason: 'malformed' });
    assert.deepEqual(urls.verify('serialconsole/vm-1', { ...q, sig: '' }, NOW), { ok: false, reason: 'malformed' });
    const sig = q.sig!;
    assert.deepEqual(urls.verify('serialconsole/vm-1', { ...q, sig: `${sig.slice(0, 10)}${sig[10] === 'a' ? 'b' : 'a'}${sig.slice(11)}` }, NOW), { ok: false, reason: 'mismatch' });
    assert.deepEqual(createSignedUrls(newApiToken()).verify('serialconsole/vm-1', q, NOW), { ok: false, reason: 'mismatch' });
    // The expiry is signed: moving it is a forgery, not an extension.
    assert.deepEqual(urls.verify('serialconsole/vm-1', { ...q, se: '2026-03-02T13:00:00Z' }, NOW), { ok: false, reason: 'mismatch' });
    assert.deepEqual(urls.verify('serialconsole/vm-1', { ...q, se: '2026-03-01 13:00:00' }, NOW), { ok: false, reason: 'malformed' });
    // At and after the expiry it opens nothing.
    assert.deepEqual(urls.verify('serialconsole/vm-1', q, NOW + HOUR), { ok: false, reason: 'expired', expiresAtMs: NOW + HOUR });
    assert.deepEqual(urls.verify('serialconsole/vm-1', q, NOW + HOUR - 1), { ok: true });
  });

  it('a bad or expired signature gets Azure Storage\'s 403 AuthenticationFailed', () => {
    const r = storageAuthenticationFailed('req-1', { ok: false, reason: 'mismatch' }, NOW);
    assert.equal(r.status, 403);
    assert.equal(r.headers?.['x-ms-error-code'], 'AuthenticationFailed');
    assert.equal(r.headers?.['Content-Type'], 'application/xml');
    assert.match(String(r.body), /^<\?xml version="1\.0" encoding="utf-8"\?><Error><Code>AuthenticationFailed<\/Code><Message>Server failed to authenticate the request\./);
    assert.match(String(r.body), /RequestId:req-1\n/);
    assert.match(String(r.body), /<AuthenticationErrorDetail>Signature did not match\.<\/AuthenticationErrorDetail>/);
    assert.match(String(storageAuthenticationFailed('req-2', { ok: false, reason: 'malformed' }, NOW).body), /Signature fields not well formed\./);
    assert.match(
      String(storageAuthenticationFailed('req-3', { ok: false, reason: 'expired', expiresAtMs: NOW - HOUR }, NOW).body),
      /<AuthenticationErrorDetail>Signed expiry time \[Sun, 01 Mar 2026 11:00:00 GMT\] must be after signed start time \[Sun, 01 Mar 2026 12:00:00 GMT\]<\/AuthenticationErrorDetail>/,
    );
  });
});
