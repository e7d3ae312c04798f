import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who may use browser mode. A page gets in with a one-time sign-in code (in the launch page the
 * app hands the browser, or in the link `flatkube web` prints on its own terminal) and gets a
 * session token in exchange, which it keeps in its tab. Codes are spent on first use, so a link
 * that ever ends up where others can read it (a browser's command line when someone clicks the
 * printed link) lets in at most one client, and the user's own browser then says it was used.
 * The session tokens never leave the WebSocket they were sent on and this process.
 */
export class BrowserSessions {
  private readonly codes = new Map<string, () => void>();
  private readonly tokens: string[] = [];

  /** A new one-time code; `onUsed` runs when a page spends it. */
  issueCode(onUsed: () => void = () => {}): string {
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, onUsed);
    return code;
  }

  /** A new session token (also for clients in this process, such as tests). */
  newSession(): string {
    const token = randomBytes(32).toString('base64url');
    this.tokens.push(token);
    return token;
  }

  /** Spends a sign-in code: a new session token, or null when the code is unknown or spent. */
  redeem(code: string | null): string | null {
    const known = [...this.codes.keys()].reduce<string | undefined>((found, c) => (same(code, c) ? c : found), undefined);
    if (known === undefined) return null;
    const onUsed = this.codes.get(known)!;
    this.codes.delete(known);
    onUsed();
    return this.newSession();
  }

  isSession(token: string | null): boolean {
    // Compare with every token (no early exit) so the timing says nothing about which is close.
    return this.tokens.reduce((found, t) => same(token, t) || found, false);
  }
}

function same(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The Host header a request to the loopback server may carry: 127.0.0.1:PORT or localhost:PORT.
 * Anything else is a page on another name that resolves to 127.0.0.1 (DNS rebinding): its
 * requests would otherwise count as same-origin for that page.
 */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  const h = host?.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/** The origins of the page itself (the two loopback names it may be opened under). */
export function isLoopbackOrigin(origin: string | undefined, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}
