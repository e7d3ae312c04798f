/**
 * Sandbox-only endpoints under `/_sandbox/`. No ARM token, but the sandbox API token: every
 * request has passed api-auth/api-gate.ts (`Authorization: Bearer <SandboxInfo.apiToken>`) before
 * it gets here, because loopback alone lets any local user in:
 *   GET    /_sandbox/journal[?since=<seq>]   request journal entries (redacted), oldest first
 *   GET    /_sandbox/faults                  active fault rules with their counters
 *   POST   /_sandbox/faults                  add rules: the --faults JSON ({seed?, rules: [...]})
 *   PUT    /_sandbox/faults                  replace all rules with the given JSON
 *   DELETE /_sandbox/faults                  remove all rules
 *   POST   /_sandbox/devicecode/approve      {"user_code": "...", "user"?: "<upn or oid>"}: approves a
 *                                            pending device code as a sandbox user (default: the first)
 *   POST   /_sandbox/nodes/drop-sessions     {"vmId"?: "..."}: drops live SSH sessions (one node or all)
 *   GET    /_sandbox/flatcar/release         {"version": "..." | null}: the Flatcar release announced last
 *   POST   /_sandbox/flatcar/release         {"version": "4500.0.0"}: announces a new Flatcar release; every
 *                                            running node's update-engine stages it and asks for a reboot
 *                                            (nodes/update-engine.ts); answers {"version", "staged": [node names]}
 *   GET    /_sandbox/speed                   {"profile": "instant" | "realistic", "speed": n}: how fast the simulated
 *                                            delays run (n = the divisor of the realistic figures)
 *   PUT    /_sandbox/speed                   {"speed": n} (0.01..100): changes it while the sandbox runs; delays
 *                                            started after the change use it (time/latency-profiles.ts)
 * Registered by the providers on the ARM router (same token):
 *   GET    /_sandbox/nodes                   SandboxNodeView[]: each VM's simulated node, its fake public
 *                                            IP and the loopback `ssh` / `apiServer` endpoints behind it
 *   GET    /_sandbox/frontends               SandboxFrontendView[]: one entry per TCP load-balancing rule on
 *                                            a public LB frontend: {loadBalancerId, rule, publicIp, fqdn?,
 *                                            port, backendPort, endpoint: {host, port}, apiServer? (port
 *                                            6443), backends: [{vmId, healthy}]}; a client connects to
 *                                            `endpoint` instead of publicIp:port and each new connection
 *                                            goes to a healthy backend (providers/compute/lb-frontends.ts)
 *   GET|PUT /_sandbox/quotas/{sub}/{location} compute quota overrides (providers/catalog)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RuleFaultInjector } from './faults/fault-injector';
import { parseFaultFile } from './faults/fault-rules';
import { BodyTooLargeError, readBody, sendJson } from './http/http-util';
import type { EntraEndpoints } from './identity/entra-endpoints';
import type { LatencyProfile } from './arm/types';
import type { RequestJournal } from './journal/request-journal';

export interface SandboxApiDeps {
  journal: RequestJournal;
  faults: RuleFaultInjector;
  entra: EntraEndpoints;
  /** The simulated delays: their speed can change while the sandbox runs (a trainer's pace). */
  latency?: LatencyProfile;
  /** Drops live SSH sessions of one node (or all): fault injection for training and tests. */
  dropSessions?: (vmId?: string) => void;
  /** The stand-in for Flatcar's update server (nodes/update-engine.ts). */
  flatcar?: { announce(version: string): string[]; current(): string | undefined };
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req);
  return raw.length ? JSON.parse(raw.toString('utf8')) : {};
}

/**
 * Answers the sandbox's own endpoints. Returns false for paths it does not know, so providers
 * can register more `/_sandbox/...` routes on the ARM router (nodes, quotas, serial console).
 */
export async function handleSandboxApi(deps: SandboxApiDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname.replace(/\/+$/, '');
  try {
    if (path === '/_sandbox/journal' && method === 'GET') {
      const since = Number.parseInt(url.searchParams.get('since') ?? '0', 10) || 0;
      sendJson(res, 200, { entries: deps.journal.list(since) });
      return true;
    }
    if (path === '/_sandbox/faults') {
      if (method === 'GET') {
        sendJson(res, 200, deps.faults.list());
        return true;
      }
      if (method === 'DELETE') {
        deps.faults.clear();
        sendJson(res, 200, deps.faults.list());
        return true;
      }
      if (method === 'POST' || method === 'PUT') {
        const file = parseFaultFile(await jsonBody(req));
        if (method === 'PUT') deps.faults.clear();
        const ids = deps.faults.add(file);
        sendJson(res, 200, { ids });
        return true;
      }
    }
    if (path === '/_sandbox/speed' && deps.latency) {
      const latency = deps.latency;
      if (method === 'PUT') {
        const body = (await jsonBody(req)) as { speed?: unknown };
        if (typeof body.speed !== 'number') {
          sendJson(res, 400, { error: 'speed (a number, 1 = the realistic figures, 2 = twice as fast) is required' });
          return true;
        }
        latency.setSpeed(body.speed); // throws on a speed out of range: 400 below
      }
      if (method === 'PUT' || method === 'GET') {
        sendJson(res, 200, { profile: latency.name, speed: latency.speed });
        return true;
      }
    }
    if (path === '/_sandbox/devicecode/approve' && method === 'POST') {
      const body = (await jsonBody(req)) as { user_code?: unknown; user?: unknown };
      if (typeof body.user_code !== 'string') {
        sendJson(res, 400, { error: 'user_code (string) is required' });
        return true;
      }
      const r = deps.entra.approveDeviceCode(body.user_code, typeof body.user === 'string' ? body.user : undefined);
      sendJson(res, r.ok ? 200 : 404, r.ok ? { approved: true, user: r.upn } : { error: r.message });
      return true;
    }
    if (path === '/_sandbox/nodes/drop-sessions' && method === 'POST' && deps.dropSessions) {
      const body = (await jsonBody(req)) as { vmId?: unknown };
      deps.dropSessions(typeof body.vmId === 'string' ? body.vmId : undefined);
      sendJson(res, 200, { dropped: true });
      return true;
    }
    if (path === '/_sandbox/flatcar/release' && deps.flatcar) {
      if (method === 'GET') {
        sendJson(res, 200, { version: deps.flatcar.current() ?? null });
        return true;
      }
      if (method === 'POST') {
        const body = (await jsonBody(req)) as { version?: unknown };
        if (typeof body.version !== 'string' || !/^\d+\.\d+\.\d+$/.test(body.version)) {
          sendJson(res, 400, { error: 'version (a Flatcar release such as 4500.0.0) is required' });
          return true;
        }
        sendJson(res, 200, { version: deps.flatcar.current() ?? body.version, staged: deps.flatcar.announce(body.version) });
        return true;
      }
    }
    return false;
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw err; // the server answers 413 for it (http/body-door.ts)
    sendJson(res, 400, { error: (err as Error).message });
    return true;
  }
}
