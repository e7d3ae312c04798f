import { readFile } from 'node:fs/promises';
import { mergeKubeconfig, type KubeconfigTargetOptions, type MergeResult } from '../../kube/merge';
import type { ClusterStore } from '../store/cluster-store';

/** The saved kubeconfig of a created cluster: its path and text. */
export async function clusterKubeconfig(store: ClusterStore, name: string): Promise<{ path: string; content: string }> {
  const rec = await store.require(name);
  const path = rec.kubeconfigPath ?? store.paths(name).kubeconfig;
  try {
    return { path, content: await readFile(path, 'utf8') };
  } catch {
    throw new Error(`cluster ${name} has no kubeconfig yet (state: ${rec.state})`);
  }
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
