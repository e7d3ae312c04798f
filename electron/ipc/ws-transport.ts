import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Contract, EventContract } from '../../shared/ipc/contract';
import type { WsServerMessage } from '../../shared/ipc/api';
import { IpcErrorCode } from '../../shared/ipc/result';
import { EventBatcher } from './event-batcher';
import type { BrowserSessions } from './browser-sessions';
import type { EventHub } from './event-hub';
import type { IpcRegistry } from './registry';

export interface WsTransportOptions {
  registry: IpcRegistry<Contract>;
  hub: EventHub<EventContract>;
  /**
   * Who may connect: `?token=` a session token, or `?code=` a one-time sign-in code, spent here
   * for a new session token that goes to the page as the first message. Without either, nobody
   * else on this machine can call.
   */
  sessions: Pick<BrowserSessions, 'isSession' | 'redeem'>;
  /** Host headers allowed (the loopback names of this server); refuses DNS-rebinding pages. */
  allowedHosts: (host: string | undefined) => boolean;
  /** Origins allowed to connect (the page's own); blocks other web pages in the user's browser. */
  allowedOrigins: (origin: string | undefined) => boolean;
  path?: string;
  batch?: { intervalMs?: number; maxBatch?: number };
  /** Largest accepted message; protects the main process from a runaway client. */
  maxPayloadBytes?: number;
}

function refuse(socket: Duplex, status: string): void {
  socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
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
    if (!options.allowedHosts(req.headers.host)) {
      refuse(socket, '403 Forbidden');
      return;
    }
    // Origin before credentials, so a request from another page cannot spend a sign-in code.
    if (!options.allowedOrigins(req.headers.origin)) {
      refuse(socket, '401 Unauthorized');
      return;
    }
    const hasSession = options.sessions.isSession(url.searchParams.get('token'));
    const issued = hasSession ? null : options.sessions.redeem(url.searchParams.get('code'));
    if (!hasSession && issued === null) {
      refuse(socket, '401 Unauthorized');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // The page keeps this for reloads of its tab; the code it came with is spent.
      if (issued !== null) ws.send(JSON.stringify({ type: 'session', token: issued } satisfies WsServerMessage));
      serveClient(ws, options);
    });
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
