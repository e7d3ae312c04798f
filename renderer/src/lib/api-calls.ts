import type { ApiCall } from '../../../shared/ipc/channels/azure-calls';

/** Calls shown per cluster: the pane is for following an operation, the file has the rest. */
export const MAX_CALLS = 300;

/** By cluster: the calls of its latest operation, oldest first. */
export type CallsByCluster = Record<string, { operationId: string; calls: ApiCall[] }>;

/** Adds calls (live or rehydrated): a newer operation replaces the older one; repeats are dropped by seq. */
export function mergeCalls(state: CallsByCluster, incoming: readonly ApiCall[]): CallsByCluster {
  const out = { ...state };
  for (const c of incoming) {
    const cur = out[c.cluster];
    if (!cur || cur.operationId !== c.operationId) {
      // A call of an older operation arriving late (the rehydrate answer) never replaces a newer one.
      if (cur && cur.calls[0] && c.startedAt < cur.calls[0].startedAt) continue;
      out[c.cluster] = { operationId: c.operationId, calls: [c] };
      continue;
    }
    if (cur.calls.some((x) => x.seq === c.seq)) continue;
    const calls = [...cur.calls, c].sort((a, b) => a.seq - b.seq);
    out[c.cluster] = { operationId: cur.operationId, calls: calls.slice(-MAX_CALLS) };
  }
  return out;
}

