/** Small helpers for the sandbox's raw node:http handlers. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Hard cap on request bodies: Azure caps ARM requests at 4 MB too. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

/** Bodies read once by the server's door (bufferBody), handed to whichever handler asks. */
const buffered = new WeakMap<IncomingMessage, Buffer>();

/** Whether the request declares a body over the cap (Content-Length): refused before reading a byte. */
export function declaresBodyTooLarge(req: IncomingMessage): boolean {
  const declared = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(declared) && declared > MAX_BODY_BYTES;
}

/**
 * Reads the whole body (at most MAX_BODY_BYTES, else BodyTooLargeError) and keeps it for
 * readBody. The server calls this for every request before any handler runs, so every endpoint
 * refuses an oversize body the same way, including those that never read one (the bakery).
 */
export async function bufferBody(req: IncomingMessage): Promise<void> {
  if (declaresBodyTooLarge(req)) throw new BodyTooLargeError('request body too large');
  buffered.set(req, await readStream(req));
}

/**
 * Collects the body up to the cap. Past it, the promise rejects and the rest is read and dropped
 * (the listener stays): breaking off the read would destroy the socket under the client's upload,
 * and a reset connection loses the 413 the client should see. body-door.ts bounds that draining.
 */
function readStream(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (b: Buffer) => {
      size += b.length;
      if (over) return;
      if (size > MAX_BODY_BYTES) {
        over = true;
        chunks.length = 0;
        reject(new BodyTooLargeError('request body too large'));
        return;
      }
      chunks.push(b);
    });
    let ended = false;
    req.once('end', () => {
      ended = true;
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.once('error', reject);
    // A client gone mid-upload: nothing more will come (the promise settles; its buffer goes).
    req.once('close', () => !ended && !over && reject(new Error('the request was aborted')));
  });
}

/** The request body: the one bufferBody kept, else read now (handlers called without the server's door, in tests). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  return buffered.get(req) ?? (await readStream(req));
}

/** ARM's answer to a body over its 4 MB limit (code and message as Azure sends them). */
export const BODY_TOO_LARGE_ERROR = {
  error: { code: 'RequestContentTooLarge', message: 'The request content size exceeds the maximum size of 4 MB.' },
} as const;

/** Answers 413 with ARM's error body, on any endpoint. */
export function sendBodyTooLarge(res: ServerResponse, headers: Record<string, string> = {}): void {
  sendJson(res, 413, BODY_TOO_LARGE_ERROR, headers);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    // The sign-in page must not be framed or run foreign scripts.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://localhost:* http://127.0.0.1:*; frame-ancestors 'none'",
    'X-Frame-Options': 'DENY',
  });
  res.end(html);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Form (application/x-www-form-urlencoded) body to a plain object. */
export function parseForm(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) out[k] = v;
  return out;
}
