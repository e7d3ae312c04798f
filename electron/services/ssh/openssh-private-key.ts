import { randomBytes } from 'node:crypto';

/**
 * Serialises an unencrypted ed25519 key in OpenSSH's "openssh-key-v1" format (PROTOCOL.key).
 * Needed because ssh2 hands back an ed25519 key only as PKCS#8 PEM, which ssh2 itself (and older
 * OpenSSH) cannot read back; after decrypting an imported key we re-encode it this way.
 */
export function encodeOpenSshEd25519PrivateKey(seed: Buffer, publicKey: Buffer, comment: string): string {
  if (seed.length !== 32 || publicKey.length !== 32) throw new Error('ed25519 keys are 32 bytes');
  const type = Buffer.from('ssh-ed25519');
  const pubBlob = Buffer.concat([sshString(type), sshString(publicKey)]);
  const check = randomBytes(4);
  let priv = Buffer.concat([
    check,
    check,
    sshString(type),
    sshString(publicKey),
    sshString(Buffer.concat([seed, publicKey])),
    sshString(Buffer.from(comment, 'utf8')),
  ]);
  // Pad to the cipher block size (8 for "none") with 1, 2, 3, ...
  const padLen = (8 - (priv.length % 8)) % 8;
  priv = Buffer.concat([priv, Buffer.from(Array.from({ length: padLen }, (_, i) => i + 1))]);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString(Buffer.from('none')),
    sshString(Buffer.from('none')),
    sshString(Buffer.alloc(0)),
    uint32(1),
    sshString(pubBlob),
    sshString(priv),
  ]);
  const b64 = body.toString('base64').replace(/.{1,70}/g, '$&\n');
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64}-----END OPENSSH PRIVATE KEY-----\n`;
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function sshString(data: Buffer): Buffer {
  return Buffer.concat([uint32(data.length), data]);
}
