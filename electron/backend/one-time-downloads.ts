import { randomBytes } from 'node:crypto';

/**
 * Files handed to browser mode's page as a one-time download link instead of through the
 * WebSocket: a generated SSH private key must reach the user's Downloads folder without ever being
 * a value in the page's script (issue 16: the renderer never holds a key). The link is a capability:
 * 256 random bits, good for one GET within a minute, held only in this process's memory. Electron
 * saves through its own dialog in main (backend context `saveFileAs`) and never uses this.
 */
export interface Offered {
  fileName: string;
  contents: string;
}

export const DOWNLOAD_PATH = '/downloads/';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export class OneTimeDownloads {
  private readonly offers = new Map<string, Offered & { timer: NodeJS.Timeout }>();
  constructor(private readonly ttlMs = 60_000) {}

  /** The link's path (`/downloads/<token>`) for the page to open once. */
  offer(fileName: string, contents: string): string {
    const token = randomBytes(32).toString('base64url');
    const timer = setTimeout(() => this.offers.delete(token), this.ttlMs);
    timer.unref();
    this.offers.set(token, { fileName, contents, timer });
    return `${DOWNLOAD_PATH}${token}`;
  }

  /** The file behind a link, once: a second take, an unknown or expired token give undefined. */
  take(token: string): Offered | undefined {
    if (!TOKEN.test(token)) return undefined;
    const o = this.offers.get(token);
    if (!o) return undefined;
    this.offers.delete(token);
    clearTimeout(o.timer);
    return { fileName: o.fileName, contents: o.contents };
  }

  /** Forgets every offer (the backend closes). */
  clear(): void {
    for (const o of this.offers.values()) clearTimeout(o.timer);
    this.offers.clear();
  }
}
