/**
 * `flatkube create|destroy|preflight --auth azure-cli`: real Azure's code path signed in with the
 * Azure CLI's sign-in, against the sandbox posing as Azure behind the stand-in az
 * (test/helpers/fake-az). No app registration, no device code, no token cache: az is asked for
 * every token. Each az failure ends the command with one line: the sentence and the command.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { UsageError } from '../../../electron/cli/args';
import { createArmClients } from '../../../electron/services/azure/arm-clients';
import { sandboxEnvironment } from '../../../electron/services/azure/sandbox-environment';
import { listTaggedResources } from '../../../electron/services/cluster/engine/teardown';
import type { RunningSandbox } from '@flatkube/sandbox/testing';
import { SANDBOX_SUBSCRIPTION_ID, SANDBOX_USERS } from '@flatkube/sandbox';
import { installFakeAz, type FakeAz } from '../../helpers/fake-az';
import { passwordCredential, startTestSandbox } from '../../helpers/sandbox-platform';
import { flatkube, sandboxAsAzure, type SandboxAsAzure } from './in-process-cli';
import { example } from './run-cli';

const GRACE = SANDBOX_USERS[1]!;
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\./;
const T = { timeout: 120_000 };

describe('flatkube CLI: --auth azure-cli (stand-in az, the sandbox posing as Azure)', () => {
  let sb: RunningSandbox;
  let az: FakeAz;
  let azure: SandboxAsAzure;
  let dataDir: string;
  let contributorSpec: string;
  // No FLATKUBE_CLIENT_ID: no app registration anywhere.
  const cli = (args: string[], dir = dataDir) =>
    flatkube(sb, args, {
      dataDir: dir,
      env: {},
      azure,
      deps: { probe: async () => 'exists', publicIp: async () => ({ ip: '203.0.113.7', source: 'service', detail: 'test' }) },
    });
  const fresh = () => mkdtempSync(join(tmpdir(), 'fk-cli-azcli-fail-'));

  before(async () => {
    sb = await startTestSandbox();
    az = installFakeAz(sb, { user: GRACE.upn });
    azure = sandboxAsAzure(sb);
    dataDir = mkdtempSync(join(tmpdir(), 'fk-cli-azcli-'));
    // Grace is a Contributor: the Azure integration's role assignment needs Owner, so her spec
    // turns it off (the refusal is first-run-checklist.test.ts's and failures.test.ts's).
    contributorSpec = join(dataDir, 'contributor.yaml');
    writeFileSync(contributorSpec, `${readFileSync(example, 'utf8')}\nazureIntegration:\n  cloudProvider: false\n  disks: false\n`);
  });
  after(async () => {
    az.restore();
    await sb.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => az.mode('ok'));

  it('create --auth azure-cli runs to nodes Ready with tokens from az; nothing of the sign-in is stored', T, async () => {
    const r = await cli(['create', '--spec', contributorSpec, '--auth', 'azure-cli']);
    assert.equal(r.code, 0, `${r.reason}\n${r.stderr}\n${r.stdout}`);
    assert.deepEqual(r.deviceCodes, []);
    assert.match(r.stdout, new RegExp(`^Azure subscription ".+" \\(${SANDBOX_SUBSCRIPTION_ID}\\) as ${GRACE.upn} \\(Azure CLI sign-in\\); data in `, 'm'));
    assert.match(r.stdout, /^cluster dev is ready$/m);
    assert.ok(az.calls().some((a) => a[0] === 'account' && a[1] === 'get-access-token' && a.includes('--tenant')), 'tokens for the subscription\'s tenant came from az');
    assert.ok(!readdirSync(dataDir).some((f) => f.startsWith('token-cache')), `no token cache: ${readdirSync(dataDir).join(', ')}`);
    assert.doesNotMatch(r.stdout + r.stderr + r.reason, JWT, 'no token printed');
    const record = JSON.parse(readFileSync(join(dataDir, 'clusters', 'dev', 'cluster.json'), 'utf8')) as { environment: string; state: string };
    assert.deepEqual([record.environment, record.state], ['azure', 'created']);
  });

  it('without --auth and without an app registration, a signed-in az is used; destroy then leaves nothing', T, async () => {
    const arm = createArmClients(sandboxEnvironment(sb.info, sb.caCertPem), passwordCredential(sb), SANDBOX_SUBSCRIPTION_ID);
    assert.ok((await listTaggedResources(arm, 'dev')).length > 0);
    const r = await cli(['destroy', 'dev']);
    assert.equal(r.code, 0, `${r.reason}\n${r.stderr}`);
    assert.match(r.stdout, /^cluster dev deleted; nothing tagged for it is left$/m);
    assert.deepEqual(await listTaggedResources(arm, 'dev'), []);
  });

  it('preflight --azure --auth azure-cli prints the first real run checklist; a provider not registered fails with its az command', T, async () => {
    const ok = await cli(['preflight', '--spec', contributorSpec, '--azure', '--auth', 'azure-cli']);
    assert.equal(ok.code, 0, `${ok.reason}\n${ok.stderr}\n${ok.stdout}`);
    assert.match(ok.stdout, new RegExp(`^first real run checklist for subscription ${SANDBOX_SUBSCRIPTION_ID} as ${GRACE.upn} \\(Azure CLI sign-in; Flatkube stores nothing\\):$`, 'm'));
    assert.match(ok.stdout, /^PASS {2}Your role lets you create resource groups, networks and VMs$/m);
    assert.match(ok.stdout, /^ {6}Your roles there: Contributor/m);
    assert.doesNotMatch(ok.stdout, /^FAIL/m);
    assert.match(ok.stdout, /^ok {3}nothing blocks a first real run/m);

    const arm = createArmClients(sandboxEnvironment(sb.info, sb.caCertPem), passwordCredential(sb), SANDBOX_SUBSCRIPTION_ID);
    await arm.resources.providers.unregister('Microsoft.Compute');
    try {
      const bad = await cli(['preflight', '--spec', contributorSpec, '--azure']);
      assert.equal(bad.code, 1, bad.stdout);
      assert.match(bad.stdout, /^FAIL {2}Resource providers Microsoft\.Compute and Microsoft\.Network are registered$/m);
      assert.match(bad.stdout, new RegExp(`^ {6}run: az provider register --namespace Microsoft\\.Compute --subscription ${SANDBOX_SUBSCRIPTION_ID}$`, 'm'));
      assert.equal(bad.stderr.trim(), 'flatkube preflight: 1 blocking finding(s): PROVIDER_NOT_REGISTERED');
    } finally {
      await arm.resources.providers.register('Microsoft.Compute');
    }
  });

  const failsWith = async (args: string[], line: string) => {
    const dir = fresh();
    try {
      const r = await cli(args, dir);
      assert.equal(r.code, 1, r.stdout);
      assert.equal(r.reason, `${line}\n`);
      assert.equal(existsSync(join(dir, 'clusters')), false, 'nothing created');
      assert.ok(!readdirSync(dir).some((f) => f.startsWith('token-cache')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('az missing: one line, the install page and `az login`; without --auth the usual "no app registration" line', T, async () => {
    az.missing();
    await failsWith(
      ['create', '--spec', example, '--auth', 'azure-cli'],
      'flatkube create: The Azure CLI (az) was not found on this computer: install it (https://learn.microsoft.com/cli/azure/install-azure-cli), then run `az login`.',
    );
    const dir = fresh();
    try {
      const r = await cli(['create', '--spec', example], dir);
      assert.equal(r.code, 1);
      assert.match(r.reason, /^flatkube create: no Azure app registration \(client id\) is configured: set FLATKUBE_CLIENT_ID or azure\.clientId in .*settings\.json \(see README\.md, "Use your own app registration"\)\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("az signed out: one line with az's own words and `az login`", T, async () => {
    az.mode('signed-out');
    await failsWith(['create', '--spec', example, '--auth', 'azure-cli'], 'flatkube create: The Azure CLI is not signed in (az says: "Please run \'az login\' to setup account."): run `az login`.');
  });

  it('an expired az sign-in: one line, then `az login`', T, async () => {
    az.mode('expired');
    await failsWith(['create', '--spec', example, '--auth', 'azure-cli'], 'flatkube create: Your Azure CLI sign-in has expired (AADSTS700082): run `az login`.');
  });

  it('a subscription in a tenant az is not signed in to: one line, then `az login --tenant T`', T, async () => {
    az.mode('other-tenant');
    await failsWith(
      ['create', '--spec', example, '--auth', 'azure-cli'],
      `flatkube create: Subscription ${SANDBOX_SUBSCRIPTION_ID} is out of reach: your Azure CLI sign-in cannot get a token for tenant ${sb.info.tenantId} (AADSTS50076); run \`az login --tenant ${sb.info.tenantId}\`.`,
    );
  });

  it('--auth msal still means Microsoft sign-in: without an app registration, the usual line even with az signed in', T, async () => {
    const dir = fresh();
    try {
      const r = await cli(['create', '--spec', example, '--auth', 'msal'], dir);
      assert.equal(r.code, 1);
      assert.match(r.reason, /^flatkube create: no Azure app registration \(client id\) is configured: /);
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a wrong --auth, and --auth with --sandbox', T, async () => {
    await assert.rejects(cli(['create', '--spec', example, '--auth', 'password']), (e: Error) => e instanceof UsageError && /--auth must be azure-cli or msal/.test(e.message));
    await assert.rejects(cli(['create', '--spec', example, '--sandbox', '--auth', 'azure-cli']), UsageError);
    await assert.rejects(cli(['preflight', '--spec', example, '--auth', 'azure-cli']), UsageError);
  });
});
