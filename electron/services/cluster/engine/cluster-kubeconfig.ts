import { readFile, stat } from 'node:fs/promises';
import { mergeKubeconfig, type KubeconfigTargetOptions, type MergeResult } from '../../kube/merge';
import type { ClusterStore } from '../store/cluster-store';

/**
 * The saved kubeconfig of a created cluster: its path and text. The text is the admin credential
 * (client key included): for the main process only (merging), never for an IPC answer.
 */
export async function clusterKubeconfig(store: ClusterStore, name: string): Promise<{ path: string; content: string }> {
  const { path, state } = await kubeconfigLocation(store, name);
  try {
    return { path, content: await readFile(path, 'utf8') };
  } catch {
    throw noKubeconfig(name, state);
  }
}

/** Where a created cluster's kubeconfig is, once it exists: what the app and `flatkube kubeconfig` show. */
export async function clusterKubeconfigPath(store: ClusterStore, name: string): Promise<{ path: string }> {
  const { path, state } = await kubeconfigLocation(store, name);
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file');
  } catch {
    throw noKubeconfig(name, state);
  }
  return { path };
}

async function kubeconfigLocation(store: ClusterStore, name: string): Promise<{ path: string; state: string }> {
  const rec = await store.require(name);
  return { path: rec.kubeconfigPath ?? store.paths(name).kubeconfig, state: rec.state };
}

function noKubeconfig(name: string, state: string): Error {
  return new Error(`cluster ${name} has no kubeconfig yet (state: ${state})`);
}

/**
 * Merges a cluster's kubeconfig into the user's (see kube/merge.ts) and remembers where, so the
 * teardown removes exactly that context again.
 */
export async function mergeClusterKubeconfig(
  store: ClusterStore,
  name: string,
  opts: KubeconfigTargetOptions & { setCurrentContext?: boolean } = {},
): Promise<MergeResult> {
  const { content } = await clusterKubeconfig(store, name);
  const result = await mergeKubeconfig(content, opts);
  await store.update(name, { mergedContext: { path: result.path, context: result.context } });
  return result;
}
