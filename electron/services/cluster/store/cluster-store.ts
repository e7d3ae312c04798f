import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { clusterNodes } from '../../../../shared/domain/cluster-layout';
import { clusterNameSchema, type ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ClusterState, ClusterSummary } from '../../../../shared/ipc/channels/cluster';
import { AppError } from '../../errors';
import { writeSecretFile } from '../../secrets/write-secret-file';
import { readJournal, type JournalData } from '../engine/journal';
import { lastOperation, RECORD_VERSION, sameSpec, type ClusterRecord } from './cluster-record';
import { emptyOwnership } from './ownership';
import { migrateRecord } from './record-migration';

/**
 * Flatkube's clusters on disk, one folder each under `<dataDir>/clusters/<name>/` (0700):
 *   cluster.json     the record: spec, environment, state, nodes, history (cluster-record.ts; no secrets)
 *   journal.json     the journal of the latest create (engine/journal.ts)
 *   operations/      the journals of other operations, <id>.json
 *   operation.lock   while an operation runs: who runs it (lock/cluster-lock.ts)
 *   kubeconfig.yaml  the admin kubeconfig (0600)
 *   *.key.enc/.pub   SSH keys through the SecretStore (ssh/cluster-key-store.ts)
 * Every file is written atomically with mode 0600.
 */

export type { ClusterRecord } from './cluster-record';

export interface ClusterPaths {
  dir: string;
  record: string;
  /** The create operation's journal (where the one journal was before operations had their own). */
  journal: string;
  /** Where other operations keep their journals. */
  operationsDir: string;
  /** The lock file an operation holds while it runs (lock/cluster-lock.ts). */
  lock: string;
  kubeconfig: string;
  /** Pass to saveClusterKey/loadClusterKey as `dir` (keys land in the cluster's folder). */
  keysDir: string;
}

export class ClusterStore {
  readonly clustersDir: string;
  /** Per cluster: the last queued read-modify-write, so concurrent steps never lose an update. */
  private readonly writes = new Map<string, Promise<unknown>>();

  constructor(readonly dataDir: string, private readonly now: () => Date = () => new Date()) {
    this.clustersDir = path.join(dataDir, 'clusters');
  }

  paths(name: string): ClusterPaths {
    // The name becomes a path segment: only what the spec schema allows.
    if (!clusterNameSchema.safeParse(name).success) throw new Error(`invalid cluster name ${JSON.stringify(name)}`);
    const dir = path.join(this.clustersDir, name);
    return {
      dir,
      record: path.join(dir, 'cluster.json'),
      journal: path.join(dir, 'journal.json'),
      operationsDir: path.join(dir, 'operations'),
      lock: path.join(dir, 'operation.lock'),
      kubeconfig: path.join(dir, 'kubeconfig.yaml'),
      keysDir: this.clustersDir,
    };
  }

  async get(name: string): Promise<ClusterRecord | undefined> {
    let text: string;
    try {
      text = await readFile(this.paths(name).record, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AppError('CLUSTER_RECORD_DAMAGED', `cluster record ${name} is damaged (not JSON)`);
    }
    return migrateRecord(raw, name);
  }

  async require(name: string): Promise<ClusterRecord> {
    const rec = await this.get(name);
    if (!rec) throw new ClusterNotFoundError(name);
    return rec;
  }

  async save(rec: ClusterRecord): Promise<ClusterRecord> {
    const next = { ...rec, updatedAt: this.now().toISOString() };
    await writeSecretFile(this.paths(rec.name).record, JSON.stringify(next, null, 2) + '\n');
    return next;
  }

  /**
   * A new record for a spec, or the existing one when its spec is the same. A different spec is
   * refused: `create` does not change a cluster (it once kept the old record and reported
   * success); `apply` does.
   */
  async create(spec: ClusterSpec, environment: ClusterRecord['environment']): Promise<ClusterRecord> {
    const existing = await this.get(spec.name);
    if (existing && existing.state !== 'deleted') {
      if (sameSpec(existing.spec, spec)) return existing;
      throw specChangedError(spec.name);
    }
    const stamp = this.now().toISOString();
    const nodes = clusterNodes(spec).map((n) => ({ name: n.name, role: n.role, ...(n.pool ? { pool: n.pool } : {}), size: n.size, privateIp: n.privateIp, state: 'creating' as const }));
    return this.save({ version: RECORD_VERSION, name: spec.name, environment, spec, state: 'running', createdAt: stamp, updatedAt: stamp, ownership: emptyOwnership(), nodes, operations: [] });
  }

  update(name: string, patch: Partial<Omit<ClusterRecord, 'version' | 'name'>>): Promise<ClusterRecord> {
    return this.modify(name, () => patch);
  }

  /**
   * Read-modify-write of one record, queued behind the others for the same cluster in this
   * process: parallel deployment steps record what they own at the same moment.
   */
  modify(name: string, change: (rec: ClusterRecord) => Partial<Omit<ClusterRecord, 'version' | 'name'>>): Promise<ClusterRecord> {
    const run = (this.writes.get(name) ?? Promise.resolve())
      .catch(() => {})
      .then(async () => {
        const rec = await this.require(name);
        return this.save({ ...rec, ...change(rec) });
      });
    this.writes.set(name, run);
    return run;
  }

  /** The journal of the cluster's latest operation (journal.json when it has none recorded). */
  async journal(name: string): Promise<JournalData | undefined> {
    const rec = await this.get(name).catch(() => undefined);
    const op = rec ? lastOperation(rec) : undefined;
    return readJournal(op ? this.journalPath(name, op.journal) : this.paths(name).journal);
  }

  /** An operation's journal file from its record's relative name (only inside the cluster's folder). */
  journalPath(name: string, relative: string): string {
    const dir = this.paths(name).dir;
    const full = path.resolve(dir, relative);
    if (!full.startsWith(dir + path.sep)) throw new Error(`journal ${JSON.stringify(relative)} is outside the cluster's folder`);
    return full;
  }

  async names(): Promise<string[]> {
    try {
      const entries = await readdir(this.clustersDir, { withFileTypes: true });
      return entries.filter((e) => e.isDirectory() && clusterNameSchema.safeParse(e.name).success).map((e) => e.name).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  /**
   * Every cluster with its state. A record left 'running' by a process that is gone shows as
   * 'unfinished' (resume or destroy it); `isActive` tells which deployments run in this process.
   */
  async list(isActive: (name: string) => boolean = () => false): Promise<ClusterSummary[]> {
    const out: ClusterSummary[] = [];
    for (const name of await this.names()) {
      let rec: ClusterRecord | undefined;
      try {
        rec = await this.get(name);
      } catch {
        continue; // a damaged folder must not hide the others
      }
      if (!rec) continue;
      const journal = await this.journal(name).catch(() => undefined);
      const steps = Object.values(journal?.steps ?? {});
      const names = rec.nodes.map((n) => n.name);
      const state: ClusterState = isActive(name) ? 'running' : rec.state === 'running' ? 'unfinished' : rec.state;
      const lastError = rec.lastError ?? journal?.error;
      out.push({
        name,
        state,
        environment: rec.environment,
        location: rec.spec.location,
        resourceGroup: rec.spec.resourceGroup.name,
        nodes: names.length,
        nodeNames: names,
        ...(rec.kubeconfigPath ? { kubeconfigPath: rec.kubeconfigPath } : {}),
        createdAt: rec.createdAt,
        updatedAt: rec.updatedAt,
        stepsDone: steps.filter((s) => s.status === 'done').length,
        stepsTotal: steps.length,
        ...(lastError ? { lastError } : {}),
      });
    }
    return out;
  }
}

/** `create` with a spec that differs from the cluster's: refused with the way forward. */
export function specChangedError(name: string): AppError {
  return new AppError('CLUSTER_SPEC_CHANGED', `cluster ${name} exists with a different spec; create does not change a cluster`, {
    hint: `To change it, apply the new spec (flatkube apply --spec FILE); to start over, destroy ${name} first.`,
  });
}

export class ClusterNotFoundError extends Error {
  override readonly name = 'ClusterNotFoundError';
  constructor(readonly cluster: string) {
    super(`no cluster named "${cluster}" (see flatkube list)`);
  }
}
