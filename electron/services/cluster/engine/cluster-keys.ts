import { readFile, rm } from 'node:fs/promises';
import { clusterNodes } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { SecretStore } from '../../secrets/secret-store';
import { repairSecretFileMode, writeSecretFile } from '../../secrets/write-secret-file';
import { clusterKeyPaths, DEFAULT_KEY_NAME, loadClusterKey, saveClusterKey } from '../../ssh/cluster-key-store';
import { generateClusterKeyPair, type SshKeyPair } from '../../ssh/keys';
import { fingerprintSha256, parsePublicKeyLine } from '../../ssh/public-key';

/**
 * A cluster's SSH keys: the client key Flatkube logs in with (generated per cluster, or imported,
 * kept encrypted through the SecretStore) and, per node, the one host key Flatkube accepts from
 * it. Flatkube makes no host keys: each node makes its own at first boot and prints the public
 * half on its serial console, where the deployment reads it before its first SSH connection
 * (host-key-pin.ts) and pins it here. A resumed deployment and the live log viewer use the same
 * pin; a node that later presents another key is refused.
 */
export interface ClusterKeys {
  client: SshKeyPair;
  /** Pinned host keys by node; a node is missing until its key has been read and pinned. */
  hosts: Record<string, PinnedHostKey>;
}

export interface PinnedHostKey {
  /** "ssh-ed25519 AAAA..." (a known_hosts key). */
  publicKey: string;
  /** "SHA256:..." as `ssh-keygen -l` prints it. */
  fingerprint: string;
  /**
   * serial-console: the key the node announced on its serial console (boot diagnostics).
   * stored-pair: a cluster created by an older Flatkube, which generated the node's host key pair
   * and put it into the node's Ignition; that node still has it.
   */
  source: 'serial-console' | 'stored-pair';
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

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * A node's pinned host key, if any: `host-<node>.pub` holds the public line (0600, as every key
 * file). A cluster made by an older Flatkube has `host-<node>.key.enc` too, the encrypted pair it
 * generated; the pin then comes from that pair, which its node was given.
 */
export async function loadPinnedHostKey(store: SecretStore, keysDir: string, cluster: string, node: string): Promise<PinnedHostKey | undefined> {
  const loc = clusterKeyPaths(keysDir, cluster, hostKeyName(node));
  try {
    const pair = await loadClusterKey(store, keysDir, cluster, hostKeyName(node));
    return { publicKey: pair.publicKey, fingerprint: pair.fingerprint, source: 'stored-pair' };
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
  let line: string;
  try {
    line = (await readFile(loc.publicPath, 'utf8')).trim();
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
  await repairSecretFileMode(loc.publicPath);
  const key = parsePublicKeyLine(line);
  return { publicKey: `${key.type} ${key.blob.toString('base64')}`, fingerprint: fingerprintSha256(key.blob), source: 'serial-console' };
}

/** Records the host key a node announced (before Flatkube ever connects to it). */
export async function savePinnedHostKey(keysDir: string, cluster: string, node: string, publicKey: string): Promise<PinnedHostKey> {
  const key = parsePublicKeyLine(publicKey);
  if (key.type !== 'ssh-ed25519') throw new Error(`host key of ${node} is ${key.type}, not ssh-ed25519`);
  const line = `${key.type} ${key.blob.toString('base64')}`;
  await writeSecretFile(clusterKeyPaths(keysDir, cluster, hostKeyName(node)).publicPath, `${line}\n`);
  return { publicKey: line, fingerprint: fingerprintSha256(key.blob), source: 'serial-console' };
}

/** Forgets a node's pin (and an old stored pair): its VM is gone, a new one makes a new key. */
export async function forgetHostKey(keysDir: string, cluster: string, node: string): Promise<void> {
  const loc = clusterKeyPaths(keysDir, cluster, hostKeyName(node));
  await rm(loc.encryptedPath, { force: true });
  await rm(loc.publicPath, { force: true });
}

/** Pins of `nodes` (default: the spec's nodes; an operation passes its layout, removed nodes included). */
async function loadPins(store: SecretStore, keysDir: string, spec: ClusterSpec, nodes?: readonly string[]): Promise<Record<string, PinnedHostKey>> {
  const hosts: Record<string, PinnedHostKey> = {};
  for (const node of nodes ?? clusterNodes(spec).map((n) => n.name)) {
    const pin = await loadPinnedHostKey(store, keysDir, spec.name, node);
    if (pin) hosts[node] = pin;
  }
  return hosts;
}

export async function ensureClusterKeys(
  store: SecretStore,
  keysDir: string,
  spec: ClusterSpec,
  opts: { importedClientKey?: SshKeyPair; nodes?: readonly string[] } = {},
): Promise<ClusterKeys> {
  const client = opts.importedClientKey
    ? await saveClusterKey(store, keysDir, spec.name, opts.importedClientKey, DEFAULT_KEY_NAME).then(() => opts.importedClientKey!)
    : await loadOrCreate(store, keysDir, spec.name, DEFAULT_KEY_NAME, () => generateClusterKeyPair(spec.name));
  return { client, hosts: await loadPins(store, keysDir, spec, opts.nodes) };
}

/** Loads existing keys only (teardown, kubeconfig refresh, live logs); undefined without a client key. */
export async function loadClusterKeys(store: SecretStore, keysDir: string, spec: ClusterSpec, nodes?: readonly string[]): Promise<ClusterKeys | undefined> {
  let client: SshKeyPair;
  try {
    client = await loadClusterKey(store, keysDir, spec.name, DEFAULT_KEY_NAME);
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
  return { client, hosts: await loadPins(store, keysDir, spec, nodes) };
}
