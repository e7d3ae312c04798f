import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { BrowserSessions, isLoopbackHost } from '../../../electron/ipc/browser-sessions';
import { attachWsTransport } from '../../../electron/ipc/ws-transport';
import type { IpcRegistry } from '../../../electron/ipc/registry';
import type { EventHub } from '../../../electron/ipc/event-hub';
import type { Contract, EventContract } from '../../../shared/ipc/contract';
import type { WsServerMessage } from '../../../shared/ipc/api';
import { IpcErrorCode } from '../../../shared/ipc/result';
import { makeTestRegistry } from '../../helpers/test-contract';

const sessions = new BrowserSessions();
const TOKEN = sessions.newSession();
let server: Server;
let origin: string;
let transport: ReturnType<typeof attachWsTransport>;
const { registry, hub } = makeTestRegistry();

before(async () => {
  server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  transport = attachWsTransport(server, {
    registry: registry as unknown as IpcRegistry<Contract>,
    hub: hub as unknown as EventHub<EventContract>,
    sessions,
    allowedHosts: (host) => isLoopbackHost(host, port),
    allowedOrigins: (o) => o === origin,
    batch: { intervalMs: 20, maxBatch: 100 },
  });
});
after(async () => {
  transport.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function connect(token: string | null, originHeader = origin, host?: string, query = token === null ? '' : `?token=${token}`): Promise<WebSocket> {
  const url = `${origin.replace('http', 'ws')}/ipc${query}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { Origin: originHeader, ...(host ? { Host: host } : {}) } });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function collect(ws: WebSocket): WsServerMessage[] {
  const messages: WsServerMessage[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
  return messages;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), `timed out waiting for ${what}`);
}

test('a connection without the token, with a wrong token or from another origin is refused', async () => {
  await assert.rejects(connect(null), /HTTP 401/);
  await assert.rejects(connect('wrong-token-0123456789'), /HTTP 401/);
  await assert.rejects(connect(TOKEN, 'http://evil.example'), /HTTP 401/);
  assert.equal(transport.clientCount(), 0);
});

test('a DNS-rebinding Host is refused even with the token and the right Origin', async () => {
  // A page on evil.example that re-resolves to 127.0.0.1 reaches this port with its own Host.
  const port = new URL(origin).port;
  await assert.rejects(connect(TOKEN, origin, `evil.example:${port}`), /HTTP 403/);
  await assert.rejects(connect(TOKEN, origin, '127.0.0.1'), /HTTP 403/);
  const ok = await connect(TOKEN, origin, `localhost:${port}`);
  ok.close();
});

test('a one-time sign-in code connects once and brings a session token; only from the page origin', async () => {
  const code = sessions.issueCode();
  // From another origin the code is refused and not spent.
  await assert.rejects(connect(null, 'http://evil.example', undefined, `?code=${code}`), /HTTP 401/);
  // Listening before the socket opens: the session message comes right with the handshake.
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ipc?code=${code}`, { headers: { Origin: origin } });
  const first = await new Promise<WsServerMessage>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
  assert.ok(first?.type === 'session' && sessions.isSession(first.token), JSON.stringify(first));
  ws.close();
  await assert.rejects(connect(null, origin, undefined, `?code=${code}`), /HTTP 401/);
  (await connect(first.token)).close();
});

test('calls over the socket go through the same registry and validation', async () => {
  const ws = await connect(TOKEN);
  const messages = collect(ws);
  ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'math.add', payload: { a: 20, b: 22 } }));
  ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'math.add', payload: { a: 'x' } }));
  ws.send(JSON.stringify({ type: 'invoke', id: 3, channel: 'no.such', payload: null }));
  ws.send('{not json');
  await until(() => messages.length === 4, 'four answers');
  const byId = new Map(messages.map((m) => [m.type === 'result' ? m.id : -1, m]));
  assert.deepEqual(byId.get(1), { type: 'result', id: 1, result: { ok: true, value: 42 } });
  const invalid = byId.get(2);
  assert.ok(invalid?.type === 'result' && !invalid.result.ok && invalid.result.error.code === IpcErrorCode.InvalidInput);
  const unknown = byId.get(3);
  assert.ok(unknown?.type === 'result' && !unknown.result.ok && unknown.result.error.code === IpcErrorCode.UnknownChannel);
  const malformed = byId.get(null as unknown as number);
  assert.ok(malformed?.type === 'result' && !malformed.result.ok && malformed.result.error.code === IpcErrorCode.MalformedMessage);
  ws.close();
});

test('events reach the socket batched and in order', async () => {
  const ws = await connect(TOKEN);
  const messages = collect(ws);
  await until(() => hub.sinkCount === 1, 'the socket to subscribe');
  for (let n = 0; n < 250; n++) hub.emit('tick', { n });
  await until(() => messages.flatMap((m) => (m.type === 'events' ? m.events : [])).length === 250, '250 events');
  const batches = messages.filter((m) => m.type === 'events');
  assert.ok(batches.length >= 3 && batches.length < 250, `expected a few batches, got ${batches.length}`);
  const ns = batches.flatMap((m) => (m.type === 'events' ? m.events : [])).map((e) => (e as { n: number }).n);
  assert.deepEqual(ns, Array.from({ length: 250 }, (_, i) => i));
  ws.close();
  await until(() => hub.sinkCount === 0, 'the socket to unsubscribe');
});
