import { clusterNodes } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { SecretStore } from '../../secrets/secret-store';
import { DEFAULT_KEY_NAME, loadClusterKey, saveClusterKey } from '../../ssh/cluster-key-store';
import { generateClusterKeyPair, generateHostKeyPair, type SshKeyPair } from '../../ssh/keys';

/**
 * A cluster's SSH keys: the client key Flatkube logs in with (generated per cluster, or imported)
 * and one host key per node (its private half goes into the node's Ignition; its public half is
 * the only host key Flatkube accepts from that node). Kept encrypted through the SecretStore, so
 * a resumed deployment re-renders byte-identical Ignition configs and trusts the same host keys.
 */
export interface ClusterKeys {
  client: SshKeyPair;
  hosts: Record<string, SshKeyPair>;
}

export const hostKeyName = (node: string) => `host-${node}`;

async function loadOrCreate(store: SecretStore, dir: string, cluster: string, keyName: string, make: () => SshKeyPair): Promise<SshKeyPair> {
  try {
    return await loadClusterKey(store, dir, cluster, keyName);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = make();
  await saveClusterKey(store, dir, cluster, key, keyName);
  return key;
}

export async function ensureClusterKeys(
  store: SecretStore,
  keysDir: string,
  spec: ClusterSpec,
  opts: { importedClientKey?: SshKeyPair } = {},
): Promise<ClusterKeys> {
  const client = opts.importedClientKey
    ? await saveClusterKey(store, keysDir, spec.name, opts.importedClientKey, DEFAULT_KEY_NAME).then(() => opts.importedClientKey!)
    : await loadOrCreate(store, keysDir, spec.name, DEFAULT_KEY_NAME, () => generateClusterKeyPair(spec.name));
  const hosts: Record<string, SshKeyPair> = {};
  for (const node of clusterNodes(spec)) {
    hosts[node.name] = await loadOrCreate(store, keysDir, spec.name, hostKeyName(node.name), () => generateHostKeyPair(node.name));
  }
  return { client, hosts };
}

/** Loads existing keys only (teardown, kubeconfig refresh); undefined when none were made. */
export async function loadClusterKeys(store: SecretStore, keysDir: string, spec: ClusterSpec): Promise<ClusterKeys | undefined> {
  try {
    const client = await loadClusterKey(store, keysDir, spec.name, DEFAULT_KEY_NAME);
    const hosts: Record<string, SshKeyPair> = {};
    for (const node of clusterNodes(spec)) hosts[node.name] = await loadClusterKey(store, keysDir, spec.name, hostKeyName(node.name));
    return { client, hosts };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
