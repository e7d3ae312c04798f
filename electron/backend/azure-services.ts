/**
 * Creates the sign-in and Azure services once for the backend: the SessionManager (sandbox by
 * default, real Azure once signed in), the public-IP detector and preflight, all plain Node.
 * backend.ts calls createAzureServices(...) and hands the result to auth- and azure-handlers.
 */
import path from 'node:path';
import type { ClusterSpec } from '../../shared/domain/cluster-spec';
import type { PublicIpInfo } from '../../shared/ipc/channels/azure';
import type { AuthSettings } from '../services/auth/auth-settings';
import type { ArmClients } from '../services/azure/arm-clients';
import type { AzureEnvironment } from '../services/azure/environment';
import { detectPublicIp, type PublicIpOptions } from '../services/azure/public-ip';
import { SessionManager, type StartedSandbox } from '../services/session/session-manager';
import { sysextSource, type SysextSource } from '../services/cluster/sysext/bakery';
import { AppError } from '../services/errors';
import { httpsHeadProbe, type UrlProbe } from '../services/preflight/kubernetes-release-check';
import { spawnSandbox, type SandboxLauncher } from '@flatkube/sandbox/process';
// The API client alone (its own entry point): '@flatkube/sandbox' would bundle the whole sandbox into main.
import { SandboxApiClient, type SandboxSpeed } from '@flatkube/sandbox/client';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { requireSandbox } from '../services/azure/classroom/exercises';
import { FileKeySecretStore } from '../services/secrets/file-key-secret-store';
import type { SecretStore } from '../services/secrets/secret-store';

export interface AzureServicesOptions {
  dataDir: string;
  log?: (line: string) => void;
  /** Token cache encryption: Electron safeStorage in the app; the file-key store otherwise. */
  secretStore?: SecretStore;
  /** The allow-listed system-browser opener (main.ts); without one, browser sign-in explains itself. */
  openBrowser?: (url: string) => Promise<void>;
  /** Default: the embedded sandbox with its state under <dataDir>/sandbox (memory without a dataDir). */
  startSandbox?: () => Promise<StartedSandbox>;
  /**
   * How the embedded sandbox's own process starts: Electron's utilityProcess in the app
   * (main.ts), a Node child process otherwise (browser mode, tests).
   */
  sandboxLauncher?: SandboxLauncher;
  /** dl.k8s.io probe for preflight. */
  probe?: UrlProbe;
  /** The sysext bakery of an environment (default: its `sysextBakery` over HTTPS). */
  sysextFor?: (env: AzureEnvironment) => SysextSource;
  env?: NodeJS.ProcessEnv;
  /** Real Azure's environment (default: the public cloud); tests pass the sandbox posing as Azure. */
  azureEnvironment?: (settings: AuthSettings) => AzureEnvironment;
  /** Bound on each `az` call of the Azure CLI sign-in (ms). */
  azureCliTimeoutMs?: number;
  /** Detects the user's public IP (default: detectPublicIp; tests answer without the internet). */
  publicIp?: (opts: PublicIpOptions) => Promise<PublicIpInfo>;
  /** Added to every ARM client's pipeline (the API-call recorder). */
  armPolicies?: PipelinePolicy[];
}

export interface AzureServices {
  session: SessionManager;
  probe: UrlProbe;
  /** Checksums and versions of the Kubernetes sysext in an environment's bakery. */
  sysextFor(env: AzureEnvironment): SysextSource;
  /** The user's public IP as Azure sees it (the sandbox answers a documentation address). */
  publicIp(opts: PublicIpOptions): Promise<PublicIpInfo>;
  /** The sign-in in progress, so auth.cancelSignIn can stop it. */
  signIn: { controller?: AbortController };
  /** For the cluster engine (ClusterServices.connect): environment + ARM clients for a spec. */
  connectCluster(spec: ClusterSpec): Promise<{ env: AzureEnvironment; arm: ArmClients }>;
  /**
   * The sandbox's simulated-delay speed (its `/_sandbox/speed` API): undefined from get() while
   * the sandbox has not started; set() starts it when needed (pace control, pace-handlers.ts).
   */
  sandboxSpeed: { get(): Promise<SandboxSpeed | undefined>; set(speed: number): Promise<SandboxSpeed> };
  /**
   * The sandbox's own API (`/_sandbox/*`, over HTTPS with its CA and API token) for classroom
   * exercises; refused (SANDBOX_ONLY) when the session is real Azure. `what` names the refusal.
   */
  sandboxApi(what: string): Promise<SandboxApiClient>;
  close(): Promise<void>;
}

export function createAzureServices(opts: AzureServicesOptions): AzureServices {
  // The sandbox API client of the sandbox started last (a restarted sandbox has a new port and CA).
  let sandboxApi: SandboxApiClient | undefined;
  const remember = async (started: Promise<StartedSandbox>): Promise<StartedSandbox> => {
    const sb = await started;
    sandboxApi = new SandboxApiClient(sb.info, sb.caCertPem);
    return sb;
  };
  const secretStore = opts.secretStore ?? (opts.dataDir ? new FileKeySecretStore({ dataDir: opts.dataDir }) : undefined);
  const session = new SessionManager({
    dataDir: opts.dataDir,
    ...(secretStore ? { secretStore } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.azureEnvironment ? { azureEnvironment: opts.azureEnvironment } : {}),
    ...(opts.azureCliTimeoutMs ? { azureCliTimeoutMs: opts.azureCliTimeoutMs } : {}),
    ...(opts.armPolicies ? { tuning: { policies: opts.armPolicies } } : {}),
    openBrowser:
      opts.openBrowser ??
      (async () => {
        throw new AppError('AUTH_NO_BROWSER', 'This shell cannot open a browser for sign-in.', { hint: 'Use the device code sign-in instead.' });
      }),
    startSandbox: () => remember(opts.startSandbox ? opts.startSandbox() : startOwnSandbox()),
  });
  async function startOwnSandbox(): Promise<StartedSandbox> {
    // Its own process: simulated nodes and TLS never share the backend's event loop.
    const sb = await spawnSandbox({
      ...(opts.dataDir ? { stateDir: path.join(opts.dataDir, 'sandbox') } : {}),
      latency: 'realistic',
      speed: 4,
      ...(opts.sandboxLauncher ? { launcher: opts.sandboxLauncher } : {}),
      log: (line) => (opts.log ?? console.error)(line),
    });
    return { info: sb.info, caCertPem: sb.caCertPem, close: () => sb.close() };
  }
  return {
    session,
    probe: opts.probe ?? httpsHeadProbe,
    sysextFor: opts.sysextFor ?? ((env) => sysextSource(env)),
    publicIp: opts.publicIp ?? detectPublicIp,
    signIn: {},
    async connectCluster(spec) {
      const s = await session.current();
      return { env: s.env, arm: await s.reads.clients(spec.subscriptionId) };
    },
    sandboxSpeed: {
      get: async () => (sandboxApi ? sandboxApi.speed() : undefined),
      async set(speed) {
        if (!sandboxApi) await session.useSandbox();
        return sandboxApi!.setSpeed(speed);
      },
    },
    async sandboxApi(what) {
      const { env } = await session.current();
      requireSandbox(env, what);
      // The session's sandbox is the one started last: its client is the one remembered above.
      if (!sandboxApi) throw new AppError('SANDBOX_UNAVAILABLE', 'The sandbox has not started.');
      return sandboxApi;
    },
    close: () => session.close(),
  };
}
