/**
 * "Use my Azure CLI sign-in" against the sandbox posing as Azure, through the stand-in az
 * (test/helpers/fake-az): the real AzureCliCredential runs it with the argv it uses against
 * Azure, Flatkube's directory lists tenants and subscriptions with its tokens, and every az
 * failure (missing, signed out, expired, a tenant out of reach, a hang) comes back as one
 * sentence with the command to run. Nothing is written to the data dir.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AZURE_CLI_ACCOUNT_ID, AzureCliAuth, azureCliAccount, azureCliFailure } from '../../../electron/services/auth/azure-cli';
import { AccountDirectory } from '../../../electron/services/azure/account-directory';
import type { AzureEnvironment } from '../../../electron/services/azure/environment';
import { sandboxEnvironment } from '../../../electron/services/azure/sandbox-environment';
import { SessionManager } from '../../../electron/services/session/session-manager';
import { AppError } from '../../../electron/services/errors';
import { SANDBOX_SECOND_SUBSCRIPTION_ID, SANDBOX_SUBSCRIPTION_ID, SANDBOX_USERS, startSandbox, type Sandbox } from '@flatkube/sandbox';
import { installFakeAz, OTHER_TENANT_ID, type FakeAz } from '../../helpers/fake-az';

const T = { timeout: 60_000 };
const oneSentence = (s: string) => s.split('\n').length === 1 && /\.$/.test(s);

describe('the Azure CLI sign-in (stand-in az backed by the sandbox posing as Azure)', () => {
  let sb: Sandbox;
  let az: FakeAz;
  let env: AzureEnvironment;
  let dataDir: string;

  before(async () => {
    sb = await startSandbox({ latency: 'instant' });
    az = installFakeAz(sb, { user: SANDBOX_USERS[1]!.upn });
    env = { ...sandboxEnvironment(sb.info, sb.caCertPem), kind: 'azure' };
    dataDir = mkdtempSync(path.join(tmpdir(), 'fk-azcli-'));
  });
  after(async () => {
    az.restore();
    await sb.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => az.mode('ok'));

  const manager = () =>
    new SessionManager({
      dataDir,
      env: {},
      azureEnvironment: () => env,
      openBrowser: async () => {},
      startSandbox: async () => {
        throw new Error('not here');
      },
    });

  it('az account show names the signed-in user, tenant and default subscription', T, async () => {
    const a = await azureCliAccount();
    assert.deepEqual(a, {
      user: SANDBOX_USERS[1]!.upn,
      userType: 'user',
      tenantId: sb.info.tenantId,
      homeTenantId: sb.info.tenantId,
      subscriptionId: SANDBOX_SUBSCRIPTION_ID,
      subscriptionName: 'Flatkube Sandbox (simulated)',
      cloud: 'AzureCloud',
    });
    assert.deepEqual(az.calls().at(-1), ['account', 'show', '--output', 'json']);
  });

  it('lists tenants and subscriptions with tokens from az (the argv AzureCliCredential uses), and writes nothing', T, async () => {
    const m = manager();
    try {
      const s = await m.useAzureCli();
      assert.equal(s.method, 'azure-cli');
      assert.deepEqual(await s.auth.accountSummaries(), [{ id: AZURE_CLI_ACCOUNT_ID, username: SANDBOX_USERS[1]!.upn, homeTenantId: sb.info.tenantId }]);
      const since = az.calls().length;
      const listing = await s.directory.subscriptions();
      assert.deepEqual(listing.subscriptions.map((x) => x.subscriptionId).sort(), [SANDBOX_SUBSCRIPTION_ID, SANDBOX_SECOND_SUBSCRIPTION_ID].sort());
      assert.deepEqual(listing.skippedTenants, []);
      const resource = sb.info.armScope.replace(/\/\.default$/, '');
      const tokenCalls = az.calls().slice(since);
      // Tenants with az's default tenant, then subscriptions with a token for the tenant itself.
      assert.deepEqual(tokenCalls[0], ['account', 'get-access-token', '--output', 'json', '--resource', resource]);
      assert.deepEqual(tokenCalls[1], ['account', 'get-access-token', '--output', 'json', '--resource', resource, '--tenant', sb.info.tenantId]);
      // The ARM reads work with those tokens, for the subscription's tenant.
      const locations = await s.reads.locations(SANDBOX_SUBSCRIPTION_ID);
      assert.ok(locations.some((l) => l.name === 'westeurope'));
      const principal = await (await s.reads.clients(SANDBOX_SUBSCRIPTION_ID)).principal();
      assert.deepEqual(principal, { objectId: SANDBOX_USERS[1]!.oid, tenantId: sb.info.tenantId, name: SANDBOX_USERS[1]!.upn });
      assert.deepEqual(readdirSync(dataDir), [], 'no token cache, no file at all');
    } finally {
      await m.close();
    }
  });

  it('az missing: one sentence saying so, with the install page and az login', T, async () => {
    az.missing();
    const m = manager();
    try {
      const err = await m.useAzureCli().then(
        () => assert.fail('resolved'),
        (e: unknown) => e as AppError,
      );
      assert.equal(err.code, 'AZ_CLI_MISSING');
      assert.equal(err.message, 'The Azure CLI (az) was not found on this computer: install it (https://learn.microsoft.com/cli/azure/install-azure-cli), then run `az login`.');
      assert.equal(err.hint, 'Run: az login');
      const choices = await m.signInChoices();
      const cli = choices.find((c) => c.method === 'azure-cli')!;
      assert.equal(cli.available, false);
      assert.equal(cli.command, 'az login');
      assert.equal(cli.helpUrl, 'https://learn.microsoft.com/cli/azure/install-azure-cli');
    } finally {
      await m.close();
    }
  });

  it("az signed out: az's own words, then `az login`", T, async () => {
    az.mode('signed-out');
    const m = manager();
    try {
      await assert.rejects(m.useAzureCli(), (e: AppError) => {
        assert.equal(e.code, 'AZ_CLI_SIGNED_OUT');
        assert.equal(e.message, 'The Azure CLI is not signed in (az says: "Please run \'az login\' to setup account."): run `az login`.');
        return true;
      });
      // A session that was signed in when chosen, then signed out in a terminal: the token path says the same.
      az.mode('ok');
      const s = await m.useAzureCli();
      az.mode('signed-out');
      await assert.rejects(s.directory.subscriptions(), (e: AppError) => e.code === 'AZ_CLI_SIGNED_OUT' && oneSentence(e.message) && e.message.endsWith('run `az login`.'));
    } finally {
      await m.close();
    }
  });

  it('an expired az sign-in (AADSTS700082), or a stale token from az: one sentence, then `az login`', T, async () => {
    const m = manager();
    try {
      const s = await m.useAzureCli();
      az.mode('expired');
      await assert.rejects(s.directory.subscriptions(), (e: AppError) => {
        assert.equal(e.code, 'AZ_CLI_EXPIRED');
        assert.equal(e.message, 'Your Azure CLI sign-in has expired (AADSTS700082): run `az login`.');
        return true;
      });
      az.mode('stale-token');
      await assert.rejects(s.directory.subscriptions(), (e: AppError) => e.code === 'AZ_CLI_EXPIRED' && e.message === 'Your Azure CLI sign-in has expired (az returned an expired token): run `az login`.');
    } finally {
      await m.close();
    }
  });

  it('a subscription in a tenant az is not signed in to: the tenant is skipped, and the subscription says `az login --tenant T`', T, async () => {
    az.mode('other-tenant');
    const m = manager();
    try {
      const s = await m.useAzureCli();
      assert.equal((await s.auth.current()).tenantId, OTHER_TENANT_ID);
      const listing = await s.directory.subscriptions();
      assert.deepEqual(listing.subscriptions, []);
      assert.equal(listing.skippedTenants.length, 1);
      assert.match(listing.skippedTenants[0]!.reason, new RegExp(`^Your Azure CLI sign-in cannot get a token for tenant ${sb.info.tenantId} \\(AADSTS50076\\): run \`az login --tenant ${sb.info.tenantId}\`\\.$`));
      await assert.rejects(s.reads.clients(SANDBOX_SUBSCRIPTION_ID), (e: AppError) => {
        assert.equal(e.code, 'AZ_CLI_TENANT');
        assert.equal(
          e.message,
          `Subscription ${SANDBOX_SUBSCRIPTION_ID} is out of reach: your Azure CLI sign-in cannot get a token for tenant ${sb.info.tenantId} (AADSTS50076); run \`az login --tenant ${sb.info.tenantId}\`.`,
        );
        assert.equal(e.hint, `Run: az login --tenant ${sb.info.tenantId}`);
        return true;
      });
    } finally {
      await m.close();
    }
  });

  it('an az that hangs is stopped by the timeout, with a sentence and a command', T, async () => {
    az.mode('hang');
    // 5 s: short enough to wait out, long enough for the stand-in (a Node script asking the
    // sandbox) to answer in mode 'ok' on a loaded 2-core machine (1.5 s timed out under load).
    const auth = new AzureCliAuth({ env, timeoutMs: 5000 });
    const started = Date.now();
    await assert.rejects(auth.refresh(), (e: AppError) => e.code === 'AZ_CLI_TIMEOUT' && e.message === 'The Azure CLI did not answer within 5 s: run `az account show` in a terminal to see what it waits for.');
    // The hung az was stopped, not waited for (it never ends by itself).
    assert.ok(Date.now() - started < 60_000);
    az.mode('ok');
    await auth.refresh();
    az.mode('hang');
    const directory = new AccountDirectory(auth);
    await assert.rejects(directory.tenants(), (e: AppError) => e.code === 'AZ_CLI_TIMEOUT');
  });

  it('maps az texts it was not given here: not-found shells, claims challenges, other AADSTS, anything else', () => {
    assert.equal(azureCliFailure("/bin/sh: 1: az: not found").code, 'AZ_CLI_MISSING');
    assert.equal(azureCliFailure("'az' is not recognized as an internal or external command").code, 'AZ_CLI_MISSING');
    const claims = azureCliFailure(
      "This credential doesn't support claims challenges. To authenticate with the required claims, please run the following command: az login --claims-challenge eyJhY2Nlc3MiOnt9fQ== --scope https://management.azure.com/.default",
    );
    assert.equal(claims.code, 'AZ_CLI_CLAIMS');
    assert.equal(claims.command, 'az logout && az login --claims-challenge eyJhY2Nlc3MiOnt9fQ== --scope https://management.azure.com/.default');
    assert.equal(azureCliFailure('ERROR: AADSTS50076: MFA\nInteractive authentication is needed. Please run:\naz login --scope x').code, 'AZ_CLI_SIGN_IN_AGAIN');
    const other = azureCliFailure('ERROR: something else broke\nmore');
    assert.equal(other.code, 'AZ_CLI_FAILED');
    assert.equal(other.message, 'The Azure CLI failed: something else broke; run `az account get-access-token --output none` in a terminal to see why.');
    assert.ok(other instanceof AppError);
  });
});
