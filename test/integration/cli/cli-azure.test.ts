/**
 * The CLI on real Azure's code path: the sandbox runs in-process posing as Azure (kind 'azure',
 * so no automatic sandbox user; sign-in is the device code flow, approved through the sandbox
 * API), the commands get it through their deps as the binary gets the public cloud. Plus one
 * spawned run of the real binary for the missing app registration.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UsageError } from '../../../electron/cli/args';
import { createArmClients, type ArmClients } from '../../../electron/services/azure/arm-clients';
import { sandboxEnvironment } from '../../../electron/services/azure/sandbox-environment';
import { listTaggedResources } from '../../../electron/services/cluster/engine/teardown';
import type { RunningSandbox } from '@flatkube/sandbox/testing';
import { SANDBOX_CLIENT_ID, SANDBOX_SECOND_SUBSCRIPTION_ID, SANDBOX_SUBSCRIPTION_ID, SANDBOX_USERS } from '@flatkube/sandbox';
import { FileKeySecretStore } from '../../../electron/services/secrets/file-key-secret-store';
import { passwordCredential, startTestSandbox } from '../../helpers/sandbox-platform';
import { flatkube, sandboxAsAzure, type SandboxAsAzure } from './in-process-cli';
import { example, run } from './run-cli';

const [ADA, GRACE] = [SANDBOX_USERS[0]!, SANDBOX_USERS[1]!];
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\./;
const oneLine = (s: string) => s.trim().split('\n').length === 1;
// A backstop: a command stuck on Azure or SSH fails its test instead of stalling the suite.
const T = { timeout: 120_000 };

/** What MSAL keeps after Entra rejects a refresh token (bad_token): the account, but no tokens. */
async function dropCachedTokens(dataDir: string): Promise<void> {
  const file = join(dataDir, 'token-cache-azure.bin');
  const store = new FileKeySecretStore({ dataDir });
  const cache = JSON.parse((await store.decrypt(readFileSync(file))).toString('utf8')) as Record<string, unknown>;
  assert.ok(Object.keys(cache.RefreshToken as object).length > 0, 'a refresh token was cached');
  cache.AccessToken = {};
  cache.RefreshToken = {};
  writeFileSync(file, await store.encrypt(Buffer.from(JSON.stringify(cache), 'utf8')));
}

describe('flatkube CLI: real Azure (the sandbox posing as Azure)', () => {
  let sb: RunningSandbox;
  let dataDir: string;
  let azure: SandboxAsAzure;
  let arm: ArmClients;
  const env = { FLATKUBE_CLIENT_ID: SANDBOX_CLIENT_ID };
  const cli = (args: string[], approveAs?: string) => flatkube(sb, args, { dataDir, env, azure, ...(approveAs ? { approveAs } : {}) });

  before(async () => {
    sb = await startTestSandbox();
    dataDir = mkdtempSync(join(tmpdir(), 'fk-cli-azure-'));
    azure = sandboxAsAzure(sb);
    // The test's own view of the sandbox, to see what the CLI created and deleted.
    arm = createArmClients(sandboxEnvironment(sb.info, sb.caCertPem), passwordCredential(sb), sb.info.subscriptionId);
  });
  after(async () => {
    await sb.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('without an app registration: exit 1 with one line naming the setting and the README section, nothing written', T, async () => {
    const empty = mkdtempSync(join(tmpdir(), 'fk-cli-noid-'));
    try {
      const r = await flatkube(sb, ['create', '--spec', example], { dataDir: empty, env: {}, azure });
      assert.equal(r.code, 1);
      assert.match(r.reason, /^flatkube create: no Azure app registration \(client id\) is configured: set FLATKUBE_CLIENT_ID or azure\.clientId in .*settings\.json \(see README\.md, "Use your own app registration"\)$/m);
      assert.ok(oneLine(r.reason), r.reason);
      assert.deepEqual(r.deviceCodes, []);
      assert.deepEqual(readdirSync(empty), [], 'no key file, no token cache');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('create signs in with a device code, then runs to nodes Ready; kubeconfig and token cache are 0600', T, async () => {
    const r = await cli(['create', '--spec', example], ADA.upn);
    assert.equal(r.code, 0, `${r.reason}\n${r.stderr}\n${r.stdout}`);
    assert.equal(r.deviceCodes.length, 1);
    assert.match(r.stderr, /^flatkube: To sign in, use a web browser to open the page https:\/\/\S+\/devicelogin and enter the code [A-Z0-9]{9} /m);
    assert.match(r.stderr, /^flatkube: signed in to Azure as ada@/m);
    assert.match(r.stdout, new RegExp(`^Azure subscription ".+" \\(${SANDBOX_SUBSCRIPTION_ID}\\) as ${ADA.upn}; data in `, 'm'));
    assert.match(r.stdout, /^cluster dev is ready$/m);
    const kubeconfig = /^kubeconfig: (\S+)$/m.exec(r.stdout)?.[1];
    assert.ok(kubeconfig, r.stdout);
    assert.equal(statSync(kubeconfig).mode & 0o777, 0o600);
    const journal = JSON.parse(readFileSync(join(dataDir, 'clusters', 'dev', 'journal.json'), 'utf8')) as { steps: Record<string, { status: string }> };
    assert.equal(journal.steps['nodes-ready']?.status, 'done');
    const record = JSON.parse(readFileSync(join(dataDir, 'clusters', 'dev', 'cluster.json'), 'utf8')) as { environment: string; state: string };
    assert.deepEqual([record.environment, record.state], ['azure', 'created']);
    // The sign-in is kept where the app keeps it: encrypted by the file-key store, 0600.
    const cache = join(dataDir, 'token-cache-azure.bin');
    assert.equal(statSync(cache).mode & 0o777, 0o600);
    assert.ok(readFileSync(cache).subarray(0, 4).equals(Buffer.from('FKS1')));
    assert.doesNotMatch(r.stdout + r.stderr + r.reason, JWT, 'no token printed');
  });

  it('a second run reuses the cached account silently; list and kubeconfig show the cluster', T, async () => {
    const r = await cli(['create', '--spec', example]);
    assert.equal(r.code, 0, `${r.reason}\n${r.stderr}`);
    assert.deepEqual(r.deviceCodes, []);
    assert.doesNotMatch(r.stderr, /sign/i);
    assert.match(r.stdout, /^cluster dev is ready$/m);
    const kubeconfig = /^kubeconfig: (\S+)$/m.exec(r.stdout)?.[1];
    assert.match((await cli(['list'])).stdout, /^dev\s+created\s+azure\s+westeurope\s+3\s/m);
    assert.equal((await cli(['kubeconfig', 'dev'])).stdout.trim(), kubeconfig);
    // It lives in (what the CLI takes for) real Azure: --sandbox is refused before anything starts.
    const wrong = await cli(['create', '--spec', example, '--sandbox']);
    assert.equal(wrong.code, 1);
    assert.equal(wrong.reason.trim(), 'flatkube create: cluster dev exists in the real Azure: leave out --sandbox to resume it, or destroy it first');
  });

  it('a subscription no signed-in account can see: exit 1 naming it, before anything is created', T, async () => {
    const missing = '00000000-0000-4000-8000-00000000beef';
    const spec = join(dataDir, 'elsewhere.yaml');
    writeFileSync(spec, readFileSync(example, 'utf8').replace(/^name: dev$/m, 'name: elsewhere').replace(SANDBOX_SUBSCRIPTION_ID, missing));
    const r = await cli(['create', '--spec', spec]);
    assert.equal(r.code, 1);
    assert.match(r.reason, new RegExp(`^flatkube create: no signed-in Azure account can see subscription ${missing} \\(signed in: ${ADA.upn}\\)`));
    assert.ok(oneLine(r.reason), r.reason);
    assert.deepEqual(r.deviceCodes, []);
    assert.equal(existsSync(join(dataDir, 'clusters', 'elsewhere')), false);
  });

  it('a cached account that needs the user again gets a device code; destroy then leaves nothing', T, async () => {
    assert.ok((await listTaggedResources(arm, 'dev')).length > 0, 'the cluster exists before');
    await dropCachedTokens(dataDir);
    const r = await cli(['destroy', 'dev'], ADA.upn);
    assert.equal(r.code, 0, `${r.reason}\n${r.stderr}`);
    assert.match(r.stderr, /^flatkube: Azure needs you to sign in again as ada@/m);
    assert.equal(r.deviceCodes.length, 1);
    assert.match(r.stdout, /^cluster dev deleted; nothing tagged for it is left$/m);
    assert.deepEqual(await listTaggedResources(arm, 'dev'), []);
    assert.match((await cli(['list'])).stdout, /^dev\s+deleted\s+azure/m);
    assert.equal(existsSync(join(dataDir, 'clusters', 'dev', 'kubeconfig.yaml')), false);
  });

  it('login --tenant signs another account in and lists its subscriptions; logout --account signs it out', T, async () => {
    const r = await cli(['login', '--tenant', sb.info.tenantId], GRACE.upn);
    assert.equal(r.code, 0, `${r.reason}\n${r.stderr}`);
    assert.equal(azure.settingsSeen.at(-1)?.tenantId, sb.info.tenantId, '--tenant reaches the environment');
    assert.match(r.stdout, /^signed in as grace@/m);
    for (const sub of [SANDBOX_SUBSCRIPTION_ID, SANDBOX_SECOND_SUBSCRIPTION_ID]) assert.match(r.stdout, new RegExp(`^${sub}  Enabled`, 'm'));
    await assert.rejects(cli(['login', '--tenant', 'not a tenant']), UsageError);

    const out = await cli(['logout', '--account', GRACE.upn]);
    assert.equal(out.code, 0, out.reason);
    assert.match(out.stdout, /^signed out grace@/m);
    // Only Ada is left: naming someone else fails and lists who is signed in.
    const none = await cli(['logout', '--account', 'nobody@example.com']);
    assert.equal(none.code, 1);
    assert.match(none.reason, new RegExp(`no signed-in Azure account is named nobody@example\\.com \\(signed in: ${ADA.upn}\\)`));
  });

  it('leaves a token cache it cannot read (the desktop app keeps its own in the OS keychain) as it is', T, async () => {
    const other = mkdtempSync(join(tmpdir(), 'fk-cli-foreign-'));
    try {
      const foreign = randomBytes(96);
      writeFileSync(join(other, 'token-cache-azure.bin'), foreign, { mode: 0o600 });
      const r = await flatkube(sb, ['login'], { dataDir: other, env, azure, approveAs: ADA.upn });
      assert.equal(r.code, 0, `${r.reason}\n${r.stderr}`);
      assert.match(r.stderr, /saved Azure sign-in in this data dir is not readable here/);
      assert.match(r.stdout, /^signed in as ada@/m);
      assert.ok(readFileSync(join(other, 'token-cache-azure.bin')).equals(foreign), 'not overwritten');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('the flatkube binary (public cloud) without an app registration: exit 1 with one line', T, () => {
    const empty = mkdtempSync(join(tmpdir(), 'fk-cli-bin-'));
    try {
      const r = run(['create', '--spec', example], empty, { FLATKUBE_CLIENT_ID: undefined, FLATKUBE_TENANT_ID: undefined });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^flatkube create: no Azure app registration \(client id\) is configured: .*"Use your own app registration"/);
      assert.ok(oneLine(r.stderr), r.stderr);
      assert.equal(r.stdout, '');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
