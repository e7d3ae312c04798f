/**
 * The stand-in Azure CLI (test/helpers/fake-az/az, az.mjs) backed by a running sandbox, put on
 * this test process's PATH only (children inherit it: AzureCliCredential runs `az` from PATH, as
 * Flatkube's own `az account show` does). Modes give az's failures: signed out, an expired
 * sign-in (AADSTS700082), a stale token, a subscription in a tenant the sign-in cannot reach
 * (AADSTS50076), a hang; `missing()` takes az off PATH altogether. Every argv az got is logged.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SANDBOX_USERS, type Sandbox } from '@flatkube/sandbox';

export type FakeAzMode = 'ok' | 'signed-out' | 'expired' | 'stale-token' | 'other-tenant' | 'hang';

export const FAKE_AZ_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fake-az');
/** The tenant az claims in mode other-tenant (the sandbox has one tenant: its own is then out of reach). */
export const OTHER_TENANT_ID = '7e57a000-0000-4000-8000-00000000c0de';

export interface FakeAz {
  /** The user az is signed in as (a sandbox user's UPN). */
  user: string;
  mode(m: FakeAzMode): void;
  /** Every argv the stand-in was run with, oldest first. */
  calls(): string[][];
  /** Takes az off PATH (nothing named az anywhere on it) until restore() or mode(). */
  missing(): void;
  /** Puts PATH and the environment back as they were. */
  restore(): void;
}

export function installFakeAz(sb: Pick<Sandbox, 'info'>, opts: { user?: string; mode?: FakeAzMode } = {}): FakeAz {
  const dir = mkdtempSync(path.join(tmpdir(), 'flatkube-fake-az-'));
  const configPath = path.join(dir, 'config.json');
  const logFile = path.join(dir, 'calls.log');
  const emptyDir = path.join(dir, 'empty-path');
  const user = opts.user ?? SANDBOX_USERS[0]!.upn;
  const saved = { PATH: process.env.PATH, FLATKUBE_FAKE_AZ_CONFIG: process.env.FLATKUBE_FAKE_AZ_CONFIG, FLATKUBE_FAKE_AZ_NODE: process.env.FLATKUBE_FAKE_AZ_NODE };
  // A checkout may drop the executable bit; the stand-in must be runnable.
  chmodSync(path.join(FAKE_AZ_DIR, 'az'), 0o755);
  const write = (mode: FakeAzMode) =>
    writeFileSync(
      configPath,
      JSON.stringify({
        tokenEndpoint: `${sb.info.authorityHost.replace(/\/+$/, '')}/${sb.info.tenantId}/oauth2/v2.0/token`,
        caCertPath: sb.info.caCertPath,
        apiToken: sb.info.apiToken,
        clientId: sb.info.clientId,
        tenantId: sb.info.tenantId,
        subscriptionId: sb.info.subscriptionId,
        subscriptionName: 'Flatkube Sandbox (simulated)',
        user,
        mode,
        otherTenantId: OTHER_TENANT_ID,
        logFile,
      }),
      { mode: 0o600 },
    );
  const onPath = () => {
    process.env.PATH = `${FAKE_AZ_DIR}${path.delimiter}${saved.PATH ?? ''}`;
  };
  write(opts.mode ?? 'ok');
  process.env.FLATKUBE_FAKE_AZ_CONFIG = configPath;
  process.env.FLATKUBE_FAKE_AZ_NODE = process.execPath;
  onPath();
  return {
    user,
    mode(m) {
      write(m);
      onPath();
    },
    calls: () =>
      existsSync(logFile)
        ? readFileSync(logFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as string[])
        : [],
    missing() {
      mkdirSync(emptyDir, { recursive: true });
      process.env.PATH = emptyDir;
    },
    restore() {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
