import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from '../secrets/secret-store';
import { repairSecretFileMode, writeSecretFile } from '../secrets/write-secret-file';
import { KeyImportError } from './errors';
import type { SshKeyPair } from './keys';
import { publicKeyOf } from './keys';
import { fingerprintSha256, parsePublicKeyLine } from './public-key';

/**
 * Keeps a cluster's SSH keys on disk: `<dir>/<clusterName>/<keyName>.key.enc` holds the whole
 * key pair encrypted through the SecretStore; `<keyName>.pub` holds the public line in clear for
 * display and export (still 0600: there is no reason to widen it). `keyName` defaults to the
 * cluster's client key; host keys of nodes can be kept the same way (e.g. "host-cp-0").
 */
export const DEFAULT_KEY_NAME = 'ssh-client';

// Names become path segments: allow nothing that could climb out of `dir` or hide as a dotfile.
const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

export interface ClusterKeyLocation {
  encryptedPath: string;
  publicPath: string;
}

export function clusterKeyPaths(dir: string, clusterName: string, keyName = DEFAULT_KEY_NAME): ClusterKeyLocation {
  if (!SAFE_SEGMENT.test(clusterName)) throw new Error(`invalid cluster name for a key path: ${JSON.stringify(clusterName)}`);
  if (!SAFE_SEGMENT.test(keyName)) throw new Error(`invalid key name: ${JSON.stringify(keyName)}`);
  const base = path.join(dir, clusterName);
  return { encryptedPath: path.join(base, `${keyName}.key.enc`), publicPath: path.join(base, `${keyName}.pub`) };
}

interface StoredKey {
  v: 1;
  type: string;
  privateKey: string;
  publicKey: string;
}

export async function saveClusterKey(
  store: SecretStore,
  dir: string,
  clusterName: string,
  key: SshKeyPair,
  keyName = DEFAULT_KEY_NAME,
): Promise<ClusterKeyLocation> {
  const loc = clusterKeyPaths(dir, clusterName, keyName);
  const stored: StoredKey = { v: 1, type: key.type, privateKey: key.privateKey, publicKey: key.publicKey };
  // encrypt() refuses (throws) when the store cannot persist safely: nothing is written then.
  const blob = await store.encrypt(Buffer.from(JSON.stringify(stored), 'utf8'));
  await writeSecretFile(loc.encryptedPath, blob);
  await writeSecretFile(loc.publicPath, `${key.publicKey}\n`);
  return loc;
}

export async function loadClusterKey(
  store: SecretStore,
  dir: string,
  clusterName: string,
  keyName = DEFAULT_KEY_NAME,
): Promise<SshKeyPair> {
  const loc = clusterKeyPaths(dir, clusterName, keyName);
  const blob = await readFile(loc.encryptedPath);
  await repairSecretFileMode(loc.encryptedPath);
  const plain = await store.decrypt(blob);
  let stored: StoredKey;
  try {
    stored = JSON.parse(plain.toString('utf8')) as StoredKey;
  } catch {
    throw new KeyImportError(`stored key ${loc.encryptedPath} is not in the expected format`);
  } finally {
    plain.fill(0);
  }
  if (stored?.v !== 1 || typeof stored.privateKey !== 'string' || typeof stored.publicKey !== 'string') {
    throw new KeyImportError(`stored key ${loc.encryptedPath} is not in the expected format`);
  }
  // The public line must really belong to the private key (guards against mixed-up files).
  const derived = parsePublicKeyLine(publicKeyOf(stored.privateKey));
  const claimed = parsePublicKeyLine(stored.publicKey);
  if (!derived.blob.equals(claimed.blob)) {
    throw new KeyImportError(`stored key ${loc.encryptedPath}: public and private halves do not match`);
  }
  return {
    type: stored.type,
    privateKey: stored.privateKey,
    publicKey: stored.publicKey,
    fingerprint: fingerprintSha256(claimed.blob),
  };
}
