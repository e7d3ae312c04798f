/**
 * The sandbox API token: a per-sandbox random secret that every `/_sandbox/...` caller must send
 * as `Authorization: Bearer <token>` (the API injects faults, approves sign-ins, changes quotas
 * and shows node ports, so "it listens on loopback" is not enough: any local user reaches that).
 *
 * With a state dir the token is kept there (mode 0600), so a restarted sandbox keeps it and its
 * clients keep working; without one it lives for this run only.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';

export const API_TOKEN_FILE = 'sandbox-api-token';

/** 32 random bytes = 256 bits, base64url without padding = 43 characters. */
const TOKEN_BYTES = 32;
const WELL_FORMED = /^[A-Za-z0-9_-]{43,}$/;

export function newApiToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** At least 32 bytes' worth of base64url, nothing else (what newApiToken makes). */
export function isWellFormedApiToken(token: string): boolean {
  return WELL_FORMED.test(token);
}

/**
 * Whether two secrets are equal, in time that does not depend on where they differ or on the
 * presented one's length: both are hashed first, so timingSafeEqual always compares two
 * equal-length digests (equal digests = equal inputs, SHA-256 being collision-resistant).
 */
export function secretsEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * The token kept in `stateDir` (created on first use), or a fresh one when there is no state dir.
 * A file that holds no well-formed token (truncated, edited) is replaced by a new token: clients
 * read the token from the sandbox's startup line anyway, so nothing but a stale copy is lost.
 */
export function loadOrCreateApiToken(stateDir?: string): string {
  if (!stateDir) return newApiToken();
  const file = join(stateDir, API_TOKEN_FILE);
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (isWellFormedApiToken(token)) {
      // A state dir copied or restored with a loose umask: the secret is still the user's only.
      if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
      return token;
    }
  }
  const token = newApiToken();
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  // Written whole, then renamed: a crash never leaves a half-written token behind.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  return token;
}
