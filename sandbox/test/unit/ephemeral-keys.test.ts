// Sandboxes without a state dir, in one process: the second uses the first's TLS material and
// token key (made once: RSA keys cost CPU), yet stands on its own: its CA certificate file is in
// its own temp dir and outlives the first sandbox, its tokens name its own issuer, so the first
// one's tokens are refused; its API token is its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { armToken, call, startTestSandbox } from '../helpers/platform';

const SUBSCRIPTIONS = '/subscriptions?api-version=2022-12-01';

test('a second ephemeral sandbox in the process reuses the keys, not the files, the issuer or the API token', async () => {
  const a = await startTestSandbox({ log: () => {} });
  const b = await startTestSandbox({ log: () => {} });
  try {
    assert.equal(b.caCertPem, a.caCertPem, 'the same CA');
    assert.notEqual(dirname(b.info.caCertPath), dirname(a.info.caCertPath), 'each has its own temp dir');
    assert.notEqual(b.info.apiToken, a.info.apiToken);
    const fromA = await armToken(a);
    const fromB = await armToken(b);
    assert.equal((await call(b, 'GET', SUBSCRIPTIONS, { headers: { Authorization: `Bearer ${fromB}` } })).status, 200, "b takes its own token");
    assert.equal((await call(b, 'GET', SUBSCRIPTIONS, { headers: { Authorization: `Bearer ${fromA}` } })).status, 401, "b refuses a's token (a's issuer)");
    await a.close();
    assert.ok(!existsSync(a.info.caCertPath), "a's temp dir went with it");
    assert.equal(readFileSync(b.info.caCertPath, 'utf8'), b.caCertPem, "b's CA file is still there");
    assert.equal((await call(b, 'GET', SUBSCRIPTIONS, { headers: { Authorization: `Bearer ${fromB}` } })).status, 200, 'b still serves TLS and tokens');
  } finally {
    await a.close().catch(() => undefined);
    await b.close();
  }
});
