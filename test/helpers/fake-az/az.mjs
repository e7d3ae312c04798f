// A stand-in for the Azure CLI (`az`), for tests only: the sandbox posing as Azure behind the
// exact commands @azure/identity's AzureCliCredential and Flatkube run, so the "Use my Azure CLI
// sign-in" path runs end to end as against Azure:
//
//   az account get-access-token --output json --resource R [--tenant T] [--subscription S]
//   az account get-access-token --output json --scope S  [--tenant T]
//   az account show --output json
//
// Tokens come from the sandbox's own Entra (password grant for a sandbox user, which needs the
// sandbox API token as `Authorization: Bearer`, like every automated sandbox sign-in). Answers
// have az's JSON fields (accessToken, expiresOn, expires_on, subscription, tenant, tokenType;
// account show: environmentName, homeTenantId, id, isDefault, name, state, tenantId, user...).
// Failures have az's words and exit codes. The config is a JSON file named by
// FLATKUBE_FAKE_AZ_CONFIG (test/helpers/fake-az.ts writes it):
//   { tokenEndpoint, caCertPath, apiToken, clientId, tenantId, subscriptionId, subscriptionName,
//     user, mode, otherTenantId?, logFile? }
// mode: "ok" | "signed-out" | "expired" | "stale-token" | "other-tenant" | "hang".
import { appendFileSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { URLSearchParams } from 'node:url';

const args = process.argv.slice(2);
const cfg = JSON.parse(readFileSync(process.env.FLATKUBE_FAKE_AZ_CONFIG ?? '', 'utf8'));
if (cfg.logFile) appendFileSync(cfg.logFile, `${JSON.stringify(args)}\n`);

function fail(text, code = 1) {
  process.stderr.write(`${text}\n`);
  process.exit(code);
}
function opt(name) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
// What az prints when Entra refuses its refresh token (azure-cli's auth/util.py aad_error_handler).
function aadError(code, description, scope) {
  fail(`ERROR: AADSTS${code}: ${description} Trace ID: 00000000-0000-0000-0000-000000000000 Correlation ID: 00000000-0000-0000-0000-000000000000 Timestamp: 2026-01-01 00:00:00Z\nInteractive authentication is needed. Please run:\naz login --scope ${scope}`);
}

const signedInTenant = cfg.mode === 'other-tenant' ? cfg.otherTenantId : cfg.tenantId;

if (cfg.mode === 'hang') await new Promise((r) => setTimeout(r, 600_000));

if (args[0] === 'account' && args[1] === 'show') {
  if (cfg.mode === 'signed-out') fail("Please run 'az login' to setup account.");
  process.stdout.write(
    `${JSON.stringify(
      {
        environmentName: 'AzureCloud',
        homeTenantId: signedInTenant,
        id: cfg.subscriptionId,
        isDefault: true,
        managedByTenants: [],
        name: cfg.subscriptionName,
        state: 'Enabled',
        tenantDefaultDomain: 'sandbox.flatkube.local',
        tenantDisplayName: 'Flatkube Sandbox (simulated)',
        tenantId: signedInTenant,
        user: { name: cfg.user, type: 'user' },
      },
      null,
      2,
    )}\n`,
  );
  process.exit(0);
}

if (args[0] === 'account' && args[1] === 'get-access-token') {
  const resource = opt('resource');
  const scopeArg = opt('scope');
  if (!resource && !scopeArg) fail('ERROR: Please specify only one of --resource and --scope', 2);
  const scope = scopeArg ?? `${resource}/.default`;
  const tenant = opt('tenant');
  if (cfg.mode === 'signed-out') fail("Please run 'az login' to setup account.");
  if (cfg.mode === 'expired') aadError('700082', 'The refresh token has expired due to inactivity. The token was issued on 2025-09-01T00:00:00.0000000Z and was inactive for 90.00:00:00.', scope);
  if (tenant && tenant.toLowerCase() !== signedInTenant.toLowerCase()) {
    aadError('50076', `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'.`, scope);
  }
  const form = new URLSearchParams({ grant_type: 'password', client_id: cfg.clientId, username: cfg.user, password: 'sandbox', scope: `${scope} offline_access openid profile` });
  const body = form.toString();
  const answer = await new Promise((resolve, reject) => {
    const req = request(
      cfg.tokenEndpoint,
      {
        method: 'POST',
        ca: readFileSync(cfg.caCertPath),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${cfg.apiToken}` },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  if (answer.status !== 200) fail(`ERROR: ${answer.json.error_description ?? answer.json.error}`);
  const now = Math.floor(Date.now() / 1000);
  const expiresOn = cfg.mode === 'stale-token' ? now - 600 : now + Number(answer.json.expires_in);
  const local = new Date(expiresOn * 1000);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  process.stdout.write(
    `${JSON.stringify(
      {
        accessToken: answer.json.access_token,
        // az prints local time without a zone, and (since 2.54) expires_on in epoch seconds.
        expiresOn: `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())} ${pad(local.getHours())}:${pad(local.getMinutes())}:${pad(local.getSeconds())}.000000`,
        expires_on: expiresOn,
        subscription: opt('subscription') ?? cfg.subscriptionId,
        tenant: tenant ?? signedInTenant,
        tokenType: 'Bearer',
      },
      null,
      2,
    )}\n`,
  );
  process.exit(0);
}

fail(`ERROR: '${args.slice(0, 2).join(' ')}' is misspelled or not recognized by the system.`, 2);
