import { createHash } from 'node:crypto';

/**
 * The public half of an SSH key in the forms Flatkube needs: the wire blob (what a server sends
 * during the handshake), the authorized_keys / known_hosts line, and the SHA256 fingerprint.
 */
export interface SshPublicKey {
  /** Algorithm name from the line, e.g. "ssh-ed25519". */
  type: string;
  /** The decoded SSH wire-format blob (the base64 part of the line). */
  blob: Buffer;
  comment: string;
}

/** Parses "ssh-ed25519 AAAA... comment" and checks that the blob's embedded type agrees. */
export function parsePublicKeyLine(line: string): SshPublicKey {
  const parts = line.trim().split(/\s+/);
  const [type, b64] = parts;
  if (!type || !b64 || !/^AAAA[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
    throw new Error('not an SSH public key line ("<type> <base64> [comment]")');
  }
  const blob = Buffer.from(b64, 'base64');
  const embedded = readSshString(blob, 0);
  if (embedded?.toString('latin1') !== type) {
    throw new Error(`SSH public key line says "${type}" but its key data does not`);
  }
  return { type, blob, comment: parts.slice(2).join(' ') };
}

export function formatPublicKeyLine(type: string, blob: Buffer, comment?: string): string {
  const line = `${type} ${blob.toString('base64')}`;
  return comment ? `${line} ${comment}` : line;
}

/**
 * SHA256 fingerprint exactly as `ssh-keygen -l` prints it: "SHA256:" + base64 of the SHA-256 of
 * the wire blob, without '=' padding. Accepts a public key line or a raw blob.
 */
export function fingerprintSha256(key: string | Buffer): string {
  const blob = typeof key === 'string' ? parsePublicKeyLine(key).blob : key;
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Reads one SSH "string" (uint32 length + bytes) at `offset`; undefined when out of bounds. */
export function readSshString(buf: Buffer, offset: number): Buffer | undefined {
  if (offset + 4 > buf.length) return undefined;
  const len = buf.readUInt32BE(offset);
  if (offset + 4 + len > buf.length) return undefined;
  return buf.subarray(offset + 4, offset + 4 + len);
}
