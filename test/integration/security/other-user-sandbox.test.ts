/**
 * Security suite: a second OS user on the same machine against the embedded sandbox, started as
 * the app starts it (createAzureServices, the sandbox's state under `<data dir>/sandbox`, the
 * sandbox user signed in automatically) in a data dir under a 0755 folder, like a home folder.
 * As `nobody`, other-user-sandbox-attacker.mjs tries the state files (API token, CA key, token
 * signing key, a node's PKI), the sandbox API without or with a wrong token, the password grant
 * for ada@sandbox.flatkube.local/sandbox, approving its own device code on /devicelogin and
 * through the API, and serial console URLs unsigned, expired or with a moved expiry. It must get
 * nothing: every file unreadable, every door refused, no token of any kind. Needs root and
 * `sudo -n -u nobody` (CI has both); skipped otherwise.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAzureServices, type AzureServices } from '../../../electron/backend/azure-services';
import type { AzureEnvironment } from '../../../electron/services/azure/environment';
import { API_TOKEN_FILE } from '@flatkube/sandbox/testing';
import { createSignedUrls } from '@flatkube/sandbox/testing';
import { saveNodeState, type NodeState } from '@flatkube/sandbox/testing';

const root = path.resolve(new URL('../../../', import.meta.url).pathname);
/** Stands in for a control plane's cluster CA key in a node's state file. */
const NODE_KEY_MARKER = 'NODE-CA-KEY-MARKER-8d1f3b6c2e';
const VM_GUID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function sudoNobody(args: string[], timeout = 10_000) {
  return spawnSync('sudo', ['-n', '-u', 'nobody', ...args], { encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
}
const sudoWorks = process.getuid?.() === 0 && sudoNobody(['true']).status === 0;
const skip = sudoWorks ? false : 'needs root and `sudo -n -u nobody` (CI installs sudo and runs as root)';

/**
 * The attacker, run as nobody without blocking: the sandbox it attacks answers from this very
 * process (as in the app), so a synchronous spawn would leave it deaf.
 */
function runAsNobody(args: string[], timeoutMs: number): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sudo', ['-n', '-u', 'nobody', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** A Node binary `nobody` can run: ours unless it sits in a folder only root can enter. */
function nodeForNobody(): string {
  const bin = [process.execPath, '/usr/bin/node', '/usr/local/bin/node'].find((b) => existsSync(b) && sudoNobody([b, '-e', '0']).status === 0);
  if (!bin) throw new Error(`nobody cannot run ${process.execPath} nor /usr/bin/node: install Node.js system-wide`);
  return bin;
}

/** Every file under `dir`, walked as root. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
}

interface AttackReport {
  uid: number;
  files: { file: string; ok: boolean; content?: string; error?: string }[];
  dirs: { dir: string; ok: boolean; entries?: string[]; error?: string }[];
  http: { what: string; method: string; path: string; status: number | null; body?: string; error?: string }[];
}

describe('security: another local user against the embedded sandbox', { skip }, () => {
  const home = mkdtempSync(path.join(tmpdir(), 'fk-sandbox-other-home-')); // 0755, like a home folder
  const attackDir = mkdtempSync(path.join(tmpdir(), 'fk-sandbox-other-attacker-'));
  const dataDir = path.join(home, 'flatkube');
  const stateDir = path.join(dataDir, 'sandbox');
  let services: AzureServices;
  let env: AzureEnvironment;
  let apiToken: string;
  let report: AttackReport;

  before(async () => {
    const nodeBin = nodeForNobody();
    chmodSync(home, 0o755);
    chmodSync(attackDir, 0o755);
    copyFileSync(path.join(root, 'test/integration/security/other-user-sandbox-attacker.mjs'), path.join(attackDir, 'attacker.mjs'));
    chmodSync(path.join(attackDir, 'attacker.mjs'), 0o644);

    // The app's services with their defaults: the embedded sandbox under <data dir>/sandbox.
    services = createAzureServices({ dataDir, env: { FLATKUBE_DATA_DIR: dataDir } });
    env = (await services.session.useSandbox()).env;
    apiToken = readFileSync(path.join(stateDir, API_TOKEN_FILE), 'utf8').trim();
    // A node's state as the sandbox keeps it (its writer, its modes), with a control plane's CA key.
    saveNodeState(stateDir, { schema: 1, vmId: VM_GUID, name: 'node-1', cluster: { caKeyPem: NODE_KEY_MARKER } } as unknown as NodeState);

    const files = filesUnder(dataDir);
    for (const name of [API_TOKEN_FILE, 'sandbox-ca.key', 'sandbox-server.key', 'token-signing.key', `nodes/${VM_GUID}.json`]) {
      assert.ok(files.includes(path.join(stateDir, name)), `the sandbox keeps ${name} in its state dir`);
    }
    // A serial console URL signed by this sandbox that expired a minute ago.
    const expired = createSignedUrls(apiToken).sign(`serialconsole/${VM_GUID}`, Date.now() - 60_000);
    const args = {
      origin: env.armEndpoint,
      tenantId: env.tenantId,
      clientId: env.clientId,
      scope: env.armScope,
      files,
      dirs: [dataDir, stateDir, path.join(stateDir, 'nodes')],
      serialPath: `/_sandbox/serialconsole/${VM_GUID}`,
      expiredSerial: `/_sandbox/serialconsole/${VM_GUID}?${expired}`,
    };
    const r = await runAsNobody([nodeBin, path.join(attackDir, 'attacker.mjs'), JSON.stringify(args)], 120_000);
    assert.equal(r.status, 0, `the attacker script failed: ${r.stderr}`);
    report = JSON.parse(r.stdout) as AttackReport;
  });

  after(async () => {
    await services?.close();
    for (const d of [home, attackDir]) rmSync(d, { recursive: true, force: true });
  });

  const answer = (what: string) => {
    const h = report.http.find((x) => x.what === what);
    assert.ok(h, `the attacker tried ${what}`);
    return h;
  };

  it('runs as another user and reaches the sandbox', () => {
    assert.notEqual(report.uid, 0);
    assert.equal(answer('control: openid configuration').status, 200, 'the open discovery document answers: the refusals below are real');
  });

  it('reads none of the state files and lists none of the folders', () => {
    assert.ok(report.files.length >= 5);
    assert.deepEqual(report.files.filter((f) => f.ok).map((f) => f.file), [], 'files the other user could read');
    assert.deepEqual(report.dirs.filter((d) => d.ok).map((d) => d.dir), [], 'folders the other user could list');
    // Beyond the folders: the secrets themselves are the owner's only.
    for (const name of [API_TOKEN_FILE, 'sandbox-ca.key', 'sandbox-server.key', 'token-signing.key', `nodes/${VM_GUID}.json`, 'state.json']) {
      const file = path.join(stateDir, name);
      if (existsSync(file)) assert.equal(statSync(file).mode & 0o077, 0, `${name} is readable by others: ${(statSync(file).mode & 0o777).toString(8)}`);
    }
  });

  it('is refused by the sandbox API without the token or with a wrong one', () => {
    for (const label of ['no token', 'wrong token', 'basic scheme']) {
      for (const what of ['journal', 'faults', 'add fault', 'nodes']) {
        const h = answer(`${what} (${label})`);
        assert.equal(h.status, 401, `${what} (${label}): ${h.status} ${h.body}`);
        assert.match(h.body ?? '', /SandboxApiUnauthorized/);
      }
    }
  });

  it('gets no token from the password grant for the public sandbox user', () => {
    for (const what of ['password grant (no token)', 'password grant (wrong token)', 'password grant (organizations)']) {
      const h = answer(what);
      assert.equal(h.status, 401, `${what}: ${h.status} ${h.body}`);
      assert.doesNotMatch(h.body ?? '', /access_token|refresh_token|eyJ/, what);
    }
  });

  it('cannot approve its own device code, on the page or through the API, so it is never redeemed', () => {
    assert.equal(answer('device code').status, 200, 'starting a device code is open, as on Entra');
    for (const what of ['devicelogin (no token)', 'devicelogin (wrong token)', 'devicelogin (wrong bearer)']) {
      const h = answer(what);
      assert.equal(h.status, 401, `${what}: ${h.status}`);
      assert.doesNotMatch(h.body ?? '', /Signed in as/, what);
    }
    assert.equal(answer('devicecode approve API (no token)').status, 401);
    const redeem = answer('device code redeem');
    assert.equal(redeem.status, 400, redeem.body);
    assert.match(redeem.body ?? '', /authorization_pending/);
    assert.doesNotMatch(redeem.body ?? '', /access_token|eyJ/);
  });

  it('reads no serial console without a valid, unexpired signature', () => {
    const denied = (what: string, detail: RegExp) => {
      const h = answer(what);
      assert.equal(h.status, 403, `${what}: ${h.status} ${h.body}`);
      assert.match(h.body ?? '', /<Code>AuthenticationFailed<\/Code>/, what);
      assert.match(h.body ?? '', detail, what);
    };
    denied('serial (unsigned)', /Signature fields not well formed/);
    denied('serial (sig without se)', /Signature fields not well formed/);
    denied('serial (expired)', /Signed expiry time \[.+\] must be after signed start time/);
    denied('serial (expiry moved)', /Signature did not match/);
  });

  it('saw no secret anywhere', () => {
    const everything = JSON.stringify(report);
    assert.equal(everything.includes(apiToken), false, 'the API token');
    assert.doesNotMatch(everything, new RegExp(NODE_KEY_MARKER));
    assert.doesNotMatch(everything, /BEGIN (RSA |EC )?PRIVATE KEY/);
  });
});
