/**
 * A client for the sandbox's own API (`/_sandbox/...`, see sandbox-api.ts), over HTTPS like any
 * other client: it trusts the sandbox's CA for its own requests only and sends the API token to
 * the sandbox's origin alone. The app, the CLI and tests use this, never the sandbox's insides.
 */
import { Agent, request as httpsRequest } from 'node:https';
import type { JournalEntry } from './journal/request-journal';
import type { FaultFile, FaultRule } from './faults/fault-rules';
import type { SandboxNodeView } from './providers/compute/node-bridge';
import type { ComputeUsage } from './providers/catalog/catalog-types';
import type { SandboxFrontendView } from './providers/compute/lb-frontends';

export type { JournalEntry, FaultFile, FaultRule, SandboxNodeView, ComputeUsage, SandboxFrontendView };

/** A (subscription, location)'s compute quota: the overrides set and the usages ARM answers with them. */
export interface SandboxQuotaView {
  subscriptionId: string;
  /** The location's name (lower case, as ARM spells it: `westeurope`). */
  location: string;
  /** Limit overrides by usage name (`cores`, `standardDSv5Family`, ...). */
  overrides: Record<string, number>;
  /** What `GET .../locations/{location}/usages` answers now (limits with the overrides). */
  usages: ComputeUsage[];
}

export interface SandboxSpeed {
  /** `instant`: every delay is 0 whatever the speed (tests); `realistic`: Azure-like figures / speed. */
  profile: 'instant' | 'realistic';
  speed: number;
}

export interface ActiveFaultRules {
  seed: number;
  rules: Array<FaultRule & { id: string; seen: number; fired: number }>;
}

const quotaPath = (subscriptionId: string, location: string) => `/_sandbox/quotas/${encodeURIComponent(subscriptionId)}/${encodeURIComponent(location)}`;

export class SandboxApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxApiError';
  }
}

export interface SandboxApiTarget {
  armEndpoint: string;
  apiToken: string;
}

export class SandboxApiClient {
  private readonly agent: Agent;
  private readonly origin: string;

  constructor(
    private readonly target: SandboxApiTarget,
    caCertPem: string,
  ) {
    this.origin = new URL(target.armEndpoint).origin;
    this.agent = new Agent({ ca: caCertPem, keepAlive: false });
  }

  /** Request journal entries (redacted), oldest first; `since` = the last seq already seen. */
  async journal(since = 0): Promise<JournalEntry[]> {
    const r = await this.call<{ entries: JournalEntry[] }>('GET', `/_sandbox/journal?since=${since}`);
    return r.entries;
  }

  faults(): Promise<ActiveFaultRules> {
    return this.call('GET', '/_sandbox/faults');
  }

  /** Adds rules (the --faults JSON); answers their ids. */
  async addFaults(file: FaultFile | { seed?: number; rules: unknown[] }): Promise<string[]> {
    return (await this.call<{ ids: string[] }>('POST', '/_sandbox/faults', file)).ids;
  }

  /** Replaces every rule. */
  async replaceFaults(file: FaultFile | { seed?: number; rules: unknown[] }): Promise<string[]> {
    return (await this.call<{ ids: string[] }>('PUT', '/_sandbox/faults', file)).ids;
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/_sandbox/faults');
  }

  /** Approves a pending device code as a sandbox user (default: the first). */
  async approveDeviceCode(userCode: string, user?: string): Promise<string> {
    const r = await this.call<{ user: string }>('POST', '/_sandbox/devicecode/approve', { user_code: userCode, ...(user ? { user } : {}) });
    return r.user;
  }

  /** The simulated nodes behind the VMs, with their loopback SSH and API server endpoints. */
  nodes(): Promise<SandboxNodeView[]> {
    return this.call('GET', '/_sandbox/nodes');
  }

  /**
   * The load balancer frontends (one entry per TCP rule on a public frontend) with the loopback
   * endpoint that stands for `publicIp:port`: each new connection goes to a healthy backend VM
   * (`apiServer` is set for port 6443). Listing opens the listeners of new rules.
   */
  frontends(): Promise<SandboxFrontendView[]> {
    return this.call('GET', '/_sandbox/frontends');
  }

  /** Drops the live SSH sessions of one node (by VM id) or of all. */
  async dropSessions(vmId?: string): Promise<void> {
    await this.call('POST', '/_sandbox/nodes/drop-sessions', vmId ? { vmId } : {});
  }

  /**
   * Announces a new Flatcar release (the sandbox's stand-in for Flatcar's update server): every
   * running node's update-engine stages it and writes /run/reboot-required; Kured, where the
   * cluster has it, reboots the nodes into it one at a time. Answers the nodes that staged it.
   */
  announceFlatcarRelease(version: string): Promise<{ version: string; staged: string[] }> {
    return this.call('POST', '/_sandbox/flatcar/release', { version });
  }

  /** The Flatcar release announced last (null: none since the sandbox started). */
  flatcarRelease(): Promise<{ version: string | null }> {
    return this.call('GET', '/_sandbox/flatcar/release');
  }

  /** A (subscription, location)'s compute quota: overrides and current usages. */
  quota(subscriptionId: string, location: string): Promise<SandboxQuotaView> {
    return this.call('GET', quotaPath(subscriptionId, location));
  }

  /**
   * Overrides a (subscription, location)'s compute quota limits by usage name (`{ cores: 4 }`);
   * null clears an override. Answers the quota as it is then.
   */
  setQuota(subscriptionId: string, location: string, limits: Record<string, number | null>): Promise<SandboxQuotaView> {
    return this.call('PUT', quotaPath(subscriptionId, location), limits);
  }

  /** How fast the simulated delays run: the profile and its speed (2 = twice as fast as realistic). */
  speed(): Promise<SandboxSpeed> {
    return this.call('GET', '/_sandbox/speed');
  }

  /** Changes the speed while the sandbox runs (0.01..100); delays already running keep their length. */
  setSpeed(speed: number): Promise<SandboxSpeed> {
    return this.call('PUT', '/_sandbox/speed', { speed });
  }

  /** Any `/_sandbox/...` call, for routes this client has no method for. */
  call<T>(method: string, path: string, body?: unknown): Promise<T> {
    if (!path.startsWith('/_sandbox/')) throw new Error(`not a sandbox API path: ${path}`);
    const url = new URL(path, this.origin);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise<T>((resolve, reject) => {
      const req = httpsRequest(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${this.target.apiToken}`,
            accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = text ? JSON.parse(text) : {};
            } catch {
              json = undefined;
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300 && json !== undefined) return resolve(json as T);
            const err = (json as { error?: unknown } | undefined)?.error;
            const message = typeof err === 'string' ? err : typeof (err as { message?: unknown })?.message === 'string' ? (err as { message: string }).message : text.slice(0, 200);
            reject(new SandboxApiError(status, `${method} ${path}: ${status} ${message}`));
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}
