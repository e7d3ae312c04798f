/**
 * The body door: every request's body is read here, once and at most MAX_BODY_BYTES, before any
 * handler runs, so every endpoint (ARM, Entra and its pages, the sandbox API, the bakery, the
 * serial console) refuses an oversize body the same way: 413 with ARM's `RequestContentTooLarge`
 * body, instead of a 500 from wherever the read happened to throw, or a silent 200 from a handler
 * that never reads bodies. The refusal is journaled without the body.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestJournal } from '../journal/request-journal';
import { BODY_TOO_LARGE_ERROR, BodyTooLargeError, MAX_BODY_BYTES, bufferBody, declaresBodyTooLarge, sendBodyTooLarge } from './http-util';

/** How long, and how much, of a refused upload is read and dropped before the answer. */
const LINGER_MS = 10_000;
const LINGER_MAX_BYTES = 4 * MAX_BODY_BYTES;

/**
 * Reads and drops the rest of a refused upload; resolves once it has ended, or when the client
 * sends more (or longer) than the limits allow. The 413 is sent after that: a server that answers
 * and closes while the client is still sending resets the connection under the upload, and the
 * client then sees the reset instead of the 413.
 */
function drainUpload(req: IncomingMessage): Promise<void> {
  if (req.complete) return Promise.resolve();
  const declared = Number(req.headers['content-length'] ?? 0);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES + LINGER_MAX_BYTES) return Promise.resolve();
  return new Promise((resolve) => {
    let dropped = 0;
    const timer = setTimeout(resolve, LINGER_MS);
    timer.unref?.();
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    req.on('data', (c: Buffer) => {
      dropped += c.length;
      if (dropped > LINGER_MAX_BYTES) done();
    });
    req.once('end', done);
    req.once('close', done);
    req.once('error', done);
    req.resume();
  });
}

/** Answers 413 (after the upload) and journals method, path and status (no body: there is none worth keeping). */
export async function refuseOversizeBody(journal: RequestJournal, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const requestId = randomUUID();
  const receivedAtMs = Date.now();
  await drainUpload(req);
  // An upload still running past the limits is cut: the server stops reading it.
  if (!req.complete) res.setHeader('Connection', 'close');
  if (!res.headersSent) sendBodyTooLarge(res, { 'x-ms-request-id': requestId });
  else res.destroy();
  journal.add({
    requestId,
    time: new Date(receivedAtMs).toISOString(),
    receivedAtMs,
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    apiVersion: url.searchParams.get('api-version') ?? undefined,
    status: 413,
    durationMs: Date.now() - receivedAtMs,
    errorCode: BODY_TOO_LARGE_ERROR.error.code,
  });
}

/** Refuses a request whose Content-Length is over the cap, before reading a byte of it. */
export async function refuseDeclaredOversize(journal: RequestJournal, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (!declaresBodyTooLarge(req)) return false;
  await refuseOversizeBody(journal, req, res, url);
  return true;
}

/**
 * Reads the body for the handlers (readBody hands it out). Returns false when it was too large
 * (chunked, so only counting told): the 413 has been sent.
 */
export async function admitBody(journal: RequestJournal, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  try {
    await bufferBody(req);
    return true;
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err;
    await refuseOversizeBody(journal, req, res, url);
    return false;
  }
}
