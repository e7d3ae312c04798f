import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Contract, EventContract } from '../../shared/ipc/contract';
import type { WsServerMessage } from '../../shared/ipc/api';
import { IpcErrorCode } from '../../shared/ipc/result';
import { EventBatcher } from './event-batcher';
import type { EventHub } from './event-hub';
import type { IpcRegistry } from './registry';

export interface WsTransportOptions {
  registry: IpcRegistry<Contract>;
  hub: EventHub<EventContract>;
  /** Random secret the page must present; without it nobody else on this machine can call. */
  token: string;
  /** Origins allowed to connect (the page's own); blocks other web pages in the user's browser. */
  allowedOrigins: (origin: string | undefined) => boolean;
  path?: string;
  batch?: { intervalMs?: number; maxBatch?: number };
  /** Largest accepted message; protects the main process from a runaway client. */
  maxPayloadBytes?: number;
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Serves the IPC registry over a WebSocket on the given (loopback) HTTP server, so the same
 * renderer runs in plain Chromium: e2e tests, development, and the offline fallback when the
 * Electron runtime is missing. Same contract and validation as the Electron transport.
 */
export function attachWsTransport(server: Server, options: WsTransportOptions): { close(): void; clientCount(): number } {
  const path = options.path ?? '/ipc';
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes ?? 4 * 1024 * 1024 });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path) {
      socket.destroy();
      return;
    }
    const origin = req.headers.origin;
    if (!tokenMatches(url.searchParams.get('token'), options.token) || !options.allowedOrigins(origin)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveClient(ws, options));
  };
  server.on('upgrade', onUpgrade);

  return {
    close() {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
    clientCount: () => wss.clients.size,
  };
}

function serveClient(ws: WebSocket, options: WsTransportOptions): void {
  const abort = new AbortController();
  const send = (msg: WsServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };
  const batcher = new EventBatcher({
    ...options.batch,
    send: (channel, events) => send({ type: 'events', channel, events }),
  });
  const disconnect = options.hub.connect((channel, event) => batcher.push(channel, event));

  ws.on('message', (data, isBinary) => {
    let msg: unknown;
    try {
      msg = isBinary ? undefined : JSON.parse(data.toString('utf8'));
    } catch {
      msg = undefined;
    }
    const m = msg as { type?: unknown; id?: unknown; channel?: unknown; payload?: unknown } | undefined;
    const id = typeof m?.id === 'number' && Number.isSafeInteger(m.id) ? m.id : null;
    if (!m || typeof m !== 'object' || m.type !== 'invoke' || id === null) {
      send({ type: 'result', id, result: { ok: false, error: { code: IpcErrorCode.MalformedMessage, message: 'Expected {type:"invoke", id:number, channel, payload}' } } });
      return;
    }
    void options.registry
      .invoke(m.channel, m.payload, { transport: 'websocket', signal: abort.signal })
      .then((result) => send({ type: 'result', id, result }));
  });
  ws.on('close', () => {
    abort.abort();
    disconnect();
    batcher.close();
  });
  ws.on('error', () => ws.terminate());
}
