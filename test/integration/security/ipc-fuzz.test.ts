/**
 * IPC fuzzing: malformed payloads on every channel of the real contract, through both transports
 * (the WebSocket of browser mode and the Electron transport with a stand-in ipcMain). Every one
 * must come back as an error envelope and the backend must stay up.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { ELECTRON_INVOKE_CHANNEL } from '../../../shared/ipc/api';
import { channelNames, channels, type Contract } from '../../../shared/ipc/contract';
import type { IpcResult } from '../../../shared/ipc/result';
import { createBackend, type Backend } from '../../../electron/backend/backend';
import { startBrowserMode, type BrowserModeServer } from '../../../electron/browser-mode';
import { registerElectronIpc } from '../../../electron/ipc/electron-ipc';
import type { IpcRegistry } from '../../../electron/ipc/registry';
import { APP_ORIGIN } from '../../../electron/security/policy';

/** Seeded PRNG so a failure can be replayed (mulberry32). */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Payloads no channel accepts: wrong primitive types, arrays, deep nesting, huge strings. */
function malformedPayloads(random: () => number): unknown[] {
  const out: unknown[] = [null, 0, -1, 1e308, true, '', 'x'.repeat(100_000), [], [[[]]], ['a', 1, null]];
  let deep: unknown = 'leaf';
  for (let i = 0; i < 200; i++) deep = [deep];
  out.push(deep);
  for (let i = 0; i < 10; i++) {
    const r = random();
    out.push(r < 0.3 ? Math.floor(r * 1e9) : r < 0.6 ? String.fromCharCode(...Array.from({ length: 20 }, () => Math.floor(random() * 0xffff))) : [r, String(r)]);
  }
  return out;
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'flatkube-fuzz-'));
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

/** A few channels take a plain string or number; for those a random one may be valid input. */
function acceptedByContract(channel: unknown, payload: unknown): boolean {
  if (typeof channel !== 'string' || !Object.hasOwn(channels, channel)) return false;
  return channels[channel as keyof typeof channels].input.safeParse(payload).success;
}

function isEnvelope(x: unknown): x is IpcResult<unknown> {
  const r = x as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  return r !== null && typeof r === 'object' && (r.ok === true || (r.ok === false && typeof r.error?.code === 'string' && typeof r.error?.message === 'string'));
}

test('every channel answers malformed payloads over the WebSocket with an error envelope', async () => {
  const ws = new WebSocket(`${server.origin.replace('http', 'ws')}/ipc?token=${server.token}`, { headers: { Origin: server.origin } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const answers = new Map<number, unknown>();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { type: string; id: number; result: unknown };
    if (msg.type === 'result') answers.set(msg.id, msg.result);
  });
  const random = rng(1234);
  let id = 0;
  const sent: Array<{ id: number; channel: string; valid: boolean }> = [];
  for (const channel of channelNames) {
    for (const payload of malformedPayloads(random)) {
      id++;
      sent.push({ id, channel, valid: acceptedByContract(channel, payload) });
      ws.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
    }
  }
  // Garbage frames and unknown channels too.
  for (const frame of ['', '{', '[]', 'null', JSON.stringify({ type: 'invoke', id: 'x' }), JSON.stringify({ type: 'invoke', id: 999999, channel: { toString: 1 } })]) ws.send(frame);
  for (let i = 0; i < 500 && answers.size < sent.length; i++) await new Promise((r) => setTimeout(r, 10));
  for (const { id, channel, valid } of sent) {
    const answer = answers.get(id);
    assert.ok(isEnvelope(answer), `${channel} #${id} answered ${JSON.stringify(answer)?.slice(0, 200)}`);
    if (!valid) assert.equal(answer.ok, false, `${channel} accepted a payload its schema rejects`);
  }
  // Still up: a valid call works on the same socket.
  ws.send(JSON.stringify({ type: 'invoke', id: 1_000_000, channel: 'app.info' }));
  for (let i = 0; i < 200 && !answers.has(1_000_000); i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal((answers.get(1_000_000) as IpcResult<unknown>).ok, true);
  ws.close();
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('every channel answers malformed payloads over the Electron transport with an error envelope', async () => {
  const handlers = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  const ipcMain = { handle: (ch: string, fn: (...a: unknown[]) => Promise<unknown>) => void handlers.set(ch, fn), removeHandler: () => {} };
  registerElectronIpc(ipcMain as never, backend.registry as unknown as IpcRegistry<Contract>, new Set([1]));
  const handle = handlers.get(ELECTRON_INVOKE_CHANNEL)!;
  const event = { sender: { id: 1, once: () => {} }, senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };
  const random = rng(99);
  for (const channel of [...channelNames, 'nope', '__proto__', 42]) {
    for (const payload of malformedPayloads(random)) {
      const answer = await handle(event, channel, payload);
      assert.ok(isEnvelope(answer), `${String(channel)} answered ${JSON.stringify(answer)?.slice(0, 200)}`);
      if (!acceptedByContract(channel, payload)) assert.equal(answer.ok, false, `${String(channel)} accepted a payload its schema rejects`);
    }
  }
  assert.deepEqual(await handle(event, 'app.info', undefined).then((r) => (r as IpcResult<unknown>).ok), true);
});
