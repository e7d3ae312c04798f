/**
 * Signs and verifies the sandbox's tokens (RS256, jose).
 *
 * The signing key is kept in the state dir (0600) so tokens issued before a restart stay valid,
 * like a real tenant's keys outlive a client session.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, exportJWK, importPKCS8, importSPKI, jwtVerify, errors as joseErrors, type JWK } from 'jose';
import type { SandboxUser } from './sandbox-users';

const KEY_FILE = 'token-signing.key';

export interface IssuerConfig {
  /** `https://127.0.0.1:port` (no trailing slash). */
  authorityHost: string;
  tenantId: string;
  now: () => number;
  /** Access/id token lifetime, seconds (Entra: 60-90 min). */
  accessTokenLifetimeSeconds: number;
}

type SigningKey = Awaited<ReturnType<typeof importPKCS8>>;

function newSigningKey(): string {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
}

/**
 * The signing key of the process's ephemeral issuers (sandboxes without a state dir), made at the
 * first: an RSA key costs about 0.1 s of CPU, and a test process starts a dozen sandboxes. Their
 * tokens still do not pass each other's checks: each names its own issuer (authority host and
 * port), and verify() requires it.
 */
let ephemeralKey: string | undefined;

export class TokenIssuer {
  private constructor(
    private readonly cfg: IssuerConfig,
    private readonly privateKey: SigningKey,
    private readonly publicKey: SigningKey,
    private readonly publicJwk: JWK,
    readonly kid: string,
  ) {}

  /** Loads the signing key from `dir` (or creates it there); `dir` undefined = ephemeral key. */
  static async create(cfg: IssuerConfig, dir?: string): Promise<TokenIssuer> {
    let pkcs8: string;
    if (!dir) {
      ephemeralKey ??= newSigningKey();
      pkcs8 = ephemeralKey;
    } else if (existsSync(join(dir, KEY_FILE))) {
      pkcs8 = readFileSync(join(dir, KEY_FILE), 'utf8');
    } else {
      pkcs8 = newSigningKey();
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(join(dir, KEY_FILE), pkcs8, { mode: 0o600 });
    }
    const { createPublicKey } = await import('node:crypto');
    const spki = createPublicKey(pkcs8).export({ type: 'spki', format: 'pem' }).toString();
    const privateKey = await importPKCS8(pkcs8, 'RS256');
    const publicKey = await importSPKI(spki, 'RS256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const kid = createHash('sha256').update(spki).digest('base64url').slice(0, 27);
    return new TokenIssuer(cfg, privateKey, publicKey, { ...jwk, kid, use: 'sig', alg: 'RS256' }, kid);
  }

  get issuer(): string {
    return `${this.cfg.authorityHost}/${this.cfg.tenantId}/v2.0`;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  private nowSeconds(): number {
    return Math.floor(this.cfg.now() / 1000);
  }

  /** An access token for `audience` (a resource URI) with the given delegated scopes. */
  async accessToken(user: SandboxUser, clientId: string, audience: string, scopes: string[]): Promise<{ token: string; expiresIn: number }> {
    const iat = this.nowSeconds();
    const expiresIn = this.cfg.accessTokenLifetimeSeconds;
    const token = await new SignJWT({
      tid: this.cfg.tenantId,
      oid: user.oid,
      upn: user.upn,
      name: user.name,
      scp: scopes.join(' '),
      azp: clientId,
      ver: '2.0',
      uti: randomBytes(16).toString('base64url'),
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setSubject(user.oid)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + expiresIn)
      .sign(this.privateKey);
    return { token, expiresIn };
  }

  /** An OpenID id token as MSAL expects: aud = client id, tid, oid, preferred_username, nonce if asked. */
  async idToken(user: SandboxUser, clientId: string, nonce?: string): Promise<string> {
    const iat = this.nowSeconds();
    const claims: Record<string, unknown> = {
      tid: this.cfg.tenantId,
      oid: user.oid,
      preferred_username: user.upn,
      name: user.name,
      ver: '2.0',
    };
    if (nonce) claims.nonce = nonce;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
      .setIssuer(this.issuer)
      .setAudience(clientId)
      .setSubject(user.oid)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + this.cfg.accessTokenLifetimeSeconds)
      .sign(this.privateKey);
  }

  /**
   * Verifies an access token: signature, issuer, audience (any of `audiences`), lifetime.
   * Returns claims or a typed failure the ARM core maps to Azure's 401 bodies.
   */
  async verifyAccessToken(
    token: string,
    audiences: string[],
  ): Promise<
    | { ok: true; claims: Record<string, unknown> }
    | { ok: false; reason: 'expired'; exp: number }
    | { ok: false; reason: 'audience'; aud: string }
    | { ok: false; reason: 'invalid' }
  > {
    const currentDate = new Date(this.cfg.now());
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { issuer: this.issuer, algorithms: ['RS256'], currentDate, clockTolerance: 0 });
      const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? ''];
      if (!aud.some((a) => audiences.includes(a))) return { ok: false, reason: 'audience', aud: aud.join(',') };
      return { ok: true, claims: payload as Record<string, unknown> };
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) return { ok: false, reason: 'expired', exp: Number(err.payload.exp) };
      return { ok: false, reason: 'invalid' };
    }
  }
}

export function clientInfo(user: SandboxUser, tenantId: string): string {
  return Buffer.from(JSON.stringify({ uid: user.oid, utid: tenantId })).toString('base64url');
}
