import { readFile } from 'node:fs/promises';
import { writeSecretFile } from '../../secrets/write-secret-file';
import type { DeploymentStatus, EngineError, StepStatus } from './types';

/**
 * The deployment journal: one JSON file per cluster, rewritten (atomically, 0600 in a 0700 folder)
 * after every step transition, so a killed process can resume or tear down from it. It holds no
 * secrets: tokens and keys never enter it; only step states, timings, errors and plain facts
 * (public IPs, the kubeconfig path).
 */

export const JOURNAL_VERSION = 1;

export interface JournalStep {
  status: StepStatus;
  /** How many times the step was started (re-runs after a resume count). */
  runs: number;
  startedAt?: string;
  endedAt?: string;
  error?: EngineError;
}

export interface JournalData {
  version: typeof JOURNAL_VERSION;
  cluster: string;
  status: DeploymentStatus;
  createdAt: string;
  updatedAt: string;
  /** How many times the deployment was (re)started. */
  attempts: number;
  steps: Record<string, JournalStep>;
  /** Non-secret facts learnt on the way (e.g. "publicIp:cp-0"). */
  facts: Record<string, string>;
  error?: EngineError;
}

export class JournalFormatError extends Error {
  override readonly name = 'JournalFormatError';
}

export class DeploymentJournal {
  private writing: Promise<void> = Promise.resolve();
  private writeError: unknown;

  private constructor(
    readonly path: string,
    readonly data: JournalData,
    private readonly now: () => Date,
  ) {}

  /** Opens the journal at `path`, or starts an empty one for `cluster` when there is none. */
  static async open(path: string, cluster: string, now: () => Date = () => new Date()): Promise<DeploymentJournal> {
    const existing = await readJournal(path);
    if (existing && existing.cluster !== cluster) {
      throw new JournalFormatError(`journal ${path} belongs to cluster ${existing.cluster}, not ${cluster}`);
    }
    const stamp = now().toISOString();
    const data: JournalData = existing ?? {
      version: JOURNAL_VERSION,
      cluster,
      status: 'running',
      createdAt: stamp,
      updatedAt: stamp,
      attempts: 0,
      steps: {},
      facts: {},
    };
    return new DeploymentJournal(path, data, now);
  }

  step(id: string): JournalStep {
    let s = this.data.steps[id];
    if (!s) {
      s = { status: 'pending', runs: 0 };
      this.data.steps[id] = s;
    }
    return s;
  }

  status(id: string): StepStatus {
    return this.data.steps[id]?.status ?? 'pending';
  }

  setStep(id: string, status: StepStatus, error?: EngineError): Promise<void> {
    const s = this.step(id);
    const stamp = this.now().toISOString();
    s.status = status;
    if (status === 'running') {
      s.runs += 1;
      s.startedAt = stamp;
      delete s.endedAt;
      delete s.error;
    } else if (status !== 'pending') {
      s.endedAt = stamp;
    }
    if (error) s.error = error;
    return this.save();
  }

  setStatus(status: DeploymentStatus, error?: EngineError): Promise<void> {
    this.data.status = status;
    if (error) this.data.error = error;
    else delete this.data.error;
    return this.save();
  }

  beginAttempt(): Promise<void> {
    this.data.attempts += 1;
    this.data.status = 'running';
    delete this.data.error;
    return this.save();
  }

  fact(key: string): string | undefined {
    return this.data.facts[key];
  }

  setFact(key: string, value: string): Promise<void> {
    if (this.data.facts[key] === value) return this.writing;
    this.data.facts[key] = value;
    return this.save();
  }

  /**
   * Queues a write of the current state. Writes are serialised, so the file always ends up with
   * the latest state even when several steps change at once; each write is atomic (temp + rename).
   */
  save(): Promise<void> {
    this.data.updatedAt = this.now().toISOString();
    const snapshot = JSON.stringify(this.data, null, 2) + '\n';
    this.writing = this.writing
      .then(() => writeSecretFile(this.path, snapshot))
      .catch((err: unknown) => {
        this.writeError = err;
      });
    return this.writing.then(() => {
      if (this.writeError) {
        const err = this.writeError;
        this.writeError = undefined;
        throw err;
      }
    });
  }

  /** Resolves when every queued write has reached the disk. */
  flush(): Promise<void> {
    return this.writing;
  }
}

/** Reads a journal file; undefined when it does not exist. Throws JournalFormatError on garbage. */
export async function readJournal(path: string): Promise<JournalData | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let parsed: JournalData;
  try {
    parsed = JSON.parse(text) as JournalData;
  } catch {
    throw new JournalFormatError(`journal ${path} is not valid JSON`);
  }
  if (parsed?.version !== JOURNAL_VERSION || typeof parsed.cluster !== 'string' || typeof parsed.steps !== 'object') {
    throw new JournalFormatError(`journal ${path} has an unknown format`);
  }
  parsed.facts ??= {};
  return parsed;
}
