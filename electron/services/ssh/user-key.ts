import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { writeSecretFile } from '../secrets/write-secret-file';
import { generateEd25519KeyPair } from './keys';

/**
 * "Generate a key for me" (the wizard's Cluster step): a key pair for the user's own SSH access
 * to the nodes as `core`. The private key is written in clear OpenSSH format, because the user
 * needs it for `ssh -i`, 0600 in an 0700 folder of the data folder, beside its `.pub`. Only the
 * public line, the fingerprint and the file's path leave this function: the renderer never
 * receives the private key (the kubeconfig is offered the same way, by its path).
 */
export interface GeneratedUserKey {
  publicKey: string;
  fingerprint: string;
  privateKeyPath: string;
}

export const USER_KEYS_DIR = 'ssh-keys';

export async function generateUserKey(dataDir: string, clusterName?: string): Promise<GeneratedUserKey> {
  const pair = generateEd25519KeyPair(`core@${clusterName ?? 'flatkube'}`);
  // A folder per key: generating again never overwrites a key that may already be on nodes.
  const folder = `${clusterName ?? 'key'}-${randomBytes(4).toString('hex')}`;
  const privateKeyPath = path.join(dataDir, USER_KEYS_DIR, folder, 'id_ed25519');
  await writeSecretFile(privateKeyPath, `${pair.privateKey.trimEnd()}\n`);
  await writeSecretFile(`${privateKeyPath}.pub`, `${pair.publicKey}\n`);
  return { publicKey: pair.publicKey, fingerprint: pair.fingerprint, privateKeyPath };
}
