/**
 * Browser mode's doors, through the real server (startBrowserMode on a backend): HTTP and the
 * WebSocket answer only to their own loopback Host (DNS rebinding), sign-in links carry a
 * one-time code in the fragment, and a code buys exactly one session.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { createBackend, type Backend } from '../../../electron/backend/backend';
import { startBrowserMode, type BrowserModeServer } from '../../../electron/browser-mode';

const dataDir = mkdtempSync(path.join(tmpdir(), 'flatkube-bm-auth-'));
let backend: Backend;
let server: BrowserModeServer;

before(async () => {
  backend = createBackend({ shell: 'browser', dataDir });
  server = await startBrowserMode({ backend, rendererDir: path.resolve('test/helpers/static-renderer') });
});
after(async () => {
  await server?.close();
  await backend?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function get(pathname: string, host: string): Promise<{ status: number; body: string }> {
  const port = Number(new URL(server.origin).port);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, headers: { Host: host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens the socket; resolves with the first message (the session, for a code) or null. */
function connect(query: string): Promise<{ ws: WebSocket; first: Promise<unknown> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.origin.replace('http', 'ws')}/ipc?${query}`, { headers: { Origin: server.origin } });
    const first = new Promise((r) => ws.once('message', (d) => r(JSON.parse(d.toString()))));
    ws.once('open', () => resolve({ ws, first }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

test('the page is served to its own loopback Host only, not to a DNS-rebinding one', async () => {
  const port = new URL(server.origin).port;
  assert.equal((await get('/', `127.0.0.1:${port}`)).status, 200);
  assert.equal((await get('/', `localhost:${port}`)).status, 200);
  for (const host of [`evil.example:${port}`, `127.0.0.1.evil.example:${port}`, '127.0.0.1', `localhost:${Number(port) + 1}`]) {
    const r = await get('/', host);
    assert.equal(r.status, 403, `Host ${host}`);
    assert.doesNotMatch(r.body, /<html|<script/i);
  }
});

test('a sign-in link carries a one-time code in the fragment, spent by the first page', async () => {
  let used = 0;
  const url = new URL(server.signInUrl(() => used++));
  assert.equal(url.origin, server.origin);
  assert.equal(url.search, '', 'nothing in the query, which servers and logs see');
  const code = new URLSearchParams(url.hash.slice(1)).get('code');
  assert.match(code ?? '', /^[\w-]{32}$/);
  assert.doesNotMatch(url.href, new RegExp(server.token));

  const { ws, first } = await connect(`code=${code}`);
  const session = (await first) as { type: string; token: string };
  assert.equal(session.type, 'session');
  assert.equal(used, 1);
  ws.close();
  await assert.rejects(connect(`code=${code}`), /HTTP 401/, 'a spent code');
  await assert.rejects(connect(`token=${code}`), /HTTP 401/, 'a code is not a session');
  (await connect(`token=${session.token}`)).ws.close();
  // Each link has its own code; the in-process token works too.
  assert.notEqual(server.signInUrl(), server.signInUrl());
  (await connect(`token=${server.token}`)).ws.close();
});
