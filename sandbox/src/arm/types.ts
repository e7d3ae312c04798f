/**
 * The provider contract of the sandbox ARM emulator.
 *
 * Resource providers (resource groups, compute, network, marketplace, ...) are plain modules that
 * export `register(router, deps)`. They never see raw HTTP: the ARM core parses the request,
 * checks the bearer token and the api-version, applies fault injection and latency, writes the
 * journal, and serialises answers and errors the way Azure does. See ../PROVIDERS.md.
 *
 * This file is a published contract (H2 codes against it): only ADD to it.
 */

/** The signed-in caller, taken from the verified access token. */
export interface Principal {
  /** Object id of the user (token claim `oid`). */
  oid: string;
  /** Tenant id (token claim `tid`). */
  tid: string;
  /** User principal name (token claim `upn`), e.g. `ada@sandbox.flatkube.local`. */
  upn: string;
  /** Scopes granted (token claim `scp`, split on spaces). */
  scopes: string[];
}

/** What a route handler receives. */
export interface ArmRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Request path as the client sent it (original casing, percent-decoded per segment), no query. */
  path: string;
  /** Values of the `{params}` in the route pattern, original casing, percent-decoded. */
  params: Record<string, string>;
  /** Query parameters; keys as sent. Use `queryParam()` for a case-insensitive read. */
  query: Record<string, string>;
  /** The `api-version` query parameter (already checked against the route's list). */
  apiVersion: string;
  /** Parsed JSON body, or undefined when the request had none. */
  body: unknown;
  /** Request headers, names lower-cased. */
  headers: Record<string, string | undefined>;
  /** `{subscriptionId}` from the path when the pattern has it (original casing). */
  subscriptionId?: string;
  /** The authenticated caller (routes registered with `auth: false` get an anonymous principal). */
  principal: Principal;
  /** Base URL of the sandbox ARM endpoint, e.g. `https://127.0.0.1:50123` (no trailing slash). */
  baseUrl: string;
  /** The `x-ms-request-id` the sandbox assigned to this request. */
  requestId: string;
}

/** What a route handler answers. Body is serialised as JSON unless undefined (empty body), or a string with a text/* or application/xml Content-Type (sent as is). */
export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type ArmHandler = (req: ArmRequest) => ArmResponse | Promise<ArmResponse>;

/**
 * One route. `pattern` is an ARM path with `{name}` placeholders, matched case-insensitively,
 * one placeholder = exactly one path segment, e.g.
 * `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/{name}`.
 * When several patterns match, the one with more literal segments wins.
 */
export interface RouteDefinition {
  /** HTTP methods served, upper-case: `['GET','PUT','DELETE']`. */
  methods: string[];
  pattern: string;
  /**
   * Accepted api-versions (exact strings). A request with another one gets Azure's
   * `InvalidApiVersionParameter` / `NoRegisteredProviderFound` error. `'*'` accepts any (used for
   * operation-status URLs, which echo the api-version of the call that created them).
   */
  apiVersions: string[] | '*';
  handler: ArmHandler;
  /** Default true: a valid sandbox bearer token is required. */
  auth?: boolean;
}

export interface ArmRouter {
  add(route: RouteDefinition): void;
}

/**
 * An Azure error. Throw it from a handler (or anything it calls); the core answers
 * `status` with `{"error":{"code","message","target"?,"details"?}}` and the extra headers.
 */
export class ArmError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ArmErrorDetail[] | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly target: string | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    details?: ArmErrorDetail[],
    extra?: { headers?: Record<string, string>; target?: string },
  ) {
    super(message);
    this.name = 'ArmError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = extra?.headers;
    this.target = extra?.target;
  }

  /** The wire body Azure sends. */
  toBody(): { error: ArmErrorBody } {
    const error: ArmErrorBody = { code: this.code, message: this.message };
    if (this.target !== undefined) error.target = this.target;
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}

export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorDetail[];
}

export type ArmErrorBody = ArmErrorDetail;

/** A resource as ARM returns it. `id` keeps the casing the client used when creating it. */
export interface ArmResource {
  id: string;
  name: string;
  type: string;
  location?: string;
  tags?: Record<string, string>;
  properties?: Record<string, unknown>;
  [key: string]: unknown;
}

export type StoreChange =
  | { kind: 'put'; id: string; resource: ArmResource; previous: ArmResource | undefined }
  | { kind: 'delete'; id: string; resource: ArmResource };

/**
 * The persisted resource store: JSON on disk (atomic writes) when the sandbox has a state dir,
 * memory otherwise. Resource ids are compared case-insensitively; the stored id keeps the casing
 * of the first PUT (as Azure does). Values are deep-copied in and out: mutate, then `putResource`.
 */
export interface ResourceStore {
  getResource(id: string): ArmResource | undefined;
  /** Insert or replace. Returns the stored copy (its `id` may carry the original casing). */
  putResource(resource: ArmResource, internal?: unknown): ArmResource;
  /** Deletes the resource and its internal data. Returns whether it existed. */
  deleteResource(id: string): boolean;
  /** All resources whose id starts with `prefix + '/'` (case-insensitive), e.g. every resource in a group. */
  listUnder(prefix: string): ArmResource[];
  /** All resources matching a predicate, in insertion order. */
  listResources(predicate?: (r: ArmResource) => boolean): ArmResource[];
  /**
   * Private data that ARM does not return (a VM's customData, generated host keys, ...), kept
   * beside the resource and deleted with it. Never written to the journal.
   */
  getInternal<T>(id: string): T | undefined;
  setInternal(id: string, internal: unknown): void;
  /** Non-resource state (agreements, quotas, counters): namespaced key/value, keys case-insensitive. */
  getState<T>(namespace: string, key: string): T | undefined;
  setState(namespace: string, key: string, value: unknown): void;
  deleteState(namespace: string, key: string): void;
  listState<T>(namespace: string): Array<{ key: string; value: T }>;
  /** Called after each change (H3 starts/stops simulated nodes from here). Returns an unsubscribe. */
  onChange(listener: (change: StoreChange) => void): () => void;
}

/** Keys the latency profile knows. Unknown keys get the `default` figure. */
export type LatencyKey =
  | 'arm.request'
  | 'resourceGroup.delete'
  | 'vm.create'
  | 'vm.update'
  | 'vm.delete'
  | 'vm.boot'
  | 'network.create'
  | 'network.update'
  | 'network.delete'
  | 'publicIp.create'
  | 'nic.create'
  | 'disk.delete'
  | 'default'
  | (string & {});

export interface LatencyProfile {
  readonly name: 'instant' | 'realistic';
  /** Milliseconds the operation should take, already scaled by `speed`. 0 in `instant`. */
  duration(key: LatencyKey): number;
  /** The divisor of the simulated delays (2 = twice as fast); 1 unless set. */
  readonly speed: number;
  /**
   * Changes the speed at run time (a trainer speeding up or slowing down a demo, through
   * `PUT /_sandbox/speed`): delays asked for after the change use it; a delay already running
   * keeps the length it was given.
   */
  setSpeed(speed: number): void;
}

/** The kinds of faults the injector knows. */
export type FaultKind =
  /** 429 with Retry-After (applied by the ARM core before the handler runs). */
  | 'throttle'
  /** 500/503 answer (applied by the ARM core before the handler runs). */
  | 'server-error'
  /** A long-running operation that ends Failed (applied by `lro.start`). */
  | 'operation-failed'
  /** A VM whose provisioning fails (consumed by the compute provider). */
  | 'vm-provisioning-failed'
  /** An SSH session dropped (consumed by the simulated nodes). */
  | 'ssh-drop'
  /** A download from the simulated internet arrives altered (the URL's path is matched): checksums catch it. */
  | 'download-corrupted';

/** Where a fault could fire: the kind asked for and the call it would hit. */
export interface FaultPoint {
  kind: FaultKind;
  /** HTTP method (or 'SSH' for node sessions). */
  method: string;
  /** Request path (or, for SSH, `<vmName> <command>`). Rules match it with a case-insensitive regex. */
  path: string;
}

/** A fault that fired. Fields beyond `kind` depend on the kind; defaults are filled in. */
export interface FaultHit {
  kind: FaultKind;
  /** For throttle/server-error: HTTP status to answer (429, 500, 503). */
  status?: number;
  /** For throttle (and optionally 503): seconds in the Retry-After header. */
  retryAfterSeconds?: number;
  /** For operation-failed / vm-provisioning-failed / server-error: Azure error code and message. */
  code?: string;
  message?: string;
  /** For ssh-drop: drop after this many milliseconds of the session/command (default 0). */
  afterMs?: number;
  /** Id of the rule that fired (for the journal and tests). */
  ruleId: string;
}

export interface FaultInjector {
  /**
   * Asks whether a fault of `point.kind` must fire at this call. Counts the call against matching
   * rules (nth occurrence / count / seeded rate) and returns the hit, or undefined.
   */
  take(point: FaultPoint): FaultHit | undefined;
  /** Notified whenever a fault fires (H3 can listen for 'ssh-drop'). Returns an unsubscribe. */
  onFault(listener: (hit: FaultHit, point: FaultPoint) => void): () => void;
}

/** What a provider passes to start a long-running operation. */
export interface LroStart {
  /** The request that started it (for URLs, subscription and api-version). */
  req: ArmRequest;
  /** The resource the operation acts on (must already be in the store for create/update). */
  resourceId: string;
  /**
   * create/update: on success set `properties.provisioningState` to Succeeded. delete: remove it.
   * action: a POST on the resource (a VM's powerOff/start/deallocate/restart): 202 with
   * `Azure-AsyncOperation` and `Location`, the resource's provisioningState untouched, and the
   * `Location` result 200 with no body once done (the SDK pollers accept 200/201/202 only).
   */
  kind: 'create' | 'update' | 'delete' | 'action';
  /** Latency key for the duration, e.g. 'vm.create'. */
  latencyKey: LatencyKey;
  /** Resource provider namespace used in the operation URLs, e.g. 'Microsoft.Compute'. */
  namespace: string;
  /** Location used in the operation URLs (resource location, e.g. 'westeurope'). */
  location: string;
  /** For delete: also delete every resource under `resourceId + '/'` (resource group cascade). */
  cascade?: boolean;
  /** Make the operation end Failed with this error (e.g. a VM whose provisioning fails). */
  fail?: ArmErrorDetail;
  /**
   * Called once when the operation settles (before it is reported Succeeded/Failed), e.g. to
   * start a simulated node. In memory only: after a restart, pending operations settle without it.
   * If it throws an ArmError, the operation ends Failed with that error.
   */
  onSettled?: (outcome: 'Succeeded' | 'Failed') => void | Promise<void>;
  /**
   * Durable form of onSettled: names a handler registered with `registerSettledHandler` and is
   * stored with the operation (with its JSON `context`), so the handler also runs when a restarted
   * sandbox finishes an operation the previous process left in progress (a VM's node must boot).
   */
  settledHandler?: { key: string; context?: unknown };
  /**
   * How the client polls. 'azure-async-operation' (default; compute and network do this):
   * `Azure-AsyncOperation` status URL (+ `Location` on 202). 'location': only a `Location`
   * operation-result URL (what Azure does for resource group delete):
   * `{base}/subscriptions/{sub}/operationresults/{opId}`.
   */
  style?: 'azure-async-operation' | 'location';
}

export interface LroManager {
  /**
   * Registers the operation and returns the response to send: 201 (create, with the resource
   * body, provisioningState as stored), 200 (update) or 202 (delete, empty body), with
   * `Azure-AsyncOperation`, `Location` (202 only) and `Retry-After` headers.
   * When the latency is 0 and nothing fails, the operation is still polled once (as in Azure).
   */
  start(op: LroStart): Promise<ArmResponse>;
  /** Registers the handler that `LroStart.settledHandler.key` names (before any request is served). */
  registerSettledHandler?(key: string, handler: SettledHandler): void;
}

export type SettledHandler = (e: { resourceId: string; outcome: 'Succeeded' | 'Failed'; context: unknown }) => void | Promise<void>;

/** Fixed facts about this sandbox. */
export interface SandboxFacts {
  tenantId: string;
  /** The default subscription, then any extra ones. */
  subscriptionIds: string[];
  /** The access-token audience ARM accepts. */
  armAudience: string;
  /** Host for simulated node endpoints (SSH), default 127.0.0.1. */
  nodeHost: string;
}

/** What `register(router, deps)` gets. */
export interface ProviderDeps {
  store: ResourceStore;
  lro: LroManager;
  latency: LatencyProfile;
  faults: FaultInjector;
  facts: SandboxFacts;
  /** Current time in ms (injectable in tests). */
  now: () => number;
  /** Signs the URLs a provider hands out for a plain GET without a bearer token (Azure: a SAS). */
  signedUrls: SignedUrls;
}

/**
 * Signatures for URLs fetched without a bearer token, the sandbox's stand-in for a SAS: a route
 * that serves such a URL is registered with `auth: false` and checks the `se` and `sig` query
 * parameters with `verify` before it answers (Azure Storage: 403 `AuthenticationFailed`).
 */
export interface SignedUrls {
  /**
   * The query (`se=<expiry>&sig=<signature>`, URL-encoded) that opens `resource`, e.g.
   * `serialconsole/<vmId>`, until `expiresAtMs`.
   */
  sign(resource: string, expiresAtMs: number): string;
  /** Whether the query's `se` and `sig` (as received; undefined when absent) open `resource` at `nowMs`. */
  verify(resource: string, query: { se?: string | undefined; sig?: string | undefined }, nowMs: number): SignatureCheck;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'malformed' | 'mismatch' } | { ok: false; reason: 'expired'; expiresAtMs: number };

/** A provider module's entry point. */
export type RegisterProvider = (router: ArmRouter, deps: ProviderDeps) => void;

/** Case-insensitive read of a query parameter. */
export function queryParam(req: Pick<ArmRequest, 'query'>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(req.query)) if (k.toLowerCase() === lower) return v;
  return undefined;
}
