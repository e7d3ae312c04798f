import { mkdir, rmdir } from 'node:fs/promises';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ClusterFinished, ClusterStatus, ClusterSummary, OperationPreview } from '../../../../shared/ipc/channels/cluster';
import type { ArmClients } from '../../azure/arm-clients';
import { withCallScope } from '../../azure/api-calls/call-scope';
import { FLATCAR_SYSEXT_BAKERY, type AzureEnvironment } from '../../azure/environment';
import type { SecretStore } from '../../secrets/secret-store';
import type { SshKeyPair } from '../../ssh/keys';
import type { EngineTimings } from '../engine/context';
import { logText } from '../engine/log-text';
import type { EngineEmitter } from '../engine/types';
import { acquireClusterLock, lockHolder, type HeldLock, type LockEnvironment } from '../lock/cluster-lock';
import { sysextSource, type SysextSource } from '../sysext/bakery';
import { lastOperation, type ClusterRecord, type OperationKind } from '../store/cluster-record';
import type { ClusterStore } from '../store/cluster-store';
import { clusterStatus } from './cluster-status';
import { runConverge, type OperationResult } from './converge-operation';
import { runDestroy } from './destroy-operation';
import { newOperationId } from './operation-history';
import type { PaceGate } from '../engine/pace-gate';
import { OPERATIONS, type PreparedOperation } from './operation-kinds';
import { OperationRecorder } from './operation-recorder';
import { readOperationView } from './operation-view';
import { availableUpgrades, type UpgradeRequest } from './upgrade-kind';
import { runUpgrade } from './upgrade-operation';

/**
 * The one place a cluster's operations run (docs/operations.md): the IPC handlers and the CLI
 * both call it and only adapt its answers. An operation is a kind and its planner
 * (operation-kinds.ts: create, apply, destroy, upgrade), and each
 * goes the same way:
 *  1. take the cluster's lock (lock/cluster-lock.ts): a second operation is refused at once,
 *     naming the first, whichever process runs it;
 *  2. plan from the record, the desired spec and what exists in Azure, refusing what cannot be
 *     done before anything changes;
 *  3. show the plan (onPlan), then run it with its own journal, in the history of the record;
 *  4. release the lock, whatever happened.
 * A crash leaves the lock and an unfinished operation behind; the next request of the same sort
 * takes the lock over and continues that operation's journal.
 */

export interface ClusterConnection {
  env: AzureEnvironment;
  arm: ArmClients;
}

export interface ClusterServiceDeps {
  store: ClusterStore;
  secrets: SecretStore;
  /**
   * Azure for a cluster: ARM clients for the spec's subscription. `recorded` is the environment the
   * cluster's record names (undefined for a new cluster: the caller's choice, e.g. --sandbox).
   */
  connect(spec: ClusterSpec, recorded: ClusterRecord['environment'] | undefined): Promise<ClusterConnection>;
  emit: EngineEmitter;
  timings?: Partial<EngineTimings>;
  /** Where the sysext checksum comes from (default: the environment's bakery). */
  sysext?: (env: AzureEnvironment) => SysextSource;
  /** Who takes locks (tests pose as another process or host). */
  lockEnv?: LockEnvironment;
  /**
   * The trainer's pause and step-through (engine/pace-gate.ts). Used by operations in the sandbox
   * only: in real Azure a paused build would leave billed resources half-made.
   */
  pace?: PaceGate;
}

export type OperationRequest =
  | { kind: 'create' | 'apply'; spec: ClusterSpec; importedClientKey?: SshKeyPair }
  | { kind: 'destroy'; name: string }
  /** Kubernetes to a newer release the bakery publishes, node by node (upgrade-kind.ts). */
  | UpgradeRequest
  /** The last operation again, with the record's spec (the app's Resume). */
  | { kind: 'resume'; name: string };

export interface RunOptions {
  signal?: AbortSignal;
  /** Called with the plan once it is made, before anything runs. */
  onPlan?: (preview: OperationPreview) => void;
}

export interface ServiceResult extends OperationResult {
  kind: OperationKind;
  /** Nothing needed doing: no operation was recorded. */
  nothingToDo?: boolean;
  /** Destroy: what is still tagged for the cluster, and what was left on purpose. */
  leftovers?: string[];
  kept?: string[];
}

export interface RunningOperation {
  cluster: string;
  preview: OperationPreview;
  done: Promise<ServiceResult>;
}

export class ClusterService {
  private readonly active = new Map<string, { abort: AbortController; done: Promise<ServiceResult> }>();
  /** Keeps each operation's plan, step times and log backlog for cluster.operation (operation-recorder.ts). */
  private readonly recorder: OperationRecorder;
  private readonly heldFinish = new Map<string, ClusterFinished>();
  private readonly releaseFinish: (name: string) => void;

  constructor(private readonly deps: ClusterServiceDeps) {
    this.recorder = new OperationRecorder(deps.store);
    // Every event of an operation passes the recorder first (log lines get their seq there).
    const recorded = this.recorder.wrap(deps.emit);
    // `finished` means the cluster is free again: an operation's is held until its lock is
    // released (start() below), so whoever acts on it (Retry, Tear down, the next apply) is not
    // refused as busy by the operation that just told them it ended.
    this.deps = {
      ...deps,
      emit: { ...recorded, finished: (e) => (this.active.has(e.cluster) ? void this.heldFinish.set(e.cluster, e) : recorded.finished(e)) },
    };
    this.releaseFinish = (name) => {
      const e = this.heldFinish.get(name);
      this.heldFinish.delete(name);
      if (e) recorded.finished(e);
    };
  }

  get store(): ClusterStore {
    return this.deps.store;
  }

  isActive(name: string): boolean {
    return this.active.has(name);
  }

  /** Cancels the operation running in this process on that cluster; false when there is none. */
  cancel(name: string): boolean {
    const run = this.active.get(name);
    run?.abort.abort();
    return run !== undefined;
  }

  /** Cancels every operation running here and waits for them (their locks are released): shutdown. */
  async cancelAll(): Promise<void> {
    const running = [...this.active.keys()];
    for (const name of running) this.cancel(name);
    await Promise.all(running.map((name) => this.settled(name)));
  }

  /** Settles when the operation running here on that cluster (if any) has ended. */
  async settled(name: string): Promise<void> {
    await this.active.get(name)?.done.catch(() => undefined);
  }

  /** The plan of a request without running it or taking the lock (`--dry-run`, the app's Change page). */
  async preview(req: OperationRequest, signal?: AbortSignal): Promise<OperationPreview> {
    return (await this.prepare(await this.resolve(req), signal)).preview;
  }

  /** Takes the lock, plans, and starts the operation; refusals and a busy cluster throw here. */
  async start(request: OperationRequest, opts: RunOptions = {}): Promise<RunningOperation> {
    const req = await this.resolve(request);
    const name = req.kind === 'destroy' || req.kind === 'upgrade' ? req.name : req.spec.name;
    const dir = this.deps.store.paths(name).dir;
    // The lock lives in the cluster's folder; made for it, the folder goes again if the request is
    // refused (nothing written for a cluster that never started).
    const firstMade = await mkdir(dir, { recursive: true, mode: 0o700 });
    const lock = await acquireClusterLock(this.deps.store.paths(name).lock, {
      cluster: name,
      operation: req.kind,
      operationId: newOperationId(req.kind, new Date()),
      ...(this.deps.lockEnv ? { env: this.deps.lockEnv } : {}),
    });
    let prepared: PreparedOperation;
    try {
      if (lock.tookOver) this.log(name, 'warn', tookOverLine(lock));
      prepared = await this.prepare(req, opts.signal);
      if (prepared.kind !== 'noop') await lock.describe(prepared.operation.kind, prepared.operation.id);
    } catch (err) {
      await lock.release();
      // rmdir removes only empty folders: what this request made, and nothing anyone wrote.
      if (firstMade) for (const d of firstMade === dir ? [dir] : [dir, firstMade]) await rmdir(d).catch(() => {});
      throw err;
    }
    opts.onPlan?.(prepared.preview);
    if (prepared.kind !== 'noop') await this.recorder.begin(name, prepared.operation.id, prepared.preview.steps);
    const abort = new AbortController();
    const onOuter = () => abort.abort(opts.signal?.reason);
    if (opts.signal?.aborted) abort.abort(opts.signal.reason);
    else opts.signal?.addEventListener('abort', onOuter, { once: true });
    let recorded!: () => void;
    const begun = new Promise<void>((resolve) => (recorded = resolve));
    // The operation's ARM calls carry its id to the API-call recorder (azure/api-calls/).
    const scoped = () => this.execute(prepared, abort.signal, recorded);
    const done = (prepared.kind === 'noop' ? scoped() : withCallScope({ cluster: name, operationId: prepared.operation.id }, scoped)).finally(async () => {
      opts.signal?.removeEventListener('abort', onOuter);
      try {
        await this.recorder.end(name);
        await lock.release();
      } finally {
        this.active.delete(name);
        this.releaseFinish(name);
      }
    });
    this.active.set(name, { abort, done });
    // Answer once the operation is in the record (or already over), so a list right after shows it.
    await Promise.race([begun, done.then(noop, noop)]);
    return { cluster: name, preview: prepared.preview, done };
  }

  /** start() and wait for the end. */
  async run(req: OperationRequest, opts: RunOptions = {}): Promise<ServiceResult> {
    return (await this.start(req, opts)).done;
  }

  /** An operation as recorded (default: the latest), for views that must survive a reload. */
  operation(name: string, operationId?: string) {
    return readOperationView(this.deps.store, name, operationId, (n) => this.recorder.snapshot(n));
  }

  /** `flatkube status`: the record, the lock and the Kubernetes API's view of the nodes. */
  async status(name: string, signal?: AbortSignal): Promise<ClusterStatus> {
    return clusterStatus(
      {
        store: this.deps.store,
        connect: this.deps.connect,
        isActive: (n) => this.isActive(n),
        // The bakery of the cluster's environment; a real cluster's status signs in to nothing, and
        // its bakery is the public one anyway.
        upgrades: async (rec) => {
          if (rec.state === 'deleted' || rec.state === 'deleting') return [];
          const env = await this.deps.connect(rec.spec, rec.environment).then((c) => c.env, () => (rec.environment === 'azure' ? { sysextBakery: FLATCAR_SYSEXT_BAKERY } : undefined));
          return env ? availableUpgrades(rec, 'kind' in env ? this.sysextOf(env) : sysextSource(env), signal) : [];
        },
        ...(this.deps.lockEnv ? { lockEnv: this.deps.lockEnv } : {}),
      },
      name,
      signal,
    );
  }

  private sysextOf(env: AzureEnvironment): SysextSource {
    return this.deps.sysext?.(env) ?? sysextSource(env);
  }

  /** A resume becomes the request it continues; everything else is itself. */
  private async resolve(req: OperationRequest): Promise<Exclude<OperationRequest, { kind: 'resume' }>> {
    if (req.kind !== 'resume') return req;
    const rec = await this.deps.store.require(req.name);
    const last = lastOperation(rec);
    if (last?.kind === 'destroy' || rec.state === 'deleting') return { kind: 'destroy', name: req.name };
    if (last?.kind === 'upgrade' && last.spec) return { kind: 'upgrade', name: req.name, kubernetesVersion: last.spec.kubernetesVersion };
    return { kind: last?.kind === 'apply' ? 'apply' : 'create', spec: last?.spec ?? rec.spec };
  }

  private prepare(req: Exclude<OperationRequest, { kind: 'resume' }>, signal?: AbortSignal): Promise<PreparedOperation> {
    const ctx = { store: this.deps.store, connect: this.deps.connect, log: (n: string, level: 'info' | 'warn', text: string) => this.log(n, level, text), sysext: (env: AzureEnvironment) => this.sysextOf(env) };
    if (req.kind === 'destroy') return OPERATIONS.destroy.prepare(ctx, req, signal);
    if (req.kind === 'upgrade') return OPERATIONS.upgrade.prepare(ctx, req, signal);
    return OPERATIONS[req.kind].prepare(ctx, req, signal);
  }

  /** Every cluster with its state; one whose operation runs in another process (its lock's holder lives) shows as running. */
  async list(): Promise<ClusterSummary[]> {
    const list = await this.deps.store.list((n) => this.isActive(n));
    return Promise.all(
      list.map(async (c) => {
        if (c.state !== 'unfinished') return c;
        const holder = await lockHolder(this.deps.store.paths(c.name).lock, this.deps.lockEnv).catch(() => undefined);
        return holder?.alive ? { ...c, state: 'running' as const } : c;
      }),
    );
  }

  private async execute(p: PreparedOperation, signal: AbortSignal, recorded: () => void): Promise<ServiceResult> {
    const { deps } = this;
    const pace = deps.pace && p.kind !== 'noop' && p.connection.env.kind === 'sandbox' ? { pace: deps.pace } : {};
    if (p.kind === 'noop') {
      this.log(p.cluster, 'info', `cluster ${p.cluster} already has this spec: nothing to do`);
      recorded();
      return { kind: p.preview.kind, status: 'succeeded', operationId: '', nothingToDo: true, ...(p.kubeconfigPath ? { kubeconfigPath: p.kubeconfigPath } : {}) };
    }
    if (p.kind === 'destroy') {
      const r = await runDestroy({ name: p.cluster, store: deps.store, arm: p.connection.arm, emit: deps.emit, operation: p.operation, signal, onRecorded: recorded });
      return { kind: 'destroy', status: r.status, operationId: p.operation.id, leftovers: r.leftovers, kept: r.kept, ...(r.error ? { error: r.error } : {}) };
    }
    if (p.kind === 'upgrade') {
      const r = await runUpgrade({
        record: p.record,
        spec: p.spec,
        plan: p.plan,
        pin: p.pin,
        env: p.connection.env,
        arm: p.connection.arm,
        secrets: deps.secrets,
        store: deps.store,
        emit: deps.emit,
        operation: p.operation,
        resumed: p.resumed,
        signal,
        onRecorded: recorded,
        ...(deps.timings ? { timings: deps.timings } : {}),
        ...pace,
      });
      return { ...r, kind: 'upgrade' };
    }
    const r = await runConverge({
      spec: p.spec,
      env: p.connection.env,
      arm: p.connection.arm,
      secrets: deps.secrets,
      store: deps.store,
      emit: deps.emit,
      existing: p.existing,
      operation: p.operation,
      resumed: p.resumed,
      planned: p.planned,
      signal,
      onRecorded: recorded,
      ...(deps.timings ? { timings: deps.timings } : {}),
      sysext: this.sysextOf(p.connection.env),
      ...(p.importedClientKey ? { importedClientKey: p.importedClientKey } : {}),
      ...pace,
    });
    return { ...r, kind: p.operation.kind };
  }

  private log(cluster: string, level: 'info' | 'warn', text: string): void {
    try {
      this.deps.emit.log({ cluster, stream: 'local', level, text: logText(text), ts: Date.now() });
    } catch {
      // emitters must not break the service
    }
  }
}

const noop = () => undefined;

function tookOverLine(lock: HeldLock): string {
  const h = lock.tookOver!;
  return `took over the lock of ${h.operation} ${h.operationId} (pid ${h.pid} on this host, started ${h.startedAt}, no longer running)`;
}
