/**
 * @flatkube/sandbox: a local Azure (ARM + Entra ID) over HTTPS with its own CA, and simulated
 * Flatcar nodes over SSH. The public surface, all of it:
 *
 *   import { spawnSandbox } from '@flatkube/sandbox/process';   // its own process (app, CLI)
 *   const sb = await spawnSandbox({ stateDir, latency: 'realistic' });
 *   sb.info        // endpoints, tenant, subscription, users, CA path, API token (SandboxInfo)
 *   sb.api         // the /_sandbox/* API: journal, faults, nodes, quotas, device-code approval
 *   await sb.close();
 *
 * `startSandbox` below runs one in the calling process (the sandbox's own process uses it, and
 * tests that want no extra process); `@flatkube/sandbox/testing` holds test harnesses.
 */
import { SandboxApiClient } from './client';
import { startSandboxServer, type SandboxInfo, type SandboxServerOptions } from './server';

export type { SandboxInfo } from './server';
export type { LatencyProfileName } from './time/latency-profiles';
export { LATENCY_PROFILE_NAMES } from './time/latency-profiles';
export { SandboxApiClient, SandboxApiError } from './client';
export type { ActiveFaultRules, ComputeUsage, FaultFile, FaultRule, JournalEntry, SandboxFrontendView, SandboxNodeView, SandboxQuotaView, SandboxSpeed } from './client';

/** What a caller may choose; the same as `flatkube sandbox`'s flags. */
export type SandboxOptions = Pick<SandboxServerOptions, 'port' | 'stateDir' | 'latency' | 'speed' | 'faultsFile' | 'log'>;

export interface Sandbox {
  info: SandboxInfo;
  /** The CA certificate (PEM) to trust in Flatkube's own clients (and only there). */
  caCertPem: string;
  api: SandboxApiClient;
  close(): Promise<void>;
}

/** Starts a sandbox in this process. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const sb = await startSandboxServer(opts);
  return { info: sb.info, caCertPem: sb.caCertPem, api: new SandboxApiClient(sb.info, sb.caCertPem), close: () => sb.close() };
}

/** The sandbox's well-known identities (also in every SandboxInfo): published, not secret. */
export {
  SANDBOX_ARM_AUDIENCE,
  SANDBOX_ARM_SCOPE,
  SANDBOX_CLIENT_ID,
  SANDBOX_SECOND_SUBSCRIPTION_ID,
  SANDBOX_SUBSCRIPTION_ID,
  SANDBOX_TENANT_ID,
  SANDBOX_USER_PASSWORD,
  SANDBOX_USERS,
  type SandboxUser,
} from './identity/sandbox-users';
