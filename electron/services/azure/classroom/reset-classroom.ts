import type { ResetProgress, ResetResult } from '../../../../shared/ipc/channels/classroom';

export interface ResetClassroomDeps {
  /** Every cluster Flatkube has, with its environment and state (ClusterService.list). */
  clusters(): Promise<Array<{ name: string; environment: 'sandbox' | 'azure'; state: string }>>;
  /** The existing destroy operation of one cluster: what is still tagged for it afterwards. */
  destroy(name: string): Promise<{ leftovers: string[] }>;
  /** Clears the sandbox's injected faults, so the next attendee starts clean. */
  clearFaults(): Promise<void>;
  progress(p: ResetProgress): void;
  /** A random suffix for the fresh draft's name (tests pass a fixed sequence). */
  suffix?: () => string;
}

/**
 * "Reset classroom": tears down every sandbox cluster, one after another (parallel teardowns would
 * fight for the same sandbox and make the progress unreadable), reporting each one and what it
 * left behind, then names a fresh draft no cluster uses. Real-Azure clusters are never touched:
 * the caller refuses the whole reset outside the sandbox, and this skips them even then.
 */
export async function resetClassroom(deps: ResetClassroomDeps): Promise<ResetResult> {
  await deps.clearFaults();
  const all = await deps.clusters();
  const targets = all.filter((c) => c.environment === 'sandbox' && c.state !== 'deleted');
  const result: ResetResult = { destroyed: [], failed: [], leftovers: {}, freshName: '' };
  for (const [i, c] of targets.entries()) {
    const base = { cluster: c.name, index: i + 1, total: targets.length };
    deps.progress({ ...base, state: 'destroying' });
    try {
      const { leftovers } = await deps.destroy(c.name);
      result.destroyed.push(c.name);
      if (leftovers.length) result.leftovers[c.name] = leftovers;
      deps.progress({ ...base, state: 'destroyed', ...(leftovers.length ? { leftovers } : {}) });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      result.failed.push({ cluster: c.name, error });
      deps.progress({ ...base, state: 'failed', error });
    }
  }
  const taken = new Set(all.map((c) => c.name));
  result.freshName = freshClusterName(taken, deps.suffix);
  return result;
}

/** `class-<4 hex>`, a valid cluster name (lower case, starts with a letter) no record uses. */
export function freshClusterName(taken: ReadonlySet<string>, suffix: () => string = randomSuffix): string {
  for (;;) {
    const name = `class-${suffix()}`;
    if (!taken.has(name)) return name;
  }
}

function randomSuffix(): string {
  return Math.floor(Math.random() * 0x10000)
    .toString(16)
    .padStart(4, '0');
}
