/**
 * Long-running operations, answered the way ARM does (see PROVIDERS.md): the initial 201/200/202
 * with polling headers, the operation status resource, the operation-result URL, and the
 * resource's provisioningState moving Creating/Updating/Deleting -> Succeeded/Failed.
 *
 * Operations are persisted in the store, so a sandbox restarted mid-operation finishes them (and
 * runs their named settled handler: a VM created before the restart still gets its node booted).
 * Time only decides *when* an operation may settle; settling happens on a timer and, lazily,
 * on the next poll, whichever comes first (never twice).
 */
import { randomUUID } from 'node:crypto';
import { ArmError, type ArmErrorDetail, type ArmRequest, type ArmResponse, type FaultInjector, type LatencyProfile, type LroManager, type LroStart, type ResourceStore, type SettledHandler } from './types';

export interface OperationRecord {
  id: string;
  subscriptionId: string;
  namespace: string;
  location: string;
  resourceId: string;
  kind: 'create' | 'update' | 'delete' | 'action';
  style: 'azure-async-operation' | 'location';
  cascade: boolean;
  apiVersion: string;
  startMs: number;
  durationMs: number;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  endMs?: number;
  fail?: ArmErrorDetail;
  error?: ArmErrorDetail;
  /** LroStart.settledHandler: survives a restart, unlike the in-memory onSettled callback. */
  settledHandler?: { key: string; context?: unknown };
}

const NS = 'operations';

export class SandboxLroManager implements LroManager {
  private readonly settling = new Map<string, Promise<void>>();
  private readonly callbacks = new Map<string, NonNullable<LroStart['onSettled']>>();
  private readonly handlers = new Map<string, SettledHandler>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly store: ResourceStore,
    private readonly latency: LatencyProfile,
    private readonly faults: FaultInjector,
    private readonly now: () => number,
  ) {
    // Resume operations a previous run left in progress.
    for (const { value } of store.listState<OperationRecord>(NS)) {
      if (value.status === 'InProgress') this.schedule(value);
    }
  }

  /**
   * Handlers named by operations (LroStart.settledHandler). Register them right after
   * construction: resumed operations settle on a timer, never in the constructor's own tick.
   */
  registerSettledHandler(key: string, handler: SettledHandler): void {
    this.handlers.set(key, handler);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Waits for operations that are settling right now (used by close and tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.settling.values()]);
  }

  private schedule(op: OperationRecord): void {
    const remaining = Math.max(0, op.startMs + op.durationMs - this.now());
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) void this.settle(op.id).catch((err: unknown) => console.error('[sandbox] operation settle failed:', (err as Error).message));
    }, remaining);
    t.unref();
    this.timers.add(t);
  }

  async start(op: LroStart): Promise<ArmResponse> {
    const { req } = op;
    const fault = op.fail ? undefined : this.faults.take({ kind: 'operation-failed', method: req.method, path: req.path });
    const fail: ArmErrorDetail | undefined = op.fail ?? (fault ? { code: fault.code ?? 'InternalServerError', message: fault.message ?? 'An internal execution error occurred.' } : undefined);
    const record: OperationRecord = {
      id: randomUUID(),
      subscriptionId: req.subscriptionId ?? '',
      namespace: op.namespace,
      location: op.location.toLowerCase().replace(/\s+/g, ''),
      resourceId: op.resourceId,
      kind: op.kind,
      style: op.style ?? 'azure-async-operation',
      cascade: op.cascade ?? false,
      apiVersion: req.apiVersion,
      startMs: this.now(),
      durationMs: this.latency.duration(op.latencyKey),
      status: 'InProgress',
    };
    if (fail) record.fail = fail;
    if (op.settledHandler) record.settledHandler = op.settledHandler;
    if (op.kind === 'delete') this.markResource(record.resourceId, 'Deleting');
    this.store.setState(NS, record.id, record);
    if (op.onSettled) this.callbacks.set(record.id, op.onSettled);
    this.schedule(record);

    const headers = this.pollHeaders(req.baseUrl, record);
    if (op.kind === 'delete' || op.kind === 'action') return { status: 202, headers };
    const body = this.store.getResource(op.resourceId);
    if (record.style === 'location') delete headers['Azure-AsyncOperation'];
    return { status: op.kind === 'create' ? 201 : 200, body, headers };
  }

  /**
   * Azure documents Retry-After on an operation only as "the number of seconds to wait before
   * checking the status of the asynchronous operation"
   * (https://learn.microsoft.com/azure/azure-resource-manager/management/async-operations); each
   * service picks its own values, and none is recorded here. So this is the sandbox's own choice,
   * not a copy of Azure's: whole seconds (the header's unit), a third of the time left, 1 to 15 s,
   * which makes a client that follows it poll a few times per operation.
   */
  private retryAfterSeconds(record: OperationRecord): number {
    if (record.durationMs === 0) return 0;
    const remaining = Math.max(0, record.startMs + record.durationMs - this.now());
    return Math.min(15, Math.max(1, Math.ceil(remaining / 1000 / 3)));
  }

  statusUrl(baseUrl: string, r: OperationRecord): string {
    return `${baseUrl}/subscriptions/${r.subscriptionId}/providers/${r.namespace}/locations/${r.location}/operations/${r.id}?api-version=${encodeURIComponent(r.apiVersion)}`;
  }

  resultUrl(baseUrl: string, r: OperationRecord): string {
    if (r.style === 'location') return `${baseUrl}/subscriptions/${r.subscriptionId}/operationresults/${r.id}?api-version=${encodeURIComponent(r.apiVersion)}`;
    return `${baseUrl}/subscriptions/${r.subscriptionId}/providers/${r.namespace}/locations/${r.location}/operationResults/${r.id}?api-version=${encodeURIComponent(r.apiVersion)}`;
  }

  private pollHeaders(baseUrl: string, r: OperationRecord): Record<string, string> {
    const h: Record<string, string> = { 'Retry-After': String(this.retryAfterSeconds(r)) };
    if (r.style === 'azure-async-operation') h['Azure-AsyncOperation'] = this.statusUrl(baseUrl, r);
    if (r.kind === 'delete' || r.kind === 'action' || r.style === 'location') h.Location = this.resultUrl(baseUrl, r);
    return h;
  }

  private markResource(id: string, state: string): void {
    const r = this.store.getResource(id);
    if (!r) return;
    r.properties = { ...(r.properties ?? {}), provisioningState: state };
    this.store.putResource(r);
  }

  /** Settles the operation if its time has come. Idempotent and serialised per operation. */
  settle(opId: string): Promise<void> {
    const running = this.settling.get(opId);
    if (running) return running;
    const p = this.doSettle(opId).finally(() => this.settling.delete(opId));
    this.settling.set(opId, p);
    return p;
  }

  private async doSettle(opId: string): Promise<void> {
    const op = this.store.getState<OperationRecord>(NS, opId);
    if (!op || op.status !== 'InProgress' || this.now() < op.startMs + op.durationMs) return;
    let error = op.fail;
    if (!error) {
      if (op.kind === 'delete') {
        if (op.cascade) {
          // Deepest first, so children go before their parents (as the group delete does).
          const children = this.store.listUnder(op.resourceId).sort((a, b) => b.id.length - a.id.length);
          for (const c of children) this.store.deleteResource(c.id);
        }
        this.store.deleteResource(op.resourceId);
      } else if (op.kind !== 'action') {
        this.markResource(op.resourceId, 'Succeeded');
      }
    } else if (op.kind !== 'delete' && op.kind !== 'action') {
      this.markResource(op.resourceId, 'Failed');
    } else {
      this.markResource(op.resourceId, 'Succeeded'); // a failed delete leaves the resource usable
    }
    const named = op.settledHandler ? this.handlers.get(op.settledHandler.key) : undefined;
    if (op.settledHandler && !named) console.error(`[sandbox] no handler '${op.settledHandler.key}' for operation ${op.id}`);
    const context = op.settledHandler?.context;
    const cb = this.callbacks.get(opId) ?? (named ? (outcome: 'Succeeded' | 'Failed') => named({ resourceId: op.resourceId, outcome, context }) : undefined);
    this.callbacks.delete(opId);
    if (cb) {
      try {
        await cb(error ? 'Failed' : 'Succeeded');
      } catch (err) {
        if (!(err instanceof ArmError)) throw err;
        error = { code: err.code, message: err.message };
        if (op.kind !== 'delete' && op.kind !== 'action') this.markResource(op.resourceId, 'Failed');
      }
    }
    const done: OperationRecord = { ...op, status: error ? 'Failed' : 'Succeeded', endMs: this.now() };
    if (error) done.error = error;
    this.store.setState(NS, opId, done);
  }

  private async load(subscriptionId: string, opId: string): Promise<OperationRecord> {
    await this.settle(opId);
    const op = this.store.getState<OperationRecord>(NS, opId);
    if (!op || op.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) {
      throw new ArmError(404, 'OperationNotFound', `The operation '${opId}' could not be found.`);
    }
    return op;
  }

  /** GET on the Azure-AsyncOperation URL: `{ name, status, startTime, endTime?, error? }`. */
  async statusResponse(req: ArmRequest, opId: string): Promise<ArmResponse> {
    const op = await this.load(req.subscriptionId ?? '', opId);
    const body: Record<string, unknown> = { name: op.id, status: op.status, startTime: new Date(op.startMs).toISOString() };
    if (op.endMs !== undefined) body.endTime = new Date(op.endMs).toISOString();
    if (op.error) body.error = op.error;
    const headers: Record<string, string> = {};
    if (op.status === 'InProgress') headers['Retry-After'] = String(this.retryAfterSeconds(op));
    return { status: 200, body, headers };
  }

  /** GET on the Location (operation result) URL: 202 while running, then the outcome. */
  async resultResponse(req: ArmRequest, opId: string): Promise<ArmResponse> {
    const op = await this.load(req.subscriptionId ?? '', opId);
    if (op.status === 'InProgress') return { status: 202, headers: { Location: this.resultUrl(req.baseUrl, op), 'Retry-After': String(this.retryAfterSeconds(op)) } };
    if (op.status === 'Failed') {
      const e = op.error ?? { code: 'InternalServerError', message: 'The operation failed.' };
      throw new ArmError(e.code === 'InternalServerError' ? 500 : 409, e.code, e.message, e.details);
    }
    if (op.kind === 'delete') return { status: op.style === 'location' ? 200 : 204 };
    if (op.kind === 'action') return { status: 200 };
    return { status: 200, body: this.store.getResource(op.resourceId) };
  }
}
