import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { KeyImportError } from './errors';
import { encodeOpenSshEd25519PrivateKey } from './openssh-private-key';
import { fingerprintSha256, formatPublicKeyLine } from './public-key';

/**
 * An SSH key pair as Flatkube keeps it. `privateKey` is always UNENCRYPTED text that ssh2 can
 * load (OpenSSH format, or PKCS#1/SEC1 PEM for imported RSA/ECDSA keys): at rest it is protected
 * by the SecretStore, never by a passphrase, and it must never be logged.
 */
export interface SshKeyPair {
  /** SSH algorithm name: "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", ... */
  type: string;
  privateKey: string;
  /** authorized_keys / known_hosts line: "ssh-ed25519 AAAA... comment". */
  publicKey: string;
  /** "SHA256:..." as `ssh-keygen -l` prints it. */
  fingerprint: string;
}

export const MIN_RSA_BITS = 2048;

/** A fresh ed25519 key pair (OpenSSH private key format, which sshd and ssh2 both read). */
export function generateEd25519KeyPair(comment: string): SshKeyPair {
  // ssh2 1.17's generator emits about one pair in 150 that its own parser rejects ("Malformed
  // OpenSSH public key"); such a key would later fail on the node or in our client. Generate
  // again until both halves parse (a handful of tries at most in practice).
  for (let attempt = 0; attempt < 20; attempt++) {
    const { private: privateKey, public: publicKey } = ssh2.utils.generateKeyPairSync('ed25519', { comment });
    if (ssh2.utils.parseKey(privateKey) instanceof Error || ssh2.utils.parseKey(publicKey) instanceof Error) continue;
    return { type: 'ssh-ed25519', privateKey, publicKey, fingerprint: fingerprintSha256(publicKey) };
  }
  throw new Error('could not generate a parseable ed25519 key pair');
}

/** The per-cluster client key: its public line goes to the nodes' `core` user via Ignition. */
export function generateClusterKeyPair(clusterName: string): SshKeyPair {
  return generateEd25519KeyPair(`flatkube@${clusterName}`);
}

export interface ImportKeyOptions {
  passphrase?: string;
  /** Comment for the public line; defaults to the key's own comment. */
  comment?: string;
}

/**
 * Imports an existing private key: OpenSSH format, PEM (PKCS#1, SEC1, PKCS#8, encrypted or not),
 * or PuTTY PPK. The result is decrypted and normalised (see SshKeyPair). Rejects DSA and RSA keys
 * shorter than 2048 bits, and public keys given by mistake, with messages meant for the user.
 */
export function importPrivateKey(data: string | Buffer, opts: ImportKeyOptions = {}): SshKeyPair {
  const text = (typeof data === 'string' ? data : data.toString('utf8')).trim();
  const parsed = parseAnyPrivateKey(text, opts.passphrase);
  if (parsed.type === 'ssh-dss') {
    throw new KeyImportError('DSA keys are not accepted: OpenSSH disabled them as insecure. Use an ed25519 key.');
  }
  if (parsed.type === 'ssh-rsa') {
    const bits = createPublicKey(parsed.getPublicPEM()).asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) {
      throw new KeyImportError(
        `This RSA key has ${bits} bits; at least ${MIN_RSA_BITS} are required. Use an ed25519 key instead.`,
      );
    }
  }
  const comment = opts.comment ?? parsed.comment;
  const privateKey = normalisePrivateKey(parsed, comment);
  const publicKey = formatPublicKeyLine(parsed.type, parsed.getPublicSSH(), comment);
  return { type: parsed.type, privateKey, publicKey, fingerprint: fingerprintSha256(parsed.getPublicSSH()) };
}

/** The authorized_keys line for an unencrypted private key Flatkube holds. */
export function publicKeyOf(privateKey: string, comment?: string): string {
  const parsed = parsePrivate(privateKey);
  return formatPublicKeyLine(parsed.type, parsed.getPublicSSH(), comment ?? parsed.comment);
}

/** Parses an unencrypted private key Flatkube wrote itself; throws KeyImportError otherwise. */
export function parsePrivate(privateKey: string): ParsedKey {
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error || !parsed || !parsed.isPrivateKey()) {
    throw new KeyImportError('not a usable unencrypted private key');
  }
  return parsed;
}

function parseAnyPrivateKey(text: string, passphrase: string | undefined): ParsedKey {
  const direct = ssh2.utils.parseKey(text, passphrase);
  if (!(direct instanceof Error) && direct) {
    if (!direct.isPrivateKey()) {
      throw new KeyImportError('This is a public key. Choose the private key file (usually the one without ".pub").');
    }
    return direct;
  }
  const message = direct instanceof Error ? direct.message : 'no key found';
  if (/no passphrase given/i.test(message)) throw passphraseNeeded();
  if (/passphrase|decrypt/i.test(message)) throw wrongPassphrase();
  // ssh2 cannot read PKCS#8 ("BEGIN PRIVATE KEY" / "BEGIN ENCRYPTED PRIVATE KEY"): let node's
  // crypto decode it and hand ssh2 a format it knows.
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) return parseViaNodeCrypto(text, passphrase);
  if (/^(ssh-|ecdsa-)\S+ AAAA/.test(text)) {
    throw new KeyImportError('This is a public key. Choose the private key file (usually the one without ".pub").');
  }
  throw new KeyImportError(`Not a supported private key (${message}). Use an OpenSSH or PEM private key.`);
}

function parseViaNodeCrypto(text: string, passphrase: string | undefined): ParsedKey {
  // Decide this up front: OpenSSL versions word a missing passphrase differently (Node 24 says
  // "interrupted or cancelled").
  if (passphrase === undefined && /BEGIN ENCRYPTED PRIVATE KEY|Proc-Type: 4,ENCRYPTED/.test(text)) {
    throw passphraseNeeded();
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem', ...(passphrase !== undefined ? { passphrase } : {}) });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_MISSING_PASSPHRASE') throw passphraseNeeded();
    if (passphrase !== undefined && /decrypt|passphrase|password/i.test(e.message)) throw wrongPassphrase();
    throw new KeyImportError(`Not a readable PEM private key (${e.message}).`);
  }
  let converted: string;
  switch (key.asymmetricKeyType) {
    case 'dsa':
      throw new KeyImportError('DSA keys are not accepted: OpenSSH disabled them as insecure. Use an ed25519 key.');
    case 'rsa':
      converted = key.export({ type: 'pkcs1', format: 'pem' }).toString();
      break;
    case 'ec':
      converted = key.export({ type: 'sec1', format: 'pem' }).toString();
      break;
    case 'ed25519':
      converted = ed25519ToOpenSsh(key, '');
      break;
    default:
      throw new KeyImportError(`Keys of type ${key.asymmetricKeyType ?? 'unknown'} cannot be used for SSH here.`);
  }
  const parsed = ssh2.utils.parseKey(converted);
  if (parsed instanceof Error || !parsed) {
    throw new KeyImportError(`This key type is not supported for SSH (${parsed instanceof Error ? parsed.message : 'unknown'}).`);
  }
  return parsed;
}

function normalisePrivateKey(parsed: ParsedKey, comment: string): string {
  // ssh2 exports ed25519 only as PKCS#8, which it cannot read back: re-encode as OpenSSH.
  if (parsed.type === 'ssh-ed25519') return ed25519ToOpenSsh(createPrivateKey(parsed.getPrivatePEM()), comment);
  return parsed.getPrivatePEM();
}

function ed25519ToOpenSsh(key: KeyObject, comment: string): string {
  const jwk = key.export({ format: 'jwk' });
  if (!jwk.d || !jwk.x) throw new KeyImportError('incomplete ed25519 key');
  return encodeOpenSshEd25519PrivateKey(Buffer.from(jwk.d, 'base64url'), Buffer.from(jwk.x, 'base64url'), comment);
}

function passphraseNeeded(): KeyImportError {
  return new KeyImportError('This key is protected by a passphrase. Enter the passphrase to import it.');
}

function wrongPassphrase(): KeyImportError {
  return new KeyImportError('The passphrase is wrong for this key.');
}
