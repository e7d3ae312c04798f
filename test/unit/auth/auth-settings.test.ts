import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadAuthSettings } from '../../../electron/services/auth/auth-settings';
import { EncryptedCachePlugin } from '../../../electron/services/auth/encrypted-cache-plugin';
import { specIssuesToFindings } from '../../../electron/services/preflight/spec-findings';
import type { AppError } from '../../../electron/services/errors';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

describe('auth settings and cache plugin', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flatkube-auth-unit-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to organizations and no client id', async () => {
    const s = await loadAuthSettings({ env: {} });
    assert.equal(s.tenantId, 'organizations');
    assert.equal(s.clientId, undefined);
  });

  it('reads settings.json, and the environment wins over it', async () => {
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ azure: { clientId: A, tenantId: 'contoso.onmicrosoft.com' } }));
    const file = await loadAuthSettings({ dataDir: dir, env: {} });
    assert.deepEqual([file.clientId, file.tenantId, file.source.clientId], [A, 'contoso.onmicrosoft.com', 'settings']);
    const env = await loadAuthSettings({ dataDir: dir, env: { FLATKUBE_CLIENT_ID: B, FLATKUBE_TENANT_ID: B } });
    assert.deepEqual([env.clientId, env.tenantId, env.source.tenantId], [B, B, 'env']);
  });

  it('rejects malformed values with a clear message', async () => {
    await assert.rejects(loadAuthSettings({ env: { FLATKUBE_CLIENT_ID: 'az-cli' } }), (e: AppError) => e.code === 'SETTINGS_INVALID');
    writeFileSync(path.join(dir, 'settings.json'), '{ not json');
    await assert.rejects(loadAuthSettings({ dataDir: dir, env: {} }), (e: AppError) => e.code === 'SETTINGS_INVALID' && /not valid JSON/.test(e.message));
  });

  it('cache plugin: unreadable blobs are reported, not fatal', async () => {
    const file = path.join(dir, 'cache.bin');
    writeFileSync(file, 'garbage');
    const { SecretDecryptError } = await import('../../../electron/services/secrets/secret-store');
    const plugin = new EncryptedCachePlugin(
      { isAvailable: async () => ({ ok: true }), encrypt: async (b) => b, decrypt: async () => { throw new SecretDecryptError('bad'); } },
      file,
    );
    let deserialized = false;
    await plugin.beforeCacheAccess({ tokenCache: { deserialize: () => (deserialized = true) }, cacheHasChanged: false } as never);
    assert.equal(deserialized, false);
    assert.match((await plugin.status()).reason!, /could not be decrypted/);
  });

  it('preflight maps spec issues to coded findings', () => {
    const f = specIssuesToFindings([
      { path: 'network.podCidr', message: 'pod network overlaps the VNet 10.0.0.0/16' },
      { path: 'allowedSourceIp', message: 'a single IPv4 address' },
    ]);
    assert.deepEqual(f.map((x) => [x.code, x.severity, x.path]), [['CIDR_OVERLAP', 'error', 'network.podCidr'], ['PUBLIC_IP_UNKNOWN', 'error', 'allowedSourceIp']]);
  });
});
