import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { apiCallSchema, type ApiCall, type ApiCallsResult } from '../../../../shared/ipc/channels/azure-calls';
import { writeSecretFile } from '../../secrets/write-secret-file';
import type { ObservedCall } from './call-policy';

/** The folder, inside a cluster's data folder, that holds one file of calls per operation. */
export const API_CALLS_DIR = 'api-calls';

export interface ApiCallLogOptions {
  /** The cluster's data folder (ClusterStore.paths(name).dir). */
  clusterDir(cluster: string): string;
  /** Streams each call to the renderer (the `azure.call` event). */
  emit(call: ApiCall): void;
  /** Calls kept per operation, oldest dropped first (default 500: a three-node create makes about 150). */
  keep?: number;
  /** Pause before a burst of calls is written (default 500 ms). */
  flushMs?: number;
  log?: (line: string) => void;
}

interface OperationCalls {
  cluster: string;
  calls: ApiCall[];
  seq: number;
  timer?: NodeJS.Timeout;
  writing: Promise<void>;
}

const idPattern = /^[A-Za-z0-9._:-]+$/;

/**
 * The API calls of each operation: numbered, streamed, and kept on disk
 * (`<cluster dir>/api-calls/<operation id>.json`, the last `keep` of them, written in batches) so
 * the pane comes back after a reload and an operation record can include them (stored()).
 * Nothing here holds a secret (call-policy.ts records no header or body), the files are 0600
 * like every file in a cluster's folder anyway.
 */
export class ApiCallLog {
  private readonly ops = new Map<string, OperationCalls>();
  private readonly keep: number;
  private readonly flushMs: number;

  constructor(private readonly opts: ApiCallLogOptions) {
    this.keep = opts.keep ?? 500;
    this.flushMs = opts.flushMs ?? 500;
  }

  /** The policy's sink (apiCallPolicy(log.record)). */
  readonly record = (observed: ObservedCall): void => {
    if (!idPattern.test(observed.operationId) || !idPattern.test(observed.cluster)) return;
    const key = `${observed.cluster}/${observed.operationId}`;
    let op = this.ops.get(key);
    if (!op) {
      // A resumed operation (maybe in a new process) continues its file and its numbering. Read
      // once per operation, synchronously, so no call can slip in before the earlier ones.
      const earlier = parseCalls(readSafe(this.fileOf(observed.cluster, observed.operationId)));
      op = { cluster: observed.cluster, calls: earlier, seq: earlier.at(-1)?.seq ?? 0, writing: Promise.resolve() };
      this.ops.set(key, op);
      this.forgetOld();
    }
    const call: ApiCall = { ...observed, seq: ++op.seq };
    op.calls.push(call);
    if (op.calls.length > this.keep) op.calls.splice(0, op.calls.length - this.keep);
    this.opts.emit(call);
    op.timer ??= setTimeout(() => this.flush(key), this.flushMs);
  };

  /** Writes every pending batch now (shutdown, tests). */
  async flushAll(): Promise<void> {
    await Promise.all([...this.ops.keys()].map((k) => this.flush(k)));
  }

  /**
   * The stored calls of a cluster's operation (default: the one written last): what an
   * operation record includes and what the pane rehydrates from.
   */
  async stored(cluster: string, operationId?: string): Promise<ApiCallsResult> {
    if (!idPattern.test(cluster) || (operationId !== undefined && !idPattern.test(operationId))) return { calls: [] };
    const dir = path.join(this.opts.clusterDir(cluster), API_CALLS_DIR);
    const id = operationId ?? (await latestOperation(dir));
    if (!id) return { calls: [] };
    const pending = this.ops.get(`${cluster}/${id}`);
    if (pending) return { operationId: id, calls: [...pending.calls] };
    const text = await readFile(path.join(dir, `${id}.json`), 'utf8').catch(() => undefined);
    return { operationId: id, calls: parseCalls(text) };
  }

  private fileOf(cluster: string, operationId: string): string {
    return path.join(this.opts.clusterDir(cluster), API_CALLS_DIR, `${operationId}.json`);
  }

  /** Operations beyond the last few are written and dropped from memory (their file has them). */
  private forgetOld(): void {
    for (const key of [...this.ops.keys()].slice(0, Math.max(0, this.ops.size - 8))) {
      const op = this.ops.get(key);
      if (op?.timer) continue;
      this.ops.delete(key);
    }
  }

  private flush(key: string): Promise<void> {
    const op = this.ops.get(key);
    if (!op) return Promise.resolve();
    clearTimeout(op.timer);
    op.timer = undefined;
    const file = this.fileOf(op.cluster, key.slice(op.cluster.length + 1));
    const snapshot = JSON.stringify(op.calls);
    // One write at a time per operation, in order: the last one holds every call.
    op.writing = op.writing.then(() => writeSecretFile(file, snapshot)).catch((err: unknown) => this.opts.log?.(`could not keep the API calls of ${key}: ${err instanceof Error ? err.message : String(err)}`));
    return op.writing;
  }
}

async function latestOperation(dir: string): Promise<string | undefined> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  const dated = await Promise.all(names.map(async (n) => ({ id: n.slice(0, -5), mtime: (await stat(path.join(dir, n))).mtimeMs })));
  return dated.sort((a, b) => b.mtime - a.mtime)[0]?.id;
}

function readSafe(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function parseCalls(text: string | undefined): ApiCall[] {
  if (text === undefined) return [];
  try {
    const parsed = apiCallSchema.array().safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
