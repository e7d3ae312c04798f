/**
 * Every sign-in and Azure service through the IPC registry of a real backend, over the embedded
 * sandbox (the default session): what the renderer gets, validated against the contract.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createBackend, type Backend } from '../../../electron/backend/backend';
import type { CallContext } from '../../../electron/ipc/registry';
import { SANDBOX_USERS, startSandbox, type Sandbox } from '@flatkube/sandbox';
import type { AuthStatus } from '../../../shared/ipc/channels/auth';
import type { KubernetesVersionsResult, SubscriptionsResult } from '../../../shared/ipc/channels/azure';
import { minimalSpecInput } from '../../unit/domain/spec-fixture';
import { sandboxBrowser } from '../auth/sandbox-browser';
import { call as rawCall } from '../../helpers/sandbox-platform';

const ctx: CallContext = { transport: 'test', signal: new AbortController().signal };

describe('auth.* and azure.* over the IPC registry (sandbox session)', () => {
  let backend: Backend;
  let sb: Sandbox | undefined;
  let dir: string;
  let sandboxStarts = 0;
  const events: Array<{ channel: string; event: unknown }> = [];

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flatkube-ipc-azure-'));
    backend = createBackend({
      shell: 'browser',
      dataDir: dir,
      azure: {
        env: {},
        probe: async () => 'exists',
        openBrowser: async (url) => sandboxBrowser(sb!.caCertPem, SANDBOX_USERS[1]!.oid)(url),
        startSandbox: async () => {
          sandboxStarts++;
          sb = await startSandbox({ latency: 'instant' });
          return { info: sb.info, caCertPem: sb.caCertPem, close: () => sb!.close() };
        },
      },
    });
    backend.hub.connect((channel, event) => events.push({ channel, event }));
  });
  after(async () => {
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const invoke = async <T>(channel: string, input?: unknown): Promise<T> => {
    const r = await backend.registry.invoke(channel, input, ctx);
    if (!r.ok) assert.fail(`${channel}: ${JSON.stringify(r.error)}`);
    // Tokens never cross IPC.
    assert.doesNotMatch(JSON.stringify(r.value), /eyJ[A-Za-z0-9_-]{10,}\./);
    return r.value as T;
  };

  it('starts the sandbox lazily as the default session with a sandbox user signed in', async () => {
    assert.equal(sandboxStarts, 0);
    const st = await invoke<AuthStatus>('auth.status');
    assert.equal(sandboxStarts, 1);
    assert.equal(st.environment, 'sandbox');
    assert.match(st.environmentLabel, /simulated/);
    assert.deepEqual(st.accounts.map((a) => a.username), [SANDBOX_USERS[0]!.upn]);
    assert.equal(st.persistence.persistent, true);
    assert.ok(st.azureUnavailableReason, 'no client id configured for real Azure');
    assert.equal(statSync(path.join(dir, 'token-cache-sandbox.bin')).mode & 0o777, 0o600);
    const refused = await backend.registry.invoke('auth.useAzure', undefined, ctx);
    assert.equal(!refused.ok && refused.error.code, 'AUTH_CLIENT_ID_MISSING');
  });

  it('signs in by browser and by device code (prompt as an event), signs out', async () => {
    const grace = await invoke<{ id: string; username: string }>('auth.signIn', { method: 'browser' });
    assert.equal(grace.username, SANDBOX_USERS[1]!.upn);
    const device = backend.registry.invoke('auth.signIn', { method: 'deviceCode' }, ctx);
    let prompt: { userCode: string } | undefined;
    while (!(prompt = events.find((e) => e.channel === 'auth.deviceCode')?.event as { userCode: string } | undefined)) await new Promise((r) => setTimeout(r, 10));
    const busy = await backend.registry.invoke('auth.signIn', { method: 'deviceCode' }, ctx);
    assert.equal(!busy.ok && busy.error.code, 'AUTH_IN_PROGRESS');
    assert.equal((await rawCall(sb!, 'POST', '/_sandbox/devicecode/approve', { body: { user_code: prompt.userCode, user: SANDBOX_USERS[1]!.upn } })).status, 200);
    const r = await device;
    assert.ok(r.ok);
    const st = await invoke<AuthStatus>('auth.signOut', { accountId: grace.id });
    assert.deepEqual(st.accounts.map((a) => a.username), [SANDBOX_USERS[0]!.upn]);
  });

  it('cancels a device code sign-in through auth.cancelSignIn', async () => {
    const pending = backend.registry.invoke('auth.signIn', { method: 'deviceCode' }, ctx);
    const before = events.filter((e) => e.channel === 'auth.deviceCode').length;
    while (events.filter((e) => e.channel === 'auth.deviceCode').length === before) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(await invoke('auth.cancelSignIn'), { cancelled: true });
    const r = await pending;
    assert.equal(!r.ok && r.error.code, 'AUTH_CANCELLED');
  });

  it('serves every Azure read and preflight', async () => {
    const subs = await invoke<SubscriptionsResult>('azure.subscriptions');
    const subscriptionId = sb!.info.subscriptionId;
    assert.ok(subs.subscriptions.some((s) => s.subscriptionId === subscriptionId));
    assert.equal((await invoke<unknown[]>('azure.tenants')).length, 1);
    const locs = await invoke<Array<{ name: string }>>('azure.locations', { subscriptionId });
    assert.ok(locs.some((l) => l.name === 'westeurope'));
    const images = await invoke<Array<{ offer: string }>>('azure.images', { subscriptionId, location: 'westeurope' });
    assert.ok(images.some((i) => i.offer === 'flatcar-container-linux-corevm-amd64'));
    const terms = await invoke<{ accepted: boolean }>('azure.terms', { subscriptionId, offer: 'flatcar-container-linux-free', plan: 'stable-gen2' });
    assert.equal(terms.accepted, false);
    assert.equal((await invoke<{ accepted: boolean }>('azure.acceptTerms', { subscriptionId, offer: 'flatcar-container-linux-free', plan: 'stable-gen2' })).accepted, true);
    const sizes = await invoke<{ sizes: Array<{ name: string; price?: unknown }> }>('azure.sizes', { subscriptionId, location: 'westeurope' });
    assert.ok(sizes.sizes.find((s) => s.name === 'Standard_B2s')?.price);
    assert.equal((await invoke<{ source: string }>('azure.publicIp', {})).source, 'sandbox');
    assert.equal((await invoke<{ ip: string }>('azure.publicIp', { override: '198.51.100.9' })).ip, '198.51.100.9');
    const pf = await invoke<{ ok: boolean; findings: unknown[] }>('azure.preflight', { spec: minimalSpecInput({ subscriptionId }) });
    assert.deepEqual(pf, { ok: true, findings: [] });
    // Versions from the sandbox's sysext bakery, over HTTPS, newest first.
    const versions = await invoke<KubernetesVersionsResult>('azure.kubernetesVersions', { architecture: 'Arm64' });
    assert.equal(versions.bakery, `${sb!.info.armEndpoint}/_bakery/releases/download`);
    assert.deepEqual(versions.versions.filter((v) => v.latestPatch).map((v) => v.version), ['1.36.1', '1.35.3', '1.34.5']);
    assert.equal(versions.versions.length, 6);
  });

  it('answers errors as {code, message, hint, azureCode} envelopes', async () => {
    const bad = await backend.registry.invoke('azure.locations', { subscriptionId: 'nope' }, ctx);
    assert.equal(!bad.ok && bad.error.code, 'IPC_INVALID_INPUT');
    const unknown = await backend.registry.invoke('azure.sizes', { subscriptionId: '99999999-9999-4999-8999-999999999999', location: 'westeurope' }, ctx);
    assert.ok(!unknown.ok);
    assert.equal(unknown.error.code, 'AZURE_SUBSCRIPTION_UNKNOWN');
    assert.ok(unknown.error.hint);
  });
});
