import type {
  ClusterFinished,
  ClusterLog,
  ClusterProgress,
  DeploymentStatus,
  EngineError,
  StepStatus,
} from '../../../../shared/ipc/channels/cluster';
import { AppError, type AppErrorCode } from '../../errors';
import type { GraphStep } from '../plan/types';

export type { ClusterFinished, ClusterLog, ClusterProgress, DeploymentStatus, EngineError, StepStatus };

/**
 * Where engine events go. Injected: the backend forwards them to the EventHub (which batches per
 * transport), the CLI prints them, tests collect them. Must not throw.
 */
export interface EngineEmitter {
  progress(e: ClusterProgress): void;
  log(e: ClusterLog): void;
  finished(e: ClusterFinished): void;
}

export type LogLevel = ClusterLog['level'];

/** What a step runner gets: its step, the cancel signal, and a logger (redacts every line). */
export interface StepRunContext {
  step: GraphStep;
  signal: AbortSignal;
  /** One line (or several, split on newlines) to the step's stream: its node, or `stream`. */
  log(level: LogLevel, text: string, stream?: string): void;
}

export type StepRunner = (ctx: StepRunContext) => Promise<void>;

/**
 * An error a runner throws on purpose, with the catalogue's hint and Azure's code if known. An
 * AppError like every other deliberate error (codes: electron/services/errors.ts), so one that
 * escapes a step reaches IPC as its envelope; the executor records message, hint and azureCode.
 */
export class StepError extends AppError {
  override readonly name = 'StepError';
  constructor(message: string, opts: { code?: AppErrorCode; hint?: string; azureCode?: string; cause?: unknown } = {}) {
    const { code = 'CLUSTER_STEP_FAILED', ...rest } = opts;
    super(code, message, rest);
  }
}

export function noopEmitter(): EngineEmitter {
  return { progress: () => {}, log: () => {}, finished: () => {} };
}
