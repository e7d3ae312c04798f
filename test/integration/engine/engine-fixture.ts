/**
 * A sandbox (instant latency unless asked otherwise, started through its public surface) with
 * everything the engine needs wired as the app does: the sandbox's AzureEnvironment, the real ARM
 * clients (password-grant credential, tests only), a FileKeySecretStore and a ClusterStore in a
 * temp data dir. The test reaches the sandbox as any client would: `sb.api` (journal, faults,
 * quotas) and ARM (`arm`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArmClients, type ArmClients } from '../../../electron/services/azure/arm-clients';
import type { AzureEnvironment } from '../../../electron/services/azure/environment';
import { sandboxEnvironment } from '../../../electron/services/azure/sandbox-environment';
import type { EngineTimings } from '../../../electron/services/cluster/engine/context';
import type { ClusterLog, ClusterProgress, ClusterFinished, EngineEmitter } from '../../../electron/services/cluster/engine/types';
import { parseClusterSpecYaml } from '../../../electron/services/cluster/render/spec-file';
import { ClusterStore } from '../../../electron/services/cluster/store/cluster-store';
import { startSandbox, type Sandbox, type SandboxOptions } from '@flatkube/sandbox';
import { FileKeySecretStore } from '../../../electron/services/secrets/file-key-secret-store';
import type { ClusterSpec } from '../../../shared/domain/cluster-spec';
import { passwordCredential } from '../../helpers/sandbox-platform';

export const FAST_TIMINGS: Partial<EngineTimings> = {
  sshWaitMs: 20_000,
  sshIntervalMs: 100,
  bootLogIntervalMs: 300,
  hostKeyIntervalMs: 100,
  bootCheckAttempts: 50,
  bootCheckIntervalMs: 50,
  settleMs: 5_000,
  nodesReadyMs: 20_000,
  nodesReadyIntervalMs: 100,
  reconnectAttempts: 8,
  reconnectBaseDelayMs: 50,
};

export function exampleSpec(patch: (s: ClusterSpec) => ClusterSpec = (s) => s): ClusterSpec {
  const r = parseClusterSpecYaml(readFileSync(new URL('../../../examples/sandbox-dev.yaml', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return patch(r.spec);
}

export class EventLog implements EngineEmitter {
  readonly progressEvents: ClusterProgress[] = [];
  readonly logs: ClusterLog[] = [];
  readonly finishedEvents: ClusterFinished[] = [];
  progress(e: ClusterProgress) {
    this.progressEvents.push(e);
  }
  log(e: ClusterLog) {
    this.logs.push(e);
  }
  finished(e: ClusterFinished) {
    this.finishedEvents.push(e);
  }
  text(stream?: string): string {
    return this.logs.filter((l) => !stream || l.stream === stream).map((l) => `${l.stream}: ${l.text}`).join('\n');
  }
}

export interface EngineFixtureOptions extends SandboxOptions {
  /** Starts the sandbox in place of `startSandbox` (a node host of the test's own: rewriting-nodes.ts). */
  start?: (opts: SandboxOptions) => Promise<Sandbox>;
}

export interface EngineFixture {
  sb: Sandbox;
  dataDir: string;
  env: AzureEnvironment;
  arm: ArmClients;
  secrets: FileKeySecretStore;
  store: ClusterStore;
  close(): Promise<void>;
}

export async function startEngineFixture(opts: EngineFixtureOptions = {}, dataDir = mkdtempSync(join(tmpdir(), 'fk-engine-'))): Promise<EngineFixture> {
  const { start = startSandbox, ...sandboxOptions } = opts;
  const sb = await start({ latency: 'instant', ...sandboxOptions });
  const env = sandboxEnvironment(sb.info, sb.caCertPem);
  const arm = createArmClients(env, passwordCredential(sb), sb.info.subscriptionId, { retryOptions: { maxRetries: 3, retryDelayInMs: 20, maxRetryDelayInMs: 200 } });
  return {
    sb,
    dataDir,
    env,
    arm,
    secrets: new FileKeySecretStore({ dataDir }),
    store: new ClusterStore(dataDir),
    async close() {
      await sb.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
