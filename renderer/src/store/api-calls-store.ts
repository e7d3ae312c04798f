import { create } from 'zustand';
import type { ApiCall } from '../../../shared/ipc/channels/azure-calls';
import { invoke, subscribe } from '../lib/ipc';

/** Calls shown per cluster: the pane is for following an operation, the file has the rest. */
export const MAX_CALLS = 300;

interface ApiCallsState {
  /** By cluster: the calls of its latest operation, oldest first. */
  byCluster: Record<string, { operationId: string; calls: ApiCall[] }>;
}

export const useApiCalls = create<ApiCallsState>(() => ({ byCluster: {} }));

/** Adds calls (live or rehydrated): a newer operation replaces the older one; repeats are dropped by seq. */
export function mergeCalls(state: ApiCallsState['byCluster'], incoming: readonly ApiCall[]): ApiCallsState['byCluster'] {
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

let started = false;
/** Follows `azure.call` (once per window). */
export function startApiCallFeed(): void {
  if (started) return;
  started = true;
  subscribe('azure.call', (batch) => useApiCalls.setState((s) => ({ byCluster: mergeCalls(s.byCluster, batch) })));
}

/** Brings back what the backend kept for a cluster's latest operation (after a reload or reopen). */
export async function rehydrateCalls(cluster: string): Promise<void> {
  const r = await invoke('azure.calls', { cluster });
  if (r.ok) useApiCalls.setState((s) => ({ byCluster: mergeCalls(s.byCluster, r.value.calls) }));
}
