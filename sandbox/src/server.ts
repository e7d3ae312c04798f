/**
 * The sandbox's server: a local Azure (ARM + Entra ID) over HTTPS with its own CA. Inside the
 * package only; others start it through index.ts (in process) or process.ts (its own process).
 *
 *   const sb = await startSandboxServer({ stateDir, latency: 'instant' });
 *   sb.info.armEndpoint  // give to the ARM clients as `endpoint`, with tlsOptions: { ca } from caCertPath
 *   await sb.close();
 *
 * One HTTPS server on 127.0.0.1 serves the Entra endpoints (`/{tenant}/oauth2/v2.0/...`), the
 * sandbox API (`/_sandbox/...`, see sandbox-api.ts; it needs `info.apiToken` as a bearer token,
 * see api-auth/) and ARM (everything else, see PROVIDERS.md).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { refuseWithoutApiToken } from './api-auth/api-gate';
import { loadOrCreateApiToken, secretsEqual } from './api-auth/api-token';
import { acquireStateDirLock } from './store/state-dir-lock';
import { createSignedUrls } from './api-auth/signed-urls';
import { dispatchArm } from './arm/arm-dispatcher';
import { SandboxLroManager } from './arm/lro';
import { PatternRouter } from './arm/router';
import type { ProviderDeps, RegisterProvider, SandboxFacts } from './arm/types';
import { RuleFaultInjector } from './faults/fault-injector';
import { parseFaultFile } from './faults/fault-rules';
import { admitBody, refuseDeclaredOversize, refuseOversizeBody } from './http/body-door';
import { BodyTooLargeError, sendJson } from './http/http-util';
import { EntraEndpoints } from './identity/entra-endpoints';
import {
  SANDBOX_ARM_AUDIENCE,
  SANDBOX_ARM_SCOPE,
  SANDBOX_CLIENT_ID,
  SANDBOX_SECOND_SUBSCRIPTION_ID,
  SANDBOX_SUBSCRIPTION_ID,
  SANDBOX_TENANT_ID,
} from './identity/sandbox-users';
import { TokenIssuer } from './identity/token-issuer';
import { SANDBOX_USER_PASSWORD, SANDBOX_USERS } from './identity/sandbox-users';
import { RequestJournal } from './journal/request-journal';
import { registerResourceProviders } from './resources';
import { registerOperationRoutes } from './resources/operation-routes';
import { handleSandboxApi } from './sandbox-api';
import { JsonResourceStore } from './store/resource-store';
import { createLatencyProfile, type LatencyProfileName } from './time/latency-profiles';
import { loadOrCreateTlsMaterial, type SandboxTlsMaterial } from './tls/certificate-authority';
import { registerComputeProviders } from './providers/compute';
import { createNodeHost } from './nodes/node-host';
import type { NodeHost } from './nodes/types';
import { registerNetworkProviders } from './providers/network';
import { createNodeNetwork } from './providers/network/node-network';
import { createNodeCloud } from './providers/compute/node-cloud';
import { registerCatalogProviders } from './providers/catalog';
import { createSandboxInternet } from './upstream';
import { serveUpstream } from './upstream/serve';
import { BAKERY_PATH, sandboxBakeryBaseUrl } from './upstream/sysext-bakery';
import { sandboxCniPins } from './upstream/cni-artifacts';

export interface SandboxServerOptions {
  /** 0 or undefined = a random free port. */
  port?: number;
  /** Persist state (resources, CA, signing key, refresh tokens, API token) here; undefined = memory only. */
  stateDir?: string;
  /** How long to wait for another sandbox to let go of stateDir before refusing (default 5 s). */
  stateDirLockWaitMs?: number;
  latency?: LatencyProfileName;
  /** Divides realistic durations (2 = twice as fast). */
  speed?: number;
  /** JSON fault rules (faults/fault-rules.ts). */
  faultsFile?: string;
  /** Host the simulated nodes' endpoints bind to (default 127.0.0.1). */
  nodeHost?: string;
  /** Clock for token lifetimes and operations (tests move it forward). Default Date.now. */
  now?: () => number;
  /** Access token lifetime, seconds (default 3900, about Entra's 65-min average). */
  accessTokenLifetimeSeconds?: number;
  /** Device-code polling interval MSAL is told (default 1 s; Entra says 5). */
  deviceCodeIntervalSeconds?: number;
  /** More providers (tests, experiments), registered after the built-in ones. */
  extraProviders?: RegisterProvider[];
  /**
   * The simulated Flatcar nodes behind the VMs: default, a real node host (SSH servers on
   * loopback); `false` leaves compute out entirely (a test registers its own through
   * extraProviders); or a NodeHost of the caller's.
   */
  nodes?: NodeHost | false;
  /** Hears what the sandbox changed on its own (a replaced CA). Default: stderr, prefixed `[sandbox]`. */
  log?: (line: string) => void;
}

export interface SandboxInfo {
  armEndpoint: string;
  authorityHost: string;
  tenantId: string;
  subscriptionId: string;
  clientId: string;
  caCertPath: string;
  pricesEndpoint: string;
  /** The sandbox's Flatcar sysext bakery (release downloads: `<this>/kubernetes-vX.Y.Z/SHA256SUMS`). */
  sysextBakery: string;
  /** Extra, for clients: the authority URL, the ARM audience and the scope to ask for. */
  authority: string;
  armAudience: string;
  armScope: string;
  /**
   * The secret every sandbox API (`/_sandbox/...`) call must send as `Authorization: Bearer <this>`.
   * Kept in the state dir (0600) when there is one, else new for each run. Never log it.
   */
  apiToken: string;
  /** The sandbox users' sign-in names, first one the default (the app signs it in by itself). */
  users: string[];
  /** The sandbox users' shared password (public on purpose: the password grant needs apiToken). */
  userPassword: string;
  /** Every subscription the sandbox serves (the first is `subscriptionId`). */
  subscriptionIds: string[];
  /** sha256 of the CNI release files the sandbox's internet serves, by URL (its stand-ins, not upstream's). */
  cniPins: Record<string, string>;
}

export interface RunningSandbox {
  info: SandboxInfo;
  /** The CA certificate (PEM) to trust in Flatkube's own clients. */
  caCertPem: string;
  /** Shared with providers; exposed for in-process tests and the nodes (H3). */
  deps: ProviderDeps;
  faults: RuleFaultInjector;
  journal: RequestJournal;
  close(): Promise<void>;
}

export { SANDBOX_ARM_AUDIENCE, SANDBOX_ARM_SCOPE, SANDBOX_CLIENT_ID, SANDBOX_TENANT_ID, SANDBOX_SUBSCRIPTION_ID } from './identity/sandbox-users';

/**
 * The TLS material of the process's ephemeral sandboxes (no state dir), made at the first: a CA
 * and a server key are two RSA keys, about 0.2 s of CPU, and a test process starts a dozen
 * sandboxes. Each later one gets the CA certificate in its own temp dir (its caCertPath), and its
 * own port, API token, token issuer and store; a sandbox with a state dir keeps its own material.
 */
let ephemeralMaterial: SandboxTlsMaterial | undefined;
function ephemeralTls(tempDir: string, log: (line: string) => void): SandboxTlsMaterial {
  if (!ephemeralMaterial) {
    ephemeralMaterial = loadOrCreateTlsMaterial(tempDir, log);
    return ephemeralMaterial;
  }
  const caCertPath = join(tempDir, basename(ephemeralMaterial.caCertPath));
  writeFileSync(caCertPath, ephemeralMaterial.caCertPem, { mode: 0o644 });
  return { ...ephemeralMaterial, caCertPath };
}

export async function startSandboxServer(opts: SandboxServerOptions = {}): Promise<RunningSandbox> {
  const now = opts.now ?? Date.now;
  const tempDir = opts.stateDir ? undefined : mkdtempSync(join(tmpdir(), 'flatkube-sandbox-'));
  const keyDir = opts.stateDir ?? tempDir!;
  const log = opts.log ?? ((line: string) => console.error(`[sandbox] ${line}`));
  if (opts.stateDir) mkdirSync(opts.stateDir, { recursive: true, mode: 0o700 });
  const stateLock = opts.stateDir ? await acquireStateDirLock(opts.stateDir, log, opts.stateDirLockWaitMs) : undefined;
  try {
    const tls = opts.stateDir ? loadOrCreateTlsMaterial(keyDir, log) : ephemeralTls(keyDir, log);
    const apiToken = loadOrCreateApiToken(opts.stateDir);
    const store = new JsonResourceStore(opts.stateDir);
    const latency = createLatencyProfile(opts.latency ?? 'instant', opts.speed ?? 1);
    const faults = new RuleFaultInjector(opts.faultsFile ? parseFaultFile(JSON.parse(readFileSync(opts.faultsFile, 'utf8'))) : undefined);
    const journal = new RequestJournal();
    const router = new PatternRouter();

    const server: Server = createServer({ cert: tls.serverCertPem, key: tls.serverKeyPem });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const baseUrl = `https://127.0.0.1:${port}`;

    const issuer = await TokenIssuer.create(
      { authorityHost: baseUrl, tenantId: SANDBOX_TENANT_ID, now, accessTokenLifetimeSeconds: opts.accessTokenLifetimeSeconds ?? 3900 },
      opts.stateDir,
    );
    const entra = new EntraEndpoints({
      authorityHost: baseUrl,
      tenantId: SANDBOX_TENANT_ID,
      clientIds: [SANDBOX_CLIENT_ID],
      issuer,
      store,
      now,
      deviceCodeIntervalSeconds: opts.deviceCodeIntervalSeconds ?? 1,
      refreshTokenLifetimeSeconds: 90 * 24 * 3600,
      // The password grant and the /devicelogin approval need the API token (no person involved).
      isApiToken: (presented) => presented !== undefined && secretsEqual(presented, apiToken),
    });
    const lro = new SandboxLroManager(store, latency, faults, now);
    const facts: SandboxFacts = {
      tenantId: SANDBOX_TENANT_ID,
      subscriptionIds: [SANDBOX_SUBSCRIPTION_ID, SANDBOX_SECOND_SUBSCRIPTION_ID],
      armAudience: SANDBOX_ARM_AUDIENCE,
      nodeHost: opts.nodeHost ?? '127.0.0.1',
    };
    const deps: ProviderDeps = { store, lro, latency, faults, facts, now, signedUrls: createSignedUrls(apiToken) };
    const internet = createSandboxInternet({ origin: baseUrl, corrupt: (u) => faults.take({ kind: 'download-corrupted', method: 'GET', path: u.pathname }) !== undefined });
    registerOperationRoutes(router, lro);
    registerResourceProviders(router, deps);
    const nodeHost =
      opts.nodes === false
        ? undefined
        : (opts.nodes ??
          createNodeHost({
            ...(opts.stateDir ? { stateDir: opts.stateDir } : {}),
            internet,
            network: createNodeNetwork(store),
            cloud: createNodeCloud({ store, issuer, audience: SANDBOX_ARM_AUDIENCE, baseUrl, caCertPem: tls.caCertPem }),
            pace: { delayMs: (kind) => latency.duration(`node.${kind}`) },
            onExec: (nodeName, line) => {
              const hit = faults.take({ kind: 'ssh-drop', method: 'SSH', path: `${nodeName} ${line}` });
              return hit ? { dropAfterMs: hit.afterMs ?? 0 } : undefined;
            },
          }));
    const bridge = nodeHost ? registerComputeProviders(router, { ...deps, nodeHost }) : undefined;
    registerNetworkProviders(router, deps);
    registerCatalogProviders(router, deps);
    for (const p of opts.extraProviders ?? []) p(router, deps);

    const audiences = [SANDBOX_ARM_AUDIENCE, SANDBOX_ARM_AUDIENCE.replace(/\/$/, '')];
    const armDeps = { router, auth: { issuer, audiences, tenantId: SANDBOX_TENANT_ID, authorityHost: baseUrl }, faults, latency, journal, facts, now, baseUrl: () => baseUrl };

    server.removeAllListeners('error');
    server.on('error', (err) => console.error('[sandbox] server error:', err.message));
    server.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', baseUrl);
      const run = async () => {
        // A declared oversize body is refused before anything else, without reading it.
        if (await refuseDeclaredOversize(journal, req, res, url)) return;
        // Only the sandbox API needs the API token here. Open on purpose: the Entra endpoints and
        // the sign-in pages (the user's browser must reach them; the password grant and the
        // /devicelogin approval check the token themselves), ARM (its own RS256 bearer tokens)
        // and /_bakery (public release files, as on GitHub).
        if (refuseWithoutApiToken(apiToken, req, res, url)) return;
        // Bodies are read here, bounded, for every endpoint alike (http/body-door.ts).
        if (!(await admitBody(journal, req, res, url))) return;
        if (url.pathname.startsWith('/_sandbox/')) {
          const dropSessions = nodeHost ? (vmId?: string) => nodeHost.dropSessions(vmId) : undefined;
          const announce = nodeHost?.announceFlatcarRelease?.bind(nodeHost);
          const flatcar = announce ? { announce, current: () => nodeHost?.flatcarRelease?.() } : undefined;
          if (await handleSandboxApi({ journal, faults, entra, latency, ...(dropSessions ? { dropSessions } : {}), ...(flatcar ? { flatcar } : {}) }, req, res, url)) return;
        }
        if (url.pathname.startsWith(`${BAKERY_PATH}/`)) return serveUpstream(internet, req, res, url);
        if (await entra.handle(req, res, url)) return;
        return dispatchArm(armDeps, req, res, url);
      };
      run().catch((err: unknown) => {
        if (err instanceof BodyTooLargeError) return void refuseOversizeBody(journal, req, res, url);
        console.error('[sandbox] request failed:', (err as Error)?.message ?? err);
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'InternalServerError', message: 'Encountered internal server error.' } });
        else res.destroy();
      });
    });

    const info: SandboxInfo = {
      armEndpoint: baseUrl,
      authorityHost: baseUrl,
      tenantId: SANDBOX_TENANT_ID,
      subscriptionId: SANDBOX_SUBSCRIPTION_ID,
      subscriptionIds: [...facts.subscriptionIds],
      clientId: SANDBOX_CLIENT_ID,
      caCertPath: tls.caCertPath,
      pricesEndpoint: `${baseUrl}/api/retail/prices`,
      sysextBakery: sandboxBakeryBaseUrl(baseUrl),
      authority: `${baseUrl}/${SANDBOX_TENANT_ID}`,
      armAudience: SANDBOX_ARM_AUDIENCE,
      armScope: SANDBOX_ARM_SCOPE,
      apiToken,
      users: SANDBOX_USERS.map((u) => u.upn),
      userPassword: SANDBOX_USER_PASSWORD,
      cniPins: sandboxCniPins(),
    };

    let closed = false;
    return {
      info,
      caCertPem: tls.caCertPem,
      deps,
      faults,
      journal,
      async close() {
        if (closed) return;
        closed = true;
        lro.close();
        await lro.idle();
        bridge?.close();
        if (nodeHost && nodeHost !== opts.nodes) await nodeHost.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        if (tempDir) rmSync(tempDir, { recursive: true, force: true });
        stateLock?.release();
      },
    };
  } catch (err) {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    stateLock?.release();
    throw err;
  }
}
