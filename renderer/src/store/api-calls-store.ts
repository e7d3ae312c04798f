import { create } from 'zustand';
import { mergeCalls, type CallsByCluster } from '../lib/api-calls';
import { invoke, subscribe } from '../lib/ipc';

interface ApiCallsState {
  byCluster: CallsByCluster;
}

export const useApiCalls = create<ApiCallsState>(() => ({ byCluster: {} }));

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
