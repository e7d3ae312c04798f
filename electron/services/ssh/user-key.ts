import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors';
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
  /** The key's folder name: the handle the download asks for (never a path from outside). */
  keyId: string;
  publicKey: string;
  fingerprint: string;
  privateKeyPath: string;
}

export const USER_KEYS_DIR = 'ssh-keys';

export async function generateUserKey(dataDir: string, clusterName?: string): Promise<GeneratedUserKey> {
  const pair = generateEd25519KeyPair(`core@${clusterName ?? 'flatkube'}`);
  // A folder per key: generating again never overwrites a key that may already be on nodes.
  const keyId = `${clusterName ?? 'key'}-${randomBytes(4).toString('hex')}`;
  const privateKeyPath = userKeyPath(dataDir, keyId);
  await writeSecretFile(privateKeyPath, `${pair.privateKey.trimEnd()}\n`);
  await writeSecretFile(`${privateKeyPath}.pub`, `${pair.publicKey}\n`);
  return { keyId, publicKey: pair.publicKey, fingerprint: pair.fingerprint, privateKeyPath };
}

// A handle is a folder name generateUserKey made: nothing that could climb out of the keys folder.
export const USER_KEY_ID = /^[a-z0-9][a-z0-9-]{0,59}$/;

function userKeyPath(dataDir: string, keyId: string): string {
  if (!USER_KEY_ID.test(keyId)) throw new AppError('SSH_USER_KEY_MISSING', `not a generated key: ${JSON.stringify(keyId)}`);
  return path.join(dataDir, USER_KEYS_DIR, keyId, 'id_ed25519');
}

/**
 * The private key of a generated pair, for the one explicit download the user asks for (the
 * app saves it through a save dialog in main; browser mode hands it to the page as a download).
 */
export async function readUserPrivateKey(dataDir: string, keyId: string): Promise<string> {
  try {
    return await readFile(userKeyPath(dataDir, keyId), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError('SSH_USER_KEY_MISSING', 'This generated key is no longer in the data folder.', { hint: 'Generate a new key on the Cluster step.' });
    }
    throw err;
  }
}
