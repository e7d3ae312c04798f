/**
 * Compile-time test of the typed IPC surface: `tsc -p tsconfig.renderer.json` (npm run typecheck)
 * checks this file; nothing imports or runs it. Each `@ts-expect-error` line is a call the contract
 * must refuse. If the typing regresses (a channel name becomes any string, an input or output
 * `unknown` or `any`), that line stops being an error, the directive is unused, and typecheck fails.
 */
import { createWsApi } from '../api/ws-client';
import { invoke, subscribe } from './ipc';
import { useLoad } from './use-load';

export async function typedInvoke(): Promise<void> {
  // The right calls compile, and their answers carry the contract's output types.
  const destroyed = await invoke('cluster.destroy', { name: 'demo' });
  if (destroyed.ok) {
    const leftovers: string[] = destroyed.value.leftovers;
    const kept: string[] | undefined = destroyed.value.kept;
    void leftovers;
    void kept;
    // @ts-expect-error: cluster.destroy answers leftovers and kept, not deleted
    void destroyed.value.deleted;
    // @ts-expect-error: leftovers is a list of ids, not a count (fails if the output becomes any)
    const count: number = destroyed.value.leftovers;
    void count;
  } else {
    const code: string = destroyed.error.code;
    const hint: string | undefined = destroyed.error.hint;
    void code;
    void hint;
  }
  const info = await invoke('app.info', undefined);
  if (info.ok) {
    const shell: 'electron' | 'browser' = info.value.shell;
    void shell;
  }

  // @ts-expect-error: a channel the contract does not have (renamed: cluster.followLogs)
  await invoke('cluster.followLog', { name: 'demo', node: 'cp-0' });
  // @ts-expect-error: a channel name must be one of the contract's, not any string
  await invoke('cluster.' + 'destroy', { name: 'demo' });

  // @ts-expect-error: cluster.destroy takes { name }, not { cluster }
  await invoke('cluster.destroy', { cluster: 'demo' });
  // @ts-expect-error: the name is a string
  await invoke('cluster.destroy', { name: 42 });
  // @ts-expect-error: cluster.followLogs needs the node
  await invoke('cluster.followLogs', { name: 'demo', unit: 'kubelet' });
  // @ts-expect-error: unit is kubelet, containerd or null (the whole journal)
  await invoke('cluster.followLogs', { name: 'demo', node: 'cp-0', unit: 'journal' });
  // @ts-expect-error: azure.terms takes a Flatcar offer, not any string
  await invoke('azure.terms', { subscriptionId: 's', offer: 'ubuntu', plan: 'free' });
  // @ts-expect-error: channels with an input cannot be called without one
  await invoke('auth.signIn', undefined);

  const follow = await invoke('cluster.followLogs', { name: 'demo', node: 'cp-0', unit: null });
  // @ts-expect-error: followLogs answers { followId }, not { id }
  if (follow.ok) void follow.value.id;
}

export function typedSubscribe(): void {
  subscribe('cluster.progress', (batch) => {
    const status: 'pending' | 'running' | 'done' | 'failed' | 'cancelled' | undefined = batch[0]?.status;
    void status;
    // @ts-expect-error: progress events carry stepId, not step
    void batch[0]?.step;
  });
  // @ts-expect-error: an event the contract does not have
  subscribe('cluster.logs', () => {});
  // @ts-expect-error: cluster.finished events are objects, not strings
  subscribe('cluster.finished', (batch: string[]) => void batch);
}

export function useTypedLoads(): void {
  const list = useLoad('cluster.list', undefined);
  const names: string[] | undefined = list.data?.map((c) => c.name);
  void names;
  // @ts-expect-error: cluster summaries have no "id"
  void list.data?.[0]?.id;
  // null asks nothing yet (the step is not ready); the answer stays typed.
  const kube = useLoad('cluster.kubeconfig', null);
  const path: string | undefined = kube.data?.path;
  void path;
  // @ts-expect-error: a channel the contract does not have
  useLoad('cluster.lists', undefined);
  // @ts-expect-error: azure.locations needs the subscription id
  useLoad('azure.locations', { location: 'westeurope' });
}

export async function typedWsClient(): Promise<void> {
  // Browser mode's client has the same typed surface as window.flatkube.
  const api = createWsApi('ws://127.0.0.1:1/ipc');
  const r = await api.invoke['cluster.kubeconfig']({ name: 'demo' });
  if (r.ok) {
    const path: string = r.value.path;
    void path;
    // @ts-expect-error: the kubeconfig channel answers its path only, never the file's content
    void r.value.kubeconfig;
  }
  // @ts-expect-error: a channel the contract does not have
  void api.invoke['cluster.followLog'];
  // @ts-expect-error: cluster.stopLogs takes { followId }
  await api.invoke['cluster.stopLogs']({ name: 'demo' });
  // @ts-expect-error: an event the contract does not have
  api.on['cluster.logs'](() => {});
}
