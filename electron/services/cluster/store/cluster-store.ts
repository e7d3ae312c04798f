import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { clusterNodes } from '../../../../shared/domain/cluster-layout';
import { clusterNameSchema, clusterSpecSchema, type ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ClusterState, ClusterSummary, EngineError } from '../../../../shared/ipc/channels/cluster';
import { writeSecretFile } from '../../secrets/write-secret-file';
import { readJournal, type JournalData } from '../engine/journal';
import { emptyOwnership, type ClusterOwnership } from './ownership';

/**
 * Flatkube's clusters on disk, one folder each under `<dataDir>/clusters/<name>/` (0700):
 *   cluster.json     the record: spec, environment, state, paths (no secrets)
 *   journal.json     the deployment journal (engine/journal.ts)
 *   kubeconfig.yaml  the admin kubeconfig (0600)
 *   *.key.enc/.pub   SSH keys through the SecretStore (ssh/cluster-key-store.ts)
 * Every file is written atomically with mode 0600.
 */

export interface ClusterRecord {
  version: 1;
  name: string;
  environment: 'sandbox' | 'azure';
  spec: ClusterSpec;
  /** 'running' means a deployment was in progress when last written (or still is). */
  state: Exclude<ClusterState, 'unfinished'>;
  createdAt: string;
  updatedAt: string;
  kubeconfigPath?: string;
  /** Where Flatkube merged the kubeconfig context, so teardown can remove it. */
  mergedContext?: { path: string; context: string };
  lastError?: EngineError;
  /**
   * The sysext image and sha256 this cluster's Ignition configs were rendered with. Kept so a
   * resumed deployment renders the same custom data (Azure refuses a changed customData on an
   * existing VM) even if the bakery is unreachable by then.
   */
  sysextPin?: { url: string; hash: string };
  /**
   * What Flatkube itself created in Azure for this cluster, each entry written BEFORE the PUT
   * that creates it; teardown deletes the group only when it is recorded here as created, and
   * otherwise only these resources. Absent in records written before it existed (see
   * engine/legacy-ownership.ts).
   */
  ownership?: ClusterOwnership;
}

export interface ClusterPaths {
  dir: string;
  record: string;
  journal: string;
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
    const rec = JSON.parse(text) as ClusterRecord;
    const spec = clusterSpecSchema.safeParse(rec.spec);
    if (rec.version !== 1 || !spec.success) throw new Error(`cluster record ${name} is damaged`);
    return { ...rec, spec: spec.data };
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

  /** A new record for a spec (or the existing one, whose spec must then be the same cluster). */
  async create(spec: ClusterSpec, environment: ClusterRecord['environment']): Promise<ClusterRecord> {
    const existing = await this.get(spec.name);
    if (existing && existing.state !== 'deleted') return existing;
    const stamp = this.now().toISOString();
    return this.save({ version: 1, name: spec.name, environment, spec, state: 'running', createdAt: stamp, updatedAt: stamp, ownership: emptyOwnership() });
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

  async journal(name: string): Promise<JournalData | undefined> {
    return readJournal(this.paths(name).journal);
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
      const names = clusterNodes(rec.spec).map((n) => n.name);
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

export class ClusterNotFoundError extends Error {
  override readonly name = 'ClusterNotFoundError';
  constructor(readonly cluster: string) {
    super(`no cluster named "${cluster}" (see flatkube list)`);
  }
}
